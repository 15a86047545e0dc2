"""Headless Chromium for the kernel's browser tests, with the network unplugged.

Every non-loopback request goes to a dead proxy (loopback is bypassed by Chromium), so a chart can only render from
the plotly.js inlined into the page. `external_requests` lists any resource the page tried to load from outside.
"""
import shutil
import tempfile
import unittest

DEAD_PROXY = "http://127.0.0.1:9"


def chromium():
    """A Selenium driver for Debian's chromium + chromium-driver; skips visibly when they are missing."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        raise unittest.SkipTest("python3-selenium not installed: run tools/kernel/setup-kernel.sh")
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        raise unittest.SkipTest("chromium/chromium-driver not installed: run tools/kernel/setup-kernel.sh")
    profile = tempfile.mkdtemp(prefix="kit-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", f"--proxy-server={DEAD_PROXY}", "--window-size=1280,2000"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    driver.kit_profile = profile
    return driver


def close(driver):
    driver.quit()
    shutil.rmtree(driver.kit_profile, ignore_errors=True)


def external_requests(driver):
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return [u for u in urls if not u.startswith(("http://127.0.0.1", "data:", "blob:", "file:"))]


def wait_for(driver, script, timeout):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout, poll_frequency=0.25).until(lambda d: d.execute_script(script))


def run_all(driver, url, connect_timeout=60):
    """Opens the notebook at `url`, waits for its kernel to connect and runs every cell (without waiting for them)."""
    driver.get(url)
    wait_for(driver, "return window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && "
                     "Jupyter.notebook.kernel.is_connected()", connect_timeout)
    driver.execute_script("Jupyter.notebook.execute_all_cells()")


def serve(case, directory, log_path, env=None):
    """A NotebookServer for the test case `case`, stopped at its cleanup; fails the test when it does not come up."""
    server = NotebookServer(directory, log_path, env=env)
    case.addCleanup(server.stop)
    if not server.wait_until_up():
        case.fail(f"jupyter notebook did not start; see {log_path}")
    return server


class NotebookServer:
    """Classic `jupyter notebook` on 127.0.0.1 serving `directory`, with a random token; stop() ends it."""

    def __init__(self, directory, log_path, env=None):
        import os
        import secrets
        import socket
        import subprocess
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.token = secrets.token_hex(16)
        self.process = subprocess.Popen(
            ["/usr/bin/jupyter", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
             f"--NotebookApp.token={self.token}", f"--notebook-dir={directory}", "--NotebookApp.open_browser=False"]
            + (["--allow-root"] if os.geteuid() == 0 else []),
            stdout=subprocess.DEVNULL, stderr=open(log_path, "w"), env=env)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def wait_until_up(self, timeout=30):
        import time
        import urllib.request
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("api/status"), timeout=1)
                return True
            except OSError:
                time.sleep(0.25)
        return False

    def stop(self):
        import subprocess
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
