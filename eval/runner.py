"""Run the evaluation suites (asr, redaction, summary, policy, speed) for one or more configs.

Why one runner: a full run must fit in 15 minutes on a 2-core CPU, so every suite of a
configuration shares one loaded pipeline, each audio file is decoded and transcribed at
most once per configuration (``CachingTranscriber``), each scenario goes through the
pipeline once (``EvalContext.process``), and the parts that do not depend on the models
under test (policy, text-only PII sets) are computed once and shared across configs.

Suites whose helper module (``eval.redaction_eval``, ``eval.summary_eval``) is missing
report ``not available`` instead of inventing numbers.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eval.context import (
    ConfigError,
    EvalContext,
    Limits,
    Log,
    RunConfig,
    SuiteResult,
    jsonable_suite,
    load_config,
    peak_rss_mb,
)
from eval.datasets import BUNDLED_DATA, DataLayout
from eval.suites import STAGES, SUITE_FUNCS

SUITES: tuple[str, ...] = tuple(SUITE_FUNCS)

# Re-exported: the public surface of the harness is ``eval.runner``.
__all__ = [
    "STAGES", "SUITES", "ConfigError", "ConfigResult", "Limits", "RunConfig", "RunOptions",
    "RunResult", "SuiteResult", "Threshold", "check_thresholds", "direction", "load_config",
    "lower_is_better", "parse_suites", "parse_threshold", "run",
]


def _quiet(message: str) -> None:
    return None


@dataclass
class RunOptions:
    suites: tuple[str, ...] = SUITES
    data: Path = BUNDLED_DATA
    out: Path = Path("eval-report")
    configs: tuple[RunConfig, ...] = (RunConfig(),)
    limits: Limits = field(default_factory=Limits)
    command: str = ""


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------


@dataclass
class ConfigResult:
    config: RunConfig
    resolved: dict[str, Any]
    suites: dict[str, SuiteResult]
    seconds: float


@dataclass
class RunResult:
    options: RunOptions
    configs: list[ConfigResult]
    started: str
    seconds: float
    environment: dict[str, Any]

    def metric_names(self) -> list[str]:
        names: dict[str, None] = {}
        for cr in self.configs:
            for suite in self.options.suites:
                sr = cr.suites.get(suite)
                if sr:
                    names.update(dict.fromkeys(sr.metrics))
        return list(names)

    def metric(self, config: str, name: str) -> float | None:
        for cr in self.configs:
            if cr.config.name == config:
                suite = cr.suites.get(name.split(".", 1)[0])
                return None if suite is None else suite.metrics.get(name)
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": "1",
            "started": self.started,
            "seconds": round(self.seconds, 1),
            "command": self.options.command,
            "data": str(self.options.data),
            "suites": list(self.options.suites),
            "limits": asdict(self.options.limits),
            "environment": self.environment,
            "configs": [
                {
                    "name": cr.config.name,
                    "config": asdict(cr.config),
                    "resolved": cr.resolved,
                    "seconds": round(cr.seconds, 1),
                    "suites": {name: asdict(sr) for name, sr in cr.suites.items()},
                }
                for cr in self.configs
            ],
            "metrics": {
                cr.config.name: {
                    k: v for sr in cr.suites.values() for k, v in sr.metrics.items()
                }
                for cr in self.configs
            },
        }


_LOWER_IS_BETTER = ("wer", "cer", "rtf", "false_refusal", "unsupported", "leak", "audible",
                    "residual",
                    "_s", "seconds", "rss", "errors", "over_redact")
# Counts that describe the data, not quality.
_NEUTRAL = ("files", "audio_s", "gold_pii", "pii_in_raw_asr", "audio_spans", "statements",
            "sentences", "n_refuse", "n_allow", "audio_checked", "mean_words", "items",
            "transcript_facts", "gold")


def direction(metric: str) -> str:
    """``"down"`` (lower is better), ``"up"`` or ``"none"`` (a count describing the data)."""
    leaf = metric.rsplit(".", 1)[-1]
    if leaf in _NEUTRAL or leaf in ("n", "total", "count"):
        return "none"
    return "down" if any(token in leaf for token in _LOWER_IS_BETTER) else "up"


def lower_is_better(metric: str) -> bool:
    """Direction of a metric, from its name (used by reports and ``--fail-over`` help)."""
    return direction(metric) == "down"


# ---------------------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------------------


def parse_suites(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"asr,policy"`` (or repeated options) -> ordered, validated suite names."""
    if not text:
        return SUITES
    raw = [text] if isinstance(text, str) else list(text)
    names = [n.strip() for chunk in raw for n in chunk.split(",") if n.strip()]
    if "all" in names:
        return SUITES
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        raise ConfigError(f"unknown suite(s) {', '.join(unknown)}; choose from "
                          f"{', '.join(SUITES)}")
    return tuple(n for n in SUITES if n in names)


