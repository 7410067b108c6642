"""``audit verify``: check the audit chain, its anchor and every stored original, read-only.

Verification must be safe to run against a damaged or seized data dir, so nothing here
goes through ``open_store`` (which creates folders and migrates the schema): the
database is opened with ``mode=ro`` and a missing, empty or corrupt one is a typed
error, never a new empty database. What is checked, and what it catches:

* the hash chain and ``audit.head`` (edits, deletions, additions outside the service);
* the anchor checkpoints outside DATA_DIR (a wipe, or a rewritten and re-hashed chain);
* each recording's original against the SHA-256 recorded at upload, and that its upload
  is in the chain; each content-addressed file against its own name.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from service.errors import BodycamError
from service.store.anchor import Anchor
from service.store.audit import verify_rows
from service.store.evidence import sha256_of


class StoreUnreadable(BodycamError):
    """The database is missing, empty or not a bodycam database (bad input: exit 2)."""

    code = "store_unreadable"


@dataclass(frozen=True)
class VerifyOptions:
    data_dir: Path
    db_name: str
    anchor: Anchor | None = None
    check_evidence: bool = True


@dataclass
class StoreReport:
    entries: int = 0
    head_hash: str = ""
    anchored: int | None = None  # checkpoints checked; None when no anchor is configured
    originals: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@contextmanager
def _read_only(db_path: Path) -> Iterator[sqlite3.Connection]:
    if not db_path.is_file():
        raise StoreUnreadable(f"no database {db_path.name} in the data dir")
    if db_path.stat().st_size == 0:
        raise StoreUnreadable(f"{db_path.name} is empty (0 bytes), not a bodycam database")
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreUnreadable(f"{db_path.name} cannot be opened ({_sqlite_reason(exc)})") from exc
    conn.row_factory = sqlite3.Row
    try:
        yield conn
    finally:
        conn.close()


def verify_store(options: VerifyOptions) -> StoreReport:
    """Every check, in one read transaction so the rows are one consistent state."""
    report = StoreReport()
    db_path = options.data_dir / options.db_name
    with _read_only(db_path) as conn:
        try:
            conn.execute("BEGIN")
            rows = conn.execute("SELECT * FROM audit ORDER BY seq").fetchall()
            recordings = conn.execute("SELECT id, sha256, evidence_path FROM recordings").fetchall()
            uploads = conn.execute(
                "SELECT object_id, detail FROM audit WHERE action = 'recording.upload'"
                " AND outcome IN ('ok', 'duplicate')"
            ).fetchall()
            head = _read_head(options.data_dir / "audit.head")
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise StoreUnreadable(f"{db_path.name} is not a readable bodycam database "
                                  f"({_sqlite_reason(exc)})") from exc
    try:
        chain = verify_rows(rows, head)
        report.entries, report.head_hash = chain.entries, chain.head_hash
        if not chain.ok:
            report.problems.append(chain.problem or "the chain is broken")
        _check_anchor(report, options.anchor, {r["seq"]: r["hash"] for r in rows}, len(rows))
        _check_uploads(report, recordings, uploads)
    except (TypeError, KeyError, ValueError, IndexError) as exc:
        # Columns dropped or retyped: that is tampering too, not a crash.
        report.problems.append(f"the audit or recordings table has an unexpected shape "
                               f"({type(exc).__name__})")
        return report
    if options.check_evidence:
        _check_originals(report, options.data_dir, recordings)
    return report


def _sqlite_reason(exc: sqlite3.Error) -> str:
    """A fixed phrase per kind of failure (SQLite's own text may name paths)."""
    text = str(exc)
    if "no such table" in text or "no such column" in text:
        return "tables or columns are missing"
    if "unable to open" in text:
        return "cannot open it read-only"
    return "corrupt or not SQLite"


def _read_head(path: Path) -> dict | None:
    try:
        head = json.loads(path.read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None
    return head if isinstance(head, dict) else None


def _check_anchor(report: StoreReport, anchor: Anchor | None, hashes: dict[int, str],
                  count: int) -> None:
    if anchor is None:
        report.warnings.append("no BODYCAM_AUDIT_ANCHOR_DIR: a wiped or re-hashed chain "
                               "cannot be told from a genuine one")
        return
    checkpoints = anchor.checkpoints()
    report.anchored = len(checkpoints)
    if not checkpoints:
        if count:
            report.problems.append(f"the anchor holds no checkpoint for {count} entries "
                                   "(anchor file deleted, or anchoring enabled after them)")
        return
    newest = max(cp.seq for cp in checkpoints)
    for cp in checkpoints:
        if cp.seq > count:
            report.problems.append(f"entries {count + 1}..{newest} were anchored but are "
                                   "gone from the chain (deleted or wiped)")
            return
        if hashes.get(cp.seq) != cp.hash:
            report.problems.append(f"entry {cp.seq} differs from its anchored checkpoint "
                                   "(the chain was rewritten)")
            return
    if count > newest:
        report.problems.append(f"entries {newest + 1}..{count} are not anchored "
                               "(added outside the service)")


def _check_uploads(report: StoreReport, recordings: list[sqlite3.Row],
                   uploads: list[sqlite3.Row]) -> None:
    audited: dict[str, set[str]] = {}
    for row in uploads:
        audited.setdefault(row["object_id"], set()).add(row["detail"] or "")
    for rec in recordings:
        details = audited.get(rec["id"])
        if details is None:
            report.problems.append(f"recording {rec['id']} has no upload entry in the chain")
            continue
        recorded = {d.removeprefix("sha256:") for d in details if d.startswith("sha256:")}
        if recorded and rec["sha256"] not in recorded:
            report.problems.append(f"recording {rec['id']}: its SHA-256 differs from the one "
                                   "audited at upload")
        if rec["id"] != rec["sha256"][:16]:
            report.problems.append(f"recording {rec['id']}: id and SHA-256 disagree")


def _check_originals(report: StoreReport, data_dir: Path,
                     recordings: list[sqlite3.Row]) -> None:
    evidence_root = (data_dir / "evidence").resolve()
    referenced: set[Path] = set()
    for rec in recordings:
        path = (data_dir / rec["evidence_path"]).resolve()
        referenced.add(path)
        if not path.is_relative_to(evidence_root):
            report.problems.append(f"recording {rec['id']}: its evidence path leaves the store")
            continue
        try:
            actual = sha256_of(path)
        except OSError:
            report.problems.append(f"recording {rec['id']}: the original is missing")
            continue
        report.originals += 1
        if actual != rec["sha256"]:
            report.problems.append(f"recording {rec['id']}: the original was altered "
                                   "(SHA-256 differs from the one recorded at upload)")
    for path in sorted((evidence_root / "sha256").glob("*/*")):
        if path.resolve() in referenced or not path.is_file():
            continue
        if sha256_of(path) != path.name:
            report.problems.append(f"stored file {path.name[:16]}… does not match its "
                                   "content address")
        else:
            report.warnings.append(f"stored file {path.name[:16]}… has no recording "
                                   "(an upload interrupted before it was recorded)")
