"""Benchmarks against the issue targets: `make bench` (or `.venv/bin/python bench/run.py`).

Prints a table and writes bench/results/latest.json. Timings are wall-clock on this machine;
build and import times are medians of separate processes, Python start-up included.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
MINEMAPS = str(Path(PY).parent / "minemaps")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))

BASELINE = """
import sys, geopandas as gpd
gdf = gpd.read_file(sys.argv[1])
m = gdf.explore(column="area_km2", tooltip=["iso_code", "name_en"])
m.save(sys.argv[2])
"""


def timed(cmd: list[str], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def first_paint(html: Path, runs: int = RUNS) -> float:
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    probe = """new MutationObserver((_, obs) => {
        if (document.querySelectorAll('path.mm-district').length >= 77) { window.__drawn = performance.now(); obs.disconnect(); }
    }).observe(document, {subtree: true, childList: true});"""
    out = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=shutil.which("chromium"), args=args)
        for _ in range(runs + 1):  # first run warms the browser
            ctx = b.new_context()
            ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            ctx.add_init_script(probe)
            page = ctx.new_page()
            page.goto(html.resolve().as_uri())
            page.wait_for_function("window.__drawn !== undefined")
            out.append(page.evaluate("window.__drawn") / 1000)
            ctx.close()
        b.close()
    return statistics.median(out[1:])


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="minemaps-bench-"))
    res: dict[str, dict] = {}

    def put(name, value, target, unit, ok):
        res[name] = {"value": round(value, 4), "target": target, "unit": unit, "ok": bool(ok)}

    build_s = timed([MINEMAPS, "build", "--out", str(tmp / "out")])
    put("build_wall", build_s, "<= 1.0", "s", build_s <= 1.0)
    imp = timed([PY, "-c", "import geo"])
    put("import_geo", imp, "(fast, lazy)", "s", True)
    imp_cli = timed([PY, "-c", "import geo.cli"])
    put("import_geo_cli", imp_cli, "(fast, lazy)", "s", True)
    map_kib = (tmp / "out" / "map.html").stat().st_size / 1024
    put("map_html_size", map_kib, "<= 450", "KiB", map_kib <= 450)
    dash_kib = (tmp / "out" / "index.html").stat().st_size / 1024
    put("dashboard_html_size", dash_kib, "(self-contained)", "KiB", True)
    fp = first_paint(tmp / "out" / "map.html")
    put("first_paint_map", fp * 1000, "<= 300", "ms", fp <= 0.3)

    script = tmp / "baseline.py"
    script.write_text(BASELINE)
    base = timed([PY, str(script), str(ROOT / "data" / "boundaries" / "azerbaijan-adm1.geojson"), str(tmp / "explore.html")])
    put("baseline_explore_wall", base, "(geopandas .explore())", "s", True)
    put("build_vs_explore_ratio", build_s / base, "(lower is better)", "x", True)
    put("baseline_explore_html_size", (tmp / "explore.html").stat().st_size / 1024, "(CDN links, not offline)", "KiB", True)

    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    payload = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "runs": RUNS, "cpus": os.cpu_count(), "results": res}
    (out / "latest.json").write_text(json.dumps(payload, indent=2) + "\n")
    print("| metric | value | unit | target | ok |\n|---|---:|---|---|---|")
    for k, v in res.items():
        print(f"| {k} | {v['value']:,.3f} | {v['unit']} | {v['target']} | {'yes' if v['ok'] else 'NO'} |")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if all(v["ok"] for v in res.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
