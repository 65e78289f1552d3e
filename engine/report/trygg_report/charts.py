# SPDX-License-Identifier: MIT
"""Charts and maps with matplotlib (Agg): trend charts as inline SVG, maps as PNG.

The same figure goes into the HTML and the PDF. Maps are PNG because a district layer has
thousands of vertices and WeasyPrint is slow on big SVG paths; charts with few marks are SVG,
text kept as text (svg.fonttype none) so they stay small and sharp.
"""
from __future__ import annotations

import base64
import io
import itertools
import math
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PatchCollection  # noqa: E402
from matplotlib.patches import Patch, PathPatch  # noqa: E402
from matplotlib.path import Path  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from . import numfmt  # noqa: E402

plt.rcParams.update({
    "font.family": "DejaVu Sans", "font.size": 8, "svg.fonttype": "none", "svg.hashsalt": "trygg",
    "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 9,
    "hatch.linewidth": 0.6, "hatch.color": "#555555",
})

CM = 1 / 2.54
BAR = "#4a78a8"
BAR_INCOMPLETE = "#c9d6e6"
LINE = "#c0392b"
WITHHELD_FACE = "#ffffff"
NO_VALUE_FACE = "#e3e3e3"
OUTLINE = "#666666"
RATE_COLOURS = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]
GISTAR_COLOURS = {3: "#b2182b", 2: "#ef8a62", 1: "#fddbc7", 0: "#f2f2f2",
                  -1: "#d1e5f0", -2: "#67a9cf", -3: "#2166ac"}
LISA_COLOURS = {0: "#f2f2f2", 1: "#d7191c", 2: "#2c7bb6", 3: "#abd9e9", 4: "#fdae61"}  # 2 Low-Low, 3 Low-High

_ids = itertools.count(1)


def tick_decimals(locs) -> int:
    """Fewest decimals (0..6) that keep every tick label distinct and exact: 0,05 steps need two,
    one decimal would print "0,1 0,1 0,2"."""
    locs = sorted(float(v) for v in locs)
    step = min((b - a for a, b in zip(locs, locs[1:]) if b > a), default=1.0)
    for d in range(7):
        if all(abs(round(v, d) - v) <= step * 1e-6 for v in locs):
            return d
    return 6


def number_axis(axis, lang, integer=False):
    """Ticks at round steps, labelled in the report's number format with as many decimals as the
    step needs (the same for every tick)."""
    axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=integer, min_n_ticks=3))
    fmt = FuncFormatter(lambda v, _pos: numfmt.number(v, tick_decimals(fmt.locs), lang))
    axis.set_major_formatter(fmt)


