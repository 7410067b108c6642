#!/usr/bin/env bash
# Render the project's own evaluation scenarios (eval/data) with espeak-ng + sox.
#
# The scenario JSON files in bodycam/ are the source of truth for what is said
# (`lines`, `voices`, `noise`) and for the gold labels (`pii`, `facts`,
# `reference_summary`), all written by hand for this project; every name, number
# and address in them is invented. This script (re)writes the audio and the fields
# derived from it: `audio`, `duration_s`, `timings`, `reference_transcript`.
# It also renders asr/stereo_two_voices.flac (a different sentence on each channel)
# and writes asr/manifest.jsonl.
#
# Usage:  eval/data/make_data.sh        (needs espeak-ng, sox, python3)
# Output: 16 kHz mono 16-bit FLAC, 0.5 s lead-in, 0.5 s between lines, espeak-ng
#         rate 175 wpm; optional brown noise at `noise` amplitude. sox runs with -R
#         (fixed noise seed) and -D (no dither), so re-running gives identical files.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
RATE=16000
SPEED=175
GAP=0.5
LEAD=0.5
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

silence() {  # silence FILE SECONDS
    sox -D -n -r "$RATE" -c 1 -b 16 "$1" trim 0 "$2"
}

say() {  # say VOICE TEXT OUT.wav  -> 16 kHz mono
    espeak-ng -v "$1" -s "$SPEED" -w "$WORK/raw.wav" "$2"
    sox -D "$WORK/raw.wav" -r "$RATE" -c 1 -b 16 "$3"
}

render_scenario() {  # render_scenario JSON
    local json="$1" id
    id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$json")"
    # One line per spoken line: voice<TAB>text
    python3 - "$json" > "$WORK/lines.tsv" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for role, text in d["lines"]:
    print(f"{d['voices'][role]}\t{text}")
PY
    silence "$WORK/lead.wav" "$LEAD"
    silence "$WORK/gap.wav" "$GAP"
    local parts=("$WORK/lead.wav") i=0 t="$LEAD"
    : > "$WORK/times.tsv"
    while IFS=$'\t' read -r voice text; do
        say "$voice" "$text" "$WORK/line$i.wav"
        local d
        d="$(soxi -D "$WORK/line$i.wav")"
        printf '%s\t%s\n' "$t" "$(python3 -c "print(round($t + $d, 3))")" >> "$WORK/times.tsv"
        t="$(python3 -c "print(round($t + $d + $GAP, 3))")"
        parts+=("$WORK/line$i.wav" "$WORK/gap.wav")
        i=$((i + 1))
    done < "$WORK/lines.tsv"
    sox -D "${parts[@]}" "$WORK/speech.wav"
    local noise
    noise="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("noise", 0))' "$json")"
    if python3 -c "import sys; sys.exit(0 if float('$noise') > 0 else 1)"; then
        local dur
        dur="$(soxi -D "$WORK/speech.wav")"
        sox -D -R -n -r "$RATE" -c 1 -b 16 "$WORK/noise.wav" synth "$dur" brownnoise vol "$noise"
        sox -D -m "$WORK/speech.wav" "$WORK/noise.wav" -b 16 "$HERE/bodycam/$id.flac"
    else
        sox -D "$WORK/speech.wav" -b 16 "$HERE/bodycam/$id.flac"
    fi
    python3 - "$json" "$WORK/times.tsv" "$(soxi -D "$HERE/bodycam/$id.flac")" <<'PY'
import json, sys
path, times, duration = sys.argv[1], sys.argv[2], float(sys.argv[3])
d = json.load(open(path))
spans = [tuple(map(float, row.split("\t"))) for row in open(times).read().splitlines()]
d["audio"] = d["id"] + ".flac"
d["duration_s"] = round(duration, 3)
d["timings"] = [
    {"speaker": role, "text": text, "start": start, "end": end}
    for (role, text), (start, end) in zip(d["lines"], spans, strict=True)
]
d["reference_transcript"] = " ".join(text for _, text in d["lines"])
json.dump(d, open(path, "w"), indent=1)
open(path, "a").write("\n")
PY
    echo "rendered $id.flac ($(soxi -D "$HERE/bodycam/$id.flac") s)"
}

for json in "$HERE"/bodycam/*.json; do
    render_scenario "$json"
done

# A stereo clip: one sentence per channel, for the manifest's `channel` field.
LEFT="The evidence bag was sealed at the scene."
RIGHT="Please keep your hands where I can see them."
say en-us "$LEFT" "$WORK/left.wav"
say en-gb "$RIGHT" "$WORK/right.wav"
sox -D -M "$WORK/left.wav" "$WORK/right.wav" -b 16 "$HERE/asr/stereo_two_voices.flac"

python3 - "$HERE" "$LEFT" "$RIGHT" <<'PY'
import glob, json, os, sys
here, left, right = sys.argv[1:4]
# Stereo rows first, so `--limit asr=N` keeps the channel case in quick runs.
rows = [{"file": "stereo_two_voices.flac", "reference": text, "channel": channel,
         "license": "Apache-2.0 (this project)",
         "notes": "espeak-ng, a different sentence on each channel"}
        for channel, text in (("left", left), ("right", right))]
for path in sorted(glob.glob(os.path.join(here, "bodycam", "*.json"))):
    d = json.load(open(path))
    rows.append({"file": f"../bodycam/{d['audio']}", "reference": d["reference_transcript"],
                 "duration_s": d["duration_s"], "license": "Apache-2.0 (this project)",
                 "notes": "espeak-ng scripted scenario, see make_data.sh"})
with open(os.path.join(here, "asr", "manifest.jsonl"), "w") as fh:
    for row in rows:
        fh.write(json.dumps(row) + "\n")
PY
du -ch "$HERE"/bodycam/*.flac "$HERE"/asr/*.flac | tail -1
