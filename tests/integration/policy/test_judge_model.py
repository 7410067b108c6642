"""The judge layer with the bundled Qwen2.5 1.5B GGUF through llama.cpp (real model).

Kept to two calls: the model loads once per session (the KV cache keeps the policy
prefix, so the second call reads only the request's tokens).
"""

from __future__ import annotations

import pytest

from redaction.policy.gate import PolicyGate
from redaction.policy.judge import PolicyJudge


@pytest.fixture(scope="session")
def judged_gate() -> PolicyGate:
    from service.pipeline import build_policy

    return build_policy(judge=True)


def test_spanish_identity_question_is_refused_by_the_judge(judged_gate: PolicyGate) -> None:
    d = judged_gate.check("¿Quién es el hombre del abrigo azul que sale al final?")
    assert not d.allowed and d.layer == "judge"


def test_judge_answers_on_schema(judged_gate: PolicyGate) -> None:
    judge = judged_gate.judge
    assert isinstance(judge, PolicyJudge)
    verdict = judge.judge("What did the officer say when he first arrived?")
    assert verdict is not None  # a parsed {allowed, category}, not a fail-closed None
