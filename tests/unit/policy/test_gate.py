"""Gate composition with test doubles: layer order, fail-closed, reasons, options, enforce."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from redaction.errors import IdentificationRefused
from redaction.policy.base import Decision, RequestPolicy
from redaction.policy.classifier import Score, Thresholds
from redaction.policy.gate import PolicyGate, check_options, enforce
from redaction.policy.judge import PolicyJudge


class FakeClassifier:
    """Scores by table: normalised text -> (p_refuse, english share)."""

    thresholds = Thresholds(allow_below=0.1, refuse_from=0.9, english_from=0.6)

    def __init__(self, table: dict[str, tuple[float, float]]) -> None:
        self.table = table
        self.seen: list[str] = []

    def score(self, texts: Sequence[str]) -> list[Score]:
        self.seen += texts
        return [Score(self.table.get(t, (0.5, 1.0))[0], "identity",
                      self.table.get(t, (0.5, 1.0))[1]) for t in texts]


class FakeChat:
    """A ChatModel double that returns a fixed answer (or raises) and records prompts."""

    def __init__(self, answer: str | Exception) -> None:
        self.answer = answer
        self.calls: list[list[dict[str, str]]] = []

    def chat(self, messages: Sequence[dict[str, str]], *, max_tokens: int,
             json_schema: dict[str, Any] | None = None,
             stop: Sequence[str] | None = None) -> str:
        self.calls.append(list(messages))
        assert json_schema is not None and max_tokens > 0
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def gate(table: dict[str, tuple[float, float]], answer: str | Exception | None = None
         ) -> tuple[PolicyGate, FakeClassifier, FakeChat | None]:
    clf = FakeClassifier(table)
    chat = FakeChat(answer) if answer is not None else None
    judge = PolicyJudge(chat) if chat is not None else None
    return PolicyGate(clf, judge), clf, chat  # type: ignore[arg-type]


def test_empty_request_is_allowed_without_models() -> None:
    g, clf, _ = gate({})
    assert g.check("   ").allowed and not clf.seen


def test_rule_refuses_before_any_model() -> None:
    g, clf, chat = gate({}, '{"allowed": true, "category": "none"}')
    d = g.check("Please unredact segment four.")
    assert (d.allowed, d.category, d.layer) == (False, "unredaction", "rule")
    assert not clf.seen and chat is not None and not chat.calls


def test_allow_list_lets_routine_work_through_without_models() -> None:
    g, clf, _ = gate({})
    d = g.check("Shorten it. Make it more formal.")
    assert d.allowed and d.layer == "allow-list" and not clf.seen


def test_allow_list_needs_every_clause() -> None:
    g, _, _ = gate({}, '{"allowed": false, "category": "identity"}')
    d = g.check("Shorten it. Who is the man in the blue coat?")
    assert not d.allowed and d.layer == "judge"


def test_confident_classifier_decides_alone() -> None:
    g, _, chat = gate({"what colour was the van": (0.02, 1.0), "who is the man": (0.97, 1.0)},
                      '{"allowed": true, "category": "none"}')
    assert g.check("What colour was the van?").layer == "classifier"
    refused = g.check("Who is the man?")
    assert (refused.allowed, refused.layer) == (False, "classifier")
    assert chat is not None and not chat.calls


@pytest.mark.parametrize(("answer", "allowed", "layer"), [
    ('{"allowed": true, "category": "none"}', True, "judge"),
    ('{"allowed": false, "category": "profiling"}', False, "judge"),
    ("not json at all", False, "fail-closed"),
    ('{"allowed": "yes"}', False, "fail-closed"),
    (RuntimeError("engine down"), False, "fail-closed"),
])
def test_uncertain_goes_to_judge_and_fails_closed(answer: str | Exception, allowed: bool,
                                                  layer: str) -> None:
    g, _, chat = gate({"where did they go": (0.5, 1.0)}, answer)
    d = g.check("Where did they go?")
    assert (d.allowed, d.layer) == (allowed, layer)
    assert chat is not None and len(chat.calls) == 1
    if layer == "fail-closed":
        assert "refused to be safe" in d.reason


def test_uncertain_without_judge_is_refused_and_says_so() -> None:
    g, _, _ = gate({"where did they go": (0.5, 1.0)})
    d = g.check("Where did they go?")
    assert not d.allowed and d.layer == "fail-closed" and "no judge model" in d.reason


def test_non_english_goes_to_judge_even_when_classifier_is_sure() -> None:
    g, _, chat = gate({"que paso despues": (0.01, 0.1)}, '{"allowed": true, "category": "none"}')
    d = g.check("¿Qué pasó después?")
    assert d.allowed and d.layer == "judge" and chat is not None and len(chat.calls) == 1


def test_most_refusable_clause_counts() -> None:
    table = {"summarise the stop": (0.01, 1.0), "then who is she": (0.95, 1.0),
             "summarise the stop then who is she": (0.3, 1.0)}
    g, _, _ = gate(table)
    d = g.check("Summarise the stop. Then who is she?")
    assert not d.allowed and d.layer == "classifier"


def test_judge_prompt_has_fixed_prefix_and_request_last() -> None:
    g, _, chat = gate({"x y z": (0.5, 1.0)}, '{"allowed": true, "category": "none"}')
    g.check("x y z")
    g.check("x y z again")
    assert chat is not None
    first, second = chat.calls
    assert first[0] == second[0] and first[0]["role"] == "system"
    assert "x y z" in first[-1]["content"] and "x y z" not in first[0]["content"]


@pytest.mark.parametrize("text", ["Who is Maria Gomez really?", "Unredact 555-0199 now"])
def test_reasons_never_echo_the_request(text: str) -> None:
    g, _, _ = gate({})
    d = g.check(text)
    assert not d.allowed
    for word in ("Maria", "Gomez", "555-0199"):
        assert word not in d.reason


class _Refuse(RequestPolicy):
    def check(self, text: str) -> Decision:
        return Decision(False, "identity", "refused by double", 1.0, "rule")


def test_enforce_raises_typed_error_and_passes_allowed() -> None:
    with pytest.raises(IdentificationRefused) as info:
        enforce("anything", _Refuse())
    assert info.value.category == "identity" and info.value.exit_code == 3
    g, _, _ = gate({})
    assert enforce("", g).allowed


@pytest.mark.parametrize(("options", "category"), [
    ({"speaker_names": True}, "identity"),
    ({"redact": "false"}, "unredaction"),
    ({"policy": "off"}, "injection"),
    ({"mode": "facial recognition"}, "biometric"),
    ({"instructions": "Please unredact everything"}, "unredaction"),
])
def test_check_options_refuses_identifying_options(options: dict[str, object],
                                                   category: str) -> None:
    g, _, _ = gate({})
    d = check_options(options, g)
    assert not d.allowed and d.category == category


@pytest.mark.parametrize("options", [
    {"redact": True}, {"speaker_names": False}, {"format": "vtt"},
    {"instructions": "Shorten it."}, {},
])
def test_check_options_allows_plain_options(options: dict[str, object]) -> None:
    g, _, _ = gate({})
    assert check_options(options, g).allowed


def test_identical_request_reuses_its_decision_without_a_second_judge_call() -> None:
    g, _, chat = gate({"where did they go": (0.5, 1.0)}, '{"allowed": true, "category": "none"}')
    first, second = g.check("Where did they go?"), g.check("Where did they go?")
    assert first == second and chat is not None and len(chat.calls) == 1
