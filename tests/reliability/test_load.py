"""The load test, short: 50 concurrent clients for 5 seconds against a real ``kg serve`` on loopback,
from this process (the full run is ``python -m tests.reliability.load_test --clients 50 --seconds 60``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.load_test import MIX, run


@pytest.mark.slow
def test_fifty_clients_for_five_seconds_see_no_error(tmp_path: Path) -> None:
    results = run(50, 5.0, articles=300, log=tmp_path / "serve.log")
    summary = results.summary()
    print(f"\nload test: {summary}")
    assert results.error_count == 0, (summary["error_kinds"], results.samples)
    assert summary["requests"] >= 100
    assert set(summary["by_query"]) == {name for name, _, _ in MIX}  # every query of the mix was answered
    assert summary["p99_ms"] < 15_000  # below the request timeout: nobody waited for a timeout