def _load_average() -> list[float]:
    """1/5/15-minute load: timings mean little if other work shared the CPUs."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def _environment() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "load_average_at_start": _load_average(),
    }


def run(options: RunOptions, log: Log = _quiet) -> RunResult:
    """Every selected suite for every config; results in memory (see ``eval.report``)."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    t_run = time.perf_counter()
    layout = DataLayout.discover(options.data)
    options.out.mkdir(parents=True, exist_ok=True)
    shared: dict[str, Any] = {}
    need_llm = bool({"summary", "speed"} & set(options.suites))
    names = [c.name for c in options.configs]
    if len(set(names)) != len(names):
        raise ConfigError(f"config names must differ: {', '.join(names)}")
    env = _environment()
    results = []
    for config in options.configs:
        log(f"config {config.name}")
        t_cfg = time.perf_counter()
        ctx = EvalContext(config, options.out / "work" / _safe(config.name), need_llm, log)
        suites: dict[str, SuiteResult] = {}
        for suite in options.suites:
            log(f"[{config.name}] suite {suite}")
            t0 = time.perf_counter()
            sr = SUITE_FUNCS[suite](ctx, layout, options.limits, shared)
            if suite == "policy":  # shared across configs: copy, keep its own timing
                sr = replace(sr, metrics=dict(sr.metrics), notes=list(sr.notes))
            sr.seconds = round(time.perf_counter() - t0, 2)
            suites[suite] = jsonable_suite(sr)
        results.append(ConfigResult(config, ctx.resolved(), suites,
                                    time.perf_counter() - t_cfg))
    env["peak_rss_mb"] = round(peak_rss_mb(), 1)
    env["load_average_at_end"] = _load_average()
    return RunResult(options, results, started, time.perf_counter() - t_run, env)


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name) or "config"


@dataclass(frozen=True)
class Threshold:
    metric: str
    value: float
    lower_bound: bool  # True: fail when under (--fail-under); False: fail when over


def parse_threshold(text: str, lower_bound: bool) -> Threshold:
    """``policy.refusal_recall=1.0`` -> Threshold."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ConfigError(f"expected METRIC=VALUE, got {text!r}")
    try:
        number = float(value)
    except ValueError as exc:
        raise ConfigError(f"{text!r}: {value!r} is not a number") from exc
    return Threshold(name.strip(), number, lower_bound)


def check_thresholds(run_result: RunResult, thresholds: Sequence[Threshold]) -> list[str]:
    """Human-readable failures; a metric no config produced is a failure too."""
    failures = []
    for t in thresholds:
        seen = False
        for cr in run_result.configs:
            value = run_result.metric(cr.config.name, t.metric)
            if value is None:
                continue
            seen = True
            if t.lower_bound and value < t.value:
                failures.append(f"{cr.config.name}: {t.metric} = {value:.4g} is under "
                                f"{t.value:g}")
            elif not t.lower_bound and value > t.value:
                failures.append(f"{cr.config.name}: {t.metric} = {value:.4g} is over "
                                f"{t.value:g}")
        if not seen:
            failures.append(f"{t.metric}: no such metric in this run")
    return failures
