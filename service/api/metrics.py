"""Prometheus text exposition (format 0.0.4), computed from the database on each scrape.

Counts come from SQLite rather than process memory, so they survive restarts and agree
with what the API reports. No label ever carries a recording id or any request text.
"""

from __future__ import annotations

from service.api.access_log import StatusCounts
from service.api.ratelimit import AuthFailureLimiter
from service.store import Store


def render(store: Store, models_loaded: bool, limiter: AuthFailureLimiter | None = None,
           http_counts: StatusCounts | None = None) -> str:
    lines: list[str] = []

    def family(name: str, kind: str, help_text: str) -> None:
        lines.append(f"# HELP {name} {help_text}")
        lines.append(f"# TYPE {name} {kind}")

    family("bodycam_jobs", "gauge", "Jobs by status.")
    for status, count in store.jobs.counts().items():
        lines.append(f'bodycam_jobs{{status="{status}"}} {count}')

    family("bodycam_stage_seconds", "summary", "Time spent per pipeline stage, finished jobs.")
    for stage, (total, count) in sorted(store.jobs.stage_seconds().items()):
        label = stage.removesuffix("_s")
        lines.append(f'bodycam_stage_seconds_sum{{stage="{label}"}} {total:.3f}')
        lines.append(f'bodycam_stage_seconds_count{{stage="{label}"}} {count}')

    family("bodycam_audio_seconds_processed_total", "counter",
           "Seconds of audio in recordings whose processing finished.")
    seconds = store.recordings.processed_audio_seconds()
    lines.append(f"bodycam_audio_seconds_processed_total {seconds:.3f}")

    family("bodycam_refusals_total", "counter",
           "Requests refused by the identification policy, by category.")
    for category, count in sorted(_refusals(store).items()):
        lines.append(f'bodycam_refusals_total{{category="{category}"}} {count}')

    family("bodycam_auth_failures_total", "counter",
           "Requests with a missing or unknown key, as audited.")
    lines.append(f"bodycam_auth_failures_total {_count(store, 'auth', 'denied')}")

    if limiter is not None:
        family("bodycam_auth_failures_unaudited_total", "counter",
               "Failed authentications counted but not written to the audit log (this process).")
        lines.append(f"bodycam_auth_failures_unaudited_total {limiter.unaudited_total}")
        family("bodycam_auth_rate_limited_total", "counter",
               "Requests answered 429 after too many failed authentications (this process).")
        lines.append(f"bodycam_auth_rate_limited_total {limiter.blocked_total}")

    if http_counts is not None:
        family("bodycam_http_responses_total", "counter",
               "Responses by HTTP status (this process); 4xx include malformed requests.")
        for status, count in http_counts.snapshot().items():
            lines.append(f'bodycam_http_responses_total{{status="{status}"}} {count}')

    family("bodycam_models_loaded", "gauge", "1 once the models are loaded.")
    lines.append(f"bodycam_models_loaded {int(models_loaded)}")
    return "\n".join(lines) + "\n"


def _refusals(store: Store) -> dict[str, int]:
    rows = store.db.read(
        "SELECT COALESCE(detail, 'unknown') AS c, COUNT(*) AS n FROM audit"
        " WHERE outcome = 'refused' GROUP BY c"
    )
    return {r["c"]: r["n"] for r in rows}


def _count(store: Store, action: str, outcome: str) -> int:
    row = store.db.read_one(
        "SELECT COUNT(*) AS n FROM audit WHERE action = ? AND outcome = ?", (action, outcome)
    )
    return int(row["n"]) if row else 0
