"""``bodycam eval``: score transcription, redaction, summaries and refusals in one command.

Registered by ``service.cli`` with ``cli.add_command(eval_cmd)``. Exit codes: 0 ok,
1 a ``--fail-under``/``--fail-over`` threshold was missed, 2 bad options or data.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click

from service.cli.exits import Exit


def _pairs(values: tuple[str, ...], what: str) -> dict[str, int]:
    out = {}
    for text in values:
        name, sep, number = text.partition("=")
        if not sep or not number.strip().isdigit():
            raise click.BadParameter(f"expected NAME=N, got {text!r}", param_hint=what)
        out[name.strip()] = int(number)
    return out


def _command_line() -> str:
    """The command as typed, for the report header (``bodycam eval ...``)."""
    args = sys.argv[1:]
    rest = args[args.index("eval") + 1:] if "eval" in args else args
    return shlex.join(["bodycam", "eval", *rest])


@click.command("eval")
@click.option("--suite", "suites", multiple=True, metavar="S[,S...]",
              help="Suites to run: asr, redaction, summary, policy, speed (default: all). "
                   "Comma-separated or repeated.")
@click.option("--data", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Data folder laid out like ../shared/data (default: the bundled eval/data).")
@click.option("--config", "configs", multiple=True,
              type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help='Config file (JSON or TOML), e.g. {"name": "tiny", "asr_model": "tiny.en"}. '
                   "Repeat to compare configurations side by side.")
@click.option("--asr-model", help="ASR model for a single ad-hoc config (no --config).")
@click.option("--llm-model", help="LLM for a single ad-hoc config (no --config).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("eval-report"), show_default=True,
              help="Where report.md, report.html and results.json go.")
@click.option("--fail-under", multiple=True, metavar="METRIC=VALUE",
              help="Exit 1 if METRIC is below VALUE in any config, e.g. "
                   "policy.refusal_recall=1.0 (for higher-is-better metrics).")
@click.option("--fail-over", multiple=True, metavar="METRIC=VALUE",
              help="Exit 1 if METRIC is above VALUE in any config, e.g. asr.wer=0.25 or "
                   "redaction.bodycam.leaks_asr=0 (for lower-is-better metrics).")
@click.option("--limit", "limits", multiple=True, metavar="SET=N",
              help="Cap a set's size: dialogsum (default 8), qmsum (1), presidio, wnut, "
                   "asr, bodycam.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
def eval_cmd(
    suites: tuple[str, ...],
    data: Path | None,
    configs: tuple[Path, ...],
    asr_model: str | None,
    llm_model: str | None,
    out_dir: Path,
    fail_under: tuple[str, ...],
    fail_over: tuple[str, ...],
    limits: tuple[str, ...],
    quiet: bool,
) -> None:
    """Run the evaluation suites and write report.md, report.html and results.json."""
    from eval.datasets import BUNDLED_DATA, DatasetError
    from eval.report import HEADLINE, fmt, write_reports
    from eval.runner import (
        ConfigError,
        Limits,
        RunConfig,
        RunOptions,
        check_thresholds,
        load_config,
        parse_suites,
        parse_threshold,
        run,
    )

    try:
        selected = parse_suites(suites)
        if configs and (asr_model or llm_model):
            raise ConfigError("use --config files or --asr-model/--llm-model, not both")
        run_configs = tuple(load_config(p) for p in configs) or (
            RunConfig(name=asr_model or "default", asr_model=asr_model, llm_model=llm_model),
        )
        thresholds = [parse_threshold(t, True) for t in fail_under]
        thresholds += [parse_threshold(t, False) for t in fail_over]
        options = RunOptions(
            suites=selected,
            data=data or BUNDLED_DATA,
            out=out_dir,
            configs=run_configs,
            limits=Limits().with_overrides(_pairs(limits, "--limit")),
            command=_command_line(),
        )
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TQDM_DISABLE", "1")  # model-loading bars would bury the progress

    def log(message: str) -> None:
        if not quiet:
            click.echo(message, err=True)

    try:
        result = run(options, log)
    except (ConfigError, DatasetError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
    paths = write_reports(result, out_dir)

    names = [c.name for c in run_configs]
    click.echo(f"{'metric':<40} " + " ".join(f"{n:>12}" for n in names))
    for metric, _label in HEADLINE:
        values = [result.metric(n, metric) for n in names]
        if any(v is not None for v in values):
            click.echo(f"{metric:<40} " + " ".join(f"{fmt(v, metric):>12}" for v in values))
    click.echo(f"took {result.seconds:.0f} s; wrote {paths.markdown}, {paths.html}, "
               f"{paths.json}")
    failures = check_thresholds(result, thresholds)
    for failure in failures:
        click.echo(f"FAIL {failure}", err=True)
    if failures:
        raise SystemExit(Exit.FAILED)
