"""Kernelspec helper for the kit's C# kernel (Debian's jupyter-client ships no `jupyter kernelspec` command).

Each checkout has its own kernelspec, in CHECKOUT/.kit/share/jupyter/kernels/.net-csharp: everything the checkout
starts (`./kit test`, `./kit notebook`, nbclient in the tests) puts CHECKOUT/.kit/share/jupyter first on JUPYTER_PATH,
so two clones never re-point each other's notebooks. The user-wide kernelspec (what a plain `jupyter notebook` sees)
is installed by the first setup on a machine and then changed only when asked (`./kit kernelspec --user`).

  kernelspec.py name              the name the checkout's kernel is installed under (.net-csharp, or KIT_KERNEL_NAME)
  kernelspec.py data-dir          the checkout's Jupyter data folder (to put first on JUPYTER_PATH)
  kernelspec.py install DIR       installs DIR (kernel.json and resources) as the checkout's kernelspec; prints its folder
  kernelspec.py install-user DIR [--force]
                                  installs DIR user-wide, unless a kit kernelspec is already there (--force: replace
                                  it); under "kit-csharp" when another kernel holds .net-csharp; prints its folder
  kernelspec.py runs DLL          exits 0 when the checkout's kernelspec runs DLL, 1 otherwise
"""
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = REPO / ".kit" / "share" / "jupyter"
PREFERRED, FALLBACK = ".net-csharp", "kit-csharp"


def use_checkout_kernels():
    """Puts the checkout's Jupyter data folder first on JUPYTER_PATH for this process and the kernels it starts."""
    paths = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p and Path(p) != DATA_DIR]
    os.environ["JUPYTER_PATH"] = os.pathsep.join([str(DATA_DIR)] + paths)


use_checkout_kernels()
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel  # noqa: E402  (after JUPYTER_PATH is set)


def name():
    return os.environ.get("KIT_KERNEL_NAME") or PREFERRED


def checkout_spec_dir():
    return DATA_DIR / "kernels" / name()


def user_spec(kernel):
    """The user-wide spec of that name as (folder, is the kit's) or None; the checkout's own folder is not looked at."""
    manager = KernelSpecManager()
    manager.kernel_dirs = [d for d in manager.kernel_dirs if Path(d) != DATA_DIR / "kernels"]
    try:
        spec = manager.get_kernel_spec(kernel)
    except NoSuchKernel:
        return None
    return spec.resource_dir, "kit" in (spec.metadata or {})


def runs(dll):
    """Whether the checkout's kernelspec launches this kernel build."""
    try:
        spec = KernelSpecManager().get_kernel_spec(name())
    except NoSuchKernel:
        return False
    return ("kit" in (spec.metadata or {}) and Path(spec.resource_dir) == checkout_spec_dir()
            and os.path.realpath(dll) in [os.path.realpath(a) for a in spec.argv])


def install_user(source, force):
    preferred = user_spec(PREFERRED)
    chosen = PREFERRED if preferred is None or preferred[1] else FALLBACK
    existing = user_spec(chosen)
    if existing is not None and existing[1] and not force:
        print(f"note: the user-wide kernelspec {chosen} stays as it is ({existing[0]}); "
              "`./kit kernelspec --user` points it at this checkout", file=sys.stderr)
        return existing[0]
    return installed(KernelSpecManager().install_kernel_spec(source, kernel_name=chosen, user=True), chosen)


def installed(folder, kernel):
    """Records the name the spec was installed under in its env: chart outputs load plotly.js from the notebook
    server's /kernelspecs/NAME/plotly.min.js, a file of the spec's folder."""
    path = Path(folder) / "kernel.json"
    spec = json.loads(path.read_text())
    spec.setdefault("env", {})["KIT_KERNELSPEC"] = kernel
    path.write_text(json.dumps(spec, indent=2) + "\n")
    return folder


def main(argv):
    if argv[:1] == ["name"]:
        print(name())
    elif argv[:1] == ["data-dir"]:
        print(DATA_DIR)
    elif argv[:1] == ["runs"] and len(argv) == 2:
        return 0 if runs(argv[1]) else 1
    elif argv[:1] == ["install"] and len(argv) == 2:
        folder = KernelSpecManager().install_kernel_spec(argv[1], kernel_name=name(), prefix=str(REPO / ".kit"))
        print(installed(folder, name()))
    elif argv[:1] == ["install-user"] and len(argv) in (2, 3) and argv[2:] in ([], ["--force"]):
        print(install_user(argv[1], force=argv[2:] == ["--force"]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
