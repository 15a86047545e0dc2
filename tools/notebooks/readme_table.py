#!/usr/bin/python3
"""Fills the README's ablation table: id, notebook, paper source (from `kit ablation --list`), and the default-scale
wall time measured in runs/default/<id>/results.json (the sum of the rows' wall times over all seeds).
Run after `./kit ablation ID --scale default --out runs/default/ID`: /usr/bin/python3 tools/notebooks/readme_table.py
"""
import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_notebooks import NOTEBOOKS  # noqa: E402


def main():
    listing = subprocess.check_output([str(REPO / "kit"), "ablation", "--list"], text=True)
    notebook_of = {tid: name for name, (_, _, tables) in NOTEBOOKS.items() for tid, _ in tables}
    rows = []
    for line in listing.splitlines():
        m = re.match(r"^(\S+)\s+\d+ rows\s+.*?\((.*)\)\s*$", line)
        if not m:
            continue
        tid, source = m.group(1), m.group(2)
        results = REPO / "runs" / "default" / tid / "results.json"
        wall = "not yet run"
        if results.exists():
            data = json.loads(results.read_text())
            seconds = sum(seed["wallSeconds"] for r in data["rows"] for seed in r["perSeed"])
            wall = f"{seconds / 60:.1f} min"
        rows.append(f"| `{tid}` | [{notebook_of.get(tid, '-')}](notebooks/{notebook_of.get(tid, '')}.ipynb) | {source} | {wall} |")
    readme = REPO / "README.md"
    text = readme.read_text()
    start = text.index("| ablation | notebook | paper source |")
    header_end = text.index("\n", text.index("\n", start) + 1) + 1
    end = text.index("\n\n", header_end)
    readme.write_text(text[:header_end] + "\n".join(rows) + text[end:])
    print(f"{len(rows)} rows")


if __name__ == "__main__":
    main()
