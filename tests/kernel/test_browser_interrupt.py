"""A person's session in classic Jupyter Notebook (headless Chromium, network unplugged), on a notebook outside the
checkout:

1. run a chart cell, then a training cell written the tour's way (Pretrainer.Run with a Progress<T> lambda that
   updates an output in place); press the toolbar's interrupt button while it trains, and once the cell shows it
   stopped, run `40 + 2`: the answer comes within 5 s of the press (the issue's bound; measured about 1 s here, most of it the page's
   round trip), and the training stopped: its log, its run folder and its progress output do not change afterwards;
2. clear every output, save, reload the page and run a chart cell: it draws (the kernel stores plotly.js again for the
   new page), and the kernel from before the reload still holds the cells' variables;
3. export the saved notebook with nbconvert and open the HTML from disk: every chart draws;
4. open a copy the notebook server does not trust: the charts' scripts are not run, and each chart says so;
5. open a trusted copy whose stored plotly.js output was removed: the charts load it from the notebook server
   (/kernelspecs/NAME/plotly.min.js, the kernelspec's folder) and draw.
"""
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

from browser import NotebookServer, chromium, close, external_requests, wait_for
from kit_kernel import REPO, artifacts, require_installed_kernel

KIT_DLL = REPO / "lib" / "Kit" / "bin" / "Release" / "net10.0" / "Kit.dll"
# Charts drawn: chart areas holding plotly's svg (each drawn chart has two svg.main-svg layers).
CHARTS = "return Array.from(document.querySelectorAll('.kit-plotly')).filter(e => e.querySelector('svg.main-svg')).length"


def code(source):
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}


