"""Seconds of redaction verification per audio minute: the old whole-file pass vs windows.

Transcribes and redacts each file once, then times, on the same bleeped audio with the
same transcriber: the padded windows (what ``process`` does now), the whole file through
the same quick pass, and the whole file through ``transcribe`` with word timestamps and
temperature fallback (what layout-v1 did). Residual counts of each should agree.

    python bench/verify.py [FILE ...] [--model base] [--pad 1.5]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from redaction.audio import bleep_reader
from redaction.pii.redactor import get_redactor
from redaction.verify import check_redaction, redacted_values, residual_in
from service.asr.whisper import AsrOptions, get_transcriber
from service.config import get_settings
from service.media import decode as media

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "encounter.flac"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--model", default="base")
    parser.add_argument("--pad", type=float, default=1.5)
    args = parser.parse_args()
    settings = get_settings()
    asr = get_transcriber(AsrOptions.from_settings(settings, model=args.model),
                          settings.resolved_cache_dir())
    redactor = get_redactor()
    print(f"{'file':24} {'audio s':>8} {'asr s':>7} {'redactions':>10} "
          f"{'windows':>7} {'window s':>8} {'before s/min':>12} {'whole s/min':>11} "
          f"{'windows s/min':>13} {'residual before/whole/windows':>29}")
    for path in args.files:
        audio = media.open_audio(path)
        t0 = time.perf_counter()
        transcript = asr.transcribe(audio)
        asr_s = time.perf_counter() - t0
        redacted = redactor.redact(transcript)
        read = bleep_reader(audio, [(r.start_s, r.end_s) for r in redacted.redactions])
        t0 = time.perf_counter()
        windowed = check_redaction(asr, audio, read, transcript, redacted, pad_s=args.pad)
        windowed_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        whole = check_redaction(asr, audio, read, transcript, redacted, whole=True)
        whole_s = time.perf_counter() - t0
        t0 = time.perf_counter()  # layout-v1: one full transcribe() of the bleeped file
        heard = asr.transcribe(replace(audio, samples=read(0, len(audio.samples)),
                                       release=None))
        before = residual_in(redacted_values(transcript, redacted), [heard.text])
        before_s = time.perf_counter() - t0
        minutes = audio.duration_s / 60
        print(f"{path.name:24} {audio.duration_s:>8.1f} {asr_s:>7.1f} "
              f"{len(redacted.redactions):>10} {windowed.windows:>7} {windowed.audio_s:>8.1f} "
              f"{before_s / minutes:>12.1f} {whole_s / minutes:>11.1f} "
              f"{windowed_s / minutes:>13.1f} "
              f"{f'{before.residual}/{whole.residual}/{windowed.residual} of {whole.checked}':>29}",
              flush=True)


if __name__ == "__main__":
    main()
