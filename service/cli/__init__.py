"""The ``bodycam`` command line. Domain errors become one-line messages and exit codes here.

Exit codes: 0 ok; 1 some work failed (batch); 2 bad input or usage; 3 refused by the
identification policy.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import click

from service.cli.exits import Exit
from service.errors import BodycamError, IdentificationRefused

# Sub-commands that live in their own modules, imported only when used (keeps
# ``bodycam --help`` fast and no model library is imported for ``policy check``).
# Other packages (the evaluation harness) add commands through the ``bodycam.commands``
# entry-point group, so the application never imports them.
LAZY_COMMANDS: dict[str, str] = {
    "process": "service.cli.process:process",
    "policy": "service.cli.policy:policy",
    "ask": "service.cli.ask:ask",
    "batch": "service.cli.batch:batch",
    "serve": "service.cli.serve:serve",
    "keys": "service.cli.keys:keys",
    "audit": "service.cli.audit:audit",
}
ENTRY_POINT_GROUP = "bodycam.commands"


def _plugin_commands() -> dict[str, str]:
    """``name -> module:attr`` for commands other installed packages register."""
    from importlib.metadata import entry_points

    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def _command_table() -> dict[str, str]:
    return {**_plugin_commands(), **LAZY_COMMANDS}


class BodycamGroup(click.Group):
    """Lazy sub-commands; maps domain exceptions to one-line errors, without a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(_command_table()))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        table = _command_table()
        if cmd_name in table and cmd_name not in self.commands:
            import importlib

            module_name, attr = table[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attr)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except IdentificationRefused as exc:
            from service.store.refusals import record_refusal

            record_refusal(exc.category, f"cli:{ctx.invoked_subcommand or 'bodycam'}")
            click.echo(f"error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except BodycamError as exc:
            click.echo(f"error: {exc.message}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            ctx.exit(Exit.INTERRUPTED)


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


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="bodycam", standalone_mode=True)
    except SystemExit as exc:
        sys.exit(exc.code)
