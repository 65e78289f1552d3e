# SPDX-License-Identifier: MIT
"""Chart axes: tick labels in the report's number format, distinct at every scale."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "engine" / "report"))
from trygg_report import charts  # noqa: E402

LABELS = {"count": "Antal", "rate": "Per 1 000 inv.", "incomplete": "Ofullständig period"}


def tick_labels(axis):
    return [t.get_text() for t in axis.get_ticklabels() if t.get_visible()]


def axis_labels(rate_top, count_top):
    periods = ["2024H1", "2024H2", "2025H1", "2025H2"]
    counts = [count_top, count_top // 2, 0, count_top]
    rates = [rate_top, rate_top / 2, rate_top / 3, 0.0]
    fig = charts.trend_chart(periods, counts, [None] * 4, [None] * 4, rates, [None] * 4, [None] * 4,
                             [False] * 4, LABELS, "sv")
    fig.canvas.draw()
    ax, ax2 = fig.axes
    lo, hi = ax2.get_ylim()
    return tick_labels(ax.yaxis), [t for t, v in zip(tick_labels(ax2.yaxis), ax2.get_yticks()) if lo <= v <= hi]


@pytest.mark.parametrize("rate_top,count_top", [(0.21, 2), (0.03, 1), (2.6, 40), (130.0, 1300)])
def test_tick_labels_are_distinct(rate_top, count_top):
    counts, rates = axis_labels(rate_top, count_top)
    assert len(rates) >= 3 and len(set(rates)) == len(rates), rates
    assert len(set(counts)) == len(counts), counts
    assert all("." not in t for t in rates)                      # Swedish decimal comma


def test_small_rate_ticks_have_the_steps_decimals():
    # Rates up to 0,21 → limit 0,235: ticks every 0,05 need two decimals, every label the same width.
    _, rates = axis_labels(0.21, 2)
    assert rates[:3] == ["0,00", "0,05", "0,10"], rates


@pytest.mark.parametrize("locs,want", [([0, 0.05, 0.1, 0.15], 2), ([0, 0.25, 0.5], 2), ([0, 0.5, 1.0], 1),
                                       ([0, 20, 40], 0), ([0, 0.002, 0.004], 3)])
def test_tick_decimals(locs, want):
    assert charts.tick_decimals(locs) == want


def legend_labels(fig):
    return [t.get_text() for lg in fig.legends for t in lg.get_texts()]


def test_a_map_of_zero_rates_has_one_class_that_says_no_crimes():
    features = [{"kod": k, "geometry": {"type": "Polygon", "coordinates": [[[x, 0], [x + 10, 0], [x + 10, 10],
                                                                            [x, 10], [x, 0]]]}}
                for k, x in (("A", 0), ("B", 10), ("C", 20))]
    base = charts.MapBase(features)
    labels = {"withheld": "Undertryckt (..)", "no_value": "Inget värde", "unit": "per 1 000 inv.",
              "zero": "0 (inga brott)"}
    fig = charts.choropleth(base, {"A": 0.0, "B": 0.0}, {"C"}, labels, "sv")
    assert legend_labels(fig) == ["0 (inga brott)", "Undertryckt (..)"]
    fig = charts.choropleth(base, {"A": 1.0, "B": 2.5, "C": 5.0}, set(), labels, "sv")
    assert "0 (inga brott)" not in legend_labels(fig) and len(legend_labels(fig)) >= 2


def test_zero_rates_are_a_class_of_their_own_beside_positive_ones():
    features = [{"kod": k, "geometry": {"type": "Polygon", "coordinates": [[[x, 0], [x + 10, 0], [x + 10, 10],
                                                                            [x, 10], [x, 0]]]}}
                for k, x in (("A", 0), ("B", 10), ("C", 20), ("D", 30))]
    labels = {"withheld": "Undertryckt (..)", "no_value": "Inget värde", "unit": "per 1 000 inv.",
              "zero": "0 (inga brott)"}
    # Three of four districts at 0: quantiles of all four would give one class 0,0–2,9.
    fig = charts.choropleth(charts.MapBase(features), {"A": 0.0, "B": 0.0, "C": 0.0, "D": 2.9}, set(), labels, "sv")
    assert legend_labels(fig) == ["0 (inga brott)", "2,9"]
