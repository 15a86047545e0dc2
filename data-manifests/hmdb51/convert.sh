#!/usr/bin/env bash
# HMDB51 split files -> kit manifests (trainN.tsv, testN.tsv).
# usage: convert.sh <hmdb51 root holding videos/ and testTrainMulti_7030_splits/> <output folder> [split 1|2|3]
set -euo pipefail
root="${1:?usage: convert.sh <hmdb51 root> <output folder> [split]}"
out="${2:?usage: convert.sh <hmdb51 root> <output folder> [split]}"
split="${3:-1}"
# KIT overrides the command (e.g. "dotnet /path/kit-cli.dll"); default: the repository's ./kit.
read -ra kit <<< "${KIT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/kit}"
mkdir -p "$out"
"${kit[@]}" data convert --format hmdb51 --splits "$root/testTrainMulti_7030_splits" --split "$split" \
  --video-dir "$(realpath -m --relative-to="$out" "$root/videos")" --out-dir "$out"
