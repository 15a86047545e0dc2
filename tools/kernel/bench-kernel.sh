#!/usr/bin/env bash
# `./kit bench kernel`: prints JSON with launch-to-kernel_info_reply seconds (target < 3 s), the median round trip of
# `1+1` (target < 20 ms), and memory after warm-up and after 1,000 more executions, both taken after a full GC in the
# kernel: resident set size (target: growth < 2 MiB), the managed heap that survived (target: growth < 0.5 MiB), the
# GC's committed memory, JIT-compiled methods and threads (bench_kernel.py says how warm-up is decided). Uses the
# installed kernelspec (tools/kernel/setup-kernel.sh), rebuilt first so it measures the current source.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
dotnet build lib/Kit.Kernel/Kit.Kernel.csproj -c Release --nologo -v q -clp:ErrorsOnly >/dev/null \
  || { echo "bench-kernel: kernel build failed" >&2; exit 1; }
# This checkout's kernelspec, whatever the user-wide one points at.
export JUPYTER_PATH="$(/usr/bin/python3 tools/kernel/kernelspec.py data-dir)${JUPYTER_PATH:+:$JUPYTER_PATH}"
name="$(/usr/bin/python3 tools/kernel/kernelspec.py name)"
/usr/bin/python3 -c "from jupyter_client.kernelspec import KernelSpecManager as K; K().get_kernel_spec('$name')" 2>/dev/null \
  || { echo "bench-kernel: kernelspec $name not installed: run tools/kernel/setup-kernel.sh" >&2; exit 1; }
exec /usr/bin/python3 tools/kernel/bench_kernel.py "$name"
