"""The kernel retains nothing per execution: 1,000 runs of `1+1` after warm-up, measured after a full GC in the kernel.

Uses the benchmark's own measurement (tools/kernel/bench_kernel.py): warm-up until the GC's committed memory and the
JIT have settled, then snapshots right after a forced, compacting GC. What is asserted is what stays stable on a
shared 2-core machine:
- the managed heap that survives a full GC, to 0.1 MiB (a cell that re-parsed its text grew it by 0.25 MiB);
- the thread count (a thread per cell, or one left behind, shows here);
- the resident set size less the GC's committed memory (native heap, JIT code, thread stacks), to 3 MiB. RSS itself
  moves by a few MiB either way as the GC commits and decommits its allocation budget, so it is reported, not asserted.
"""
import sys
import unittest

from jupyter_client.manager import start_new_kernel

from kit_kernel import REPO, require_installed_kernel

sys.path.insert(0, str(REPO / "tools" / "kernel"))
import bench_kernel  # noqa: E402  (tools/kernel is not a package)


class KernelMemory(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=require_installed_kernel())
        cls.growth = bench_kernel.memory_growth(cls.kc, cls.km.provisioner.process.pid, runs=1000)
        warm, after = cls.growth["after_warm_up"], cls.growth["after_runs"]
        print(f"\nkernel memory after {cls.growth['warm_up_runs']} warm-up runs -> after 1000 more: "
              + ", ".join(f"{key} {warm[key]:.2f} -> {after[key]:.2f}" for key in warm), file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def change(self, key):
        return self.growth["after_runs"][key] - self.growth["after_warm_up"][key]

    def test_managed_heap_after_full_gc_does_not_grow(self):
        self.assertLess(self.change("managed_heap_mib"), 0.1)

    def test_thread_count_is_unchanged(self):
        self.assertEqual(self.change("threads"), 0)

    def test_native_memory_does_not_grow(self):
        native = self.change("rss_mib") - self.change("gc_committed_mib")
        self.assertLess(native, 3.0)


if __name__ == "__main__":
    unittest.main()
