#!/usr/bin/env bash
# Kinetics-400 annotation CSVs -> kit manifests (train.tsv, val.tsv). CVDF layout: <root>/train/*.mp4, <root>/val/*.mp4.
# usage: convert.sh <k400 root holding annotations/, train/, val/> <output folder> [--by-class]
set -euo pipefail
root="${1:?usage: convert.sh <k400 root> <output folder> [--by-class]}"
out="${2:?usage: convert.sh <k400 root> <output folder> [--by-class]}"
shift 2
# KIT overrides the command (e.g. "dotnet /path/kit-cli.dll"); default: the repository's ./kit.
read -ra kit <<< "${KIT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/kit}"
mkdir -p "$out"
"${kit[@]}" data convert --format k400 --csv "$root/annotations/train.csv" --video-dir "$(realpath -m --relative-to="$out" "$root/train")" --out "$out/train.tsv" "$@"
"${kit[@]}" data convert --format k400 --csv "$root/annotations/validate.csv" --video-dir "$(realpath -m --relative-to="$out" "$root/val")" --out "$out/val.tsv" "$@"
