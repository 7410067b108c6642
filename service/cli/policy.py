"""``bodycam policy check``: the identification-refusal decision, one JSON object per input.

Why a separate command: auditors and integrators need to see, and regression-test, what
the gate refuses without running the pipeline. Exit codes follow the CLI contract:
0 all allowed, 2 bad usage or input (one line, no traceback), 3 at least one refused.
Every refusal is audited without the request text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from service.cli.exits import Exit


class BadInput(click.ClickException):
    """Bad input file or line: one ``Error: ...`` line on stderr, exit code 2."""

    exit_code = 2


def _read_jsonl(path: Path) -> list[str]:
    """Request texts from JSONL lines (``{"text": ...}`` objects or bare JSON strings)."""
    name = "stdin" if str(path) == "-" else path.name
    try:
        if str(path) == "-":
            lines = sys.stdin.read().splitlines()
        else:
            lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise BadInput(f"{name}: no such file") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
        raise BadInput(f"{name}: cannot read ({type(exc).__name__})") from None
    texts: list[str] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            raise BadInput(f"{name}:{lineno}: invalid JSON") from None
        if isinstance(item, dict) and isinstance(item.get("text"), str):
            texts.append(item["text"])
        elif isinstance(item, str):
            texts.append(item)
        else:
            raise BadInput(f'{name}:{lineno}: expected an object with a "text" string')
    return texts


@click.group("policy")
def policy() -> None:
    """The identification-refusal policy (what the service will not do)."""


@policy.command("check")
@click.argument("text", required=False)
@click.option("--jsonl", "jsonl", type=click.Path(path_type=Path, dir_okay=False,
                                                  allow_dash=True),
              help='Check every line of a JSONL file ({"text": ...} per line; "-" = stdin).')
@click.pass_context
def check(ctx: click.Context, text: str | None, jsonl: Path | None) -> None:
    """Print {"text", "allowed", "category", "reason"} for TEXT or each --jsonl line.

    Exit 0 when everything is allowed, 3 when anything is refused.
    """
    from service.pipeline import get_policy
    from service.store.refusals import record_refusal

    if (text is None) == (jsonl is None):
        raise BadInput("give either TEXT or --jsonl FILE")
    texts = _read_jsonl(jsonl) if jsonl is not None else [text or ""]
    gate = get_policy()
    refused = False
    for item in texts:
        decision = gate.check(item)
        if not decision.allowed:
            refused = True
            record_refusal(decision.category or "identity", "cli:policy-check")
        click.echo(json.dumps(decision.to_dict(item), ensure_ascii=False))
    if refused:
        ctx.exit(Exit.REFUSED)