def notebook(name, run_dir):
    return {
        "cells": [
            code('#r "Kit.dll"\nusing Kit.Pipeline;\nusing Kit.Data;\nusing Kit.Experiments;\nusing Kit.Masking;\n'
                 'using Kit.Targets;\nusing Kit.Training;\nKitSetup.Register();'),
            code('new Figure("before").Bar(["a", "b"], [1, 2])'),
            code(f"""var synth = ScaleData.SynthFor(Scale.Smoke);
var grid = new TokenGrid(Frames: 8, Height: synth.Size, Width: synth.Size, Tubelet: 2, Patch: synth.Size / 4);
var model = Kit.Model.ModelPresets.Get("cpu-tiny") with {{ Frames = grid.Frames, ImageSize = grid.Height, Patch = grid.Patch }};
var config = new PretrainConfig(model, new ComponentConfig("synthetic"), new ComponentConfig("pixel"), new ComponentConfig("tube"),
    Optim: new OptimizerConfig(BaseLr: 1e-2), Steps: 1000000, BatchSize: 2, Device: "cpu", LogEvery: 1, CheckpointEvery: 1000000);
var pixel = TargetRegistry.Create("pixel", new TargetContext(grid, 3, Stride: 2), "{{\\"Normalize\\": false}}");
var tube = MaskRegistry.Create("tube", "{{\\"Ratio\\": 0.75}}");
var source = Registries.Sources.Create(new ComponentConfig("synthetic", System.Text.Json.Nodes.JsonNode.Parse($"{{{{\\"videos\\": 8, \\"size\\": {{synth.Size}}, \\"frames\\": {{synth.Frames}}, \\"stride\\": 2}}}}")!.AsObject()),
    new ClipSourceRequest("train", TargetNeeds.None, grid, 0, Kit.Torch.Device.CPU, new ViewSpec(), false), "data");
var trainer = new Pretrainer(config, pixel, tube, source, "{run_dir}");
var status = display("starting");
var steps = new List<double>();
trainer.Run(progress: new Progress<TrainProgress>(p => {{ steps.Add(p.Step); status.Update($"training step {{p.Step}}"); }}));"""),
            code("40 + 2"),
            code('new Figure("after reload").Line([1, 2, 3], [3, 1, 2], "loss")'),
        ],
        "metadata": {"kernelspec": {"name": name, "display_name": ".NET (C#)", "language": "C#"},
                     "language_info": {"name": "C#"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


class InterruptReloadExport(unittest.TestCase):
    def setUp(self):
        name = require_installed_kernel()
        if not KIT_DLL.exists():
            raise unittest.SkipTest(f"{KIT_DLL} is not built: run ./kit setup")
        self.tmp = Path(tempfile.mkdtemp(prefix="kit-browser-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.run_dir = self.tmp / "run"
        self.path = self.tmp / "session.ipynb"
        self.path.write_text(json.dumps(notebook(name, self.run_dir)))
        self.server = NotebookServer(self.tmp, artifacts() / "browser-interrupt-server.log")
        self.addCleanup(self.server.stop)
        if not self.server.wait_until_up():
            self.fail("jupyter notebook did not start; see " + str(artifacts() / "browser-interrupt-server.log"))
        self.driver = chromium()
        self.addCleanup(close, self.driver)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def open(self, name):
        self.driver.get(self.server.url(f"notebooks/{name}"))
        wait_for(self.driver, "return window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && "
                              "Jupyter.notebook.kernel.is_connected()", 90)

    def output_text(self, index):
        return self.js("return Jupyter.notebook.get_cell(arguments[0]).output_area.element[0].innerText", index)

    def run_cells(self, *indices):
        self.js("Jupyter.notebook.execute_cells(arguments[0])", list(indices))

    def finished(self, index):
        return self.js("var c = Jupyter.notebook.get_cell(arguments[0]); "
                       "return typeof c.input_prompt_number == 'number'", index)

    def save(self):
        """Saves through the page and waits for the server's answer."""
        self.js("window.kitSaved = false; Jupyter.notebook.save_notebook().then(function () { window.kitSaved = true; });")
        wait_for(self.driver, "return window.kitSaved === true", 60)

    def run_log(self):
        files = sorted((p.relative_to(self.run_dir), p.stat().st_size) for p in self.run_dir.rglob("*") if p.is_file())
        return files

    def test_interrupt_stops_training_and_charts_survive_reload_export_and_distrust(self):
        driver = self.driver
        try:
            self.open(self.path.name)
            self.run_cells(0, 1)
            wait_for(driver, CHARTS + " >= 1", 120)
            self.assertTrue(self.finished(0), self.output_text(0))

            # 1. interrupt a training cell from the toolbar, then run the next cell (a queued one would be aborted:
            # an interrupted cell ends in an error, which stops Run All)
            self.run_cells(2)
            wait_for(driver, "return /training step [3-9]/.test(Jupyter.notebook.get_cell(2).output_area.element[0].innerText)", 120)
            pressed = time.monotonic()
            driver.find_element("css selector", 'button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]').click()
            wait_for(driver, "var c = Jupyter.notebook.get_cell(2); return typeof c.input_prompt_number == 'number'", 30)
            self.run_cells(3)
            wait_for(driver, "return Jupyter.notebook.get_cell(3).output_area.element[0].innerText.indexOf('42') >= 0", 30)
            answered = time.monotonic() - pressed
            print(f"\nbrowser: `40 + 2` answered {answered:.2f} s after the interrupt button", flush=True)
            self.assertLess(answered, 5.0)
            self.assertIn("Interrupted", self.output_text(2))
            progress, files = self.output_text(2), self.run_log()
            self.assertTrue(any(str(f) == "metrics.jsonl" for f, _ in files), files)
            time.sleep(3)
            self.assertEqual(self.output_text(2), progress, "the progress output changed after the interrupt")
            self.assertEqual(self.run_log(), files, "the run folder changed after the interrupt")
            self.assertEqual(external_requests(driver), [])

            # 2. clear, save, reload: a new chart draws, and the variables are still there
            self.js("Jupyter.notebook.clear_all_output();")
            self.save()
            self.js("window.onbeforeunload = null;")
            self.open(self.path.name)
            self.assertEqual(self.js(CHARTS), 0)
            self.run_cells(4)
            wait_for(driver, CHARTS + " >= 1", 60)
            self.js("Jupyter.notebook.insert_cell_at_bottom('code').set_text('steps.Count > 3'); "
                    "Jupyter.notebook.execute_cells([5]);")
            wait_for(driver, "return Jupyter.notebook.get_cell(5).output_area.element[0].innerText.indexOf('True') >= 0", 30)
            self.run_cells(1)
            wait_for(driver, CHARTS + " >= 2", 60)
            self.save()
        finally:
            driver.save_screenshot(str(artifacts() / "browser-interrupt.png"))

        # 3. the saved notebook exported to HTML, opened from disk
        saved = json.loads(self.path.read_text())
        stored = [o for c in saved["cells"] for o in c.get("outputs", [])
                  if "Plotly" in "".join(o.get("data", {}).get("text/html", "")) and "kit-plotly" not in "".join(o["data"]["text/html"])]
        self.assertEqual(len(stored), 1, "plotly.js stored once in the reloaded page's outputs")
        subprocess.run(["/usr/bin/jupyter", "nbconvert", "--to", "html", "--output-dir", str(self.tmp),
                        "--output", "exported", str(self.path)], check=True, capture_output=True, text=True)
        shutil.copy(self.tmp / "exported.html", artifacts() / "browser-interrupt-exported.html")
        driver.get((self.tmp / "exported.html").as_uri())
        wait_for(driver, CHARTS + " >= 2", 60)
        self.assertEqual(self.js("return document.querySelectorAll('.kit-plotly').length"), 2)
        self.assertEqual(self.js(CHARTS), 2)
        self.assertEqual(external_requests(driver), [])

        # 4. an untrusted copy (changed outside the notebook server, so its signature no longer matches)
        saved["metadata"]["edited_elsewhere"] = True
        (self.tmp / "untrusted.ipynb").write_text(json.dumps(saved))
        self.open("untrusted.ipynb")
        notes = self.js("return Array.from(document.querySelectorAll('.kit-plotly-note')).map(e => e.innerText)")
        self.assertEqual(len(notes), 2, notes)
        self.assertTrue(all("did not run" in n for n in notes), notes)
        self.assertEqual(self.js(CHARTS), 0)

        # 5. a trusted copy without the stored plotly.js
        import nbformat
        from nbformat.sign import NotebookNotary
        for cell in saved["cells"]:
            cell["outputs"] = [o for o in cell.get("outputs", []) if o not in stored]
        served = nbformat.reads(json.dumps(saved), as_version=4)
        NotebookNotary().sign(served)
        nbformat.write(served, self.tmp / "served.ipynb")
        self.open("served.ipynb")
        wait_for(driver, CHARTS + " >= 2", 60)
        loaded = self.js("return performance.getEntriesByType('resource').map(e => e.name)")
        self.assertTrue(any("/kernelspecs/" in u and u.endswith("/plotly.min.js") for u in loaded), loaded)
        self.assertEqual(external_requests(driver), [])


if __name__ == "__main__":
    unittest.main()
