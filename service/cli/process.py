"""``bodycam process FILE --out DIR``: the whole pipeline for one file."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              required=True, help="Output folder; results go to OUT/<recording_id>/.")
@click.option("--instructions", help="What the summary should focus on (policy-checked).")
@click.option("--asr-model", help="faster-whisper model: base (bundled), tiny.en, a name or dir.")
@click.option("--llm-model", help="LLM: qwen2.5-1.5b-instruct (bundled, default), "
              "qwen2.5-0.5b-instruct, smollm2-135m-instruct, a .gguf file, a HF id "
              "or local dir, or none (extractive).")
@click.option("--include-raw", is_flag=True,
              help="Also write transcript.raw.json with the UNREDACTED transcript.")
@click.option("--accept-partial", is_flag=True,
              help="Process a cut-off file (marked truncated in every output) instead of "
                   "refusing it.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print result.json instead of the summary.")
def process(
    file: Path,
    out_dir: Path,
    instructions: str | None,
    asr_model: str | None,
    llm_model: str | None,
    include_raw: bool,
    accept_partial: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Run the whole pipeline on one audio or video FILE."""
    from service.config import get_settings
    from service.media import decode as media
    from service.pipeline import Pipeline, ProcessOptions
    from service.progress import progress_bar

    if instructions:
        from redaction.policy.gate import enforce
        from service.pipeline import get_policy

        enforce(instructions, get_policy())
    settings = get_settings()
    if not file.exists():
        raise click.BadParameter(f"{file.name}: no such file", param_hint="FILE")
    declared = media.probe_duration(file) if file.stat().st_size else 0.0
    pipeline = Pipeline(settings, asr_model=asr_model, llm_model=llm_model)
    opts = ProcessOptions(instructions=instructions, include_raw=include_raw,
                          accept_partial=accept_partial)
    with progress_bar(declared or 0.0, quiet) as progress:
        outcome = pipeline.process(file, out_dir, opts, progress)
    if outcome.result.get("truncated"):
        seconds = outcome.result["recording"]["duration_s"]
        click.echo(f"warning: {file.name} is truncated; processed the {seconds:.1f} s that "
                   "could be read (--accept-partial)", err=True)
    if as_json:
        click.echo(json.dumps(outcome.result, indent=2))
        return
    from service.outputs import cited_narrative

    click.echo(cited_narrative(outcome.result))
    click.echo("")
    click.echo(f"outputs: {outcome.folder}", err=False)
