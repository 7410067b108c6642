"""The local transformers LLM backend on this machine's device: dtype, placement, speed.

Why: the summarizer promises fp32 on CPU and bf16 (fp16 where bf16 is missing) on a GPU,
with greedy, repeatable drafts and left-padded batches that decode like single prompts.
This runs ``TransformersChatModel`` exactly as the summarizer does and prints what it
chose and how fast it decodes. It is a benchmark, not a test: run it on the GPU host.

    python bench/llm_device.py [--model NAME_OR_DIR] [--batch 8] [--max-new-tokens 48]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from service.llm.local import Messages, TransformersChatModel  # noqa: E402

SYSTEM = ("Rewrite the quoted line from a redacted police body-camera transcript as one "
          "short, neutral, past-tense sentence in the third person.")
LINES = (
    "Officer: I'm responding to a call about a car window that was broken overnight.",
    "Caller: My laptop bag was on the back seat and now it's gone.",
    "Officer: Did anyone see who did it? Any cameras on the street?",
    "Caller: The neighbour at [LOCATION_1] has a doorbell camera, I think.",
    "Officer: I'll write this up as a report only; here is your case card.",
    "Caller: Thanks. I'll call [PHONE_NUMBER_1] if I remember anything else.",
    "Officer: Were you hurt at all? Do you need medical attention?",
    "Caller: No, I'm fine, nobody was hurt.",
)


def _messages(line: str) -> Messages:
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"<transcript>\n{line}\n</transcript>"}]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default="smollm2-135m-instruct")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--max-new-tokens", type=int, default=48)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    import torch

    llm = TransformersChatModel(args.model, max_new_tokens=args.max_new_tokens)
    t0 = time.perf_counter()
    _tok, model = llm.load()
    load_s = time.perf_counter() - t0
    name = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu"
    print(f"model {args.model}: device {model.device} ({name}), dtype {model.dtype}, "
          f"load {load_s:.1f} s, torch {torch.__version__}")

    batch = [_messages(LINES[i % len(LINES)]) for i in range(args.batch)]
    first = llm.chat_batch(batch)  # warm-up (kernels, caches)
    again = llm.chat_batch(batch)
    print(f"greedy repeatable over {len(batch)} prompts: {first == again}")
    singles = [llm.chat(m) for m in batch]
    same = sum(a == b for a, b in zip(first, singles, strict=True))
    print(f"batched == one at a time: {same}/{len(batch)}")

    sync = torch.cuda.synchronize if torch.cuda.is_available() else (lambda: None)
    times = []
    for _ in range(args.repeat):
        sync()
        t0 = time.perf_counter()
        out = llm.chat_batch(batch)
        sync()
        times.append(time.perf_counter() - t0)
    best = min(times)
    print(f"batch of {len(batch)} (up to {args.max_new_tokens} new tokens each): best "
          f"{best * 1000:.0f} ms, median {sorted(times)[len(times) // 2] * 1000:.0f} ms, "
          f"{len(batch) / best:.1f} sentences/s")
    if torch.cuda.is_available():
        print(f"GPU peak memory {torch.cuda.max_memory_allocated() / 2**20:.0f} MiB")
    print(f"sample: {out[0][:120]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
