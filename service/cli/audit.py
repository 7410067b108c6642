"""``bodycam audit …``: verify and export the hash-chained audit trail.

``audit verify`` is read-only (it must be safe on a damaged or seized data dir): it
checks the chain, the anchor outside DATA_DIR and every stored original, and exits 1
when anything was altered; a missing, empty or corrupt database is a one-line error
(exit 2), never a fresh empty database.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from service.cli.exits import Exit
from service.cli.store_access import open_cli_store
from service.config import get_settings


@click.group()
def audit() -> None:
    """The hash-chained audit trail."""


@audit.command("verify")
@click.option("--skip-evidence", is_flag=True,
              help="Check the chain and anchor only, not the SHA-256 of every original.")
def audit_verify(skip_evidence: bool) -> None:
    """Check the chain, its anchor and the originals; exit 1 naming what was altered."""
    from service.store import DB_NAME, anchor_for
    from service.store.verify import VerifyOptions, verify_store

    settings = get_settings()
    data_dir = Path(settings.data_dir).resolve()
    report = verify_store(VerifyOptions(
        data_dir=data_dir, db_name=DB_NAME,
        anchor=anchor_for(data_dir, settings.audit_anchor_dir),
        check_evidence=not skip_evidence,
    ))
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    anchored = "not anchored" if report.anchored is None else f"{report.anchored} anchored"
    originals = "originals not checked" if skip_evidence else f"{report.originals} originals"
    if report.ok:
        click.echo(f"ok: {report.entries} entries ({anchored}), {originals}, "
                   f"head {report.head_hash}")
        return
    for problem in report.problems:
        click.echo(f"TAMPERED: {problem}", err=True)
    click.echo(f"checked {report.entries} entries ({anchored}), {originals}", err=True)
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
