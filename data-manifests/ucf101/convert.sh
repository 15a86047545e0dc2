#!/usr/bin/env bash
# UCF101 split lists -> kit manifests (trainN.tsv, testN.tsv).
# usage: convert.sh <ucf101 root holding UCF-101/ and ucfTrainTestlist/> <output folder> [split 1|2|3]
set -euo pipefail
root="${1:?usage: convert.sh <ucf101 root> <output folder> [split]}"
out="${2:?usage: convert.sh <ucf101 root> <output folder> [split]}"
split="${3:-1}"
# KIT overrides the command (e.g. "dotnet /path/kit-cli.dll"); default: the repository's ./kit.
read -ra kit <<< "${KIT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/kit}"
mkdir -p "$out"
videos="$(realpath -m --relative-to="$out" "$root/UCF-101")"
lists="$root/ucfTrainTestlist"
"${kit[@]}" data convert --format ucf101 --class-index "$lists/classInd.txt" --list "$lists/trainlist0$split.txt" --video-dir "$videos" --out "$out/train$split.tsv"
"${kit[@]}" data convert --format ucf101 --class-index "$lists/classInd.txt" --list "$lists/testlist0$split.txt" --video-dir "$videos" --out "$out/test$split.tsv"
