"""Shared helpers for the kernel's Python tests: which kernelspec to test, where artifacts go, the sample notebook."""
import os
import signal
import subprocess
import sys
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SAMPLE = REPO / "notebooks" / "samples" / "display-tour.ipynb"


# A shell runs a background job (`cmd &`) with SIGINT ignored, and an ignored signal stays ignored across exec: every
# kernel these tests start would inherit it and never see the SIGINT the interrupt tests send (measured: the SIGINT
# test hung when `./kit test` ran in the background, and passed in the foreground). A handled signal is reset to the
# default in the child, so handling it here gives the kernels the default a user's terminal gives them.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

def kernel_name():
    """The installed kit kernel's name (.net-csharp, or kit-csharp when that name is taken by another kernel)."""
    return subprocess.check_output(
        [sys.executable, str(REPO / "tools" / "kernel" / "kernelspec.py"), "name"], text=True).strip()


def require_installed_kernel():
    """Skips (visibly) when setup-kernel.sh has not installed the kernel."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    name = kernel_name()
    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        raise unittest.SkipTest(f"kernelspec {name} not installed: run tools/kernel/setup-kernel.sh")
    if "kit" not in (spec.metadata or {}):
        raise unittest.SkipTest(f"kernelspec {name} is not the kit's kernel")
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
