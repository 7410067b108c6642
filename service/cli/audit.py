"""``bodycam audit …``: verify and export the hash-chained audit trail.

``audit verify`` exits 1 when the chain is broken.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from service.cli.exits import Exit
from service.cli.store_access import open_cli_store


@click.group()
def audit() -> None:
    """The hash-chained audit trail."""


@audit.command("verify")
def audit_verify() -> None:
    """Recompute the chain; exit 1 and name the first bad entry if anything was altered."""
    report = open_cli_store().audit.verify()
    if report.ok:
        click.echo(f"ok: {report.entries} entries, head {report.head_hash}")
        return
    click.echo(f"TAMPERED: {report.problem} (verified {report.entries} entries before it)",
               err=True)
    raise SystemExit(Exit.FAILED)


@audit.command("export")
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write JSON Lines here instead of stdout.")
def audit_export(out: Path | None) -> None:
    """Every entry as JSON Lines, in chain order (they hold ids and outcomes, no PII)."""
    entries = open_cli_store().audit.iter_all()
    lines = "".join(json.dumps(e.to_dict(), sort_keys=True) + "\n" for e in entries)
    if out is None:
        click.echo(lines, nl=False)
    else:
        out.write_text(lines, encoding="utf-8")
        click.echo(f"wrote {len(entries)} entries to {out.name}", err=True)
