# SPDX-License-Identifier: MIT
"""The relations between the numbers one run publishes, read from its published files only, for
the LP attacker (attacker.py).

What the attacker reads (published files only; `*.internal.gpkg` is never read):
- every GeoPackage in the folder: incident_counts-like tables (kod, period, grupp, kon,
  aldersgrupp, antal), the district layer's `<grupp>_antal` / `_per_1000` / `_forandring_pct`,
  grid hotspot tables (rut_id, grupp, period, antal), kde_rasters, motesplatser, indikatorer;
- every GeoTIFF beside them (grouped by kde_rasters' `grupp`/`period`, else by file name);
- the CSV side files motesplatser.csv and indikatorer.csv (the same values as their tables: a
  value withheld in one and published in the other is pinned).

Relations (the attacker's model, plus the exact identities of derived figures):
- reporting levels (tables nivaer, nivaindelning): a coarser level's district count is the sum
  of the finest level's counts of the districts it holds, per period, group, sex and age band;
  its whole equals the finest whole.
- several period lengths (tables nivaer.periodlangd, periodindelning): a longer period's count
  (incident_counts_ar, incident_counts_<level>_ar) is the sum of the finest periods' counts
  inside it, per district, group, sex and age band, on every level.
- incident_counts, per (table, period, grupp): districts sum to the whole (kod 'totalt' or
  '-1'), man + kvinna + okänd = alla, age bands = alla, in every combination;
  derived: per_1000 * befolkning / 1000 = antal, forandring = antal - previous period,
  100 * antal = (100 + forandring_pct) * previous; the district layer's latest-period figures
  are the same values.
- indikatorer (source 'brott'): pooled antal = sum over the periods of incident_counts'
  alla/alla cell of that district and group; antal = kvot * forvantat; a rate, score or
  interval published for a withheld pooled count is reported (model "derived"); the raw value
  in the trygghetsanalys layer is the indikatorer raavarde. Rows with `uppskattad` = 1 carry a
  rate estimated from published cells only (tests/cli/test_ranks_publication.py recomputes it
  from incident_counts), so they add no relation to the withheld count.
- grid hotspots, per surface (group, period): cells sum to the surface total. The total is
  taken from kde_rasters.antal_handelser of the same group and period when published (the
  grid and KDE count the same located incidents), overridden by `surface_totals` (the true
  totals, e.g. from an internal run: the model treats them as known). Per cell: alla >= each
  group, alla <= sum of groups.
- KDE rasters on one pixel grid, per pixel: alla >= each group, alla <= sum of groups (with a
  float32 slack). Model B for KDE pixels is the same as model A: a radius holding one
  incident does not bound the density away from 0.
- meeting places: per place, the 24 hours sum to antal and the 7 weekdays sum to antal.
- time profiles (tidsprofil*, issue 19): per district and group, the 168 weekday x hour cells
  and the 7 weekday utan_klockslag cells sum to antal_totalt.
- knox (issue 19): the four pair counts sum to par_totalt; the close-in-both count equals the
  sum of a same-group near-repeat table's cells inside the knox reach when the reach lies on
  band edges (nara_upprepning's pair counts have no other published relation).
- before/after evaluation (evaluate_measure, issue 19 part measure: tables <p>_omraden and
  <p>_effekt): an area's count in a window is the sum of incident_counts' cells (same group,
  kon alla, aldersgrupp alla) of the districts in `koder` over the periods the window spans when
  the window is a union of whole periods, and at most that sum when the periods only cover it;
  the odds ratio, its interval and the WDQ published while a count they rest on is withheld are
  reported (model "derived").
- `catalogue_overlaps=True` adds what an attacker who reads the (public) crime catalogue
  knows: groups are disjoint except the listed overlapping pairs, so per cell/pixel
  alla = sum of the disjoint groups + union of each overlapping set, and that union lies
  between the largest member and the sum of members. Not in the base model; reported
  separately.
"""
from __future__ import annotations

