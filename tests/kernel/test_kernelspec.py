"""Each checkout runs its own kernel: the checkout's kernelspec comes first on JUPYTER_PATH, and setup never re-points
the user-wide kernelspec of another checkout unless asked (`./kit kernelspec --user`)."""
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from kit_kernel import REPO, kernelspec, require_installed_kernel

HELPER = REPO / "tools" / "kernel" / "kernelspec.py"
DLL = REPO / "lib" / "Kit.Kernel" / "bin" / "Release" / "net10.0" / "kit-kernel.dll"


def spec_folder(root, name, dll):
    folder = Path(root) / name
    folder.mkdir(parents=True)
    (folder / "kernel.json").write_text(json.dumps({
        "argv": ["dotnet", str(dll), "{connection_file}"], "display_name": ".NET (C#)", "language": "C#",
        "metadata": {"kit": {"kernel": "kit-csharp"}}}))
    return folder


class KernelspecOfThisCheckout(unittest.TestCase):
    def setUp(self):
        # A user-wide data folder of our own, holding the kit kernelspec of "another checkout".
        self.home = tempfile.TemporaryDirectory()
        self.addCleanup(self.home.cleanup)
        self.other = spec_folder(Path(self.home.name) / "kernels", ".net-csharp", "/elsewhere/kit-kernel.dll")
        self.env = {k: v for k, v in os.environ.items() if k != "JUPYTER_PATH"}
        self.env["JUPYTER_DATA_DIR"] = self.home.name

    def helper(self, *args):
        return subprocess.run([sys.executable, str(HELPER), *args], env=self.env, capture_output=True, text=True)

    def test_the_checkouts_kernel_wins_over_another_checkouts_user_wide_one(self):
        require_installed_kernel()
        self.assertEqual(self.helper("runs", str(DLL)).returncode, 0)
        self.assertEqual(self.helper("runs", "/elsewhere/kit-kernel.dll").returncode, 1)

    def test_setup_leaves_another_checkouts_user_wide_kernelspec_alone_unless_asked(self):
        source = spec_folder(Path(self.home.name) / "source", "spec", DLL)
        kept = self.helper("install-user", str(source))
        self.assertEqual(kept.returncode, 0, kept.stderr)
        self.assertIn("/elsewhere/", (self.other / "kernel.json").read_text())
        forced = self.helper("install-user", str(source), "--force")
        self.assertEqual(forced.returncode, 0, forced.stderr)
        installed = json.loads((self.other / "kernel.json").read_text())
        self.assertEqual(installed["argv"][1], str(DLL))
        self.assertEqual(installed["env"]["KIT_KERNELSPEC"], ".net-csharp")

    def test_the_installed_spec_serves_plotly_and_names_the_checkout(self):
        require_installed_kernel()
        folder = kernelspec.checkout_spec_dir()
        self.assertTrue((folder / "plotly.min.js").is_file())
        env = json.loads((folder / "kernel.json").read_text())["env"]
        self.assertEqual(env["KIT_ROOT"], str(REPO))
        self.assertEqual(env["KIT_KERNELSPEC"], kernelspec.name())


if __name__ == "__main__":
    unittest.main()
