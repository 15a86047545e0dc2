"""Classic Jupyter Notebook on 127.0.0.1 in headless Chromium, network unplugged: run all cells of the sample notebook
and find the chart drawn by plotly.js (an svg). A screenshot is saved under tests/kernel/artifacts."""
import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import unittest
import urllib.request

from browser import chromium, close, external_requests, wait_for
from kit_kernel import SAMPLE, artifacts, require_installed_kernel


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NotebookInBrowser(unittest.TestCase):
    def setUp(self):
        name = require_installed_kernel()
        self.dir = artifacts() / "browser"
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir()
        notebook = json.loads(SAMPLE.read_text())
        notebook["metadata"]["kernelspec"]["name"] = name
        (self.dir / SAMPLE.name).write_text(json.dumps(notebook))
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.server = subprocess.Popen(
            ["/usr/bin/jupyter", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
             f"--NotebookApp.token={self.token}", f"--notebook-dir={self.dir}", "--NotebookApp.open_browser=False"]
            + (["--allow-root"] if os.geteuid() == 0 else []),
            stdout=subprocess.DEVNULL, stderr=(self.dir / "server.log").open("w"))
        self.addCleanup(self.stop_server)
        self.wait_for_server()
        self.driver = chromium()
        self.addCleanup(close, self.driver)

    def stop_server(self):
        self.server.terminate()
        try:
            self.server.wait(10)
        except subprocess.TimeoutExpired:
            self.server.kill()

    def wait_for_server(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/status?token={self.token}", timeout=1)
                return
            except OSError:
                time.sleep(0.25)
        self.fail("jupyter notebook did not start; see " + str(self.dir / "server.log"))

    def test_run_all_renders_the_plotly_chart_offline(self):
        driver = self.driver
        driver.get(f"http://127.0.0.1:{self.port}/notebooks/{SAMPLE.name}?token={self.token}")
        wait_for(driver, "return window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && "
                         "Jupyter.notebook.kernel.is_connected()", 60)
        driver.execute_script("Jupyter.notebook.execute_all_cells()")
        try:
            wait_for(driver, "return document.querySelectorAll('.kit-plotly svg.main-svg').length > 0", 90)
        finally:
            driver.save_screenshot(str(artifacts() / "browser-notebook.png"))
        self.assertIn("<table", driver.execute_script("return document.querySelector('.output_area table') ? document.querySelector('.output_area table').outerHTML : ''"))
        bars = driver.execute_script("return document.querySelectorAll('.kit-plotly g.point').length")
        self.assertGreaterEqual(bars, 4, "two series of two bars")
        self.assertEqual(external_requests(driver), [])
