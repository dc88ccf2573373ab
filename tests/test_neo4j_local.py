"""scripts/neo4j-local: start, status, stop of a real server in a throwaway instance folder.

One server start (about 10 s) covers: the URI alone on stdout, an idempotent second start, a second
port refused while running, a port in use refused, auth with ``NEO4J_PASSWORD`` (and the store's
message for a wrong password), stop, and a stale pid file that must never kill a stranger.
The jars come from the shared cache (fetched once from Maven Central when missing).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.store.neo4j import Neo4jStore

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "neo4j-local"
PASSWORD = "kg-local-test-pw"

pytestmark = pytest.mark.slow


def _needs_java() -> None:
    if shutil.which("java") is None:
        if os.environ.get("KG_REQUIRE_NEO4J") == "1":
            pytest.fail("KG_REQUIRE_NEO4J=1 but there is no java to run scripts/neo4j-local")
        pytest.skip("no java: scripts/neo4j-local needs Java 17 or 21")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args: str, password: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    if password:
        env["NEO4J_PASSWORD"] = password
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env,
                          timeout=timeout, check=False)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"


def test_start_status_stop(tmp_path: Path) -> None:
    _needs_java()
    data = str(tmp_path / "instance")
    other = str(tmp_path / "other")
    status = run("status", "--data", data)
    assert status.returncode == 3 and status.stdout.startswith("not running")

    port = _free_port()
    started = run("start", "--data", data, "--port", str(port), password=PASSWORD)
    assert started.returncode == 0, started.stderr
    uri = f"bolt://127.0.0.1:{port}"
    assert started.stdout == uri + "\n"  # only the URI: export NEO4J_URI=$(scripts/neo4j-local start)
    assert PASSWORD not in started.stdout + started.stderr
    pid = int((tmp_path / "instance" / "neo4j.pid").read_text())
    try:
        assert _alive(pid)
        again = run("start", "--data", data, password=PASSWORD)
        assert (again.returncode, again.stdout) == (0, uri + "\n")
        moved = run("start", "--data", data, "--port", str(_free_port()), password=PASSWORD)
        assert moved.returncode == 1 and f"already runs on port {port}" in moved.stderr
        taken = run("start", "--data", other, "--port", str(port))
        assert taken.returncode == 1 and f"port {port} on 127.0.0.1 is in use" in taken.stderr
        status = run("status", "--data", data)
        assert status.returncode == 0 and status.stdout.startswith(f"running {uri} (pid {pid}")

        # auth is on, with the password from the environment; a wrong one gets a clear message
        store = Neo4jStore(uri, user="neo4j", password=PASSWORD, timeout_s=10)
        store.ping()
        store.close()
        with pytest.raises(ConfigError) as info:
            Neo4jStore(uri, user="neo4j", password="not-the-password", timeout_s=10)
        message = str(info.value)
        assert uri in message and "NEO4J_PASSWORD" in message and "'neo4j'" in message
        assert "not-the-password" not in message
    finally:
        stopped = run("stop", "--data", data)
    assert stopped.returncode == 0, stopped.stderr
    assert not _alive(pid)
    assert run("status", "--data", data).returncode == 3

    # a stale pid file naming a live stranger (this test's own process): stop must not touch it
    (tmp_path / "instance" / "neo4j.pid").write_text(f"{os.getpid()}\n")
    stale = run("stop", "--data", data)
    assert stale.returncode == 0 and "stale pid file" in stale.stderr
    assert not (tmp_path / "instance" / "neo4j.pid").exists()
    assert run("status", "--data", data).returncode == 3
