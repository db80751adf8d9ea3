"""Shared fixtures: the committed data loaded once, a CLI runner, a scratch catalogue writer."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from geo import attach, boundaries, catalogue
from geo._resources import repo_root
from geo.cli import main

ROOT = repo_root()
SEEDS = ROOT / "seeds"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def districts():
    return boundaries.load()


@pytest.fixture(scope="session")
def cat():
    return catalogue.load()


@pytest.fixture(scope="session")
def attached(cat, districts):
    return attach.attach(cat, districts)


@pytest.fixture
def run(capsys):
    """Run the CLI in-process: returns (exit code, stdout, stderr)."""

    def _run(*argv):
        try:
            rc = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse usage errors
            rc = exc.code
        out, err = capsys.readouterr()
        return rc, out, err

    return _run


@pytest.fixture
def write_catalogue(tmp_path):
    """Write YAML texts into a fresh catalogue dir under tmp_path (sources resolve to seeds/)."""

    def _write(files: dict[str, str]) -> Path:
        d = tmp_path / "catalogue"
        d.mkdir(exist_ok=True)
        for name, text in files.items():
            (d / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return d

    return _write


@pytest.fixture
def catalogue_copy(tmp_path):
    """A copy of the real catalogue in tmp_path, to break on purpose."""
    d = tmp_path / "catalogue"
    shutil.copytree(ROOT / "data" / "catalogue", d)
    return d


GOOD = """
id: test-record
kind: map_disclosure
date: 2021-06-12
districts: [Aghdam]
mines_claimed: 97000
sources:
  - document: seeds/000_010dcca4140eced3.txt
    quote: in exchange for Armenian maps of the location of 97,000 anti-tank and anti-personnel land mines
"""


@pytest.fixture
def good_record() -> str:
    return GOOD


XSS = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"

HOSTILE = {
    "x.yaml": f"""
        id: hostile
        kind: incident
        date: 2021-06-04
        districts: [Kalbajar]
        killed: 1
        derived: {{killed: "{XSS}"}}
        mediators: ["{XSS}"]
        notes: "javascript:alert(3) {XSS}"
        sources:
          - document: "https://example.org/a?{XSS}"
            kind: reference
            publisher: "{XSS}"
        """,
    "y.yaml": f"""
        id: hostile-region
        kind: statement
        date: 2021-06
        region: "{XSS}"
        geo_precision: region
        sources:
          - document: "https://example.org/b"
            kind: reference
            publisher: "\u202e{XSS}"
        """,
}


@pytest.fixture
def hostile_catalogue(write_catalogue):
    """Records whose free-text fields (and a region name) carry script-injection payloads."""
    return catalogue.load(write_catalogue(HOSTILE))


def tree(folder):
    """Every file below ``folder`` and its bytes (to show an output was left exactly as it was)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def chromium_path():
    exe = shutil.which("chromium")
    if exe is None:
        pytest.fail("Debian chromium is not installed: run `make test` (it installs it) or apt-get install chromium")
    return exe


# Property tests: reproducible in CI, fresh random examples with HYPOTHESIS_PROFILE=explore.
from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("ci", deadline=None, derandomize=True, database=None, print_blob=True)
_hsettings.register_profile("explore", deadline=None)
_hsettings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
