"""A smoke run of the benchmark suite at tiny sizes, so that it cannot rot: every section runs end to
end (corpus, extraction, loads, the API over HTTP against the store) and writes its tables. Timings
are not checked here: benchmarks are not tests (``python -m bench`` is the real run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_benchmark_suite_runs_at_tiny_sizes() -> None:
    stores = ["embedded", "neo4j"] if os.environ.get("NEO4J_URI") else ["embedded"]
    done = subprocess.run([sys.executable, "-m", "bench", "--quick", "--stores", *stores], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    quick = ROOT / "bench" / "out" / "quick"
    results = json.loads((quick / "results.json").read_text())
    assert results["extract"]["rows"][0]["full_wps"] > 0
    for store in stores:
        load = results["load"][f"{store}:30"]
        assert load["load_rate"] > 0 and load["store_ms"] > 0 and load["entities"] > 0
        api = results["api"][f"{store}:30"]
        assert set(api["queries"]) >= {"entity", "searchEntities", "neighbors", "articles", "timeline",
                                       "topEntities", "path"}
        assert all(q["errors_1"] == 0 and q["errors_n"] == 0 for q in api["queries"].values())
    report = (quick / "RESULTS.md").read_text()
    assert "## Extraction" in report and "## Loading" in report and "## Queries through the API" in report
    assert "API / direct p50" in done.stdout
