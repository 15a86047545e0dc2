"""Interrupts reach the work and user callbacks cannot end the kernel.

- A training cell written the tour's way (Pretrainer.Run with a Progress<T> lambda, no token passed) stops at the
  interrupt: the reply comes within 2 s, no step is logged after it, the checkpoint is kept, the kernel answers next.
  Before, the checkpoint the kernel inserts into the lambda threw on a thread-pool thread and the process aborted.
- Runner.RunAsync (no token passed) stops the row it trains: no result is stored, the training log stops growing;
  rows finished before the interrupt are kept, and the next run reuses them.
- Exceptions thrown in a Progress<T> handler or on a thread the cell started are reported in that cell.

The 2 s bound is the issue's; measured on the 2-core machine: 0.07 s for the training cell, 0.22-0.36 s for the
runner (interrupt to reply), so it leaves 5x slack for a loaded machine.
"""
import tempfile
import time
import unittest
from pathlib import Path

from jupyter_client.manager import start_new_kernel

from kit_kernel import REPO, require_installed_kernel

KIT_DLL = REPO / "lib" / "Kit" / "bin" / "Release" / "net10.0" / "Kit.dll"
SETUP = """#r "Kit.dll"
using Kit.Experiments;
using Kit.Pipeline;
using Kit.Data;
using Kit.Masking;
using Kit.Targets;
using Kit.Training;
KitSetup.Register();"""

# The tour's pre-training cell, with more steps than it can finish and a log line per step.
TRAIN = """var synth = ScaleData.SynthFor(Scale.Smoke);
var grid = new TokenGrid(Frames: 8, Height: synth.Size, Width: synth.Size, Tubelet: 2, Patch: synth.Size / 4);
var model = Kit.Model.ModelPresets.Get("cpu-tiny") with { Frames = grid.Frames, ImageSize = grid.Height, Patch = grid.Patch };
var config = new PretrainConfig(model, new ComponentConfig("synthetic"), new ComponentConfig("pixel"), new ComponentConfig("tube"),
    Optim: new OptimizerConfig(BaseLr: 1e-2), Steps: 1000000, BatchSize: 2, Device: "cpu", LogEvery: 1, CheckpointEvery: 1000000);
var pixel = TargetRegistry.Create("pixel", new TargetContext(grid, 3, Stride: 2), "{\\"Normalize\\": false}");
var tube = MaskRegistry.Create("tube", "{\\"Ratio\\": 0.75}");
var source = Registries.Sources.Create(new ComponentConfig("synthetic", System.Text.Json.Nodes.JsonNode.Parse($"{{\\"videos\\": 8, \\"size\\": {synth.Size}, \\"frames\\": {synth.Frames}, \\"stride\\": 2}}")!.AsObject()),
    new ClipSourceRequest("train", TargetNeeds.None, grid, 0, Kit.Torch.Device.CPU, new ViewSpec(), false), "data");
var trainer = new Pretrainer(config, pixel, tube, source, RUN_DIR);
var losses = new List<double>();
trainer.Run(progress: new Progress<TrainProgress>(p => { losses.Add(p.Loss); Console.WriteLine($"step {p.Step}"); }));
"not reached when interrupted\""""


