"""`jupyter nbconvert --to notebook --execute` runs the sample notebook; the saved outputs are checked cell by cell."""
import json
import unittest

import nbformat

from kit_kernel import executed_sample


class SampleNotebookExecution(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.nb = nbformat.read(executed_sample(), as_version=4)
        cls.code = [c for c in cls.nb.cells if c.cell_type == "code"]

    def outputs(self, index):
        return self.code[index].outputs

    def test_execution_counts_follow_cells(self):
        self.assertEqual([c.execution_count for c in self.code], list(range(1, len(self.code) + 1)))

    def test_stdout_is_streamed(self):
        streams = [o for o in self.outputs(0) if o.output_type == "stream"]
        self.assertEqual("".join(o.text for o in streams if o.name == "stdout"), "hello from C#\n")

    def test_table_renders_as_html_with_text_alternative(self):
        result = next(o for o in self.outputs(1) if o.output_type == "execute_result")
        self.assertIn("<table", result.data["text/html"])
        self.assertIn("tube", result.data["text/html"])
        self.assertIn("masking", result.data["text/plain"])

    def test_chart_has_html_plotly_json_and_text(self):
        result = next(o for o in self.outputs(2) if o.output_type == "execute_result")
        html = result.data["text/html"]
        self.assertIn("Plotly.newPlot", html)
        self.assertIn("window.Plotly", html)
        figure = result.data["application/vnd.plotly.v1+json"]
        self.assertEqual([t["type"] for t in figure["data"]], ["bar", "bar"])
        self.assertEqual(figure["layout"]["barmode"], "group")
        self.assertEqual(figure["data"][0]["error_y"]["array"], [0.4, 0.6])
        self.assertEqual(figure["layout"]["title"], {"text": "Top-1 by masking strategy"})
        self.assertTrue(result.data["text/plain"].startswith("Figure"))

    def test_plotly_is_stored_once_before_the_first_chart(self):
        library = [o for o in self.outputs(2) if o.output_type == "display_data"]
        self.assertEqual(len(library), 1, "plotly.js goes in an output of its own before the first chart")
        self.assertGreater(len(library[0].data["text/html"]), 1_000_000)
        charts = [o.data["text/html"] for cell in (2, 6) for o in self.outputs(cell) if o.output_type == "execute_result"]
        self.assertEqual(len(charts), 2)
        self.assertTrue(all(len(html) < 100_000 for html in charts), "charts reuse the stored copy")
        stored = [o for cell in range(len(self.code)) for o in self.outputs(cell)
                  if len(o.get("data", {}).get("text/html", "")) > 1_000_000]
        self.assertEqual(len(stored), 1, "one copy in the whole notebook")

    def test_nan_is_written_as_null(self):
        figure = next(o for o in self.outputs(6) if o.output_type == "execute_result").data["application/vnd.plotly.v1+json"]
        self.assertEqual(figure["data"][0]["y"], [1.0, None, 0.5])

    def test_error_cell_reports_the_exception(self):
        errors = [o for o in self.outputs(3) if o.output_type == "error"]
        self.assertEqual(len(errors), 1)
        self.assertEqual(errors[0].ename, "InvalidOperationException")
        self.assertEqual(errors[0].evalue, "this cell fails on purpose")
        self.assertTrue(any("Cell[4]" in line for line in errors[0].traceback), errors[0].traceback)

    def test_updated_display_keeps_only_the_last_value(self):
        displays = [o for o in self.outputs(4) if o.output_type == "display_data"]
        self.assertEqual(len(displays), 1)
        self.assertEqual(displays[0].data["text/plain"], "step 3")

    def test_progress_bar_ends_complete(self):
        displays = [o for o in self.outputs(5) if o.output_type == "display_data"]
        self.assertEqual(len(displays), 1)
        self.assertIn("20/20", displays[0].data["text/plain"])
        self.assertIn("<progress", displays[0].data["text/html"])
