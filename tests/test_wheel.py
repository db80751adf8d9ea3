"""The wheel is a product of its own: built from the repo, installed outside it, it validates and builds
with the seeds, the captured sources and Leaflet it carries (no npm, no checkout)."""

import subprocess
import sys
import zipfile

import pytest

from geo._resources import repo_root


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp / "dist"),
                           str(repo_root())], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    (wheel,) = (tmp / "dist").glob("minemaps-*.whl")
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(tmp / "site"),
                           str(wheel)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return wheel, tmp


def _run(tmp, *args):
    work = tmp / "elsewhere"
    work.mkdir(exist_ok=True)
    env = {"PYTHONPATH": str(tmp / "site"), "PATH": "/usr/bin:/bin", "HOME": str(work)}
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=work, env=env, capture_output=True, text=True)


def test_wheel_carries_data_sources_and_leaflet(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"geo/_static/leaflet/dist/leaflet.js", "geo/_static/leaflet/dist/leaflet.css",
            "geo/_static/leaflet/LICENSE", "geo/_data/seeds/index.csv", "geo/_data/sources/index.csv",
            "geo/_data/catalogue/2021-07-03-fuzuli-zangilan-maps.yaml",
            "geo/_data/boundaries/azerbaijan-adm1.geojson"} <= names
    assert not any(n.startswith(("node_modules/", "tests/")) for n in names)


def test_installed_wheel_validates_and_builds_outside_the_repo(installed):
    _, tmp = installed
    check = subprocess.run([sys.executable, "-c", "import geo, sys; print(geo.__file__)"],
                           env={"PYTHONPATH": str(tmp / "site")}, capture_output=True, text=True, cwd=tmp)
    assert check.stdout.startswith(str(tmp / "site")), check.stdout  # the wheel's copy, not the checkout
    proc = _run(tmp, "validate")
    assert proc.returncode == 0 and proc.stdout.startswith("ok:"), proc.stdout + proc.stderr
    out = tmp / "elsewhere" / "out"
    proc = _run(tmp, "build", "--out", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    map_page = (out / "map.html").read_text(encoding="utf-8")
    assert "Leaflet 1.9" in map_page and '"1.9.4"' in map_page  # Leaflet inlined from the wheel's own copy
    assert "<script src=\"http" not in map_page and (out / "index.html").stat().st_size > 10_000