import csv
import math
import re
import sqlite3
from collections import defaultdict
from pathlib import Path

import numpy as np

TOTAL_CODES = ("totalt", "-1")
SEXES = ("man", "kvinna", "okänd")
HOURS = tuple(f"h{h:02d}" for h in range(24))
WEEKDAYS = ("mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag")
COUNT_TOL = 1e-6
NOT_IN_SOURCE = "ej i källan"  # a crime group the incident source does not cover (issue 15)


class Problem:
    """Values keyed by (table, ...): published (a number) or withheld (None), and linear
    relations sum(coef * value) (== or <=) rhs between them."""

    def __init__(self):
        self.known = {}
        self.withheld = set()
        self.derived = []      # (withheld key, published figure computed from it)
        self.unsolved = {}     # (table, file) -> withheld values shown unpinnable without an LP
        self.free = set()      # unknowns that are no published value (an unknown total)
        self.tol = {}          # key -> pin tolerance
        self.lower_b = {}      # key -> lower bound in model B (default 1)
        self.rows = []         # (terms [(coef, key)], sense, rhs, total_key)
        self.inconsistent = []

    def value(self, key, value, tol=COUNT_TOL, lower_b=1.0):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            self.withheld.add(key)
        else:
            old = self.known.get(key)
            if old is not None and abs(old - value) > max(tol, 1e-6 * abs(value)):
                self.inconsistent.append(f"{key}: published as {old} and as {value}")
            self.known[key] = float(value)
        self.tol[key] = tol
        self.lower_b[key] = lower_b

    def unknown_total(self, key):
        self.free.add(key)
        self.tol[key] = COUNT_TOL
        self.lower_b[key] = 0.0

    def relation(self, terms, sense, rhs=0.0, total=None, slack=0.0):
        """sum(coef * key) sense rhs; `total` names the relation's total (for the zero rule);
        `slack` loosens it (float rasters)."""
        terms = [(c, k) for c, k in terms if k in self.known or k in self.withheld or k in self.free]
        if terms:
            self.rows.append((terms, sense, rhs, total, slack))

    def add_equal_sum(self, total, parts):
        """total = sum(parts)."""
        self.relation([(1.0, total)] + [(-1.0, p) for p in parts], "==", 0.0, total)


# --------------------------------------------------------------------------------- reading

def _tables(db):
    return [r[0] for r in db.execute("select name from sqlite_master where type='table'")]


def _columns(db, table):
    return [r[1] for r in db.execute(f'pragma table_info("{table}")')]


def _rows(db, table):
    cur = db.execute(f'select * from "{table}"')
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur]


def _num(v):
    if v is None or v == "" or v == "..":
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def published_files(folder):
    folder = Path(folder)
    gpkgs = sorted(p for p in folder.glob("*.gpkg") if not p.name.endswith(".internal.gpkg"))
    return gpkgs, sorted(folder.glob("*.tif")), sorted(folder.glob("*.csv"))


