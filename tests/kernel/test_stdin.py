"""Console input: Console.ReadLine in a cell asks the frontend over the stdin channel (input_request/input_reply)
when the execute_request allows stdin, fails with a clear error when it does not, and an interrupt ends the wait."""
import time
import unittest

from jupyter_client.manager import start_new_kernel

from kit_kernel import require_installed_kernel


class KernelStdin(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=require_installed_kernel())

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def finish(self, msg_id, timeout=30):
        """The execute_reply of msg_id and its iopub outputs (status messages left out). Replies to other requests
        (a late one of an earlier test, on a loaded machine) are skipped, never taken for this one."""
        while True:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        outputs = []
        while True:
            message = self.kc.get_iopub_msg(timeout=timeout)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "status":
                if message["content"]["execution_state"] == "idle":
                    return reply["content"], outputs
                continue
            outputs.append(message)

    def input_request(self, msg_id, timeout=30):
        """The next input_request of msg_id; stdin messages of other requests are skipped."""
        deadline = time.monotonic() + timeout
        while True:
            request = self.kc.get_stdin_msg(timeout=max(0.1, deadline - time.monotonic()))
            if request["parent_header"].get("msg_id") == msg_id:
                self.assertEqual(request["msg_type"], "input_request")
                return request

    def test_readline_asks_the_frontend_and_returns_its_answer(self):
        code = 'Console.Write("name? "); var name = Console.ReadLine(); var ch = (char)Console.Read(); $"hello {name} {ch}"'
        msg_id = self.kc.execute(code, allow_stdin=True)
        answers = ["kit", "xy"]
        for answer in answers:
            request = self.input_request(msg_id)
            self.assertEqual(request["content"], {"prompt": "", "password": False})
            self.kc.input(answer)
        reply, outputs = self.finish(msg_id)
        self.assertEqual(reply["status"], "ok", reply)
        stdout = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        self.assertEqual(stdout, "name? ")
        result = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(result[0]["content"]["data"]["text/plain"], "hello kit x")

    def test_readline_where_the_frontend_disallows_stdin_is_a_clear_error(self):
        msg_id = self.kc.execute("Console.ReadLine()", allow_stdin=False)
        reply, _ = self.finish(msg_id)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "StdinNotAllowedException")
        self.assertIn("allow_stdin = false", reply["evalue"])

    def test_interrupt_ends_the_wait_for_input(self):
        msg_id = self.kc.execute("Console.ReadLine()", allow_stdin=True)
        self.input_request(msg_id)
        started = time.monotonic()
        self.km.interrupt_kernel()
        reply, _ = self.finish(msg_id)
        self.assertEqual(reply["status"], "error")
        self.assertLess(time.monotonic() - started, 2.0)
        after, outputs = self.finish(self.kc.execute("40 + 2", allow_stdin=True))
        self.assertEqual(after["status"], "ok")
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "42")


if __name__ == "__main__":
    unittest.main()
