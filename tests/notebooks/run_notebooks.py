#!/usr/bin/python3
"""Executes every numbered notebook in notebooks/ through nbclient (headless, real Jupyter, the kit's C# kernel).

Each notebook runs from its own folder with KIT_SCALE=smoke (the notebooks' scale cell reads it), so a table row takes
seconds. Any cell error fails the notebook. Executed copies go to tests/notebooks/artifacts/ for inspection.
Usage: /usr/bin/python3 tests/notebooks/run_notebooks.py [NAME_SUBSTRING ...]
Last line: "notebooks: N passed, N failed".
"""
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


sys.path.insert(0, str(REPO / "tools" / "kernel"))
import kernelspec  # noqa: E402  (puts this checkout's kernelspec first on JUPYTER_PATH)


def kernel_name():
    return kernelspec.name()


def notebooks(filters):
    found = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    return [p for p in found if not filters or any(f in p.name for f in filters)]


def run(path, kernel):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=900, startup_timeout=60,
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.time()
    try:
        client.execute()
        return None, time.time() - started
    except CellExecutionError as e:
        return str(e).splitlines()[-1] if str(e) else "cell error", time.time() - started
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        nbformat.write(nb, ARTIFACTS / path.name)


def main():
    os.environ["KIT_SCALE"] = os.environ.get("KIT_SCALE", "smoke")
    kernel = kernel_name()
    passed = failed = 0
    for path in notebooks(sys.argv[1:]):
        error, seconds = run(path, kernel)
        if error is None:
            passed += 1
            print(f"ok    {path.name} ({seconds:.0f} s)", flush=True)
        else:
            failed += 1
            print(f"FAIL  {path.name} ({seconds:.0f} s): {error}", flush=True)
    print(f"notebooks: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
