"""``bodycam batch``: every media file under an evidence folder, resumable.

Progress goes to stderr as a rich bar (or, with ``--json``, one JSON event per line on
stdout, for schedulers and dashboards); the final table goes to stdout. Exit codes: 0 all
done or skipped, 1 some file failed, 2 bad usage, 3 instructions refused.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from service.cli.exits import Exit
from service.errors import BodycamError


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:.2f} h" if seconds >= 360 else f"{seconds:.0f} s"


class JsonEvents:
    """One JSON object per line on stdout, flushed so a reader sees it at once."""

    def __call__(self, event: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
        sys.stdout.flush()


class RichBar:
    """A bar over the audio still to process: done/failed/skipped, audio hours, ETA."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(
            TextColumn("[bold]batch[/bold]"),
            BarColumn(),
            TextColumn("{task.fields[counts]}"),
            TextColumn("{task.fields[audio]}"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.progress.add_task("batch", total=None, counts="", audio="")

    def __call__(self, event: dict[str, Any]) -> None:
        kind = event["event"]
        if kind == "start":
            self.progress.update(self.task, total=max(event["audio_s"], 1e-6),
                                 counts=f"0/{event['media_files']} files")
        elif kind == "file_progress":
            self.progress.update(self.task, completed=event["audio_s"])
        elif kind == "file":
            handled = event["done"] + event["failed"] + event["skipped"]
            counts = (f"{event['done']} done  {event['failed']} failed  "
                      f"{event['skipped']} skipped  ({handled} seen)")
            audio = f"{event['audio_s'] / 3600:.2f} h audio"
            self.progress.update(self.task, completed=event["audio_s"],
                                 total=event["audio_s"] + event["pending_audio_s"],
                                 counts=counts, audio=audio)

    @contextmanager
    def shown(self) -> Iterator[RichBar]:
        with self.progress:
            yield self


def final_table(summary: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="bodycam batch", show_header=False)
    table.add_column("", style="bold")
    table.add_column("")
    table.add_row("done", str(summary["done"]))
    table.add_row("skipped", str(summary["skipped"]))
    table.add_row("failed", str(summary["failed"]))
    for code, n in summary["by_code"].items():
        table.add_row(f"  {code}", str(n))
    table.add_row("audio processed", _hours(summary["audio_s"]))
    table.add_row("wall time", _hours(summary["wall_s"]))
    rtf = summary["rtf"]
    table.add_row("real-time factor",
                  "n/a" if rtf is None else f"{rtf:.3f} ({1 / rtf:.1f}x real time)")
    table.add_row("workers", str(summary["workers"]))
    table.add_row("manifest", summary["manifest"])
    Console(soft_wrap=True).print(table)


def _terminate(signum: int, frame: object) -> None:
    """A scheduler's SIGTERM stops the batch like Ctrl-C: workers ended, manifest intact."""
    raise KeyboardInterrupt


@click.command()
@click.argument("evidence_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Output folder (outside EVIDENCE_DIR): OUT/<recording_id>/ + manifest.jsonl.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Parallel workers, each with its own models (default 1).")
@click.option("--instructions", help="What the summaries should focus on (policy-checked).")
@click.option("--force", is_flag=True, help="Redo files already done.")
@click.option("--accept-partial", is_flag=True,
              help="Process cut-off files (marked truncated) instead of failing them.")
@click.option("--asr-model", help="faster-whisper model: base (bundled), tiny.en, a name or dir.")
@click.option("--llm-model", help="LLM: qwen2.5-1.5b-instruct (bundled, default), "
              "qwen2.5-0.5b-instruct, smollm2-135m-instruct, a .gguf file, a HF id "
              "or local dir, or none (extractive).")
@click.option("--ray", "ray_address", is_flag=False, flag_value="local", default=None,
              metavar="[ADDRESS]",
              help="Run the files on Ray: alone, a local cluster; 'auto' or HOST:PORT joins "
                   "one (put --ray after EVIDENCE_DIR). --workers caps the Ray workers.")
@click.option("--json", "as_json", is_flag=True,
              help="JSON progress events on stdout (one per line) instead of the bar.")
@click.pass_context
def batch(ctx: click.Context, evidence_dir: Path, out_dir: Path, workers: int | None,
          instructions: str | None, force: bool, accept_partial: bool,
          asr_model: str | None, llm_model: str | None, ray_address: str | None,
          as_json: bool) -> None:
    """Process every audio/video file under EVIDENCE_DIR; rerun to resume."""
    os.environ.setdefault("TQDM_DISABLE", "1")  # model-loading bars would tear the batch bar
    from service.batch.runner import BatchOptions, run_batch
    from service.config import get_settings

    settings = get_settings()
    ray = None
    if ray_address is not None:
        from service.batch.ray_runner import RayOptions

        ray = RayOptions.from_settings(settings, ray_address)
        workers = workers or 0  # 0: as many Ray workers as the cluster fits
    else:
        workers = workers or settings.batch_workers
    options = BatchOptions(workers=workers, instructions=instructions, force=force,
                           asr_model=asr_model, llm_model=llm_model,
                           accept_partial=accept_partial, ray=ray)
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main else None
    try:
        if as_json:
            summary = run_batch(evidence_dir, out_dir, options, settings, JsonEvents())
        else:
            bar = RichBar()
            with bar.shown():
                summary = run_batch(evidence_dir, out_dir, options, settings, bar)
            final_table(summary.to_dict())
    except BodycamError as exc:
        click.echo(f"error: {exc.message}", err=True)
        ctx.exit(exc.exit_code)
    except OSError as exc:  # the output folder (disk full, permissions): not a file's fault
        click.echo(f"error: cannot write to {out_dir}: {exc.strerror or type(exc).__name__}",
                   err=True)
        ctx.exit(2)
    except KeyboardInterrupt:
        click.echo("error: interrupted; run the same command again to resume", err=True)
        ctx.exit(Exit.INTERRUPTED)
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)
    ctx.exit(Exit.FAILED if summary.failed else Exit.OK)
