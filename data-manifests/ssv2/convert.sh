#!/usr/bin/env bash
# Something-Something V2 annotations -> kit manifests (train.tsv, validation.tsv, test.tsv).
# usage: convert.sh <ssv2 root holding labels/ and 20bn-something-something-v2/> <output folder>
set -euo pipefail
root="${1:?usage: convert.sh <ssv2 root> <output folder>}"
out="${2:?usage: convert.sh <ssv2 root> <output folder>}"
# KIT overrides the command (e.g. "dotnet /path/kit-cli.dll"); default: the repository's ./kit.
read -ra kit <<< "${KIT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/kit}"
mkdir -p "$out"
videos="$(realpath -m --relative-to="$out" "$root/20bn-something-something-v2")"
for split in train validation test; do
  "${kit[@]}" data convert --format ssv2 --labels "$root/labels/labels.json" --split "$root/labels/$split.json" \
    --video-dir "$videos" --out "$out/$split.tsv"
done
