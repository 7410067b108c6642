"""Real-time factor of bodycam's ASR stage vs faster-whisper called directly.

Same model, same settings (beam 5, word timestamps, VAD, no conditioning on previous
text), same files, interleaved per file so background load hits both sides alike.

    python bench/asr.py [--data ../shared/data] [--model base] [--device auto] [--repeat 1]
    python bench/asr.py --batched      # GPU: also BatchedInferencePipeline
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from faster_whisper import BatchedInferencePipeline, WhisperModel, decode_audio

from service.asr.whisper import AsrOptions, available_cores, get_transcriber, pick_device
from service.config import get_settings
from service.media import decode as media
from service.registry import resolve_asr_model

KWARGS = {"beam_size": 5, "word_timestamps": True, "vad_filter": True,
          "condition_on_previous_text": False}


def files(data: Path) -> list[tuple[Path, str | None]]:
    out: list[tuple[Path, str | None]] = []
    manifest = data / "asr" / "manifest.jsonl"
    if manifest.exists():
        for line in manifest.read_text().splitlines():
            row = json.loads(line)
            out.append((data / "asr" / row["file"], row.get("channel")))
    out += [(p, None) for p in sorted((data / "bodycam").glob("*.flac"))]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2]
                        / "shared" / "data")
    parser.add_argument("--model", default="base")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--batched", action="store_true", help="GPU: batched pipeline too")
    args = parser.parse_args()

    settings = get_settings()
    device, compute = pick_device(args.device, "auto")
    options = AsrOptions(model=args.model, device=device, compute_type=compute)
    ours = get_transcriber(options, settings.resolved_cache_dir())
    path = resolve_asr_model(args.model, settings.resolved_cache_dir())
    raw = WhisperModel(path, device=device, compute_type=compute, cpu_threads=available_cores())
    batched = BatchedInferencePipeline(model=raw) if args.batched else None

    items = files(args.data)
    audio_s = ours_s = raw_s = batched_s = 0.0
    # Warm-up both on the first file.
    first = media.load(items[0][0], channel=items[0][1])
    list(ours.transcribe_iter(first)[0])
    list(raw.transcribe(decode_audio(str(items[0][0])), **KWARGS)[0])
    for _ in range(args.repeat):
        for path_, channel in items:
            t0 = time.perf_counter()
            audio = media.load(path_, channel=channel)
            segs, _info = ours.transcribe_iter(audio)
            list(segs)
            ours_s += time.perf_counter() - t0

            t0 = time.perf_counter()
            samples = decode_audio(str(path_), split_stereo=channel is not None)
            if channel is not None:
                samples = samples[0] if channel == "left" else samples[1]
            segs, _info = raw.transcribe(samples, **KWARGS)
            list(segs)
            raw_s += time.perf_counter() - t0
            if batched is not None:
                t0 = time.perf_counter()
                segs, _info = batched.transcribe(samples, batch_size=8, **KWARGS)
                list(segs)
                batched_s += time.perf_counter() - t0
            audio_s += audio.duration_s

    print(f"files: {len(items)} x{args.repeat}, audio {audio_s:.1f} s, model {args.model} "
          f"on {device}/{compute}, {available_cores()} cores")
    print(f"faster-whisper direct : {raw_s:7.1f} s  RTF {raw_s / audio_s:.3f}  "
          f"({audio_s / raw_s:.1f}x real time)")
    print(f"bodycam ASR stage     : {ours_s:7.1f} s  RTF {ours_s / audio_s:.3f}  "
          f"({audio_s / ours_s:.1f}x real time)")
    if batched is not None:
        print(f"batched (direct)      : {batched_s:7.1f} s  RTF {batched_s / audio_s:.3f}")
    print(f"throughput ratio ours/raw: {raw_s / ours_s:.3f}  (target >= 0.95)")


if __name__ == "__main__":
    main()