def svg_inline(fig, label: str) -> str:
    """The figure as an <svg> element for inline use: ids made unique per figure, role and title for readers."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    prefix = f"f{next(_ids)}-"
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{prefix}{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)
    # Size from the viewBox in pt so the CSS width rule scales it; no fixed height/width.
    safe = _escape(label)
    svg = re.sub(r"<svg ", f'<svg role="img" aria-label="{safe}" ', svg, count=1)
    svg = re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + f"<title>{safe}</title>", svg, count=1)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    # WeasyPrint's SVG reader ignores the CSS `font` shorthand matplotlib writes; spell it out.
    svg = re.sub(r"font: ([0-9.]+)px '([^']+)'", r"font-size: \1px; font-family: '\2'", svg)
    return svg


def png_data_uri(fig, dpi: int = 150) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# --- trend ---------------------------------------------------------------------------------

def trend_chart(periods, counts, lows, highs, rates, rate_lows, rate_highs, incomplete, labels, lang) -> object:
    """Bars of counts with their intervals, and the rate per 1 000 with its interval on a second axis.

    Withheld counts have no bar and ".." over the axis; incomplete periods are drawn hatched and pale.
    """
    # Fixed margins, not a layout engine: constrained layout costs ~0.1 s per figure.
    fig, ax = plt.subplots(figsize=(16.5 * CM, 6.2 * CM))
    fig.subplots_adjust(left=0.085, right=0.91, bottom=0.25, top=0.96)
    x = list(range(len(periods)))
    heights = [c if c is not None else 0 for c in counts]
    colours = [BAR_INCOMPLETE if inc else BAR for inc in incomplete]
    bars = ax.bar(x, heights, color=colours, width=0.62, label=labels["count"], zorder=2)
    for b, inc in zip(bars, incomplete):
        if inc:
            b.set_hatch("///")
    err_x = [i for i, c in enumerate(counts) if c is not None and lows[i] is not None and highs[i] is not None]
    if err_x:
        ax.errorbar(err_x, [counts[i] for i in err_x],
                    yerr=[[counts[i] - lows[i] for i in err_x], [highs[i] - counts[i] for i in err_x]],
                    fmt="none", ecolor="#1f3b57", elinewidth=0.8, capsize=2, zorder=3)
    top = max([h for h in highs if h is not None] + [c for c in counts if c is not None] + [1])
    for i, c in enumerate(counts):
        if c is None:
            ax.text(i, top * 0.02, numfmt.WITHHELD, ha="center", va="bottom", color="#333333")
    ax.set_ylim(0, top * 1.12)
    ax.set_xticks(x, periods, rotation=0 if len(periods) <= 10 else 45)
    ax.set_ylabel(labels["count"])
    number_axis(ax.yaxis, lang, integer=True)
    ax.grid(axis="y", color="#dddddd", linewidth=0.5, zorder=0)
    handles = [Patch(facecolor=BAR, label=labels["count"])]
    if any(incomplete):
        handles.append(Patch(facecolor=BAR_INCOMPLETE, hatch="///", label=labels["incomplete"]))  # "Ofullständig period (…)"
    if any(r is not None for r in rates):
        ax2 = ax.twinx()
        ax2.spines["right"].set_visible(True)
        rx = [i for i, r in enumerate(rates) if r is not None]
        # The line joins complete periods only; an incomplete period's rate is a hollow marker.
        cx = [i for i in rx if not incomplete[i]]
        ax2.plot(cx, [rates[i] for i in cx], color=LINE, marker="o", markersize=3, linewidth=1.2, zorder=4)
        ix = [i for i in rx if incomplete[i]]
        if ix:
            ax2.plot(ix, [rates[i] for i in ix], linestyle="none", marker="o", markersize=3.5,
                     markerfacecolor="white", markeredgecolor=LINE, zorder=4)
        ex = [i for i in rx if rate_lows[i] is not None and rate_highs[i] is not None]
        if ex:
            ax2.errorbar(ex, [rates[i] for i in ex],
                         yerr=[[rates[i] - rate_lows[i] for i in ex], [rate_highs[i] - rates[i] for i in ex]],
                         fmt="none", ecolor=LINE, elinewidth=0.8, capsize=2, alpha=0.8)
        rtop = max([h for h in rate_highs if h is not None] + [r for r in rates if r is not None])
        ax2.set_ylim(0, rtop * 1.12 if rtop > 0 else 1)
        ax2.set_ylabel(labels["rate"], color=LINE)
        ax2.tick_params(axis="y", colors=LINE)
        number_axis(ax2.yaxis, lang)
        handles.append(plt.Line2D([], [], color=LINE, marker="o", markersize=3, label=labels["rate"]))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.12), ncol=3, frameon=False)
    return fig


# --- maps ----------------------------------------------------------------------------------

def _ring_area(ring) -> float:
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1]))


def geometry_path(geom) -> Path | None:
    """A GeoJSON (Multi)Polygon as one matplotlib Path: exteriors counter-clockwise, holes clockwise,
    so the nonzero fill rule leaves the holes empty whatever orientation the input had."""
    if not geom:
        return None
    t = geom.get("type")
    polys = [geom["coordinates"]] if t == "Polygon" else geom.get("coordinates", []) if t == "MultiPolygon" else []
    verts, codes = [], []
    for poly in polys:
        for k, ring in enumerate(poly):
            pts = [tuple(p[:2]) for p in ring]
            if len(pts) < 3:
                continue
            if pts[0] == pts[-1]:
                pts = pts[:-1]
            ccw = _ring_area(pts) > 0
            if (k == 0) != ccw:
                pts.reverse()
            verts.extend(pts + [pts[0]])
            codes.extend([Path.MOVETO] + [Path.LINETO] * (len(pts) - 1) + [Path.CLOSEPOLY])
    return Path(verts, codes) if verts else None


class MapBase:
    """The district paths of one report, built once and drawn by every map."""

    def __init__(self, features, context=()):
        self.kods = [f.get("kod") for f in features]
        self.paths = [geometry_path(f.get("geometry")) for f in features]
        self.context = [p for p in (geometry_path(c.get("geometry")) for c in context) if p is not None]
        allp = [p for p in self.paths + self.context if p is not None]
        if allp:
            ext = [p.get_extents() for p in allp]
            self.bounds = (min(e.x0 for e in ext), min(e.y0 for e in ext), max(e.x1 for e in ext), max(e.y1 for e in ext))
        else:
            self.bounds = None

    def figure(self, width_cm=16.5):
        x0, y0, x1, y1 = self.bounds
        aspect = (y1 - y0) / (x1 - x0) if x1 > x0 else 1.0
        map_w = width_cm * 0.68
        height = min(max(map_w * aspect, 6.0), 12.0)
        fig = plt.figure(figsize=(width_cm * CM, height * CM))
        ax = fig.add_axes([0.0, 0.02, 0.68, 0.96])
        ax.set_aspect("equal")
        ax.set_axis_off()
        pad = 0.02 * max(x1 - x0, y1 - y0)
        ax.set_xlim(x0 - pad, x1 + pad)
        ax.set_ylim(y0 - pad, y1 + pad)
        if self.context:
            ax.add_collection(PatchCollection([PathPatch(p) for p in self.context], facecolor="#f4f4f4",
                                              edgecolor="#bbbbbb", linewidth=0.3))
        return fig, ax

    def draw(self, ax, faces: dict, hatched: set, linewidth=0.4):
        patches, colours, hatch_patches = [], [], []
        for kod, p in zip(self.kods, self.paths):
            if p is None:
                continue
            patches.append(PathPatch(p))
            colours.append(faces.get(kod, NO_VALUE_FACE))
            if kod in hatched:
                hatch_patches.append(PathPatch(p))
        ax.add_collection(PatchCollection(patches, facecolors=colours, edgecolor=OUTLINE, linewidth=linewidth))
        if hatch_patches:
            ax.add_collection(PatchCollection(hatch_patches, facecolor="none", edgecolor="#555555", hatch="////",
                                              linewidth=0))


def class_breaks(values, k=5):
    """Quantile class limits of the published rates, rounded to the shown precision, unique."""
    vals = sorted(v for v in values if v is not None)
    if not vals:
        return None
    d = numfmt.rate_decimals(vals[-1])
    breaks = []
    for i in range(1, k):
        q = vals[min(len(vals) - 1, int(round(i * len(vals) / k)))]
        b = round(q, d)
        if b > (breaks[-1] if breaks else vals[0]) and b < vals[-1]:
            breaks.append(b)
    lo = vals[0]
    hi = vals[-1]
    return [lo] + breaks + [hi], d


def choropleth(base: MapBase, rates: dict, withheld: set, labels, lang):
    """Rates per district in quantile classes; withheld districts hatched, districts without a value grey."""
    fig, ax = base.figure()
    res = class_breaks(list(rates.values()))
    handles = []
    faces = {}
    values = [v for v in rates.values() if v is not None]
    zeros = bool(res) and any(v == 0 for v in values)
    if zeros:
        # Districts without crimes get a class "0" of their own in the palest colour, said to mean
        # no crimes: with many zeros the quantile classes collapse into one class from 0 that
        # paints them as a middle rate.
        for kod, v in rates.items():
            if v == 0:
                faces[kod] = RATE_COLOURS[0]
        handles.append(Patch(facecolor=RATE_COLOURS[0], edgecolor=OUTLINE, linewidth=0.4,
                             label=labels.get("zero", "0")))
        res = class_breaks([v for v in values if v > 0], k=4)
    if res:
        limits, d = res
        palette = RATE_COLOURS[1:] if zeros else RATE_COLOURS
        n = max(1, len(limits) - 1)
        colours = palette if n >= len(palette) else \
            palette[::max(1, len(palette) // n)][:n] if n > 1 else [palette[len(palette) // 2]]
        colours = colours[:n]
        for kod, v in rates.items():
            if v is None or (zeros and v == 0):
                continue
            cls = next((i for i in range(n) if v <= limits[i + 1] + 1e-12), n - 1)
            faces[kod] = colours[cls]
        for i in range(n):
            lo = numfmt.number(limits[i], d, lang)
            hi = numfmt.number(limits[i + 1], d, lang)
            handles.append(Patch(facecolor=colours[i], edgecolor=OUTLINE, linewidth=0.4,
                                 label=f"{lo}\u2013{hi}" if lo != hi else lo))
    for kod in withheld:
        faces[kod] = WITHHELD_FACE
    base.draw(ax, faces, withheld)
    if withheld:
        handles.append(Patch(facecolor=WITHHELD_FACE, edgecolor="#555555", hatch="////", linewidth=0.4,
                             label=labels["withheld"]))
    if any(k not in faces for k in base.kods):
        handles.append(Patch(facecolor=NO_VALUE_FACE, edgecolor=OUTLINE, linewidth=0.4, label=labels["no_value"]))
    fig.legend(handles=handles, loc="center left", bbox_to_anchor=(0.69, 0.5), frameon=False,
               title=labels["unit"], alignment="left")
    return fig


def categorical_map(base: MapBase, classes: dict, colours: dict, names: dict, title: str, cells=None):
    """Districts (or grid cells over district outlines) coloured by a class with a legend of the classes present."""
    fig, ax = base.figure()
    if cells is None:
        faces = {kod: colours.get(c, NO_VALUE_FACE) for kod, c in classes.items() if c is not None}
        base.draw(ax, faces, set())
        present = sorted({c for c in classes.values() if c is not None}, key=lambda c: list(colours).index(c)
                         if c in colours else 99)
    else:
        base.draw(ax, {kod: "#ffffff" for kod in base.kods}, set(), linewidth=0.5)
        patches, faces = [], []
        for geom, c in cells:
            p = geometry_path(geom)
            if p is not None:
                patches.append(PathPatch(p))
                faces.append(colours.get(c, NO_VALUE_FACE))
        if patches:
            ax.add_collection(PatchCollection(patches, facecolors=faces, edgecolor="none", zorder=3))
        present = sorted({c for _, c in cells}, key=lambda c: list(colours).index(c) if c in colours else 99)
    handles = [Patch(facecolor=colours.get(c, NO_VALUE_FACE), edgecolor=OUTLINE, linewidth=0.4, label=names.get(c, str(c)))
               for c in present]
    fig.legend(handles=handles, loc="center left", bbox_to_anchor=(0.69, 0.5), frameon=False, title=title,
               alignment="left")
    return fig


# --- meeting places ------------------------------------------------------------------------

def profile_chart(timmar, veckodagar, weekday_names, labels, lang):
    """Counts by hour (0-23) and by weekday side by side; withheld values marked ".."."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(16.5 * CM, 4.2 * CM), gridspec_kw={"width_ratios": [3, 1.2]})
    fig.subplots_adjust(left=0.05, right=0.99, bottom=0.14, top=0.86, wspace=0.12)
    for ax, values, ticks, title in ((ax1, timmar, [f"{h:02d}" for h in range(24)], labels["hour"]),
                                     (ax2, veckodagar, weekday_names, labels["weekday"])):
        x = list(range(len(values)))
        ax.bar(x, [v or 0 for v in values], color=BAR, width=0.7)
        top = max([v for v in values if v is not None] + [1])
        for i, v in enumerate(values):
            if v is None:
                ax.text(i, top * 0.02, numfmt.WITHHELD, ha="center", va="bottom", fontsize=6, color="#333333")
        ax.set_ylim(0, top * 1.1)
        ax.set_xticks(x, ticks, fontsize=6 if len(values) > 7 else 7)
        ax.set_title(title, loc="left")
        number_axis(ax.yaxis, lang, integer=True)
        ax.grid(axis="y", color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
    return fig


# --- rank intervals (trygghetsanalys "uncertainty") -----------------------------------------

UNSTABLE = "#c0392b"
STABLE = "#1f3b57"


def rank_interval_chart(rows, ranked, labels, lang, title=""):
    """One goal's 90 % rank intervals: districts in order of median rank along x, a vertical bar from
    the 5th to the 95th percentile rank, a dot at the median; unstable districts (the quartile
    class changes within the interval) in red. Rank 1 (most risk) at the top; the quartile
    boundaries as dashed lines. rows: (median, p05, p95, unstable) for the ranked districts."""
    rows = sorted(rows, key=lambda r: (r[0], r[1], r[2]))
    fig, ax = plt.subplots(figsize=(16.5 * CM, 5.0 * CM))
    fig.subplots_adjust(left=0.075, right=0.99, bottom=0.2, top=0.87)
    x = list(range(1, len(rows) + 1))
    for unstable, colour, label in ((False, STABLE, labels["stable"]), (True, UNSTABLE, labels["unstable"])):
        xs = [i for i, r in zip(x, rows) if bool(r[3]) == unstable]
        rs = [r for r in rows if bool(r[3]) == unstable]
        if not xs:
            continue
        ax.vlines(xs, [r[1] for r in rs], [r[2] for r in rs], colors=colour, linewidth=1.1, zorder=2)
        ax.scatter(xs, [r[0] for r in rs], s=6, color=colour, zorder=3, label=label)
    for q in (1, 2, 3):
        # Class of rank r among N: 1 + floor(4 (r - 1) / N); class q + 1 starts at ceil(q N / 4) + 1.
        ax.axhline(math.ceil(q * ranked / 4) + 0.5, color="#999999", linewidth=0.5, linestyle=(0, (3, 2)), zorder=1)
    ax.set_xlim(0, len(rows) + 1)
    ax.set_ylim(ranked + 1, 0)
    ax.set_xlabel(labels["x"], fontsize=7)
    ax.set_ylabel(labels["y"], fontsize=7)
    number_axis(ax.yaxis, lang, integer=True)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
    ax.set_title(title, loc="left")
    # Above the plot: the lower right, where the lowest ranks are, is where the marks are.
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=6, frameon=False, ncol=2, borderaxespad=0.2)
    ax.grid(axis="y", color="#eeeeee", linewidth=0.5)
    ax.set_axisbelow(True)
    return fig
