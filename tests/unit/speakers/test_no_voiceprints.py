"""No route, CLI option, type or output exposes a voice embedding."""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from pathlib import Path

from click.testing import CliRunner

from service.speakers import stage, types

VOICEPRINT = re.compile(r"embed|voiceprint|xvector|d-?vector|speaker[_ ]?vector", re.I)


def _walk(obj: object) -> typing.Iterator[tuple[str, object]]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield str(k), v
            yield from _walk(v)
    elif isinstance(obj, list):
        for v in obj:
            yield "", v
            yield from _walk(v)


def test_openapi_has_no_embedding_field_or_route(api_settings, tmp_path: Path) -> None:
    from service.api.app import create_app

    schema = create_app(api_settings(tmp_path), start_workers=False).openapi()
    for path in schema["paths"]:
        assert not VOICEPRINT.search(path), path
    names = [k for k, _ in _walk(schema) if k]
    props = [k for k, v in _walk(schema) if k == "properties" and isinstance(v, dict)]
    assert props  # the walk reaches the models
    assert not [n for n in names if VOICEPRINT.search(n)]


def test_no_cli_option_mentions_embeddings() -> None:
    from service.cli import cli

    runner = CliRunner()
    ctx = cli.make_context("bodycam", ["--help"], resilient_parsing=True)
    commands = cli.list_commands(ctx)
    assert "process" in commands
    for name in commands:
        out = runner.invoke(cli, [name, "--help"]).output
        assert not VOICEPRINT.search(out), name
        sub = cli.get_command(ctx, name)
        for child in getattr(sub, "commands", {}):
            assert not VOICEPRINT.search(runner.invoke(cli, [name, child, "--help"]).output)


def test_speaker_types_cannot_hold_a_vector() -> None:
    for cls in (types.SpeakerTurn, types.SpeakerCues, types.SpeakerInfo, types.Diarization,
                stage.SpeakerResult):
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            assert not VOICEPRINT.search(f.name), (cls, f.name)
            assert "ndarray" not in str(hints[f.name]), (cls, f.name)


def test_result_json_carries_no_vector() -> None:
    info = types.SpeakerInfo("OFFICER", "officer", 0.8, 12.0)
    dumped = json.dumps({"speakers": [info.to_dict()]})
    assert not VOICEPRINT.search(dumped)
    assert not any(isinstance(v, list) and len(v) >= 16 and all(isinstance(x, float) for x in v)
                   for _, v in _walk(json.loads(dumped)))
