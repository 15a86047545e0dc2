"""Shared helpers for the kernel's Python tests: which kernelspec to test, where artifacts go, the sample notebook."""
import os
import signal
import subprocess
import sys
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools" / "kernel"))
import kernelspec  # noqa: E402  (puts this checkout's kernelspec first on JUPYTER_PATH, for every kernel started here)

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SAMPLE = REPO / "notebooks" / "samples" / "display-tour.ipynb"


# A shell runs a background job (`cmd &`) with SIGINT ignored, and an ignored signal stays ignored across exec: every
# kernel these tests start would inherit it and never see the SIGINT the interrupt tests send (measured: the SIGINT
# test hung when `./kit test` ran in the background, and passed in the foreground). A handled signal is reset to the
# default in the child, so handling it here gives the kernels the default a user's terminal gives them.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

def kernel_name():
    """The name of this checkout's kit kernelspec (.net-csharp unless KIT_KERNEL_NAME says otherwise)."""
    return kernelspec.name()


def require_installed_kernel():
    """This checkout's kernelspec name; skips (visibly) when setup-kernel.sh has not installed it."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    name = kernel_name()
    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        raise unittest.SkipTest(f"kernelspec {name} not installed: run tools/kernel/setup-kernel.sh")
    if Path(spec.resource_dir) != kernelspec.checkout_spec_dir():
        raise unittest.SkipTest(f"kernelspec {name} resolves to {spec.resource_dir}, not this checkout's: run tools/kernel/setup-kernel.sh")
    return name


def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def executed_sample():
    """Executes the sample notebook once per test run with nbconvert and returns the path of the executed copy."""
    out = artifacts() / "display-tour.executed.ipynb"
    if not out.exists():
        name = require_installed_kernel()
        subprocess.run(
            ["/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute",
             f"--ExecutePreprocessor.kernel_name={name}", "--ExecutePreprocessor.timeout=120",
             "--output-dir", str(out.parent), "--output", out.stem, str(SAMPLE)],
            check=True, capture_output=True, text=True)
    return out
