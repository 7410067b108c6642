"""A rich progress bar on stderr for long files; silent when quiet or not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from service.pipeline import ProgressFn

STAGE_WEIGHTS = {"decode": (0.0, 0.02), "transcribe": (0.02, 0.78), "speakers": (0.78, 0.80),
                 "redact": (0.80, 0.85),
                 "summarize": (0.85, 0.99), "write": (0.99, 1.0), "done": (1.0, 1.0)}


def overall(stage: str, fraction: float) -> float:
    lo, hi = STAGE_WEIGHTS.get(stage, (0.0, 1.0))
    return lo + (hi - lo) * max(0.0, min(1.0, fraction))


@contextmanager
def progress_bar(
    duration_s: float, quiet: bool, min_duration_s: float = 60.0
) -> Iterator[ProgressFn]:
    """Yield a progress callback; draw a bar only for long files on an interactive stderr."""
    if quiet or duration_s < min_duration_s or not sys.stderr.isatty():
        yield lambda stage, fraction: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.fields[stage]:<10}"),
        BarColumn(),
        TextColumn("{task.fields[position]}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("process", total=1.0, stage="decode", position="")

        def update(stage: str, fraction: float) -> None:
            pos = ""
            if stage == "transcribe":
                pos = f"{fraction * duration_s:6.0f}/{duration_s:.0f} s audio"
            bar.update(task, completed=overall(stage, fraction), stage=stage, position=pos)

        yield update
