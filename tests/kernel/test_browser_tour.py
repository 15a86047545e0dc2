"""Notebook 00 (the guided tour) in classic Jupyter Notebook, headless Chromium, network unplugged: run all cells at
smoke scale from the notebooks folder (where its `../runs` results folder is the checkout's), and check every cell ran
without an error and the charts were drawn by plotly.js. Screenshot: tests/kernel/artifacts/browser-tour.png."""
import json
import os
import unittest

from browser import chromium, close, external_requests, run_all, serve, wait_for
from kit_kernel import REPO, artifacts, require_installed_kernel

TOUR = REPO / "notebooks" / "00-tour.ipynb"
KIT_DLL = REPO / "lib" / "Kit" / "bin" / "Release" / "net10.0" / "Kit.dll"


class TourInBrowser(unittest.TestCase):
    def setUp(self):
        name = require_installed_kernel()
        if not KIT_DLL.exists():
            raise unittest.SkipTest(f"{KIT_DLL} is not built: run ./kit setup")
        # A copy beside the original (same folder, so relative paths hold) that names the installed kernelspec.
        notebook = json.loads(TOUR.read_text())
        notebook["metadata"]["kernelspec"]["name"] = name
        self.copy = TOUR.with_name("browser-test-00-tour.ipynb")   # not hidden: Notebook refuses dot-files
        self.copy.write_text(json.dumps(notebook))
        self.addCleanup(self.copy.unlink)
        self.server = serve(self, TOUR.parent, artifacts() / "browser-tour-server.log", env=dict(os.environ, KIT_SCALE="smoke"))
        self.driver = chromium()
        self.addCleanup(close, self.driver)

    def test_tour_runs_in_the_browser_and_draws_its_charts_offline(self):
        driver = self.driver
        run_all(driver, self.server.url(f"notebooks/{self.copy.name}"))
        done = ("return Jupyter.notebook.get_cells().filter(c => c.cell_type == 'code')"
                ".every(c => typeof c.input_prompt_number == 'number')")
        try:
            wait_for(driver, done, 300)
        finally:
            driver.save_screenshot(str(artifacts() / "browser-tour.png"))
        self.assertEqual(driver.execute_script("return document.querySelectorAll('.output_error').length"), 0,
                         driver.execute_script("var e = document.querySelector('.output_error'); return e ? e.innerText : ''"))
        charts = driver.execute_script("return document.querySelectorAll('.kit-plotly svg.main-svg').length")
        self.assertGreaterEqual(charts, 8, "frames, flow, trajectories, HOG, difference, masks, real video, loss, reconstruction")
        self.assertEqual(external_requests(driver), [])
