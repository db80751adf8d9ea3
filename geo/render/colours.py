"""Colour classes chosen from the data, and a check that they stay apart for colour-blind readers.

Classes come from the values themselves (numpy, no mapclassify at build time): with few distinct
values each value is its own class, labelled by its value; otherwise quantile breaks rounded to
two significant digits. Colours are spread over a sequential ColorBrewer ramp (YlOrRd), and
:func:`separation` measures the smallest CIE76 ΔE between neighbouring classes as people with
protanopia, deuteranopia and tritanopia see them (Machado, Oliveira & Fernandes 2009).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["RAMP", "Classes", "classify", "separation"]

#: ColorBrewer YlOrRd without its two palest steps (they vanish on the pale district fill).
RAMP = ("#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026")
MAX_CLASSES = len(RAMP)
NO_DATA = "#cccccc"


@dataclass(frozen=True)
class Classes:
    """Upper bounds of each class (inclusive), their colours and labels."""

    bounds: tuple[float, ...]
    colours: tuple[str, ...]
    labels: tuple[str, ...]

    def colour(self, value) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return NO_DATA
        for bound, colour in zip(self.bounds, self.colours):
            if value <= bound:
                return colour
        return self.colours[-1]


def _nice(x: float) -> float:
    """Two significant digits: 46,213 → 46,000; 0.91 → 0.91."""
    if x <= 0:
        return 0.0
    mag = 10 ** (math.floor(math.log10(x)) - 1)
    return round(x / mag) * mag


def _fmt(x: float, decimals: int) -> str:
    return f"{x:,.{decimals}f}"


def classify(values, *, decimals: int = 0, n: int = MAX_CLASSES) -> Classes:
    """Classes for ``values`` (missing ones ignored)."""
    v = np.array([float(x) for x in values if x is not None and not (isinstance(x, float) and math.isnan(x))])
    if v.size == 0:
        return Classes((), (), ())
    distinct = np.unique(v)
    if distinct.size <= n:  # every value its own class, labelled by value
        bounds = tuple(float(x) for x in distinct)
        labels = tuple(_fmt(x, decimals) for x in distinct)
    else:
        qs = np.quantile(v, np.linspace(0, 1, n + 1)[1:])
        bounds = tuple(dict.fromkeys(_nice(q) for q in qs))
        bounds = (*bounds[:-1], float(v.max()))
        lows = (float(v.min()), *bounds[:-1])
        labels = tuple(f"{_fmt(lo, decimals)}–{_fmt(hi, decimals)}" for lo, hi in zip(lows, bounds))
    k = len(bounds)
    idx = [round(i * (MAX_CLASSES - 1) / (k - 1)) for i in range(k)] if k > 1 else [MAX_CLASSES - 1]
    return Classes(bounds, tuple(RAMP[i] for i in idx), labels)


def _rgb(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255


_CVD = {  # Machado et al. 2009, severity 1.0, on linear RGB
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


def _linear(c: np.ndarray) -> np.ndarray:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ np.clip(linear_rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def separation(colours) -> dict[str, float]:
    """Smallest ΔE (CIE76) between neighbouring colours, for normal vision and each dichromacy."""
    lin = [_linear(_rgb(c)) for c in colours]
    out = {}
    for name, matrix in (("normal", np.eye(3)), *_CVD.items()):
        labs = [_lab(matrix @ c) for c in lin]
        out[name] = min((float(np.linalg.norm(a - b)) for a, b in zip(labs, labs[1:])), default=math.inf)
    return out
