"""The ``bodycam`` command line. Domain errors become one-line messages and exit codes here.

Exit codes: 0 ok; 1 some work failed (batch); 2 bad input or usage; 3 refused by the
identification policy.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from service.errors import BodycamError, IdentificationRefused

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REFUSED = 0, 1, 2, 3


# Sub-commands that live in their own modules, imported only when used (keeps
# ``bodycam --help`` fast and no model library is imported for ``policy check``).
LAZY_COMMANDS: dict[str, str] = {
    "policy": "service.cli_policy:policy",
    "ask": "service.cli_ask:ask",
    "batch": "service.cli_batch:batch",
    "serve": "service.cli_serve:serve",
    "keys": "service.cli_serve:keys",
    "audit": "service.cli_serve:audit",
    "eval": "service.cli_eval:eval_cmd",
}


class BodycamGroup(click.Group):
    """Lazy sub-commands; maps domain exceptions to one-line errors, without a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            import importlib

            module_name, attr = LAZY_COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attr)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except IdentificationRefused as exc:
            from service.audit_local import record_refusal

            record_refusal(exc.category, f"cli:{ctx.invoked_subcommand or 'bodycam'}")
            click.echo(f"error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except BodycamError as exc:
            click.echo(f"error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=BodycamGroup)
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr (never PII).")
@click.version_option(package_name="bodycam")
def cli(verbose: bool) -> None:
    """bodycam: body-cam audio to a redacted transcript and a grounded draft summary.

    It refuses, by design, to identify anyone.
    """
    # Library progress bars (GGUF de-quantisation, weight loading) are noise on a CLI.
    os.environ.setdefault("TQDM_DISABLE", "1")
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    for noisy in ("transformers", "faster_whisper", "presidio-analyzer", "httpx"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              required=True, help="Output folder; results go to OUT/<recording_id>/.")
@click.option("--instructions", help="What the summary should focus on (policy-checked).")
@click.option("--asr-model", help="faster-whisper model: base (bundled), tiny.en, a name or dir.")
@click.option("--llm-model", help="LLM: the bundled SmolLM2 (default), a HF id or a local dir.")
@click.option("--include-raw", is_flag=True,
              help="Also write transcript.raw.json with the UNREDACTED transcript.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print result.json instead of the summary.")
def process(
    file: Path,
    out_dir: Path,
    instructions: str | None,
    asr_model: str | None,
    llm_model: str | None,
    include_raw: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Run the whole pipeline on one audio or video FILE."""
    from service import media
    from service.config import get_settings
    from service.pipeline import Pipeline, ProcessOptions
    from service.progress import progress_bar

    if instructions:
        from redaction.policy import enforce

        enforce(instructions)
    settings = get_settings()
    if not file.exists():
        raise click.BadParameter(f"{file.name}: no such file", param_hint="FILE")
    declared = media.probe_duration(file) if file.stat().st_size else 0.0
    pipeline = Pipeline(settings, asr_model=asr_model, llm_model=llm_model)
    opts = ProcessOptions(instructions=instructions, include_raw=include_raw)
    with progress_bar(declared or 0.0, quiet) as progress:
        outcome = pipeline.process(file, out_dir, opts, progress)
    if as_json:
        click.echo(json.dumps(outcome.result, indent=2))
        return
    click.echo(outcome.summary.narrative)
    click.echo("")
    click.echo(f"outputs: {outcome.folder}", err=False)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="bodycam", standalone_mode=True)
    except SystemExit as exc:
        sys.exit(exc.code)