def _read_incident_counts(problem, db, table, periods_out):
    rows = _rows(db, table)
    by_slice = defaultdict(dict)
    # A group the source does not cover (saknas_orsak 'ej i källan') has no count at all: it
    # is not a withheld value, and no relation holds it.
    rows = [r for r in rows if not r.get("saknas_orsak")]
    for r in rows:
        antal = None if r.get("undertryckt") else _num(r["antal"])
        key = (table, r["period"], r["grupp"], r["kod"], r["kon"], r["aldersgrupp"])
        problem.value(key, antal)
        by_slice[(r["period"], r["grupp"])][(r["kod"], r["kon"], r["aldersgrupp"])] = r
    periods = sorted({p for p, _ in by_slice})
    periods_out[table] = periods
    for (period, grupp), cells in by_slice.items():
        k = lambda kod, kon, age: (table, period, grupp, kod, kon, age)  # noqa: E731
        kods = sorted({c[0] for c in cells} - set(TOTAL_CODES))
        whole = next((t for t in TOTAL_CODES if any(c[0] == t for c in cells)), None)
        ages = sorted({c[2] for c in cells} - {"alla"})
        sexes = [s for s in SEXES if any(c[1] == s for c in cells)]
        all_kods = kods + ([whole] if whole else [])
        # incident_counts is sparse (README): a missing row is a published count of 0, known to
        # the attacker like any other.
        for d in all_kods:
            for s in ["alla"] + sexes:
                for a in ["alla"] + ages:
                    if (d, s, a) not in cells:
                        problem.value(k(d, s, a), 0.0)
        for s in ["alla"] + sexes:
            for a in ["alla"] + ages:
                if whole:
                    problem.add_equal_sum(k(whole, s, a), [k(d, s, a) for d in kods])
        for d in all_kods:
            for a in ["alla"] + ages:
                if sexes:
                    problem.add_equal_sum(k(d, "alla", a), [k(d, s, a) for s in sexes])
            for s in ["alla"] + sexes:
                if ages:
                    problem.add_equal_sum(k(d, s, "alla"), [k(d, s, a) for a in ages])
        # Derived figures: each is an exact linear function of the count (and the previous one).
        i = periods.index(period)
        prev = periods[i - 1] if i > 0 else None
        for (kod, kon, age), r in cells.items():
            key = k(kod, kon, age)
            per_1000, pop = _num(r.get("per_1000")), _num(r.get("befolkning"))
            if per_1000 is not None and pop:
                problem.relation([(1.0, key)], "==", per_1000 * pop / 1000.0)
            pkey = (table, prev, grupp, kod, kon, age) if prev else None
            change = _num(r.get("forandring"))
            if change is not None and pkey:
                problem.relation([(1.0, key), (-1.0, pkey)], "==", change)
            pct = _num(r.get("forandring_pct"))
            if pct is not None and pkey:
                problem.relation([(100.0, key), (-(100.0 + pct), pkey)], "==", 0.0)


def _read_levels(problem, db, names):
    """Reporting levels: per coarser level (its table named in nivaer), per period, group, sex and
    age band, each district's count is the sum of the counts of the finest districts it holds
    (nivaindelning), and its whole is the finest level's whole. With several period lengths
    (nivaer.periodlangd) each level × length table sums the finest level's table of its length."""
    rows = _rows(db, "nivaer")
    if not rows or "nivaindelning" not in names:
        return
    finest_level = next(r["niva"] for r in rows if r["ordning"] == 0)
    tables = {(r["niva"], r.get("periodlangd")): r["tabell"] for r in rows}
    children = defaultdict(lambda: defaultdict(list))
    for r in _rows(db, "nivaindelning"):
        children[r["niva"]][r["overordnad_kod"]].append(r["kod"])
    for (level, length), table in tables.items():
        if level == finest_level:
            continue
        fine_table = tables[(finest_level, length)]
        for r in _rows(db, table):
            key = (table, r["period"], r["grupp"], r["kod"], r["kon"], r["aldersgrupp"])
            part = lambda kod: (fine_table, r["period"], r["grupp"], kod, r["kon"], r["aldersgrupp"])  # noqa: E731
            if r["kod"] in TOTAL_CODES:
                problem.add_equal_sum(key, [part(r["kod"])])
            else:
                problem.add_equal_sum(key, [part(kod) for kod in children[level].get(r["kod"], [])])


