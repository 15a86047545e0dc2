"""Shift+Tab (inspect_request) as an IDE's signature help: inside a call's parentheses the overloads of the method
being called, its summary and the parameter being typed; and the kit's own XML documentation (Kit.xml, built beside
Kit.dll and attached to `#r "Kit.dll"`)."""
import unittest

from jupyter_client.manager import start_new_kernel

from kit_kernel import REPO, require_installed_kernel

KIT_DLL = REPO / "lib" / "Kit" / "bin" / "Release" / "net10.0" / "Kit.dll"


class Inspect(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=require_installed_kernel())

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def inspect(self, code, cursor=None):
        msg_id = self.kc.inspect(code, len(code) if cursor is None else cursor)
        while True:
            reply = self.kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]

    def test_just_after_the_open_parenthesis_shows_the_overloads_and_summary(self):
        reply = self.inspect("Console.WriteLine(")
        self.assertTrue(reply["found"])
        text = reply["data"]["text/plain"]
        self.assertIn("Console.WriteLine(string", text)
        self.assertIn("Console.WriteLine(int", text)
        self.assertIn("standard output", text)

    def test_inside_the_arguments_the_parameter_being_typed_is_named(self):
        text = self.inspect("Math.Clamp(5, 0, )", cursor=len("Math.Clamp(5, 0, "))["data"]["text/plain"]
        self.assertIn("Math.Clamp(", text)
        self.assertIn("max:", text)

    def test_constructors_are_shown_inside_new(self):
        text = self.inspect("new StringBuilder(")["data"]["text/plain"]
        self.assertIn("StringBuilder(int capacity)", text)

    def test_the_kits_own_documentation_is_shown(self):
        if not KIT_DLL.exists():
            self.skipTest(f"{KIT_DLL} not built")
        reply = self.kc.execute_interactive('#r "Kit.dll"', output_hook=lambda message: None, timeout=120)
        self.assertEqual(reply["content"]["status"], "ok")
        text = self.inspect("Kit.Experiments.Runner.RunAsync(")["data"]["text/plain"]
        self.assertIn("Runs (or loads) the table's rows and returns the aggregated results.", text)
        self.assertIn("table:", text)


if __name__ == "__main__":
    unittest.main()
