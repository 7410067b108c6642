"""``bodycam serve``, ``bodycam keys …`` and ``bodycam audit …``.

Keys are printed once, on stdout alone (so ``KEY=$(bodycam keys create …)`` works), and
only their SHA-256 is stored. ``audit verify`` exits 1 when the chain is broken.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from service.config import get_settings

if TYPE_CHECKING:
    from service.store import Store

EXIT_TAMPERED = 1


def _store() -> Store:
    """Opened lazily so ``bodycam --help`` stays fast."""
    from service.store import open_store

    return open_store(get_settings().data_dir)


@click.command()
@click.option("--host", default=None, help="Bind address (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default 8000).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(host: str | None, port: int | None, log_level: str) -> None:
    """Run the REST service (OpenAPI docs at /docs)."""
    import os

    import uvicorn

    os.environ.setdefault("TQDM_DISABLE", "1")  # model-loading bars would flood the log

    from service.api import create_app

    settings = get_settings()
    uvicorn.run(
        create_app(settings),
        host=host or getattr(settings, "api_host", "127.0.0.1"),
        port=port or int(getattr(settings, "api_port", 8000)),
        log_level=log_level,
        # One process: the worker pool and its loaded models live in it.
        workers=1,
    )


@click.group()
def keys() -> None:
    """API keys for the REST service."""


@keys.command("create")
@click.option("--role", required=True,
              type=click.Choice(["officer", "reviewer", "auditor", "admin"]))
@click.option("--scope", "scopes", multiple=True, type=click.Choice(["evidence:raw"]),
              help="Extra scope; evidence:raw allows the original audio and raw transcript.")
@click.option("--label", help="A note for whoever manages keys (not a person's name).")
def keys_create(role: str, scopes: tuple[str, ...], label: str | None) -> None:
    """Create a key; it is printed once and only its hash is stored."""
    store = _store()
    record, plaintext = store.keys.create(role, scopes, label)
    store.audit.append("key.create", "ok", object_id=record.id, actor="cli", role=role,
                       detail=" ".join(sorted(record.scopes)) or None)
    click.echo(plaintext)
    scope_text = ", ".join(sorted(record.scopes)) or "no extra scopes"
    click.echo(f"created {record.id} (role {role}, {scope_text}); "
               "store the key now, it is not shown again", err=True)


@keys.command("list")
def keys_list() -> None:
    """Key ids, roles and scopes (never the keys)."""
    for key in _store().keys.list():
        state = f"revoked {key.revoked_at}" if key.revoked_at else "active"
        click.echo(f"{key.id}\t{key.role}\t{' '.join(sorted(key.scopes)) or '-'}\t{state}")


@keys.command("revoke")
@click.argument("key_id")
def keys_revoke(key_id: str) -> None:
    """Revoke a key by its id."""
    store = _store()
    if not store.keys.revoke(key_id):
        raise click.UsageError(f"no active key {key_id}")
    store.audit.append("key.revoke", "ok", object_id=key_id, actor="cli")
    click.echo(f"revoked {key_id}", err=True)


@click.group()
def audit() -> None:
    """The hash-chained audit trail."""


@audit.command("verify")
def audit_verify() -> None:
    """Recompute the chain; exit 1 and name the first bad entry if anything was altered."""
    report = _store().audit.verify()
    if report.ok:
        click.echo(f"ok: {report.entries} entries, head {report.head_hash}")
        return
    click.echo(f"TAMPERED: {report.problem} (verified {report.entries} entries before it)",
               err=True)
    raise SystemExit(EXIT_TAMPERED)


@audit.command("export")
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write JSON Lines here instead of stdout.")
def audit_export(out: Path | None) -> None:
    """Every entry as JSON Lines, in chain order (they hold ids and outcomes, no PII)."""
    entries = _store().audit.iter_all()
    lines = "".join(json.dumps(e.to_dict(), sort_keys=True) + "\n" for e in entries)
    if out is None:
        click.echo(lines, nl=False)
    else:
        out.write_text(lines, encoding="utf-8")
        click.echo(f"wrote {len(entries)} entries to {out.name}", err=True)


COMMANDS = (serve, keys, audit)


def main() -> None:
    """Stand-alone entry point: ``python -m service.cli_serve serve|keys|audit``."""
    group = click.Group("bodycam", commands={c.name: c for c in COMMANDS if c.name})
    group.main(prog_name="bodycam")


if __name__ == "__main__":
    main()