def _read_lengths(problem, db):
    """Several period lengths (nivaer.periodlangd, periodindelning): per level, a longer period's
    count is the sum of the counts of the finest periods inside it, per district (and the
    whole), group, sex and age band; so is every shorter length's between them."""
    rows = _rows(db, "nivaer")
    if not rows or "periodlangd" not in rows[0]:
        return
    finest_length = next(r["periodlangd"] for r in rows if r["ordning"] == 0)
    tables = {(r["niva"], r["periodlangd"]): r["tabell"] for r in rows}
    parts = defaultdict(list)  # (length, period) -> finest periods inside it
    for r in _rows(db, "periodindelning"):
        parts[(r["periodlangd"], r["overordnad_period"])].append(r["period"])
    for (level, length), table in tables.items():
        if length == finest_length:
            continue
        fine_table = tables[(level, finest_length)]
        for r in _rows(db, table):
            key = (table, r["period"], r["grupp"], r["kod"], r["kon"], r["aldersgrupp"])
            problem.add_equal_sum(key, [(fine_table, p, r["grupp"], r["kod"], r["kon"], r["aldersgrupp"])
                                        for p in parts[(length, r["period"])]])


def _read_district_layer(problem, db, table, counts_table, periods):
    cols = _columns(db, table)
    groups = [c[:-len("_antal")] for c in cols if c.endswith("_antal") and c + "" and
              f"{c[:-len('_antal')]}_visning" in cols]
    if not groups or "period" not in cols:
        return
    for r in _rows(db, table):
        period, kod = r["period"], r["kod"]
        prev = None
        if counts_table and period in periods.get(counts_table, []):
            ps = periods[counts_table]
            prev = ps[ps.index(period) - 1] if ps.index(period) > 0 else None
        for g in groups:
            if r.get(f"{g}_visning") == NOT_IN_SOURCE:
                continue  # missing, not withheld (see _read_incident_counts)
            key = (counts_table or table, period, g, kod, "alla", "alla")
            problem.value(key, _num(r[f"{g}_antal"]))
            per_1000, pop = _num(r.get(f"{g}_per_1000")), _num(r.get("befolkning"))
            if per_1000 is not None and pop:
                problem.relation([(1.0, key)], "==", per_1000 * pop / 1000.0)
            pct = _num(r.get(f"{g}_forandring_pct"))
            if pct is not None and prev:
                problem.relation([(100.0, key), (-(100.0 + pct), (counts_table, prev, g, kod, "alla", "alla"))],
                                 "==", 0.0)


def _read_indikatorer(problem, rows, counts_table, periods, source):
    for r in rows:
        if r.get("kalla") != "brott":
            continue
        key = ("indikatorer", r["kod"], r["indikator"])
        antal = None if str(r.get("undertryckt") or "0") not in ("0", "") else _num(r.get("antal"))
        problem.value(key, antal)
        if counts_table:
            problem.add_equal_sum(key, [(counts_table, p, r["indikator"], r["kod"], "alla", "alla")
                                        for p in periods.get(counts_table, [])])
        # uppskattad = 1: the rate, ratio and scores rest on the estimate a reader makes from
        # published cells (each withheld cell = its period's total minus the published districts,
        # shared evenly), not on the withheld pooled count: no relation to it, nothing derived.
        if str(r.get("uppskattad") or "0") not in ("0", ""):
            problem.value(("indikatorer_raavarde", r["kod"], r["indikator"]), _num(r.get("raavarde")))
            continue
        kvot, expected = _num(r.get("kvot")), _num(r.get("forvantat"))
        if kvot is not None and expected is not None:
            problem.relation([(1.0, key)], "==", kvot * expected)
        # figures computed from the count (rate, score, interval) invert to it
        if antal is None:
            for col in ("raavarde", "normaliserat", "riskvarde", "kvot", "kvot_lag", "kvot_hog"):
                if _num(r.get(col)) is not None:
                    problem.derived.append((key, f"indikatorer.{col}"))
        problem.value(("indikatorer_raavarde", r["kod"], r["indikator"]), _num(r.get("raavarde")))


def _place_key(r):
    return (r["namn"], r.get("typ") or "")


def _read_meeting_places(problem, rows):
    for r in rows:
        place = _place_key(r)
        key = lambda col: ("motesplatser", *place, col)  # noqa: E731
        for col in ("antal",) + HOURS + WEEKDAYS:
            if col in r:
                problem.value(key(col), _num(r[col]))
        if all(h in r for h in HOURS):
            problem.add_equal_sum(key("antal"), [key(h) for h in HOURS])
        if all(d in r for d in WEEKDAYS):
            problem.add_equal_sum(key("antal"), [key(d) for d in WEEKDAYS])


