"""Classic Jupyter Notebook on 127.0.0.1 in headless Chromium, network unplugged: run all cells of the sample notebook
and find the chart drawn by plotly.js (an svg). A screenshot is saved under tests/kernel/artifacts."""
import json
import shutil
import unittest

from browser import chromium, close, external_requests, run_all, serve, wait_for
from kit_kernel import SAMPLE, artifacts, require_installed_kernel


class NotebookInBrowser(unittest.TestCase):
    def setUp(self):
        name = require_installed_kernel()
        self.dir = artifacts() / "browser"
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir()
        notebook = json.loads(SAMPLE.read_text())
        notebook["metadata"]["kernelspec"]["name"] = name
        (self.dir / SAMPLE.name).write_text(json.dumps(notebook))
        self.server = serve(self, self.dir, self.dir / "server.log")
        self.driver = chromium()
        self.addCleanup(close, self.driver)

    def test_run_all_renders_the_plotly_chart_offline(self):
        driver = self.driver
        run_all(driver, self.server.url(f"notebooks/{SAMPLE.name}"))
        try:
            wait_for(driver, "return document.querySelectorAll('.kit-plotly svg.main-svg').length > 0", 90)
        finally:
            driver.save_screenshot(str(artifacts() / "browser-notebook.png"))
        self.assertIn("<table", driver.execute_script("return document.querySelector('.output_area table') ? document.querySelector('.output_area table').outerHTML : ''"))
        bars = driver.execute_script("return document.querySelectorAll('.kit-plotly g.point').length")
        self.assertGreaterEqual(bars, 4, "two series of two bars")
        self.assertEqual(external_requests(driver), [])
