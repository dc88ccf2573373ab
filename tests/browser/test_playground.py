"""The playground in a real headless Chromium: it loads with no network beyond kg itself, runs a query
and shows its result. Skipped when Chromium is missing, unless ``KG_REQUIRE_BROWSER=1`` (CI)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

import pytest

from kg.config import Settings
from kg.store import open_store
from tests.browser.cdp import chromium_path, launch
from tests.schema.server import kg_serve
from tests.store import factories

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUERY = '{ entity(name: "HMC") { name articleCount aliases } }'


@pytest.fixture
def chromium() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("KG_REQUIRE_BROWSER") == "1":
            pytest.fail("KG_REQUIRE_BROWSER=1 but no chromium: apt-get install -y chromium")
        pytest.skip("no chromium (apt-get install -y chromium)")
    return path


def test_playground_runs_a_query_offline(chromium: str, tmp_path: Path) -> None:
    settings = Settings(store="embedded", data_dir=tmp_path / "kg-data")
    store = open_store(settings)
    try:
        store.write(factories.world())
    finally:
        store.close()
    env = {"KG_STORE": "embedded", "KG_DATA_DIR": str(settings.data_dir)}
    with (kg_serve(env, log_path=tmp_path / "serve.log") as base,
          launch(chromium, tmp_path / "profile") as browser):
        session = browser.open_page(f"{base}/graphql?q={quote(QUERY)}")
        browser.wait_for(session, "document.querySelector('.graphiql-execute-button') !== null")
        browser.wait_for(session,
                         "document.querySelector('.graphiql-query-editor')?.innerText.includes('HMC')")
        browser.evaluate(session, "document.querySelector('.graphiql-execute-button').click()")
        shown = browser.wait_for(session, """(() => {
            const pane = document.querySelector('.graphiql-response');
            const text = pane ? pane.innerText : '';
            return text.includes('articleCount') ? text : null; })()""")
        assert '"High Military Committee"' in shown, shown
        assert '"articleCount": 2' in shown, shown

        urls = browser.requested_urls()
        assert urls and all(u.startswith(base) or u.startswith("data:") for u in urls), urls
        assert any(u.endswith("/static/graphiql.min.js") for u in urls)
        failed = [e for e in browser.events if e.get("method") == "Network.loadingFailed"]
        assert not failed, json.dumps(failed)[:2000]
        assert not browser.console_errors(), browser.console_errors()
