"""``bodycam ask RESULT_DIR "QUESTION"``: answer from the redacted transcript, with citations.

The question passes the identification policy first (refusal: exit 3, audited without
its text); a missing folder or ``result.json`` is a one-line error with exit 2. Only
``result.json`` is read, never ``transcript.raw.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("ask")
@click.argument("result_dir", type=click.Path(path_type=Path))
@click.argument("question")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"question","answer","citations","supported"} as JSON.')
@click.option("--llm-model", help="LLM: qwen2.5-1.5b-instruct (bundled, default), "
              "qwen2.5-0.5b-instruct, smollm2-135m-instruct, a .gguf file, a HF id "
              "or local dir, or none (extractive).")
def ask(result_dir: Path, question: str, as_json: bool, llm_model: str | None) -> None:
    """Answer QUESTION about the recording in RESULT_DIR, citing [mm:ss] timestamps."""
    from redaction.policy.gate import enforce
    from service.config import get_settings
    from service.pipeline import build_summarizer, get_policy
    from service.summary.ask import answer_question, format_answer, load_result

    enforce(question, get_policy())  # a refusal is audited and mapped to exit 3 by the CLI group
    result = load_result(result_dir)
    answer = answer_question(result, question, build_summarizer(get_settings(), llm_model))
    if as_json:
        answer.pop("method", None)
        click.echo(json.dumps(answer, ensure_ascii=False))
    else:
        click.echo(format_answer(answer))
