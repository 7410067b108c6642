"""Render the project's own multi-voice encounters (espeak-ng + sox) for the speakers stage.

Each encounter is written here in the project's own words (no evaluation text) and
rendered line by line: a voice per speaker, the camera wearer close to the microphone
(louder, dry), other people further away (quieter, some room reverb), radio traffic
through a telephone band with compression, and low background noise over the whole
clip. Output: ``<id>.flac`` (16 kHz mono) and ``<id>.json`` in the shared bodycam
format (``timings``: speaker, text, start, end), so one evaluation reads both.

    python tests/data/speakers/render.py OUT_DIR [ID ...]

Needs espeak-ng and sox (the Makefile installs them when missing).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

RATE = 16000
GAP_S = 0.5

#: role -> (espeak voice, speed wpm, pitch, sox effects after the voice is rendered)
VOICES = {
    "officer": ("en-us+m3", 165, 45, ["gain", "-n", "-3", "bass", "+3"]),
    "partner": ("en-gb+m7", 160, 35, ["gain", "-n", "-13", "reverb", "35"]),
    "woman": ("en-us+f2", 170, 60, ["gain", "-n", "-12", "reverb", "40"]),
    "man": ("en-gb-x-rp+m1", 150, 40, ["gain", "-n", "-14", "reverb", "45"]),
    "teen": ("en-us+f4", 180, 70, ["gain", "-n", "-11", "reverb", "30"]),
    "dispatch": ("en-us+f3", 185, 55, ["sinc", "350-3300", "compand", "0.02,0.2",
                                       "-60,-60,-30,-12,0,-6", "-3", "gain", "-n", "-12"]),
}

ENCOUNTERS: dict[str, list[tuple[str, str]]] = {
    # The short one is committed (tests/data/speakers/) for the real-model tests.
    "spk00_short": [
        ("officer", "Dispatch, I'm at the bus depot with the caller."),
        ("dispatch", "Copy that, noted at nine fifteen."),
        ("woman", "Someone keeps leaving bags of trash by my gate."),
        ("officer", "How long has this been going on?"),
        ("woman", "About two weeks, always overnight."),
        ("officer", "Alright. I'll note it and ask patrol to pass by at night."),
    ],
    "spk01_graffiti": [
        ("officer", "Morning. You called about paint on the side of the garage?"),
        ("woman", "Yes, I found it when I took the bins out. It was not there last night."),
        ("officer", "Did you see anyone near the building after dark?"),
        ("woman", "No, but the motion light came on around two, I think."),
        ("officer", "Okay. Do you have a camera that points at this wall?"),
        ("woman", "Only the doorbell one, and it faces the street."),
        ("officer", "I will take some photos and write this up. Can you send me that clip?"),
        ("woman", "Sure, I can do that today."),
    ],
    "spk02_found_wallet": [
        ("teen", "Hi, I found this wallet on the bench by the bus shelter."),
        ("officer", "Thanks for bringing it over. When did you find it?"),
        ("teen", "Maybe ten minutes ago. I did not open it, I swear."),
        ("officer", "That's fine. Was anyone sitting near the bench at the time?"),
        ("teen", "A guy in a green jacket got on the forty bus right before."),
        ("officer", "Good, that helps. I'll log it as found property and try to reach the owner."),
        ("teen", "Do you need anything else from me?"),
        ("officer", "Just a phone number in case we have questions later."),
    ],
    "spk03_fence_dispute": [
        ("officer", "Dispatch, I am out with two parties at the corner lot."),
        ("dispatch", "Copy, show you on scene, time is fourteen twenty."),
        ("man", "He moved the fence post a whole foot onto my side of the yard."),
        ("officer", "Alright sir, when did you notice the post had been moved?"),
        ("man", "Saturday morning. I have pictures from before on my phone."),
        ("woman", "We only replaced the rotten one, it went back in the same hole."),
        ("officer", "Ma'am, were you there when the new post went in?"),
        ("woman", "Yes, my brother did the digging and I held the level."),
        ("officer", "This is a civil matter, so I'd suggest getting the lot surveyed."),
    ],
    "spk04_parking_lot_fall": [
        ("officer", "Sir, can you hear me? Don't try to get up yet."),
        ("man", "I slipped on the ice by the cart return. My wrist really hurts."),
        ("officer", "Did you hit your head when you went down?"),
        ("man", "No, I caught myself with my hand."),
        ("officer", "Dispatch, send medics to the grocery lot, a fall with a wrist injury."),
        ("dispatch", "Copy, medic seven is en route, estimated six minutes."),
        ("officer", "They are on the way. Is anyone here with you today?"),
        ("woman", "I'm his neighbour, I drove him over to pick up a few things."),
        ("officer", "Okay, please stay with him until the ambulance arrives."),
    ],
    "spk05_barking_dog": [
        ("officer", "Evening. We had a report of a dog barking for a few hours here."),
        ("man", "She gets anxious when the fireworks start down by the river."),
        ("officer", "Understood. Is she inside now or out in the back?"),
        ("man", "Out back. I can bring her in right away."),
        ("partner", "There's a gate open on the far side, I can see it from here."),
        ("officer", "Please bring her in and close that gate. We'll note it as a warning."),
        ("man", "Will do, sorry about the trouble."),
    ],
    "spk06_bike_rack": [
        ("woman", "Officer, my lock was cut and the whole bike is gone."),
        ("officer", "I'm sorry to hear that. Where exactly was it locked up?"),
        ("woman", "The rack outside the library, next to the side door."),
        ("officer", "What time did you leave it there, and when did you come back?"),
        ("woman", "About nine this morning, and I came out just after one."),
        ("officer", "Can you describe the bike for me? Colour, make, anything unusual?"),
        ("woman", "A blue road bike with a white seat and a basket on the front."),
        ("officer", "Thank you. I'll give you a case number for the report."),
    ],
}


def _sh(args: list[str]) -> None:
    subprocess.run(args, check=True, capture_output=True)


def _line(tmp: Path, i: int, role: str, text: str) -> np.ndarray:
    voice, speed, pitch, effects = VOICES[role]
    raw, done = tmp / f"{i}.raw.wav", tmp / f"{i}.wav"
    _sh(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", str(raw), text])
    _sh(["sox", str(raw), "-r", str(RATE), "-c", "1", str(done), *effects])
    audio, rate = sf.read(done, dtype="float32")
    assert rate == RATE
    return audio


def render(enc_id: str, out_dir: Path, seed: int = 0) -> Path:
    """Write ``<enc_id>.flac`` and ``<enc_id>.json`` into ``out_dir``."""
    lines = ENCOUNTERS[enc_id]
    rng = np.random.default_rng(seed)
    pieces = [np.zeros(int(RATE * 1.0), dtype=np.float32)]
    timings = []
    pos = 1.0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (role, text) in enumerate(lines):
            audio = _line(Path(tmp), i, role, text)
            timings.append({"speaker": role, "text": text, "start": round(pos, 3),
                            "end": round(pos + len(audio) / RATE, 3)})
            pos += len(audio) / RATE + GAP_S
            pieces += [audio, np.zeros(int(RATE * GAP_S), dtype=np.float32)]
    mix = np.concatenate(pieces)
    noise = np.cumsum(rng.normal(0, 1, len(mix))).astype(np.float32)  # brown-ish hum
    noise -= np.convolve(noise, np.ones(400) / 400, mode="same")
    mix = mix + 0.004 * noise / (np.abs(noise).max() + 1e-9)
    out_dir.mkdir(parents=True, exist_ok=True)
    flac = out_dir / f"{enc_id}.flac"
    sf.write(flac, np.clip(mix, -1, 1), RATE, format="FLAC")
    meta = {"id": enc_id, "audio": flac.name, "duration_s": round(len(mix) / RATE, 3),
            "lines": [list(x) for x in lines], "timings": timings,
            "officer_roles": ["officer"], "dispatch_roles": ["dispatch"]}
    (out_dir / f"{enc_id}.json").write_text(json.dumps(meta, indent=2) + "\n")
    return flac


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).parent
    for enc_id in argv[1:] or [e for e in ENCOUNTERS if e != "spk00_short"]:
        render(enc_id, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
