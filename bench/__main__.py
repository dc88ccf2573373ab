"""The benchmark suite: ``python -m bench`` (or ``kg bench``) runs it, prints one table and writes
``bench/RESULTS.md``.

    python -m bench                                   # everything: 1k, 10k, 100k; both stores
    python -m bench --sizes 1000 10000 --stores embedded --sections load api
    python -m bench --quick                           # the smoke CI runs: tiny sizes, a few seconds each

Sections (see each module's doc for exactly what both sides of every ratio measure):

* ``extract`` (:mod:`bench.extract`): spaCy alone against the full extraction, 1 and 2 processes;
* ``load`` (:mod:`bench.load`): per size and store, extraction alone, the full pipeline (``kg load``'s
  ``ingest_articles``) and the store alone on the recorded batches; each in a process of its own;
* ``api`` (:mod:`bench.api`): per size and store, right after its load, the queries over HTTP with 1
  and ``--clients`` clients against the store's own calls.

The corpus is :mod:`bench.corpus` (``--seed``); everything generated goes to ``bench/out/``. Results
accumulate in ``bench/out/results.json`` (a run replaces the entries it measures), so that sizes can be
run one at a time and RESULTS.md always shows every figure with the date it was measured. Nothing
here asserts a target: the tables say met or MISSED.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import common
from bench.report import render, table_text

DEFAULT_SIZES = (1000, 10_000, 100_000)
SECTIONS = ("extract", "load", "api")


def parse(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="corpus sizes to load")
    ap.add_argument("--stores", nargs="+", choices=["embedded", "neo4j"], default=["embedded", "neo4j"])
    ap.add_argument("--sections", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    ap.add_argument("--seed", type=int, default=7, help="corpus seed")
    ap.add_argument("--clients", type=int, default=16, help="concurrent API clients (besides 1)")
    ap.add_argument("--requests", type=int, default=300, help="timed requests per query and client count")
    ap.add_argument("--extract-articles", type=int, default=400, help="articles of the extraction section")
    ap.add_argument("--extract-sample", type=int, default=2000,
                    help="articles 'extraction alone' runs over in the load section")
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="extraction section")
    ap.add_argument("--load-processes", type=int, default=1, help="nlp.pipe processes of the loads")
    ap.add_argument("--repeat", type=int, default=2, help="runs of each extraction side; the fastest counts")
    ap.add_argument("--no-pipeline", nargs="*", default=[], metavar="STORE:SIZE",
                    help="loads to measure on the recorded batches only (store alone), e.g. embedded:100000")
    ap.add_argument("--neo4j-data", type=Path, default=None,
                    help="the --data folder of scripts/neo4j-local, for the server's memory and disk use")
    ap.add_argument("--results", type=Path, default=None, help="default: bench/RESULTS.md")
    ap.add_argument("--quick", action="store_true",
                    help="the smoke: 30 articles, 1 process, few requests; results under bench/out/quick/")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes = [30]
        args.requests = 8
        args.clients = 4
        args.extract_articles = 12
        args.extract_sample = 12
        args.processes = [1]
        args.repeat = 1
    if "neo4j" in args.stores and not os.environ.get("NEO4J_URI"):
        if args.quick:
            args.stores = [s for s in args.stores if s != "neo4j"]
        else:
            ap.error("the neo4j store needs NEO4J_URI (export NEO4J_URI=$(scripts/neo4j-local start)); "
                     "or leave it out with --stores embedded")
    return args


def settings_for(store: str, n: int, args: argparse.Namespace, base: Path):  # -> Settings
    from kg.config import Settings

    return Settings(store=store, data_dir=base / f"kg-data-{n}", processes=args.load_processes,
                    neo4j_uri=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    base = common.out_dir() / ("quick" if args.quick else "")
    base.mkdir(parents=True, exist_ok=True)
    results_file = base / "results.json"
    results_md = args.results or (base / "RESULTS.md" if args.quick else common.ROOT / "bench" / "RESULTS.md")
    stored: dict[str, Any] = json.loads(results_file.read_text()) if results_file.exists() else {}
    stored.setdefault("load", {})
    stored.setdefault("api", {})
    stamp = time.strftime("%Y-%m-%d %H:%M")

    def log(message: str) -> None:
        print(message, flush=True)

    def save() -> None:
        stored["machine"] = common.machine()
        results_file.write_text(json.dumps(stored, indent=1))
        results_md.write_text(render(stored, previous=results_md.read_text() if results_md.exists() else ""))

    from kg.config import Settings

    if "extract" in args.sections:
        from bench import extract

        settings = Settings()
        articles = common.read_articles(common.corpus_file(args.extract_articles, args.seed), settings)
        found = extract.run(articles, settings, processes=args.processes, repeat=args.repeat, log=log)
        stored["extract"] = {"measured": stamp, "load": common.load_average(),
                             "rows": [dataclasses.asdict(r) | {"ratio": r.ratio} for r in found]}
        save()

    skip = set(args.no_pipeline)
    for n in args.sizes:
        for store in args.stores:
            key = f"{store}:{n}"
            settings = settings_for(store, n, args, base)
            if "load" in args.sections:
                out = base / f"load-{store}-{n}.json"
                command = [sys.executable, "-m", "bench.load", "--articles", str(n), "--store", store,
                           "--seed", str(args.seed), "--sample", str(args.extract_sample),
                           "--processes", str(args.load_processes), "--data-dir", str(settings.data_dir),
                           "--json", str(out)]
                if args.neo4j_data:
                    command += ["--neo4j-data", str(args.neo4j_data)]
                if key in skip:
                    command.append("--no-pipeline")
                if args.quick:  # in this process: no second model load (memory is then the run's)
                    from bench import load as load_section

                    load_section.main(command[3:])
                elif subprocess.run(command, cwd=common.ROOT).returncode != 0:
                    log(f"[load {key}] failed: see above")
                    return 1
                stored["load"][key] = json.loads(out.read_text()) | {"measured": stamp,
                                                                     "pipeline": key not in skip}
                save()
            if "api" in args.sections:
                from bench import api

                result = api.run(settings, requests=args.requests, clients=args.clients, seed=args.seed, log=log)
                stored["api"][key] = dataclasses.asdict(result) | {"measured": stamp, "load": common.load_average()}
                save()

    save()
    print()
    print(table_text(stored))
    print(f"\nwritten {results_md.relative_to(common.ROOT) if results_md.is_relative_to(common.ROOT) else results_md}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
