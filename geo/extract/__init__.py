"""Draft catalogue records from news articles: ``minemaps extract``.

    from geo.extract import extract_file
    result = extract_file("seeds/002_a679c93408971ff6.txt", published="2021-07")
    result.records   # dicts in the ``minemaps records --json`` shape, each figure with its verbatim quote

Rules and word lists: ``data/extract/rules.yaml``. Scoring against the curated catalogue:
:mod:`geo.extract.score`. No network, no model download.
"""

from .core import Extraction, extract_file, extract_files, extract_text
from .rules import Rules, default_rules, load_rules

__all__ = ["Extraction", "Rules", "default_rules", "extract_file", "extract_files", "extract_text", "load_rules"]
