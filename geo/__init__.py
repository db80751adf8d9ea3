"""minemaps: a source-traced catalogue of the Karabakh minefield maps."""
__version__ = "0.1.0"
