"""Kernelspec helper for the kit's C# kernel (Debian's jupyter-client ships no `jupyter kernelspec` command).

  kernelspec.py name          prints the name the kit's kernel installs under (or is installed under)
  kernelspec.py install DIR   installs DIR/kernel.json for the current user under that name; prints its folder
  kernelspec.py runs DLL      exits 0 when the installed kit kernel runs DLL, 1 when it runs another (or none is installed)

The name is ".net-csharp" unless a kernel that is not the kit's already holds it, then "kit-csharp". The kit's own
kernelspecs carry metadata.kit in kernel.json, which is how an earlier install of ours is told apart from, say, a
retired .NET Interactive install. KIT_KERNEL_NAME overrides the choice.
"""
import os
import sys

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

PREFERRED, FALLBACK = ".net-csharp", "kit-csharp"


def held_by_kit(name):
    """True/False for whose kernel holds the name, None when the name is free."""
    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        return None
    return "kit" in (spec.metadata or {})


def name():
    override = os.environ.get("KIT_KERNEL_NAME")
    if override:
        return override
    return PREFERRED if held_by_kit(PREFERRED) in (None, True) else FALLBACK


def runs(dll):
    """Whether the installed kit kernelspec launches this kernel build (another checkout may have installed its own)."""
    try:
        spec = KernelSpecManager().get_kernel_spec(name())
    except NoSuchKernel:
        return False
    return "kit" in (spec.metadata or {}) and os.path.realpath(dll) in [os.path.realpath(a) for a in spec.argv]


def main(argv):
    if argv[:1] == ["name"]:
        print(name())
    elif argv[:1] == ["runs"] and len(argv) == 2:
        return 0 if runs(argv[1]) else 1
    elif argv[:1] == ["install"] and len(argv) == 2:
        chosen = name()
        if chosen == FALLBACK:
            print(f"note: a different kernel already holds {PREFERRED}; installing the kit's kernel as {FALLBACK}",
                  file=sys.stderr)
        print(KernelSpecManager().install_kernel_spec(argv[1], kernel_name=chosen, user=True))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