class Cancellation(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not KIT_DLL.exists():
            raise unittest.SkipTest(f"{KIT_DLL} not built")
        cls.km, cls.kc = start_new_kernel(kernel_name=require_installed_kernel())
        reply = cls.kc.execute_interactive(SETUP, timeout=120)
        assert reply["content"]["status"] == "ok", reply["content"]

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="kit-cancel-")
        self.addCleanup(self.tmp.cleanup)

    def run_until(self, code, started, timeout=180):
        """Sends code; returns its msg_id once a stream output of it satisfies started(text)."""
        msg_id = self.kc.execute(code)
        deadline = time.monotonic() + timeout
        while True:
            message = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            self.assertNotEqual(message["msg_type"], "error", message["content"])
            if message["msg_type"] == "stream" and started(message["content"]["text"]):
                return msg_id

    def interrupt(self, msg_id):
        """Interrupts and returns (reply content, seconds from the interrupt to the reply)."""
        started = time.monotonic()
        self.km.interrupt_kernel()
        while True:
            reply = self.kc.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"], time.monotonic() - started

    def outputs(self, msg_id, until, timeout=20):
        """iopub messages of msg_id until until(collected) holds or timeout passes."""
        collected = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not until(collected):
            try:
                message = self.kc.get_iopub_msg(timeout=0.2)
            except Exception:  # queue.Empty
                continue
            if message["parent_header"].get("msg_id") == msg_id:
                collected.append(message)
        return collected

    def options(self):
        """RunOptions with a store and a row executor of this test's own (the shared ~/.cache rows folder could be in
        use by a test run of another checkout training the same row)."""
        root = Path(self.tmp.name)
        return (f'new RunOptions(StoreDir: "{root / "store"}", '
                f'Executor: new TrainerRowExecutor("{root / "rows"}", "cpu"))')

    def assert_kernel_answers(self):
        started = time.monotonic()
        reply = self.kc.execute_interactive("40 + 2", output_hook=lambda message: None, timeout=30)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertLess(time.monotonic() - started, 5.0)

    def test_interrupting_training_with_a_progress_lambda_stops_it_and_keeps_the_kernel(self):
        run_dir = Path(self.tmp.name) / "pretrain"
        msg_id = self.run_until(TRAIN.replace("RUN_DIR", f'"{run_dir}"'), lambda text: "step 3" in text)
        reply, seconds = self.interrupt(msg_id)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "OperationCanceledException")
        self.assertLess(seconds, 2.0)
        logged = (run_dir / "metrics.jsonl").read_text().count("\n")
        self.assertGreaterEqual(logged, 3)
        time.sleep(2.0)
        self.assertEqual((run_dir / "metrics.jsonl").read_text().count("\n"), logged, "training went on after the reply")
        self.assertTrue((run_dir / "checkpoint.pt").exists(), "the interrupted run's checkpoint was not kept")
        self.assert_kernel_answers()
        # The cell's variables survive: the handler's list holds every logged step.
        count = self.kc.execute_interactive("losses.Count", output_hook=lambda message: None, timeout=30)
        self.assertEqual(count["content"]["status"], "ok")

    def test_interrupting_the_runner_stops_the_row_it_trains(self):
        store = Path(self.tmp.name) / "store"
        code = (f'var longSmoke = Scale.Smoke with {{ PretrainSteps = 1000000 }};\n'
                f'await Runner.RunAsync(Ablations.Get("mme-t5"), longSmoke, {self.options()}, '
                'progress: new Progress<RunProgress>(p => Console.WriteLine($"{p.Event} {p.Step?.Step}")));')
        msg_id = self.run_until(code, lambda text: "Step" in text)
        reply, seconds = self.interrupt(msg_id)
        self.assertEqual(reply["status"], "error")
        self.assertLess(seconds, 2.0)
        logs = list((Path(self.tmp.name) / "rows").rglob("metrics.jsonl"))
        self.assertTrue(logs, "no training log of the interrupted row")
        sizes = {p: p.stat().st_size for p in logs}
        time.sleep(2.0)
        self.assertEqual({p: p.stat().st_size for p in logs}, sizes, "a training log grew after the reply")
        self.assertEqual(list(store.glob("**/*.json")), [], "a row result was stored for an interrupted row")
        self.assert_kernel_answers()

    def test_rows_finished_before_the_interrupt_are_kept_and_reused(self):
        store = Path(self.tmp.name) / "store"
        # Reported synchronously (Progress<T> posts each report to the thread pool, in no fixed order).
        self.assertEqual(self.kc.execute_interactive(
            "class InOrder : IProgress<RunProgress> { public void Report(RunProgress p) => Console.WriteLine($\"{p.Event} {p.Row}\"); }",
            output_hook=lambda message: None, timeout=60)["content"]["status"], "ok")
        run = f'await Runner.RunAsync(Ablations.Get("mme-t5"), Scale.Smoke, {self.options()}, progress: new InOrder());'

        msg_id = self.run_until(run, lambda text: "Finished" in text)
        reply, seconds = self.interrupt(msg_id)
        self.assertEqual(reply["status"], "error")
        self.assertLess(seconds, 2.0)
        kept = list(store.rglob("*.json"))
        self.assertGreaterEqual(len(kept), 1, "the finished row was not kept")
        # Run again: the kept rows are reused (reported before the first row that has to train starts).
        seen = []
        msg_id = self.run_until(run, lambda text: seen.append(text) or "Started" in "".join(seen))
        self.interrupt(msg_id)
        self.assertEqual("".join(seen).split("Started")[0].count("Reused"), len(kept), "".join(seen))

    def test_exceptions_in_callbacks_on_other_threads_are_reported_in_their_cell(self):
        code = ('IProgress<int> progress = new Progress<int>(i => throw new InvalidOperationException($"handler failed {i}"));\n'
                'progress.Report(7);\n'
                'new Thread(() => throw new ArgumentException("thread failed")).Start();')
        msg_id = self.kc.execute(code)

        def stderr(messages):
            return "".join(m["content"]["text"] for m in messages
                           if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")

        seen = self.outputs(msg_id, lambda got: "handler failed 7" in stderr(got) and "thread failed" in stderr(got))
        self.assertIn("handler failed 7", stderr(seen))
        self.assertIn("thread failed", stderr(seen))
        self.assert_kernel_answers()


if __name__ == "__main__":
    unittest.main()
