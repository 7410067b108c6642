"""``bodycam keys …``: API keys for the REST service.

Keys are printed once, on stdout alone (so ``KEY=$(bodycam keys create …)`` works), and
only their SHA-256 is stored.
"""

from __future__ import annotations

import click

from service.cli.store_access import open_cli_store


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
    store = open_cli_store()
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
    for key in open_cli_store().keys.list():
        state = f"revoked {key.revoked_at}" if key.revoked_at else "active"
        click.echo(f"{key.id}\t{key.role}\t{' '.join(sorted(key.scopes)) or '-'}\t{state}")


@keys.command("revoke")
@click.argument("key_id")
def keys_revoke(key_id: str) -> None:
    """Revoke a key by its id."""
    store = open_cli_store()
    if not store.keys.revoke(key_id):
        raise click.UsageError(f"no active key {key_id}")
    store.audit.append("key.revoke", "ok", object_id=key_id, actor="cli")
    click.echo(f"revoked {key_id}", err=True)
