#!/usr/bin/env bash
# GPU check: builds the kit's native core (no OpenCV) against a given libtorch, runs the tests that exercise the GPU
# path and libtorch-version-dependent code, and benchmarks vit-b pre-training per precision. Prints one JSON summary on
# stdout (progress on stderr).
#
#   tools/gpu/check.sh LIBTORCH_DIR [--batch 32] [--steps 10] [--precisions "fp32 tf32 bf16"]
#
# LIBTORCH_DIR: a libtorch folder (holding share/cmake/Torch, e.g. a PyTorch wheel's torch/ folder or an unpacked
# libtorch zip) or a folder holding TorchConfig.cmake. The normal native build is not touched: the shim goes to
# .kit/gpu-check/native and is used through KIT_NATIVE_LIB; the C# projects are rebuilt without their native step.
# Without a GPU it still builds and runs the tests (the CUDA ones skip) and benchmarks cpu-tiny on the CPU.
# Needs: cmake, a C++17 compiler, the .NET SDK, python3 (for the JSON), and for a CUDA libtorch the CUDA toolkit
# its CMake config asks for.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
die() { printf 'check.sh: %s\n' "$*" >&2; exit 2; }
log() { printf 'check.sh: %s\n' "$*" >&2; }

[ $# -ge 1 ] || die "usage: tools/gpu/check.sh LIBTORCH_DIR [--batch B] [--steps N] [--precisions \"fp32 tf32 bf16\"]"
LIBTORCH="$(cd "$1" && pwd)"; shift
BATCH=32 STEPS=10 PRECISIONS="fp32 tf32 bf16"
while [ $# -gt 0 ]; do
  case "$1" in
    --batch) BATCH="$2"; shift 2 ;;
    --steps) STEPS="$2"; shift 2 ;;
    --precisions) PRECISIONS="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
if [ -f "$LIBTORCH/TorchConfig.cmake" ]; then TORCH_CMAKE="$LIBTORCH"
elif [ -f "$LIBTORCH/share/cmake/Torch/TorchConfig.cmake" ]; then TORCH_CMAKE="$LIBTORCH/share/cmake/Torch"
else die "$LIBTORCH holds neither TorchConfig.cmake nor share/cmake/Torch/TorchConfig.cmake"; fi

OUT="$ROOT/.kit/gpu-check"
NATIVE="$OUT/native"
mkdir -p "$OUT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# 1. The core alone (KIT_WITH_OPENCV=OFF), as on a machine without OpenCV's development files.
t0=$(date +%s)
build_ok=false
if cmake -S "$ROOT/lib/native" -B "$NATIVE" -DCMAKE_BUILD_TYPE=Release -DTorch_DIR="$TORCH_CMAKE" -DKIT_WITH_OPENCV=OFF >"$OUT/cmake.log" 2>&1 \
   && cmake --build "$NATIVE" -j "$(nproc)" >>"$OUT/cmake.log" 2>&1; then build_ok=true; fi
build_s=$(( $(date +%s) - t0 ))
log "native core build: $build_ok (${build_s} s, log $OUT/cmake.log)"

