"""The evidence store as the CLI commands open it: lazily, from the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from service.config import get_settings

if TYPE_CHECKING:
    from service.store import Store


def open_cli_store() -> Store:
    """Opened lazily so ``bodycam --help`` stays fast."""
    from service.store import open_store

    settings = get_settings()
    return open_store(settings.data_dir, anchor_dir=settings.audit_anchor_dir)
