"""Vendor the GraphiQL playground's browser assets into ``schema/static/`` so that it works offline.

strawberry's stock GraphiQL page loads React and GraphiQL from unpkg, which neither users behind a
firewall nor CI can reach. This script downloads the same, pinned releases from the npm registry,
checks each file against the Subresource Integrity hash that strawberry's own page pins (so the
vendored bytes are exactly the published ones), and writes them next to our page template::

    python -m schema.vendor_graphiql          # (re)write schema/static/*
    python -m schema.vendor_graphiql --check  # verify the committed files, download nothing

The files are MIT-licensed build artifacts; their licences are written beside them.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
VENDOR_DIR = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Asset:
    package: str  # npm name
    version: str
    member: str  # path inside the tarball's ``package/`` folder
    target: str  # file name under static/
    sri: str | None  # sha384 as in strawberry's graphiql.html; None for licence files

    @property
    def tarball_url(self) -> str:
        bare = self.package.rsplit("/", 1)[-1]
        return f"{REGISTRY}/{self.package}/-/{bare}-{self.version}.tgz"


ASSETS: tuple[Asset, ...] = (
    Asset("react", "18.2.0", "umd/react.production.min.js", "react.production.min.js",
          "sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8"),
    Asset("react", "18.2.0", "LICENSE", "LICENSE.react.txt", None),
    Asset("react-dom", "18.2.0", "umd/react-dom.production.min.js", "react-dom.production.min.js",
          "sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh"),
    Asset("react-dom", "18.2.0", "LICENSE", "LICENSE.react-dom.txt", None),
    Asset("graphiql", "3.8.3", "graphiql.min.js", "graphiql.min.js",
          "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie"),
    Asset("graphiql", "3.8.3", "graphiql.min.css", "graphiql.min.css",
          "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM"),
    Asset("graphiql", "3.8.3", "LICENSE", "LICENSE.graphiql.txt", None),
    Asset("@graphiql/plugin-explorer", "1.0.2", "dist/index.umd.js", "plugin-explorer.umd.js",
          "sha384-2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9"),
    Asset("@graphiql/plugin-explorer", "1.0.2", "dist/style.css", "plugin-explorer.css",
          "sha384-5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi"),
)


def sri_of(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def _download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def vendor(target_dir: Path = VENDOR_DIR) -> list[str]:
    """Download every asset, check its hash, write it; returns the names written."""
    target_dir.mkdir(parents=True, exist_ok=True)
    tarballs: dict[str, bytes] = {}
    written = []
    for asset in ASSETS:
        url = asset.tarball_url
        if url not in tarballs:
            tarballs[url] = _download(url)
        with tarfile.open(fileobj=io.BytesIO(tarballs[url]), mode="r:gz") as tar:
            member = tar.extractfile(f"package/{asset.member}")
            if member is None:
                raise SystemExit(f"{url} has no file package/{asset.member}")
            data = member.read()
        if asset.sri and sri_of(data) != asset.sri:
            raise SystemExit(f"{asset.package}@{asset.version}/{asset.member}: hash {sri_of(data)} "
                             f"is not the pinned {asset.sri}; refusing to vendor it")
        (target_dir / asset.target).write_bytes(data)
        written.append(asset.target)
    return written


def check(target_dir: Path = VENDOR_DIR) -> list[str]:
    """Problems with the vendored files (missing or changed); empty when all is well."""
    problems = []
    for asset in ASSETS:
        path = target_dir / asset.target
        if not path.is_file():
            problems.append(f"{path} is missing")
        elif asset.sri and sri_of(path.read_bytes()) != asset.sri:
            problems.append(f"{path} differs from {asset.package}@{asset.version}/{asset.member}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the vendored files only")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("run: python -m schema.vendor_graphiql", file=sys.stderr)
        return 1 if problems else 0
    for name in vendor():
        print(f"wrote {VENDOR_DIR / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
