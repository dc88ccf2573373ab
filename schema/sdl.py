"""The exported SDL (``schema/schema.graphql``), kept in sync with the code by a test.

    python -m schema.sdl           # print the SDL
    python -m schema.sdl --write   # rewrite schema/schema.graphql
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SDL_PATH = Path(__file__).parent / "schema.graphql"
REGENERATE = "python -m schema.sdl --write"


def export() -> str:
    from schema.app import build_schema

    return build_schema().as_str() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="print or write the GraphQL SDL of the kg API")
    parser.add_argument("--write", action="store_true", help=f"rewrite {SDL_PATH}")
    args = parser.parse_args(argv)
    sdl = export()
    if args.write:
        SDL_PATH.write_text(sdl, encoding="utf-8")
        print(f"wrote {SDL_PATH}", file=sys.stderr)
    else:
        sys.stdout.write(sdl)
    return 0


if __name__ == "__main__":
    sys.exit(main())
