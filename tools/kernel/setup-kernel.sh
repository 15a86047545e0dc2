#!/usr/bin/env bash
# Sets up the kit's C# Jupyter kernel: apt packages only the kernel's tests need, plotly.js from npm (pinned in
# package-lock.json), a Release build of lib/Kit.Kernel, and the kernelspec ".net-csharp" (the name C# notebooks
# written for .NET Interactive carry) in this checkout's .kit/share/jupyter, which everything the checkout starts puts
# first on JUPYTER_PATH. The user-wide kernelspec is installed only when there is none yet, or with --user (then it
# points at this checkout; if another kernel holds .net-csharp the kit's goes in as "kit-csharp"). See
# tools/kernel/kernelspec.py. Idempotent; run from anywhere.
#   tools/kernel/setup-kernel.sh [--user]
set -euo pipefail
user_force=""
case "${1:-}" in
  --user) user_force="--force" ;;
  "") ;;
  *) echo "usage: tools/kernel/setup-kernel.sh [--user]" >&2; exit 2 ;;
esac

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
fail() { echo "setup-kernel: $*" >&2; exit 1; }
say() { echo "setup-kernel: $*"; }

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- apt: the browser test's packages (the lead's setup installs Jupyter itself) ---
apt_packages=(chromium chromium-driver python3-selenium)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  if ! apt-cache policy "${missing[@]}" | grep -q Candidate; then sudo_if_needed apt-get update -q; fi
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" || fail "apt-get install ${missing[*]} failed"
fi
for tool in /usr/bin/jupyter /usr/bin/python3 node npm dotnet; do
  command -v "$tool" >/dev/null || fail "$tool not found (Jupyter comes from Debian's jupyter-notebook package; the .NET SDK and node/npm must be installed)"
done
/usr/bin/python3 -c "import jupyter_client, nbclient, nbconvert" 2>/dev/null \
  || fail "python3 jupyter_client/nbclient/nbconvert missing: apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient python3-jupyter-kernel-test"

# --- plotly.js, inlined into chart outputs so they render offline ---
plotly="$repo/node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js"
# npm ci only when the installed bundle is not the pinned version (file times say nothing in a fresh clone).
pinned_plotly() {
  /usr/bin/python3 -c 'import json, sys; lock, installed = sys.argv[1:]
want = json.load(open(lock))["packages"]["node_modules/plotly.js-cartesian-dist-min"]["version"]
sys.exit(0 if json.load(open(installed))["version"] == want else 1)' \
    "$repo/package-lock.json" "$repo/node_modules/plotly.js-cartesian-dist-min/package.json" 2>/dev/null
}
if [ ! -f "$plotly" ] || ! pinned_plotly; then
  say "npm ci (plotly.js-cartesian-dist-min, pinned)"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null || fail "npm ci failed"
fi
[ -f "$plotly" ] || fail "npm ci did not install $plotly"

# --- the kernel ---
say "building lib/Kit.Kernel (Release)"
dotnet build lib/Kit.Kernel/Kit.Kernel.csproj -c Release --nologo -v q -clp:ErrorsOnly >/dev/null || {
  dotnet build lib/Kit.Kernel/Kit.Kernel.csproj -c Release --nologo -v q -clp:ErrorsOnly >&2; fail "kernel build failed"; }
kernel_dll="$repo/lib/Kit.Kernel/bin/Release/net10.0/kit-kernel.dll"
[ -f "$kernel_dll" ] || fail "build did not produce $kernel_dll"
dotnet_path="$(readlink -f "$(command -v dotnet)")"

# --- the kernelspec ---
name="$(/usr/bin/python3 "$repo/tools/kernel/kernelspec.py" name)"
spec_dir="$(mktemp -d)"
trap 'rm -rf "$spec_dir"' EXIT
# plotly.js goes into the spec's folder too: the notebook server serves it at /kernelspecs/NAME/plotly.min.js, where
# chart outputs load it when their notebook holds no copy (see lib/Kit.Display/Plotly/FigureHtml.cs).
cp "$plotly" "$spec_dir/plotly.min.js"
/usr/bin/python3 - "$spec_dir/kernel.json" "$dotnet_path" "$kernel_dll" "$plotly" "$repo" <<'PY'
import json, sys
path, dotnet, dll, plotly, root = sys.argv[1:]
json.dump({
    "argv": [dotnet, dll, "{connection_file}"],
    "display_name": ".NET (C#)",
    "language": "C#",
    "interrupt_mode": "message",
    "env": {"KIT_ROOT": root, "KIT_PLOTLY_JS": plotly, "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1"},
    "metadata": {"kit": {"kernel": "kit-csharp", "checkout": root}},
}, open(path, "w"), indent=2)
PY
installed="$(/usr/bin/python3 "$repo/tools/kernel/kernelspec.py" install "$spec_dir")" \
  || fail "installing the kernelspec '$name' failed"
say "kernelspec '$name' of this checkout installed in $installed"
user="$(/usr/bin/python3 "$repo/tools/kernel/kernelspec.py" install-user "$spec_dir" $user_force)" \
  || fail "installing the user-wide kernelspec failed"
say "user-wide kernelspec: $user"