def _read_time_profile(problem, table, rows):
    """Issue 19 (part knox): per district and group, the 7 x 24 hour cells and the 7
    utan_klockslag cells (a date only) of tidsprofil sum to its antal_totalt (published on each
    of the district's rows)."""
    lines = defaultdict(list)
    for r in rows:
        line = (table, r["kod"], r["grupp"])
        problem.value((*line, "antal_totalt"), _num(r["antal_totalt"]))
        for h in HOURS + ("utan_klockslag",):
            key = (*line, r["veckodag"], h)
            problem.value(key, _num(r[h]))
            lines[line].append(key)
    for line, cells in lines.items():
        problem.add_equal_sum((*line, "antal_totalt"), cells)


def _read_knox(problem, knox_rows, near_repeat_rows):
    """Issue 19 (part knox): a knox row's four pair counts sum to par_totalt; a near-repeat
    table of the same group whose band edges meet the knox reach (distance and days) holds the
    knox close-in-both count as the sum of its cells inside the reach."""
    for n in near_repeat_rows:  # first: a relation keeps only keys already read
        problem.value(("nara_upprepning", n["steg"], n["avstandsband"], n["tidsband"]), _num(n["observerat"]))
    for r in knox_rows:
        key = lambda col: ("knox", r["steg"], col)  # noqa: E731
        for col in ("par_totalt", "nara_bada", "nara_rum", "nara_tid", "ingen"):
            problem.value(key(col), _num(r[col]))
        problem.add_equal_sum(key("par_totalt"), [key(c) for c in ("nara_bada", "nara_rum", "nara_tid", "ingen")])
        by_stage = defaultdict(list)
        for n in near_repeat_rows:
            if n["grupp"] == r["grupp"]:
                by_stage[n["steg"]].append(n)
        for stage, cells in by_stage.items():
            d_edges = {c["avstand_till_m"] for c in cells}
            t_edges = {c["dagar_till"] for c in cells}
            if r["avstand_m"] not in d_edges or r["dagar"] not in t_edges:
                continue
            inside = [("nara_upprepning", stage, c["avstandsband"], c["tidsband"]) for c in cells
                      if c["avstand_till_m"] <= r["avstand_m"] and c["dagar_till"] <= r["dagar"]]
            problem.add_equal_sum(key("nara_bada"), inside)


