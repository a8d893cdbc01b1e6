"""The status colours stay apart for readers with red-green colour blindness.

Each colour is simulated as seen with protanopia and deuteranopia (Machado, Oliveira and Fernandes
2009, "A physiologically-based model for simulation of color vision deficiency", severity 1.0
matrices, applied to linear sRGB), then converted to CIELAB (D65); every two status colours must
stay at least MIN_DELTA_E (CIE76) apart, and with normal vision too. 20 is about the difference
between two clearly different named colours; 2.3 is the just-noticeable difference.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from deficit_report.rendering.figure import STATUS_COLOURS

MIN_DELTA_E = 20.0
SIMULATIONS = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
D65 = np.array([0.95047, 1.0, 1.08883])


def lab(colour: str, simulation: np.ndarray) -> np.ndarray:
    """CIELAB of a hex colour as seen through a simulation matrix (on linear sRGB)."""
    rgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = SRGB_TO_XYZ @ np.clip(simulation @ linear, 0, 1)
    t = xyz / D65
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_lab_of_known_colours():
    # white is L* 100, a* b* 0; sRGB red is about (53.2, 80.1, 67.2) in CIELAB (D65)
    assert np.allclose(lab("#ffffff", np.eye(3)), [100, 0, 0], atol=0.05)
    assert np.allclose(lab("#ff0000", np.eye(3)), [53.2, 80.1, 67.2], atol=0.3)


def test_simulation_merges_red_and_green():
    # the check has teeth: pure red and a green of similar lightness collapse for a deuteranope
    apart = np.linalg.norm(lab("#d73027", np.eye(3)) - lab("#1a9850", np.eye(3)))
    merged = np.linalg.norm(lab("#d73027", SIMULATIONS["deuteranopia"]) - lab("#1a9850", SIMULATIONS["deuteranopia"]))
    assert apart > 60 and merged < apart / 2


@pytest.mark.parametrize("vision", list(SIMULATIONS))
def test_status_colours_stay_apart(vision):
    simulation = SIMULATIONS[vision]
    close = [
        (a or "no status", b or "no status", round(float(np.linalg.norm(lab(ca, simulation) - lab(cb, simulation))), 1))
        for (a, ca), (b, cb) in itertools.combinations(STATUS_COLOURS.items(), 2)
        if np.linalg.norm(lab(ca, simulation) - lab(cb, simulation)) < MIN_DELTA_E
    ]
    assert close == [], f"{vision}: colours closer than delta-E {MIN_DELTA_E}: {close}"
