#!/usr/bin/env bash
# How the committed fixtures in tests/data were made (needs espeak-ng, sox, ffmpeg).
# The scripted encounter is fictional; every name and number in it is invented.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
say() { espeak-ng -v "$1" -s 150 -w "$tmp/$2.wav" "$3"; }
say en-us        1 "Dispatch, unit twelve on scene at the park on Fifth Street, responding to a report of a stolen bicycle."
say en-us+f3     2 "Thank you for coming. My name is Laura Whitfield. Someone cut the lock and took my blue mountain bike about an hour ago."
say en-us        3 "I'm sorry to hear that. What is a good phone number to reach you?"
say en-us+f3     4 "It is five five five, two one two, three four six eight."
say en-us        5 "Thank you, Ms. Whitfield. Did anyone see who took it?"
say en-us+f3     6 "A neighbor saw a man in a red hoodie ride it toward the river. Nobody was hurt."
say en-us        7 "Okay. I will file a theft report and give you the case number. Call us if it turns up."
parts=()
for i in 1 2 3 4 5 6 7; do
  sox "$tmp/$i.wav" -r 16000 -c 1 "$tmp/r$i.wav"
  parts+=("$tmp/r$i.wav" "$tmp/gap.wav")
done
sox -n -r 16000 -c 1 "$tmp/gap.wav" trim 0 0.5
sox "${parts[@]}" encounter.flac
# A short video with the first lines as its audio track.
sox encounter.flac "$tmp/short.wav" trim 0 12
ffmpeg -loglevel error -y -f lavfi -i color=c=gray:size=160x120:rate=5 -i "$tmp/short.wav" \
  -shortest -c:v libx264 -pix_fmt yuv420p -c:a aac -b:a 48k encounter_short.mp4
# Two seconds of silence: must give an empty transcript and no invented summary.
sox -n -r 16000 -c 1 silence.wav trim 0 2
rm -rf "$tmp"
# The same four seconds in every container/codec we promise to read.
mkdir -p formats
sox encounter.flac formats/clip.wav trim 0 4
ffmpeg -loglevel error -y -i formats/clip.wav -c:a libmp3lame -b:a 32k formats/clip.mp3
ffmpeg -loglevel error -y -i formats/clip.wav -c:a libvorbis -q:a 0 formats/clip.ogg 2>/dev/null \
  || ffmpeg -loglevel error -y -i formats/clip.wav -c:a vorbis -strict -2 -ac 2 formats/clip.ogg
ffmpeg -loglevel error -y -i formats/clip.wav -c:a libopus -b:a 16k formats/clip.opus
ffmpeg -loglevel error -y -i formats/clip.wav -c:a aac -b:a 32k formats/clip.m4a
ffmpeg -loglevel error -y -f lavfi -i color=c=black:size=64x48:rate=5 -i formats/clip.wav \
  -shortest -c:v libx264 -pix_fmt yuv420p -c:a aac -b:a 32k formats/clip.mov
# A video with no audio track at all.
ffmpeg -loglevel error -y -f lavfi -i color=c=black:size=64x48:rate=5 -t 1 \
  -c:v libx264 -pix_fmt yuv420p video_only.mp4
