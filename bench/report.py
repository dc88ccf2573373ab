"""The results as tables: markdown for ``bench/RESULTS.md``, plain text for the console.

RESULTS.md is regenerated from ``results.json`` by every run; the hand-written analysis between the
``<!-- analysis -->`` and ``<!-- /analysis -->`` markers of the previous file is kept as it was.
"""

from __future__ import annotations

import math
from typing import Any

ANALYSIS_START, ANALYSIS_END = "<!-- analysis -->", "<!-- /analysis -->"
QUERY_ORDER = ("entity", "searchEntities", "neighbors", "articles", "timeline", "topEntities",
               "topEntities(month)", "path")
TARGETED = ("entity", "neighbors", "articles")

#: the targets of the issue: (name, limit)
EXTRACT_RATIO = 0.8
LOAD_RATIO = {"neo4j": 0.7, "embedded": 0.85}
WRITE_ADDS = {"neo4j": 0.20, "embedded": 0.10}
API_RATIO = 1.5
P95_LIMIT_MS = 50.0
GROWTH_LIMIT = 2.0


def _f(x: Any, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "MISSED")


def _size(n: int | str) -> str:
    n = int(n)
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def _keys(section: dict[str, Any]) -> list[tuple[str, int]]:
    out = []
    for key in section:
        store, n = key.split(":")
        out.append((store, int(n)))
    return sorted(out, key=lambda k: (k[0], k[1]))


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def extract_rows(stored: dict[str, Any]) -> list[list[str]]:
    rows = []
    for r in stored.get("extract", {}).get("rows", []):
        rows.append([str(r["processes"]), str(r["articles"]), str(r["words"]), f"{r['spacy_wps']:.0f}",
                     f"{r['full_wps']:.0f}", f"{r['ratio']:.2f}", _verdict(r["ratio"] >= EXTRACT_RATIO)])
    return rows


def load_rows(stored: dict[str, Any]) -> list[list[str]]:
    rows = []
    for store, n in _keys(stored.get("load", {})):
        r = stored["load"][f"{store}:{n}"]
        ratio = r["load_rate"] / r["extract_rate"] if r.get("pipeline", True) else float("nan")
        adds = 1 / ratio - 1 if ratio and not math.isnan(ratio) else float("nan")
        ok = None if math.isnan(ratio) else ratio >= LOAD_RATIO[store]
        rows.append([
            store, _size(n), _f(r["extract_rate"]), _f(r["load_rate"]), _f(ratio),
            f"{_f(adds * 100, 0)} %" if not math.isnan(adds) else "–",
            f"{_f(r['write_share'] * 100, 0)} %" if not math.isnan(r["write_share"]) else "–",
            f"{_f(r['wait_share'] * 100, 0)} %" if not math.isnan(r["wait_share"]) else "–",
            f"{_f(r['store_ms'])} ({_f(r['store_first_ms'])} → {_f(r['store_last_ms'])})",
            f"{_f(r.get('extract_cpu_ms'), 0)} / {_f(r.get('load_cpu_ms'), 0)} / {_f(r.get('server_cpu_ms'), 0)}",
            _f(r["peak_rss_mb"], 0), _f(r.get("store_rss_mb"), 0), _f(r.get("disk_mb"), 0),
            f"{r['entities']} / {r['relations']}", r.get("load_avg", "–") or "–", _verdict(ok),
        ])
    return rows


LOAD_HEADER = ["store", "articles", "extraction alone art/s", "full pipeline art/s", "ratio",
               "writing adds", "write share", "not overlapped", "store alone ms/article (first → last tenth)",
               "CPU ms/article: extraction alone / load / server", "peak RSS MB", "server RSS MB", "disk MB",
               "entities / relations", "load average", "target"]


def api_rows(stored: dict[str, Any]) -> list[list[str]]:
    rows = []
    for store, n in _keys(stored.get("api", {})):
        r = stored["api"][f"{store}:{n}"]
        for name in QUERY_ORDER:
            q = r["queries"].get(name)
            if q is None:
                continue
            ratio = q["api_p50"] / q["direct_p50"] if q["direct_p50"] else float("nan")
            p95_ok = q["api_p95"] < P95_LIMIT_MS if name in TARGETED and n >= 100_000 else None
            rows.append([
                store, _size(n), name,
                f"{_f(q['direct_p50'])} / {_f(q['direct_p95'])} / {_f(q['direct_p99'])}",
                f"{_f(q['api_p50'])} / {_f(q['api_p95'])} / {_f(q['api_p99'])}",
                _f(ratio), _verdict(ratio <= API_RATIO),
                f"{_f(q['apin_p50'])} / {_f(q['apin_p95'])} / {_f(q['apin_p99'])}",
                f"{q['errors_1']} / {q['errors_n']}", _f(q["throughput_n"], 0), _f(q["server_cpu_ms"]),
                _verdict(p95_ok),
            ])
    return rows


def api_header(stored: dict[str, Any]) -> list[str]:
    clients = max((r["clients"] for r in stored.get("api", {}).values()), default=16)
    return ["store", "articles", "query", "direct p50 / p95 / p99 ms", "API p50 / p95 / p99 ms (1 client)",
            "API / direct p50", "≤ 1.5", f"API p50 / p95 / p99 ms ({clients} clients)", "errors 1 / n",
            f"req/s ({clients})", "server CPU ms/req", "p95 < 50 ms (100k)"]


