"""The .NET data-science packages in a notebook, through this checkout's kernel: one cell restores Microsoft.Data.Analysis
and Plotly.NET.CSharp with `#r "nuget: ..."`, builds a DataFrame and displays it; the next displays a Plotly.NET chart of
its column. Executed by nbclient, the saved outputs must hold the HTML table with the frame's values, and the chart's
figure JSON and HTML drawn by the kit's pinned plotly.js (stored in the notebook, no CDN `<script src=`). In classic
Jupyter Notebook in headless Chromium with the network unplugged, the chart must draw (an svg.main-svg) and the table's
rows must be visible. The first run restores the packages into the kernel's NuGet cache (KIT_KERNEL_CACHE), which can
take minutes."""
import json
import re
import shutil
import unittest

import nbformat

from kit_kernel import REPO, artifacts, require_installed_kernel

MASKS = ["tube", "random", "motion_guided"]
TOP1 = [61.25, 58.5, 63.75]

FRAME_CELL = f"""#r "nuget: Microsoft.Data.Analysis, 0.24.0"
#r "nuget: Plotly.NET.CSharp, 0.14.0"
using Microsoft.Data.Analysis;
var frame = new DataFrame(
    new StringDataFrameColumn("mask", new[] {{ {", ".join(json.dumps(m) for m in MASKS)} }}),
    new DoubleDataFrameColumn("top1", new double[] {{ {", ".join(str(v) for v in TOP1)} }}));
display(frame);"""

CHART_CELL = """var top1 = ((DoubleDataFrameColumn)frame["top1"]).Select(v => v!.Value).ToArray();
Plotly.NET.CSharp.Chart.Line<int, double, string>(x: new[] { 1, 2, 3 }, y: top1, Name: "top-1")"""

CDN_SCRIPT = re.compile(r"<script[^>]*\ssrc=", re.IGNORECASE)


