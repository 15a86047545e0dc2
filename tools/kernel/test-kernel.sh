#!/usr/bin/env bash
# Tests the kit's C# kernel and notebook display: the xunit projects (unless --python-only, for `./kit test`, which
# already ran `dotnet test Kit.sln`), then the Python tests in tests/kernel (Jupyter's conformance suite, nbconvert
# execution of the sample notebook, the headless-Chromium browser test, the offline exported-HTML check).
# Artifacts (executed notebook, exported HTML, screenshots) go to tests/kernel/artifacts (gitignored).
# The last line reads `kernel: N passed, N failed, N skipped` for the Python tests; exit status is non-zero on failure.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
python_only=0
for arg in "$@"; do
  case "$arg" in
    --python-only) python_only=1 ;;
    *) echo "usage: tools/kernel/test-kernel.sh [--python-only]" >&2; exit 2 ;;
  esac
done

if [ "$python_only" -eq 0 ]; then
  dotnet test tests/Kit.Display.Tests/Kit.Display.Tests.csproj --nologo || { echo "test-kernel: Kit.Display.Tests failed" >&2; exit 1; }
  dotnet test tests/Kit.Kernel.Tests/Kit.Kernel.Tests.csproj --nologo || { echo "test-kernel: Kit.Kernel.Tests failed" >&2; exit 1; }
fi

[ -x /usr/bin/python3 ] || { echo "test-kernel: /usr/bin/python3 not found (Debian's Jupyter runs on it)" >&2; exit 1; }
# The installed kernelspec points at the Release build: rebuild it so the tests see the current source.
dotnet build lib/Kit.Kernel/Kit.Kernel.csproj -c Release --nologo -v q -clp:ErrorsOnly >/dev/null \
  || { echo "test-kernel: kernel build failed" >&2; exit 1; }
rm -rf tests/kernel/artifacts
exec /usr/bin/python3 tests/kernel/run.py
