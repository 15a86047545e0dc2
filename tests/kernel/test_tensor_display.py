"""A tensor as a cell's result shows its values the way PyTorch prints them, with shape, dtype and device (the issue:
`display(randn(3,4))` showed a property list: native handle, IsDisposed, mT...)."""
import unittest

from jupyter_client.manager import start_new_kernel

from kit_kernel import REPO, require_installed_kernel

KIT_DLL = REPO / "lib" / "Kit" / "bin" / "Release" / "net10.0" / "Kit.dll"


class TensorDisplay(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not KIT_DLL.exists():
            raise unittest.SkipTest(f"{KIT_DLL} not built")
        cls.km, cls.kc = start_new_kernel(kernel_name=require_installed_kernel())
        reply = cls.kc.execute_interactive('#r "Kit.dll"\nusing Kit.Torch;\nusing static Kit.Torch.torch;',
                                           output_hook=lambda message: None, timeout=120)
        assert reply["content"]["status"] == "ok", reply["content"]

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def shown(self, code):
        outputs = []
        reply = self.kc.execute_interactive(code, output_hook=outputs.append, timeout=60)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        return [m["content"]["data"] for m in outputs if m["msg_type"] in ("execute_result", "display_data")]

    def test_a_result_tensor_shows_values_shape_dtype_and_device(self):
        data = self.shown("arange(12, dtype: ScalarType.Float32).reshape(3, 4)")[0]
        self.assertEqual(data["text/plain"],
                         "tensor([[ 0.,  1.,  2.,  3.],\n        [ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]], "
                         "shape=[3, 4], dtype=float32, device=cpu)")
        self.assertIn("Tensor [3, 4] float32 on cpu", data["text/html"])
        self.assertNotIn("IsDisposed", data["text/html"])

    def test_display_of_a_large_tensor_elides_like_pytorch(self):
        data = self.shown("display(randn(300, 400));")[0]
        text = data["text/plain"]
        self.assertTrue(text.startswith("tensor([["), text)
        self.assertEqual(text.count("\n        ["), 5, text)   # the first 3 rows and the last 3
        self.assertIn(",\n        ...,\n", text)
        self.assertEqual(text.count(",  ...,"), 6, text)       # each row elided in the middle
        self.assertTrue(text.endswith("shape=[300, 400], dtype=float32, device=cpu)"), text)
        self.assertIn("120,000 values, edges shown", data["text/html"])


if __name__ == "__main__":
    unittest.main()