def _period_span(label):
    """A period label ("2024H1", "2024Q3", "2024-05", "2024") as (first day, day after) ordinals."""
    from datetime import date
    m = re.fullmatch(r"(\d{4})(?:H([12])|Q([1-4])|-(\d{2}))?", label or "")
    if not m:
        return None
    y = int(m.group(1))
    first, months = ((6 * (int(m.group(2)) - 1), 6) if m.group(2) else (3 * (int(m.group(3)) - 1), 3) if m.group(3)
                     else (int(m.group(4)) - 1, 1) if m.group(4) else (0, 12))
    start = date(y + first // 12, first % 12 + 1, 1)
    end_m = first + months
    return start.toordinal(), date(y + end_m // 12, end_m % 12 + 1, 1).toordinal()


def _read_measure(problem, db, names, counts_table, periods):
    """Before/after evaluations (evaluate_measure): window counts against incident_counts."""
    from datetime import date
    for t in names:
        if not t.endswith("_omraden") or not {"omrade", "koder", "fore", "efter"} <= set(_columns(db, t)):
            continue
        effect_table = t[: -len("_omraden")] + "_effekt"
        if effect_table not in names:
            continue
        effect = _rows(db, effect_table)[0]
        group = effect["grupp"]
        day = lambda s: date.fromisoformat(s).toordinal()  # noqa: E731
        windows = {"fore": (day(effect["fore_fran"]), day(effect["fore_till"]) + 1),
                   "efter": (day(effect["efter_fran"]), day(effect["efter_till"]) + 1)}
        shown = {}
        groups = sorted({r[0] for r in db.execute(f'select distinct grupp from "{counts_table}"')}) if counts_table else []
        for r in _rows(db, t):
            codes = [c for c in (r["koder"] or "").split(",") if c]
            for w, (lo, hi) in windows.items():
                key = (t, r["omrade"], w)
                shown[key] = _num(r[w])
                problem.value(key, shown[key])
                if not counts_table or not codes:
                    continue
                spans = {p: _period_span(p) for p in periods.get(counts_table, [])}
                touching = [p for p, s in spans.items() if s and s[0] < hi and lo < s[1]]
                if not touching:
                    continue
                inside = all(spans[p][0] >= lo and spans[p][1] <= hi for p in touching)
                length = sum(spans[p][1] - spans[p][0] for p in touching)
                covered_lo, covered_hi = min(spans[p][0] for p in touching), max(spans[p][1] for p in touching)
                aligned = inside and length == hi - lo
                covered = covered_lo <= lo and hi <= covered_hi and length == covered_hi - covered_lo
                if not covered:
                    continue

                def cells(g):
                    return [(counts_table, p, g, c, "alla", "alla") for p in touching for c in codes]
                if group in groups:
                    if aligned:
                        problem.add_equal_sum(key, cells(group))
                    else:
                        problem.relation([(1.0, key)] + [(-1.0, c) for c in cells(group)], "<=", 0.0)
                elif group == "alla" and groups:
                    # Every incident is in at least one group (övrigt catches the rest), some in
                    # two: alla <= the sum over the groups; aligned, alla >= each group's sum.
                    problem.relation([(1.0, key)] + [(-1.0, c) for g in groups for c in cells(g)], "<=", 0.0)
                    if aligned:
                        for g in groups:
                            problem.relation([(-1.0, key)] + [(1.0, c) for c in cells(g)], "<=", 0.0)
        # Figures computed from the counts invert to them (given the other published counts).
        rests_on = {"odds_ratio": ("mål", "kontroll"), "or_lag": ("mål", "kontroll"), "or_hog": ("mål", "kontroll"),
                    "relativ_forandring": ("mål", "kontroll"), "wdq": ("mål", "buffertzon", "kontroll"),
                    "wdq_framgang": ("mål", "kontroll"), "wdq_buffert": ("buffertzon", "kontroll")}
        for col, areas in rests_on.items():
            if _num(effect.get(col)) is None:
                continue
            for key, v in shown.items():
                if v is None and key[1] in areas:
                    problem.derived.append((key, f"{effect_table}.{col}"))


def _group_relations(problem, cell_keys, alla, slack=0.0, overlaps=None):
    """Per cell/pixel: alla >= each group, alla <= sum of groups; with `overlaps` (sets of
    groups that may share an incident; every other group is disjoint from all) also
    alla - disjoint groups >= each member of an overlapping set."""
    groups = [g for g in cell_keys if g != alla]
    if alla not in cell_keys or not groups:
        return
    a = cell_keys[alla]
    for g in groups:
        problem.relation([(1.0, cell_keys[g]), (-1.0, a)], "<=", 0.0, total=a, slack=slack)
    problem.relation([(1.0, a)] + [(-1.0, cell_keys[g]) for g in groups], "<=", 0.0, slack=slack)
    if overlaps:
        members = {g for s in overlaps for g in s if g in cell_keys}
        disjoint = [g for g in groups if g not in members]
        for s in overlaps:
            s = [g for g in s if g in cell_keys]
            others = [g for g in members if g not in s]
            # union(s) = alla - disjoint - union(others) and union(others) <= sum(others)
            for g in s:
                problem.relation([(1.0, cell_keys[g]), (-1.0, a)] + [(1.0, cell_keys[d]) for d in disjoint]
                                 + [(1.0, cell_keys[o]) for o in others], "<=", 0.0, slack=slack)
        if not members:
            problem.relation([(-1.0, a)] + [(1.0, cell_keys[g]) for g in groups], "<=", 0.0, slack=slack)


def _read_grid(problem, db, table, surface_totals, kde_totals, overlaps):
    cells = defaultdict(dict)
    surfaces = defaultdict(list)
    for r in _rows(db, table):
        key = (table, r["grupp"], r["period"], r["rut_id"])
        problem.value(key, _num(r["antal"]))
        cells[(r["period"], r["rut_id"])][r["grupp"]] = key
        surfaces[(r["grupp"], r["period"])].append(key)
    for (grupp, period), keys in surfaces.items():
        total = (surface_totals or {}).get((grupp, period), kde_totals.get((grupp, period)))
        tkey = (table + "#total", grupp, period)
        if total is None:
            problem.unknown_total(tkey)
        else:
            problem.value(tkey, total)
        problem.add_equal_sum(tkey, keys)
    for cell in cells.values():
        _group_relations(problem, cell, "alla", overlaps=overlaps)


def _read_kde(problem, tifs, kde_table, overlaps):
    from osgeo import gdal
    meta = {r["fil"]: (r["grupp"], r["period"]) for r in kde_table}
    withheld_stated = {r["fil"]: r["undertryckta_pixlar"] for r in kde_table if r.get("undertryckta_pixlar") is not None}
    by_period = defaultdict(dict)
    for tif in tifs:
        if tif.name in meta:
            grupp, period = meta[tif.name]
        else:
            m = re.match(r"kde_([^_]+)_(.+)\.tif$", tif.name)
            if not m:
                continue
            grupp, period = m.groups()
        ds = gdal.Open(str(tif))
        band = ds.GetRasterBand(1)
        arr = band.ReadAsArray().astype(np.float64)
        nodata = band.GetNoDataValue()
        withheld = np.isnan(arr) if nodata is None or math.isnan(nodata) else (arr == nodata) | np.isnan(arr)
        by_period[period][grupp] = (tif.name, ds.GetGeoTransform(), arr, withheld)
    for period, rasters in by_period.items():
        shapes = {(v[1], v[2].shape) for v in rasters.values()}
        if len(shapes) != 1:
            raise ValueError(f"KDE rasters of period {period} are not on one pixel grid")
        first = next(iter(rasters.values()))[2].shape
        n_withheld = np.zeros(first, dtype=int)
        for v in rasters.values():
            n_withheld += v[3]
        # A pixel nodata in every raster lies outside the study area: no published value.
        # A pixel whose alla and at least one group are withheld has nothing pinned: alla
        # and that group can grow together without breaking any relation (with catalogue
        # overlaps too), so only the other pixels go to the LP.
        outside = n_withheld == len(rasters)
        alla = rasters.get("alla")
        if alla is None:
            lp = (n_withheld > 0) & ~outside
        else:
            lp = (n_withheld > 0) & ~outside & (~alla[3] | (n_withheld == 1))
        for grupp, (name, _, arr, wh) in rasters.items():
            # withheld pixels left out of the LP; kde_rasters' count also holds pixels withheld
            # in every raster (a shared mask), which look like the outside of the study area
            stated = withheld_stated.get(name)
            problem.unsolved[("kde", name)] = int(stated - (wh & lp).sum()) if stated is not None \
                else int((wh & ~outside & ~lp).sum())
        for i, j in zip(*np.nonzero(lp)):
            cell = {}
            scale = 0.0
            for grupp, (name, _, arr, wh) in rasters.items():
                key = ("kde", name, int(i), int(j))
                cell[grupp] = key
                if not wh[i, j]:
                    scale = max(scale, abs(arr[i, j]))
            slack = 1e-5 * scale + 1e-9
            for grupp, (name, _, arr, wh) in rasters.items():
                problem.value(cell[grupp], None if wh[i, j] else float(arr[i, j]),
                              tol=max(COUNT_TOL, 4 * slack), lower_b=0.0)
            _group_relations(problem, cell, "alla", slack=slack, overlaps=overlaps)


def catalogue_overlap_sets(path):
    """Sets of groups that one catalogue code counts in together (e.g. {vald, tillgrepp})."""
    sets = []
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            gs = frozenset(g.strip() for g in r["groups"].split(";") if g.strip())
            if len(gs) > 1 and gs not in sets:
                sets.append(gs)
    # merge sets that share a group
    merged = []
    for s in sets:
        for m in [m for m in merged if m & s]:
            merged.remove(m)
            s = s | m
        merged.append(s)
    return merged


def build(folder, surface_totals=None, catalogue=None):
    """The attacker's problem for one output folder. surface_totals: {(grupp, period): total}
    for grid surfaces (true totals); catalogue: a crime catalogue CSV to use its overlaps."""
    problem = Problem()
    overlaps = catalogue_overlap_sets(catalogue) if catalogue else None
    gpkgs, tifs, csvs = published_files(folder)
    periods = {}
    kde_table = []
    for gpkg in gpkgs:
        with sqlite3.connect(gpkg) as db:
            names = _tables(db)
            if "kde_rasters" in names:
                kde_table += _rows(db, "kde_rasters")
            counts_tables = []
            for t in names:
                cols = set(_columns(db, t))
                if {"kod", "period", "grupp", "kon", "aldersgrupp", "antal"} <= cols:
                    _read_incident_counts(problem, db, t, periods)
                    counts_tables.append(t)
            counts_table = ("incident_counts" if "incident_counts" in counts_tables
                            else counts_tables[0] if counts_tables else None)
            if "nivaer" in names:
                _read_levels(problem, db, names)
                if "periodindelning" in names:
                    _read_lengths(problem, db)
            for t in names:
                cols = set(_columns(db, t))
                if {"kod", "period"} <= cols and any(c.endswith("_visning") for c in cols):
                    _read_district_layer(problem, db, t, counts_table, periods)
            if "indikatorer" in names:
                _read_indikatorer(problem, _rows(db, "indikatorer"), counts_table, periods, gpkg.name)
            if "trygghetsanalys" in names and "indikatorer" in names:
                indicators = {r[0] for r in db.execute("select distinct indikator from indikatorer where kalla='brott'")}
                for r in _rows(db, "trygghetsanalys"):
                    for ind in indicators & set(r):
                        problem.value(("indikatorer_raavarde", r["kod"], ind), _num(r[ind]))
            if "motesplatser" in names and "h00" in _columns(db, "motesplatser"):
                _read_meeting_places(problem, _rows(db, "motesplatser"))
            for t in names:  # issue 19 (part knox): time profiles, knox and near-repeat pair counts
                if t.startswith("tidsprofil") and "antal_totalt" in _columns(db, t):
                    _read_time_profile(problem, t, _rows(db, t))
            _read_measure(problem, db, names, counts_table, periods)  # issue 19 (part measure)
            if "knox" in names or "nara_upprepning" in names:
                _read_knox(problem, _rows(db, "knox") if "knox" in names else [],
                           _rows(db, "nara_upprepning") if "nara_upprepning" in names else [])
            kde_totals = {(r["grupp"], r["period"]): r["antal_handelser"] for r in kde_table
                          if r.get("antal_handelser") is not None}
            for t in names:
                if {"rut_id", "grupp", "period", "antal"} <= set(_columns(db, t)):
                    _read_grid(problem, db, t, surface_totals, kde_totals, overlaps)
    for path in csvs:
        with open(path, encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        if path.name.startswith("motesplatser") and rows and "h00" in rows[0]:
            _read_meeting_places(problem, rows)
        elif path.name.startswith("indikatorer"):
            _read_indikatorer(problem, rows, None, periods, path.name)
    _read_kde(problem, tifs, kde_table, overlaps)
    return problem


# --------------------------------------------------------------------------------- solving