tests_ok=false cuda=false torch_version="" bench_json="[]"
if $build_ok; then
  export KIT_NATIVE_LIB="$NATIVE/libkitnative.so"
  dotnet build "$ROOT/Kit.sln" -c Release -p:SkipNative=true -v q -clp:ErrorsOnly >"$OUT/dotnet-build.log" 2>&1 || die "dotnet build failed (see $OUT/dotnet-build.log)"
  CLI=(dotnet "$ROOT/lib/Kit.Cli/bin/Release/net10.0/kit-cli.dll")

  # 2. The GPU tests and everything that depends on the libtorch version (gates, SDPA, AdamW, autocast, scaler).
  FILTER="FullyQualifiedName~Cuda|FullyQualifiedName~VersionGateTests|FullyQualifiedName~ScaledDotProductAttentionTests"
  FILTER="$FILTER|FullyQualifiedName~AdamWMultiTensorTests|FullyQualifiedName~AutocastTests|FullyQualifiedName~GradScalerTests"
  FILTER="$FILTER|FullyQualifiedName~OptimizerTests|FullyQualifiedName~CreationTests|FullyQualifiedName~AutogradTests"
  rm -rf "$OUT/tests"
  if dotnet test "$ROOT/tests/Kit.Tests" -c Release --no-build --filter "$FILTER" --logger "trx;LogFileName=gpu.trx" \
       --results-directory "$OUT/tests" >"$OUT/tests.log" 2>&1; then tests_ok=true; fi
  log "tests: $tests_ok (log $OUT/tests.log)"

  # 3. vit-b pre-training per precision on the GPU (cpu-tiny on the CPU when there is none).
  cuda=$(python3 - "$ROOT" <<'PY'
import ctypes, os, sys
lib = ctypes.CDLL(os.environ["KIT_NATIVE_LIB"])
print("true" if lib.kit_cuda_is_available() else "false")
PY
)
  torch_version=$(python3 -c 'import ctypes,os; l=ctypes.CDLL(os.environ["KIT_NATIVE_LIB"]); l.kit_torch_version.restype=ctypes.c_char_p; print(l.kit_torch_version().decode())')
  if [ "$cuda" = true ]; then PRESET=vit-b DEVICE=cuda; else PRESET=cpu-tiny DEVICE=cpu BATCH=4 PRECISIONS="fp32 bf16"; fi
  parts=()
  for p in $PRECISIONS; do
    f="$OUT/bench-$p.json"
    if "${CLI[@]}" bench train --preset "$PRESET" --device "$DEVICE" --batch "$BATCH" --ft-batch "$BATCH" --steps "$STEPS" \
         --precision "$p" --json >"$f" 2>"$OUT/bench-$p.log"; then parts+=("$f"); else log "bench $p failed (see $OUT/bench-$p.log)"; fi
  done
  bench_json=$(python3 - "${parts[@]}" <<'PY'
import json, sys
rows = []
for path in sys.argv[1:]:
    for r in json.load(open(path)):
        rows.append({"preset": r["preset"], "precision": r["precision"], "device": r["device"],
                     "pretrain_batch": r["pretrain"]["batchSize"], "pretrain_step_ms": round(r["pretrain"]["stepMs"], 2),
                     "pretrain_tflops": round(r["pretrain"]["gflops"] / 1000, 3),
                     "finetune_batch": r["finetune"]["batchSize"], "finetune_step_ms": round(r["finetune"]["stepMs"], 2),
                     "finetune_tflops": round(r["finetune"]["gflops"] / 1000, 3)})
print(json.dumps(rows))
PY
)
fi

python3 - "$OUT" <<PY
import json, re, sys, glob
out = sys.argv[1]
counts = {}
for trx in glob.glob(out + "/tests/*.trx"):
    text = open(trx).read()
    m = re.search(r'<Counters total="(\d+)" executed="(\d+)" passed="(\d+)" failed="(\d+)"', text)
    if m: counts = dict(zip(["total", "executed", "passed", "failed"], map(int, m.groups())))
# Python PyTorch 2.11 on one H200, vit-b pre-training, batch 32 (issue 15): the goal is within 1.15x of these.
reference_ms = {"fp32": 190.0, "tf32": 99.0, "bf16": 40.0}
bench = json.loads('''$bench_json''')
for r in bench:
    ref = reference_ms.get(r["precision"]) if r["preset"] == "vit-b" and r["pretrain_batch"] == 32 else None
    r["pytorch_reference_ms"] = ref
    r["ratio_to_pytorch"] = round(r["pretrain_step_ms"] / ref, 3) if ref else None
print(json.dumps({
    "libtorch": "$LIBTORCH", "libtorch_version": "$torch_version", "cuda": "$cuda" == "true",
    "native_core_build": "$build_ok" == "true", "native_core_build_s": $build_s,
    "tests_passed": "$tests_ok" == "true", "tests": counts,
    "bench": bench,
}, indent=2))
PY