def growth_rows(stored: dict[str, Any]) -> list[list[str]]:
    rows = []
    api = stored.get("api", {})
    stores = sorted({k.split(":")[0] for k in api})
    for store in stores:
        sizes = sorted(int(k.split(":")[1]) for k in api if k.startswith(store + ":"))
        if len(sizes) < 2:
            continue
        lo, hi = sizes[0], sizes[-1]
        for name in QUERY_ORDER:
            series = [api[f"{store}:{n}"]["queries"].get(name) for n in sizes]
            if any(q is None for q in series):
                continue
            api_growth = series[-1]["api_p50"] / series[0]["api_p50"]
            direct_growth = series[-1]["direct_p50"] / series[0]["direct_p50"]
            ok = api_growth <= GROWTH_LIMIT if name in TARGETED and lo <= 1000 and hi >= 100_000 else None
            rows.append([store, name, " → ".join(f"{_f(q['api_p50'])}" for q in series),
                         " → ".join(f"{_f(q['direct_p50'])}" for q in series),
                         f"{_f(api_growth)} ({_size(lo)} → {_size(hi)})", _f(direct_growth), _verdict(ok)])
    return rows


def growth_header(stored: dict[str, Any]) -> list[str]:
    return ["store", "query", "API p50 ms by size", "direct p50 ms by size", "API growth", "direct growth",
            "≤ 2x (1k → 100k)"]


def render(stored: dict[str, Any], previous: str = "") -> str:
    machine = stored.get("machine", {})
    lines = ["# Benchmark results", "",
             "Written by `python -m bench` (see `bench/__main__.py` and the doc of each section's module for "
             "exactly what is measured); every figure comes from one run of the suite, each side of a ratio "
             "measured next to the other. Re-run to refresh; the analysis below is written by hand.", ""]
    lines += [f"- **{k}**: {v}" for k, v in machine.items()]
    lines.append("")
    if previous and ANALYSIS_START in previous:
        start = previous.index(ANALYSIS_START)
        end = previous.index(ANALYSIS_END) + len(ANALYSIS_END) if ANALYSIS_END in previous else len(previous)
        lines += [previous[start:end], ""]
    else:
        lines += [ANALYSIS_START, "", "(analysis to be written)", "", ANALYSIS_END, ""]
    ex = stored.get("extract")
    if ex:
        lines += ["## Extraction", "", f"Measured {ex['measured']} (load average {ex['load']}). Words per second; "
                  "target: full / spaCy alone ≥ 0.8.", ""]
        lines += _table(["processes", "articles", "words", "spaCy alone w/s", "full w/s", "ratio", "target"],
                        extract_rows(stored))
        lines.append("")
    if stored.get("load"):
        dates = sorted({r["measured"] for r in stored["load"].values()})
        lines += ["## Loading", "", f"Measured {', '.join(dates)}. Articles per second; ratio: full pipeline / "
                  "extraction alone (targets: Neo4j ≥ 0.7, embedded ≥ 0.85); writing adds: load time over "
                  "extraction time, minus 1 (issue 3: Neo4j ≤ 20 %, embedded ≤ 10 %); write share: time the "
                  "writer thread spent resolving and writing, over the load's time (it overlaps extraction); "
                  "not overlapped: time extraction waited for the writer; store alone: the batches the store "
                  "received, written again with nothing else running in the process (its own cost, and how it "
                  "grows from the first tenth of the load to the last); CPU: this process's (and its "
                  "workers') CPU time per article, and the Neo4j server's during the load; load average: at "
                  "the end of extraction alone and of the load (2 cores).", ""]
        lines += _table(LOAD_HEADER, load_rows(stored))
        lines.append("")
    if stored.get("api"):
        dates = sorted({r["measured"] for r in stored["api"].values()})
        lines += ["## Queries through the API", "", f"Measured {', '.join(dates)}. Milliseconds per request "
                  "over HTTP (`kg serve` in its own process) against the same data fetched with the store's "
                  "own calls in-process (direct). Server CPU: the server process's CPU time per request.", ""]
        lines += _table(api_header(stored), api_rows(stored))
        floors = ", ".join(f"{k}: {_f(v['floor_ms'])} ms" for k, v in sorted(stored["api"].items()))
        lines += ["", f"HTTP floor (p50 of a 404 from the same server): {floors}.", ""]
        growth = growth_rows(stored)
        if growth:
            lines += ["## Growth", "", "API and direct p50 from the smallest to the largest graph measured "
                      "(target: entity, neighbors and articles at most 2x from 1k to 100k).", ""]
            lines += _table(growth_header(stored), growth)
            lines.append("")
    return "\n".join(lines)


def table_text(stored: dict[str, Any]) -> str:
    """The same tables, as aligned plain text for the console."""
    out = []
    blocks = [("extraction", ["processes", "articles", "words", "spaCy w/s", "full w/s", "ratio", "target"],
               extract_rows(stored)),
              ("loading", LOAD_HEADER, load_rows(stored)),
              ("API", api_header(stored), api_rows(stored)),
              ("growth", growth_header(stored), growth_rows(stored))]
    for title, header, rows in blocks:
        if not rows:
            continue
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
        out.append(f"== {title}")
        out.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
        out.append("")
    return "\n".join(out)
