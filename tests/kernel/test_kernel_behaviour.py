"""Kernel behaviour beyond the conformance suite: interrupts, native output capture, signatures, NuGet errors."""
import json
import os
import signal
import time
import unittest

import zmq
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

from kit_kernel import require_installed_kernel


class KernelBehaviour(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=require_installed_kernel())

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def execute(self, code, timeout=30):
        outputs = []
        reply = self.kc.execute_interactive(code, output_hook=outputs.append, timeout=timeout)
        return reply["content"], [m for m in outputs if m["msg_type"] != "status"]

    def interrupt_while_running(self, code, interrupt):
        """Runs code, interrupts it once it is running (its first output seen), returns the reply and the seconds taken.

        Waiting for the cell's own output, not a fixed sleep, keeps a slow start (a cold machine compiling the cell)
        from sending the interrupt before the cell runs, when there is nothing to interrupt yet."""
        msg_id = self.kc.execute('Console.WriteLine("cell started");\n' + code)
        deadline = time.monotonic() + 60
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                    and "cell started" in msg["content"]["text"]):
                break
        time.sleep(0.5)
        started = time.monotonic()
        interrupt()
        while True:
            reply = self.kc.get_shell_msg(timeout=10)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        return reply["content"], time.monotonic() - started

    def test_interrupt_message_stops_a_plain_infinite_loop_within_2_s(self):
        reply, elapsed = self.interrupt_while_running("while (true) { }", self.km.interrupt_kernel)
        self.assertEqual(reply["status"], "error")
        self.assertLess(elapsed, 2.0)
        self.assertEqual(self.execute("40 + 2")[0]["status"], "ok")

    def test_sigint_stops_a_loop_in_a_method_within_2_s(self):
        code = "long Spin() { long n = 0; for (;;) n++; }\nSpin()"
        reply, elapsed = self.interrupt_while_running(code, lambda: self.km.signal_kernel(signal.SIGINT))
        self.assertEqual(reply["status"], "error")
        self.assertLess(elapsed, 2.0)
        self.assertEqual(self.execute("1")[0]["status"], "ok")

    def test_blocking_call_is_abandoned_and_state_survives(self):
        self.execute("var survivor = 7;")
        reply, elapsed = self.interrupt_while_running("Thread.Sleep(60_000);", self.km.interrupt_kernel)
        self.assertEqual(reply["status"], "error")
        self.assertLess(elapsed, 2.0)
        reply, outputs = self.execute("survivor")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "7")

    def test_cell_token_is_visible_to_user_code(self):
        code = "var seen = false; try { while (!Cell.Token.IsCancellationRequested) Thread.Sleep(10); seen = true; } catch (OperationCanceledException) { seen = true; }"
        self.interrupt_while_running(code, self.km.interrupt_kernel)
        _, outputs = self.execute("seen")
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "True")

    def test_native_stdout_is_captured_in_order(self):
        code = ('[System.Runtime.InteropServices.DllImport("libc")] static extern int puts(string s);\n'
                'Console.WriteLine("managed 1"); puts("native 2"); Console.WriteLine("managed 3");')
        reply, outputs = self.execute(code)
        self.assertEqual(reply["status"], "ok")
        text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
        self.assertEqual(text, "managed 1\nnative 2\nmanaged 3\n")

    def test_stdout_and_stderr_keep_the_order_they_were_written_in(self):
        code = 'for (var i = 0; i < 30; i++) { Console.Out.Write($"o{i} "); Console.Error.Write($"e{i} "); }'
        reply, outputs = self.execute(code)
        self.assertEqual(reply["status"], "ok")
        tokens = [(m["content"]["name"], token) for m in outputs if m["msg_type"] == "stream"
                  for token in m["content"]["text"].split()]
        expected = [pair for i in range(30) for pair in (("stdout", f"o{i}"), ("stderr", f"e{i}"))]
        self.assertEqual(tokens, expected)

    def test_state_carries_across_cells_and_errors_count(self):
        first, _ = self.execute("var carried = 20;")
        failed, _ = self.execute("undefinedName")
        after, outputs = self.execute("carried + 1")
        self.assertEqual(failed["status"], "error")
        self.assertEqual(failed["ename"], "CompilationError")
        self.assertEqual(after["execution_count"], first["execution_count"] + 2)
        self.assertEqual(outputs[-1]["content"]["execution_count"], after["execution_count"])
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "21")

    def test_unavailable_nuget_package_gives_a_clear_error(self):
        reply, _ = self.execute('#r "nuget:Kit.Package.That.Does.Not.Exist, 9.9.9"', timeout=180)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "NuGetRestoreError")
        self.assertIn("Kit.Package.That.Does.Not.Exist", reply["evalue"])

    def test_badly_signed_message_is_rejected_and_kernel_goes_on(self):
        info = self.km.get_connection_info()
        forged = Session(key=b"not-the-key", signature_scheme="hmac-sha256")
        context = zmq.Context.instance()
        socket = context.socket(zmq.DEALER)
        socket.linger = 0
        socket.connect(f"tcp://{info['ip']}:{info['shell_port']}")
        try:
            forged.send(socket, "execute_request", {"code": "1", "silent": False, "store_history": True,
                                                   "user_expressions": {}, "allow_stdin": False})
            self.assertEqual(socket.poll(1500), 0, "the kernel answered a badly signed request")
        finally:
            socket.close()
        self.assertEqual(self.execute("2")[0]["status"], "ok")

    def test_user_expressions_are_evaluated(self):
        self.execute("var ue = 6;")
        msg_id = self.kc.execute("", user_expressions={"double": "ue * 2"})
        reply = self.kc.get_shell_msg(timeout=30)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["user_expressions"]["double"]["data"]["text/plain"], "12")

    def test_complete_counts_code_points(self):
        code = 'var s = "\U0001F600"; Console.WriteL'
        msg_id = self.kc.complete(code)
        reply = self.kc.get_shell_msg(timeout=30)
        self.assertEqual(reply["content"]["matches"], ["WriteLine"])
        self.assertEqual(reply["content"]["cursor_end"], len(code))
        self.assertEqual(reply["content"]["cursor_start"], len(code) - len("WriteL"))
