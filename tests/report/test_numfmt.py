# SPDX-License-Identifier: MIT
"""Hand cases for the one module that turns numbers into text."""
import sys
from pathlib import Path

import pytest

# No conftest.py here: tests/qgis imports names from "conftest", and a second one would shadow it.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "engine" / "report"))
from trygg_report import numfmt  # noqa: E402

T = "\u202f"  # narrow no-break space between thousands (Swedish)
M = "\u2212"  # minus sign (both languages)


@pytest.mark.parametrize("x,d,lang,want", [
    (1234567.891, 1, "sv", f"1{T}234{T}567,9"),
    (1234567.891, 1, "en", "1,234,567.9"),
    (0, 0, "sv", "0"),
    (0.0, 2, "sv", "0,00"),
    (999, 0, "sv", "999"),
    (1000, 0, "sv", f"1{T}000"),
    (-1234.5, 1, "sv", f"{M}1{T}234,5"),
    (-1234.5, 1, "en", f"{M}1,234.5"),
    (2.675, 2, "sv", "2,68"),          # half away from zero despite binary 2.67499…
    (-0.04, 1, "sv", "0,0"),           # no "−0,0"
    (0.5, 0, "sv", "1"),
    (-2.5, 0, "sv", f"{M}3"),
    (123456, 0, "sv", f"123{T}456"),
])
def test_number(x, d, lang, want):
    assert numfmt.number(x, d, lang) == want


def test_missing_and_withheld():
    assert numfmt.number(None) == ""
    assert numfmt.number(float("nan")) == ""
    assert numfmt.count(None, "..") == ".."
    assert numfmt.count(None, None) == ".."
    assert numfmt.count(1234, "1234") == f"1{T}234"
    assert numfmt.rate(None, withheld=True) == ".."
    assert numfmt.rate(None) == ""
    assert numfmt.percent_change(None, withheld=True) == "\u2013"
    assert numfmt.percent_change(None) == ""


def test_rate_decimals():
    assert numfmt.rate(6.6123) == "6,6"
    assert numfmt.rate(0.4567) == "0,46"
    assert numfmt.rate(162.37, "en") == "162.4"


def test_percent_change_and_interval():
    assert numfmt.percent_change(12.54) == "+12,5\u00a0%"
    assert numfmt.percent_change(-20) == f"{M}20,0\u00a0%"
    assert numfmt.percent_change(0.01) == "0,0\u00a0%"
    assert numfmt.interval(0.7412, 1.1649) == "0,74\u20131,16"
    assert numfmt.interval(None, 1.2) == ""
    assert numfmt.interval(116.8, 164.2, kind="count") == "116,8\u2013164,2"
    assert numfmt.share(0.04238) == "4,2\u00a0%"
    assert numfmt.share(0.98, "en") == "98.0%"
    assert numfmt.percent_change(45, "en") == "+45.0%"
