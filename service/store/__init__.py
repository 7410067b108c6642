"""The evidence store: originals on disk, and one SQLite database for everything else.

``open_store(data_dir)`` returns the process-wide ``Store`` for that directory, so the
API, the worker pool and CLI commands share one connection pool and one audit chain.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from service.store.anchor import Anchor, anchor_file
from service.store.audit import AuditLog
from service.store.db import Database
from service.store.evidence import EvidenceStore
from service.store.jobs import Jobs
from service.store.keys import Keys
from service.store.recordings import Recordings
from service.store.sessions import ReviewSessions
from service.store.versions import SummaryVersions

DB_NAME = "bodycam.db"


@dataclass
class Store:
    data_dir: Path
    db: Database
    evidence: EvidenceStore
    recordings: Recordings
    jobs: Jobs
    keys: Keys
    audit: AuditLog
    versions: SummaryVersions
    review_sessions: ReviewSessions

    @property
    def results_dir(self) -> Path:
        return self.data_dir / "results"


_STORES: dict[Path, Store] = {}
_LOCK = threading.Lock()


def open_store(data_dir: Path, *, anchor_dir: Path | None = None) -> Store:
    """``anchor_dir``: where chain heads are also appended (``Settings.audit_anchor_dir``).

    Later calls share the first call's store; one that names an anchor attaches it if
    the store has none yet (a CLI command may open the store before the app does).
    """
    data_dir = Path(data_dir).resolve()
    with _LOCK:
        store = _STORES.get(data_dir)
        if store is None:
            data_dir.mkdir(parents=True, exist_ok=True)
            db = Database(data_dir / DB_NAME)
            store = Store(
                data_dir=data_dir,
                db=db,
                evidence=EvidenceStore(data_dir),
                recordings=Recordings(db),
                jobs=Jobs(db),
                keys=Keys(db),
                audit=AuditLog(db, data_dir / "audit.head", anchor_for(data_dir, anchor_dir)),
                versions=SummaryVersions(db),
                review_sessions=ReviewSessions(db),
            )
            store.results_dir.mkdir(parents=True, exist_ok=True)
            _STORES[data_dir] = store
        elif anchor_dir is not None and store.audit.anchor is None:
            store.audit.attach_anchor(anchor_for(data_dir, anchor_dir))
        return store


def anchor_for(data_dir: Path, anchor_dir: Path | None) -> Anchor | None:
    return Anchor(anchor_file(anchor_dir, data_dir)) if anchor_dir is not None else None


__all__ = ["DB_NAME", "Store", "anchor_for", "open_store"]
