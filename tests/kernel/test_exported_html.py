"""`jupyter nbconvert --to html` of the executed sample notebook shows the chart when opened offline in Chromium."""
import subprocess
import unittest

from browser import chromium, close, external_requests, wait_for
from kit_kernel import artifacts, executed_sample


class ExportedHtmlOffline(unittest.TestCase):
    def test_exported_html_draws_the_charts_without_network(self):
        executed = executed_sample()
        subprocess.run(["/usr/bin/jupyter", "nbconvert", "--to", "html", "--output-dir", str(artifacts()),
                        "--output", "display-tour", str(executed)], check=True, capture_output=True, text=True)
        page = artifacts() / "display-tour.html"
        driver = chromium()
        self.addCleanup(close, driver)
        driver.get(page.as_uri())
        try:
            wait_for(driver, "return document.querySelectorAll('.kit-plotly svg.main-svg').length >= 2", 60)
        finally:
            driver.save_screenshot(str(artifacts() / "exported-html.png"))
        self.assertEqual(external_requests(driver), [])