def notebook(kernel):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": ".NET (C#)", "language": "C#"}
    nb.metadata["language_info"] = {"name": "C#"}
    nb.cells = [nbformat.v4.new_code_cell(FRAME_CELL), nbformat.v4.new_code_cell(CHART_CELL)]
    return nb


def pinned_plotly():
    """The kernelspec's plotly.js file (KIT_PLOTLY_JS in its env) and the version package-lock.json pins for it."""
    from jupyter_client.kernelspec import KernelSpecManager
    spec = KernelSpecManager().get_kernel_spec(require_installed_kernel())
    path = spec.env.get("KIT_PLOTLY_JS") or str(REPO / "node_modules" / "plotly.js-cartesian-dist-min" / "plotly-cartesian.min.js")
    lock = json.loads((REPO / "package-lock.json").read_text())
    return path, lock["packages"]["node_modules/plotly.js-cartesian-dist-min"]["version"]


class DataFrameAndPlotlyNetThroughTheKernel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import nbclient
        name = require_installed_kernel()
        cls.nb = notebook(name)
        # Restoring two packages (and their dependencies) can take minutes the first time.
        nbclient.NotebookClient(cls.nb, kernel_name=name, timeout=900, allow_errors=False).execute()
        nbformat.write(cls.nb, artifacts() / "dataframe-plotly-net.executed.ipynb")
        cls.frame_outputs, cls.chart_outputs = (cell.outputs for cell in cls.nb.cells)

    def test_dataframe_displays_as_an_html_table_with_its_values(self):
        displays = [o for o in self.frame_outputs if o.output_type == "display_data"]
        self.assertEqual(len(displays), 1, self.frame_outputs)
        html = displays[0].data["text/html"]
        self.assertIn("<table", html)
        self.assertIn('class="kit-frame"', html)
        for column in ["mask", "top1"]:
            self.assertIn(f">{column}</th>", html)
        for mask, value in zip(MASKS, TOP1):
            self.assertIn(f">{mask}</td>", html)
            self.assertIn(f">{value:g}</td>", html)
        self.assertTrue(displays[0].data["text/plain"].startswith("DataFrame: 3 rows x 2 columns"), displays[0].data["text/plain"])

    def test_chart_carries_the_figure_json_of_the_frames_column(self):
        result = next(o for o in self.chart_outputs if o.output_type == "execute_result")
        figure = result.data["application/vnd.plotly.v1+json"]
        self.assertEqual(figure["data"][0]["type"], "scatter")
        self.assertEqual(figure["data"][0]["name"], "top-1")
        self.assertEqual(figure["data"][0]["y"], TOP1)
        self.assertEqual(figure["data"][0]["x"], [1, 2, 3])

    def test_chart_html_draws_with_the_pinned_plotly_js_and_no_cdn(self):
        result = next(o for o in self.chart_outputs if o.output_type == "execute_result")
        html = result.data["text/html"]
        self.assertIn("Plotly.newPlot(", html)
        self.assertIsNone(CDN_SCRIPT.search(html), "a <script src=...> would need the network")
        self.assertNotIn("cdn.plot.ly", html)
        self.assertNotIn("require.config", html)
        # The bundle is stored once, in an output of its own before the chart: the file the kernelspec names, whose
        # version is the one package-lock.json pins.
        path, version = pinned_plotly()
        library = [o for o in self.chart_outputs if o.output_type == "display_data"]
        self.assertEqual(len(library), 1, "plotly.js goes in one output of its own before the first chart")
        stored = library[0].data["text/html"]
        self.assertIsNone(CDN_SCRIPT.search(stored))
        bundle = open(path, encoding="utf-8").read()
        self.assertIn(bundle, stored)
        self.assertIn(f"v{version}", bundle[:300], f"{path} is not the pinned plotly.js {version}")
        every = [o for cell in self.nb.cells for o in cell.outputs]
        self.assertEqual(sum(bundle in o.get("data", {}).get("text/html", "") for o in every), 1, "one copy in the notebook")


class DataFrameAndPlotlyNetInBrowser(unittest.TestCase):
    """Run all in classic Jupyter Notebook, Chromium offline; screenshot tests/kernel/artifacts/browser-dataframe-plotly-net.png."""

    def setUp(self):
        from browser import chromium, close, serve
        name = require_installed_kernel()
        self.dir = artifacts() / "browser-dataframe-plotly-net"
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir()
        nbformat.write(notebook(name), self.dir / "frame-and-chart.ipynb")
        self.server = serve(self, self.dir, self.dir / "server.log")
        self.driver = chromium()
        self.addCleanup(close, self.driver)

    def test_frame_rows_are_visible_and_the_chart_draws_offline(self):
        from browser import external_requests, run_all, wait_for
        driver = self.driver
        run_all(driver, self.server.url("notebooks/frame-and-chart.ipynb"))
        done = ("return Jupyter.notebook.get_cells().every(c => typeof c.input_prompt_number == 'number')"
                " && document.querySelectorAll('svg.main-svg').length > 0")
        try:
            wait_for(driver, done, 900)
        finally:
            driver.save_screenshot(str(artifacts() / "browser-dataframe-plotly-net.png"))
        self.assertEqual(driver.execute_script("return document.querySelectorAll('.output_error').length"), 0,
                         driver.execute_script("var e = document.querySelector('.output_error'); return e ? e.innerText : ''"))
        rows = driver.execute_script(
            "return [...document.querySelectorAll('.output_area .kit-frame table tbody tr')]"
            ".filter(r => r.getBoundingClientRect().height > 0 && getComputedStyle(r).visibility != 'hidden')"
            ".map(r => [...r.querySelectorAll('td')].map(td => td.innerText.trim()))")
        self.assertEqual(len(rows), len(MASKS), rows)
        for row, mask, value in zip(rows, MASKS, TOP1):
            self.assertIn(mask, row)
            self.assertIn(f"{value:g}", row)
        self.assertGreaterEqual(driver.execute_script("return document.querySelectorAll('.kit-plotly svg.main-svg').length"), 1)
        # The line's three points were drawn by plotly.js: a trace path in the plot area.
        self.assertGreaterEqual(driver.execute_script("return document.querySelectorAll('.kit-plotly g.trace.scatter path.js-line').length"), 1)
        self.assertEqual(external_requests(driver), [])


if __name__ == "__main__":
    unittest.main()
