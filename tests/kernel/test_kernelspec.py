"""The installed kernelspec runs this checkout's kernel (`./kit test` reinstalls it when another checkout took it)."""
import subprocess
import sys
import unittest

from kit_kernel import REPO, require_installed_kernel

HELPER = REPO / "tools" / "kernel" / "kernelspec.py"
DLL = REPO / "lib" / "Kit.Kernel" / "bin" / "Release" / "net10.0" / "kit-kernel.dll"


class KernelspecOfThisCheckout(unittest.TestCase):
    def runs(self, dll):
        return subprocess.run([sys.executable, str(HELPER), "runs", str(dll)], check=False).returncode

    def test_the_installed_kernel_is_this_checkouts_build(self):
        require_installed_kernel()
        self.assertEqual(self.runs(DLL), 0)

    def test_another_build_is_told_apart(self):
        require_installed_kernel()
        self.assertEqual(self.runs(REPO / "elsewhere" / "kit-kernel.dll"), 1)


if __name__ == "__main__":
    unittest.main()
