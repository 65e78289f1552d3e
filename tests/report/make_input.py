# SPDX-License-Identifier: MIT
"""Report input documents (trygg-report-input v1) built from planted values, for the renderer tests
and the speed benchmark. The values are invented and need not be consistent with each other: the
renderer computes nothing, it must show each value where it belongs, formatted.
"""
from __future__ import annotations

import copy
import math
import random

SEXES = ["alla", "kvinna", "man"]
AGES = ["alla", "0-17", "18-"]
PERIODS = ["2024H1", "2024H2", "2025H1", "2025H2", "2026H1"]


def square(x0, y0, size, hole=False):
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    rings = [ring]
    if hole:
        m = size / 4
        rings.append([[x0 + m, y0 + m], [x0 + m, y0 + 3 * m], [x0 + 3 * m, y0 + 3 * m], [x0 + 3 * m, y0 + m],
                      [x0 + m, y0 + m]])
    return {"type": "MultiPolygon", "coordinates": [rings]}


def count_row(antal, befolkning, **keys):
    """A counts row; antal None means withheld (visning ".."). Intervals are planted, not computed."""
    row = dict(keys)
    if antal is None:
        row.update(antal=None, visning="..", befolkning=befolkning, per_1000=None, antal_lag=None, antal_hog=None,
                   per_1000_lag=None, per_1000_hog=None, saknas_orsak=None)
        return row
    rate = antal / befolkning * 1000 if befolkning else None
    row.update(antal=antal, visning=str(antal), befolkning=befolkning, per_1000=rate,
               antal_lag=antal * 0.9, antal_hog=antal * 1.1 + 1,
               per_1000_lag=None if rate is None else rate * 0.9, per_1000_hog=None if rate is None else rate * 1.1,
               saknas_orsak=None)
    return row


# The planted numbers the tests look for.
DISTRICTS = [("9999C0010", "Centrum", 3900.0), ("9999C0020", "Norr", 2500.0), ("9999C0030", "Söder", 1200.0)]
TOTAL_POP = 21000.0
TOTAL = {  # (grupp, period) -> antal for alla × alla
    ("vald", "2024H1"): 1180, ("vald", "2024H2"): 1300, ("vald", "2025H1"): 1100, ("vald", "2025H2"): 1234,
    ("vald", "2026H1"): 410,
    ("skadegorelse", "2024H1"): 2290, ("skadegorelse", "2024H2"): 2405, ("skadegorelse", "2025H1"): 2100,
    ("skadegorelse", "2025H2"): 1680, ("skadegorelse", "2026H1"): 600,
}
# vald 2025H2 for kvinna × 0-17 is withheld.
WITHHELD_TOTAL = ("vald", "2025H2", "kvinna", "0-17")
DISTRICT_COUNTS = {  # (kod, grupp, period) -> antal alla × alla (None: withheld)
    ("9999C0010", "vald", "2025H2"): 512, ("9999C0010", "vald", "2025H1"): 498, ("9999C0010", "vald", "2024H2"): 530,
    ("9999C0020", "vald", "2025H2"): 87, ("9999C0020", "vald", "2025H1"): 60, ("9999C0020", "vald", "2024H2"): 91,
    ("9999C0030", "vald", "2025H2"): None, ("9999C0030", "vald", "2025H1"): 7, ("9999C0030", "vald", "2024H2"): 9,
    ("9999C0010", "skadegorelse", "2025H2"): 1040, ("9999C0010", "skadegorelse", "2025H1"): 1300,
    ("9999C0010", "skadegorelse", "2024H2"): 1500,
    ("9999C0020", "skadegorelse", "2025H2"): 301, ("9999C0020", "skadegorelse", "2025H1"): 344,
    ("9999C0020", "skadegorelse", "2024H2"): 350,
    ("9999C0030", "skadegorelse", "2025H2"): 25, ("9999C0030", "skadegorelse", "2025H1"): 31,
    ("9999C0030", "skadegorelse", "2024H2"): 40,
}
FORANDRING = {("9999C0010", "vald"): 2.81124, ("9999C0020", "vald"): 45.0, ("9999C0030", "vald"): None,
              ("9999C0010", "skadegorelse"): -20.0, ("9999C0020", "skadegorelse"): -12.5,
              ("9999C0030", "skadegorelse"): -19.35}
CHANGES_TOTAL = {  # (grupp, jamfort_med) -> (kvot, lag, hog, utfall)
    ("vald", "previous"): (1.1218, 1.0341, 1.2171, "okning"),
    ("vald", "year_before"): (0.9492, 0.8776, 1.0267, "osaker"),
    ("skadegorelse", "previous"): (0.8, 0.7512, 0.8519, "minskning"),
    ("skadegorelse", "year_before"): (0.6985, 0.6571, 0.7425, "minskning"),
}
CHANGES_DISTRICT = {  # (kod, grupp) -> previous comparison
    ("9999C0010", "vald"): (1.0281, 0.9083, 1.1638, "osaker"),
    ("9999C0020", "vald"): (1.45, 1.0432, 2.0337, "okning"),
    ("9999C0030", "vald"): (None, None, None, "undertryckt"),
    ("9999C0010", "skadegorelse"): (0.8, 0.7361, 0.8692, "minskning"),
    ("9999C0020", "skadegorelse"): (0.875, 0.7517, 1.0182, "osaker"),
    ("9999C0030", "skadegorelse"): (0.8065, 0.4603, 1.3955, "osaker"),
}


def _split(antal, kon, age):
    """Deterministic sex/age split of a total (kvinna 40 %, 0-17 25 %)."""
    f = {"alla": 1.0, "kvinna": 0.4, "man": 0.6}[kon] * {"alla": 1.0, "0-17": 0.25, "18-": 0.75}[age]
    return int(round(antal * f))


def planted(language="sv"):
    periods = {"length": "half-year", "all": list(PERIODS), "complete": PERIODS[:4], "latest": "2025H2",
               "previous": "2025H1", "year_before": "2024H2", "data_from": "2024-01", "data_to": "2026-03",
               "coverage": "uppmätt"}
    groups = [{"id": "vald", "in_source": True}, {"id": "tillgrepp", "in_source": False},
              {"id": "skadegorelse", "in_source": True}]
    totals = []
    for g in groups:
        for p in PERIODS:
            for kon in SEXES:
                for age in AGES:
                    keys = dict(grupp=g["id"], period=p, kon=kon, aldersgrupp=age)
                    if not g["in_source"]:
                        row = count_row(None, TOTAL_POP, **keys)
                        row.update(visning="", saknas_orsak="ej i källan")
                    elif (g["id"], p, kon, age) == WITHHELD_TOTAL:
                        row = count_row(None, TOTAL_POP * 0.1, **keys)
                    else:
                        row = count_row(_split(TOTAL[(g["id"], p)], kon, age),
                                        TOTAL_POP * {"alla": 1, "kvinna": .5, "man": .5}[kon] *
                                        {"alla": 1, "0-17": .2, "18-": .8}[age], **keys)
                    totals.append(row)
    features, dcounts, changes = [], [], []
    for i, (kod, namn, pop) in enumerate(DISTRICTS):
        features.append({"kod": kod, "namn": namn, "area_km2": 1.0, "befolkning": pop,
                         "geometry": square(650000 + 1000 * (i % 2), 6600000 + 1000 * (i // 2), 1000, hole=i == 2)})
        for g in ("vald", "skadegorelse"):
            for p in ("2024H2", "2025H1", "2025H2"):
                a = DISTRICT_COUNTS[(kod, g, p)]
                for kon in SEXES:
                    for age in AGES:
                        keys = dict(kod=kod, namn=namn, grupp=g, period=p, kon=kon, aldersgrupp=age)
                        part = None if a is None else _split(a, kon, age)
                        if part is not None and 0 < part < 5:
                            part = None
                        row = count_row(part, pop, **keys)
                        row["forandring_pct"] = FORANDRING[(kod, g)] if (p == "2025H2" and kon == age == "alla") else None
                        dcounts.append(row)
            kv, lo, hi, ut = CHANGES_DISTRICT[(kod, g)]
            changes.append({"kod": kod, "grupp": g, "kon": "alla", "aldersgrupp": "alla", "jamfort_med": "previous",
                            "fran_period": "2025H1", "till_period": "2025H2",
                            "antal_fran": DISTRICT_COUNTS[(kod, g, "2025H1")], "antal_till": DISTRICT_COUNTS[(kod, g, "2025H2")],
                            "per_1000_fran": None, "per_1000_till": None, "kvot": kv, "kvot_lag": lo, "kvot_hog": hi,
                            "utfall": ut})
    for (g, which), (kv, lo, hi, ut) in CHANGES_TOTAL.items():
        frm = "2025H1" if which == "previous" else "2024H2"
        changes.append({"kod": "totalt", "grupp": g, "kon": "alla", "aldersgrupp": "alla", "jamfort_med": which,
                        "fran_period": frm, "till_period": "2025H2", "antal_fran": TOTAL[(g, frm)],
                        "antal_till": TOTAL[(g, "2025H2")], "per_1000_fran": TOTAL[(g, frm)] / TOTAL_POP * 1000,
                        "per_1000_till": TOTAL[(g, "2025H2")] / TOTAL_POP * 1000, "kvot": kv, "kvot_lag": lo,
                        "kvot_hog": hi, "utfall": ut})
    changes.append({"kod": "totalt", "grupp": "tillgrepp", "kon": "alla", "aldersgrupp": "alla", "jamfort_med": "previous",
                    "fran_period": "2025H1", "till_period": "2025H2", "antal_fran": None, "antal_till": None,
                    "per_1000_fran": None, "per_1000_till": None, "kvot": None, "kvot_lag": None, "kvot_hog": None,
                    "utfall": "saknas"})
    cell = lambda x, y, b: {"grupp": "vald", "period": "2024H1-2025H2", "gi_bin": b,  # noqa: E731
                            "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 250, y], [x + 250, y + 250],
                                                                             [x, y + 250], [x, y]]]}}
    doc = {
        "format": "trygg-report-input", "version": 1, "language": language, "title": None,
        "area": {"name": "Exempelstad", "level": None, "kod": None},
        "generated": {"trygg": "0.9.0", "pipeline": "examples/lagesrapport/exempelstad.json", "source_date_epoch": None},
        "privacy": "publish", "suppress_below": 5, "disclosure": {"method": "suppress", "suppress_below": 5},
        "periods": periods, "groups": groups, "sexes": SEXES, "age_bands": AGES, "totals": totals,
        "districts": {"table": "delomraden", "crs": "EPSG:3006", "features": features},
        "context_districts": [],
        "district_counts": dcounts, "changes": changes,
        "hotspots": {
            "variable": "vald_per_1000",
            "gistar": [{"kod": "9999C0010", "gistar_z": 2.5761, "gistar_p": 0.01, "gistar_bin": 3},
                       {"kod": "9999C0020", "gistar_z": 0.12, "gistar_p": 0.9, "gistar_bin": 0},
                       {"kod": "9999C0030", "gistar_z": -1.7, "gistar_p": 0.089, "gistar_bin": -1}],
            "lisa": [{"kod": "9999C0010", "lisa_class": 1, "lisa_label": "Hög-Hög", "lisa_p_sim": 0.012},
                     {"kod": "9999C0020", "lisa_class": 3, "lisa_label": "Low-High", "lisa_p_sim": 0.04},
                     {"kod": "9999C0030", "lisa_class": 2, "lisa_label": "Low-Low", "lisa_p_sim": 0.031}],
            "grid": {"cell_size": 250.0, "distance_m": 353.6, "fdr": True,
                     "surfaces": [{"grupp": "vald", "period": "2024H1-2025H2", "hot_cells_95": 43, "cold_cells_95": 2,
                                   "withheld_cells": 814}],
                     "cells": [cell(650000, 6600000, 3), cell(650250, 6600000, 2), cell(651500, 6600500, -2)]},
        },
        "trygghetsanalys": {
            "goals": [{"id": "mal1", "column": "mal1_tillit", "indicators_in_catalogue": 3},
                      {"id": "mal5", "column": "mal5_vald", "indicators_in_catalogue": 2}],
            "districts": [{"kod": kod, "namn": namn, "goals": {"mal1": {"risk": 0.41 + i / 10, "rang": 3 - i, "indikatorer": 2},
                                                               "mal5": {"risk": 0.77 - i / 5, "rang": i + 1, "indikatorer": 2}},
                           "risk_total": 0.5 + i / 100, "risk_total_rang": 3 - i, "mal_antal": 2, "mal_i_analysen": 2}
                          for i, (kod, namn, _) in enumerate(DISTRICTS)],
            "indicators": [{"indikator": "sysselsattningsgrad", "mal": "mal1", "namn_sv": "Sysselsättningsgrad 16–64 år",
                            "riktning": "skydd", "kalla": "sysselsattning", "tackning": 0.95},
                           {"indikator": "vald_per_1000", "mal": "mal5", "namn_sv": "Våldsbrott per 1 000 invånare",
                            "riktning": "risk", "kalla": "incidents", "tackning": 1.0}],
        },
        "meeting_places": {
            "group": "skadegorelse", "radius_m": 200, "ring_m": 600,
            "rows": [{"namn": "Stora torget", "typ": "torg", "kod": "9999C0010", "rang": 1, "antal": 80, "forvantat": 38.4,
                      "kvot": 2.0833, "kvot_lag": 1.65, "kvot_hog": 2.59, "topp_timme": 23, "topp_veckodag": "fredag",
                      "timmar": [5, None, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 5, 7, 9, 11, 14, 15],
                      "veckodagar": [8, 5, 10, 5, 22, 20, 10]},
                     {"namn": "Norra parken", "typ": "park", "kod": "9999C0020", "rang": 2, "antal": 31, "forvantat": 20.0,
                      "kvot": 1.55, "kvot_lag": 1.05, "kvot_hog": 2.2, "topp_timme": 21, "topp_veckodag": "lördag",
                      "timmar": [None] * 20 + [6, 9, 7, 5], "veckodagar": [None, None, 5, None, 6, 9, 6]}],
        },
        "data_quality": {
            "accounting": [{"stage": "assign", "source": "/home/analytiker/data/incidents.csv", "rows": 39970, "used": 39931,
                            "rejected": 7, "not_located": 20, "outside": 12, "balanced": True}],
            "rejects": [{"steg": "assign", "utfall": "rejected", "orsak": "empty date", "antal": None, "visning": ".."},
                        {"steg": "assign", "utfall": "rejected", "orsak": "duplicate", "antal": 107, "visning": "107"}],
            "duplicates_dropped": 107,
            "geocoding": [{"typ": "match_type", "nyckel": "exact", "antal": 7256, "andel": 0.98},
                          {"typ": "match_type", "nyckel": "street", "antal": 148, "andel": 0.02}],
            "coverage": {"from": "2024-01", "to": "2026-03", "range": "measured", "incomplete_periods": ["2026H1"]},
            "withheld": {"cells": 1234, "of": 29120, "share": 0.04238},
            "warnings": ["incidents: 5 rows have a category not in the catalogue; counted as ovrigt"],
        },
        "method": {
            "catalogue": {"path": "geodata/catalog/brottskoder.csv", "sha256": "ab" * 32},
            "population_years": {"2024": "befolkning_2024", "2025": "befolkning_2024"},
            "levels": None,
            "statistics": [{"stage": "gistar", "statistic": "gistar", "variable": "vald_per_1000", "value": None,
                            "p_sim": None, "options": {"k": 6}}],
        },
    }
    return doc


def without_optional_sections(doc):
    d = copy.deepcopy(doc)
    d["hotspots"] = {"variable": None, "gistar": [], "lisa": [], "grid": None}
    d["trygghetsanalys"] = None
    d["meeting_places"] = None
    return d


# --- a large synthetic document for the speed benchmark ------------------------------------------

def synthetic(n_districts=100, n_periods=8, n_groups=5, vertices=120, seed=7):
    """n districts on a grid, each a jittered polygon of `vertices` points; every section filled."""
    rng = random.Random(seed)
    gids = ["vald", "tillgrepp", "skadegorelse", "narkotika", "ovrigt"][:n_groups]
    sexes = ["alla", "kvinna", "man", "okänd"]
    ages = ["alla", "0-17", "18-24", "25-44", "45-64", "65-", "okänd"]
    periods = [f"{2022 + i // 2}H{i % 2 + 1}" for i in range(n_periods)]
    latest, previous, year_before = periods[-1], periods[-2], periods[-3]
    side = math.ceil(math.sqrt(n_districts))
    features = []
    for i in range(n_districts):
        cx, cy = 600000 + (i % side) * 1000, 6600000 + (i // side) * 1000
        ring = []
        for k in range(vertices):
            a = 2 * math.pi * k / vertices
            r = 500 * (1 / max(abs(math.cos(a)), abs(math.sin(a)))) * (0.97 + 0.03 * rng.random())
            ring.append([cx + r * math.cos(a) * 0.99, cy + r * math.sin(a) * 0.99])
        ring.append(ring[0])
        features.append({"kod": f"1980C{i:04d}", "namn": f"Delområde {i + 1}", "area_km2": 1.0,
                         "befolkning": 1500.0 + 37 * i, "geometry": {"type": "Polygon", "coordinates": [ring]}})

    def n(mean):
        v = max(0, int(rng.gauss(mean, mean ** 0.5 + 1)))
        return None if 0 < v < 5 else v

    totals, dcounts, changes = [], [], []
    for g in gids:
        for p in periods:
            for kon in sexes:
                for age in ages:
                    totals.append(count_row(n(800 / (1 + sexes.index(kon)) / (1 + ages.index(age))), 150000.0,
                                            grupp=g, period=p, kon=kon, aldersgrupp=age))
            for f in features if p in (latest, previous, year_before) else []:
                for kon in sexes:
                    for age in ages:
                        row = count_row(n(12 / (1 + sexes.index(kon)) / (1 + ages.index(age))), f["befolkning"],
                                        kod=f["kod"], namn=f["namn"], grupp=g, period=p, kon=kon, aldersgrupp=age)
                        row["forandring_pct"] = rng.uniform(-50, 50) if row["antal"] else None
                        dcounts.append(row)
        for which in ("previous", "year_before"):
            for kon in sexes:
                for age in ages:
                    kv = rng.uniform(0.6, 1.4)
                    changes.append({"kod": "totalt", "grupp": g, "kon": kon, "aldersgrupp": age, "jamfort_med": which,
                                    "fran_period": previous, "till_period": latest, "antal_fran": 100, "antal_till": 110,
                                    "per_1000_fran": 1.0, "per_1000_till": 1.1, "kvot": kv, "kvot_lag": kv * 0.8,
                                    "kvot_hog": kv * 1.2, "utfall": rng.choice(["okning", "minskning", "osaker"])})
            for f in features:
                kv = rng.uniform(0.5, 2)
                changes.append({"kod": f["kod"], "grupp": g, "kon": "alla", "aldersgrupp": "alla", "jamfort_med": which,
                                "fran_period": previous, "till_period": latest, "antal_fran": 10, "antal_till": 12,
                                "per_1000_fran": 1.0, "per_1000_till": 1.2, "kvot": kv, "kvot_lag": kv * 0.5,
                                "kvot_hog": kv * 1.5, "utfall": rng.choice(["okning", "minskning", "osaker", "undertryckt"])})
    doc = planted()
    cells = [{"grupp": "vald", "period": f"{periods[0]}-{latest}", "gi_bin": rng.choice([3, 2, 1, -1, -2]),
              "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 250, y], [x + 250, y + 250], [x, y + 250], [x, y]]]}}
             for x, y in ((600000 + 250 * rng.randrange(4 * side), 6600000 + 250 * rng.randrange(4 * side)) for _ in range(300))]
    doc.update({
        "area": {"name": "Storstad", "level": None, "kod": None},
        "periods": {"length": "half-year", "all": periods, "complete": periods, "latest": latest, "previous": previous,
                    "year_before": year_before, "data_from": "2022-01", "data_to": "2025-12", "coverage": "uppmätt"},
        "groups": [{"id": g, "in_source": True} for g in gids], "sexes": sexes, "age_bands": ages, "totals": totals,
        "districts": {"table": "delomraden", "crs": "EPSG:3006", "features": features},
        "district_counts": dcounts, "changes": changes,
        "hotspots": {"variable": "vald_per_1000",
                     "gistar": [{"kod": f["kod"], "gistar_z": rng.gauss(0, 1.5), "gistar_p": rng.random(),
                                 "gistar_bin": rng.choice([3, 2, 1, 0, 0, 0, 0, -1, -2, -3])} for f in features],
                     "lisa": [{"kod": f["kod"], "lisa_class": rng.choice([0, 0, 0, 1, 2, 3, 4]), "lisa_label": "",
                               "lisa_p_sim": rng.random()} for f in features],
                     "grid": {"cell_size": 250.0, "distance_m": 353.6, "fdr": True,
                              "surfaces": [{"grupp": "vald", "period": f"{periods[0]}-{latest}", "hot_cells_95": 140,
                                            "cold_cells_95": 160, "withheld_cells": 900}],
                              "cells": cells}},
        "trygghetsanalys": {
            "goals": [{"id": f"mal{k}", "column": f"mal{k}", "indicators_in_catalogue": 3} for k in range(1, 7)],
            "districts": [{"kod": f["kod"], "namn": f["namn"],
                           "goals": {f"mal{k}": {"risk": rng.random(), "rang": rng.randrange(1, n_districts + 1),
                                                 "indikatorer": 3} for k in range(1, 7)},
                           "risk_total": rng.random(), "risk_total_rang": i + 1, "mal_antal": 6, "mal_i_analysen": 6}
                          for i, f in enumerate(features)],
            "indicators": [{"indikator": f"ind{k}", "mal": f"mal{1 + k % 6}", "namn_sv": f"Indikator {k}",
                            "riktning": "risk", "kalla": "scb", "tackning": 0.9} for k in range(18)]},
        "meeting_places": {"group": "skadegorelse", "radius_m": 200, "ring_m": 600,
                           "rows": [{"namn": f"Plats {k}", "typ": "torg", "kod": features[k]["kod"], "rang": k + 1,
                                     "antal": 100 - k, "forvantat": 40.0, "kvot": 2.5 - k / 10, "kvot_lag": 2.0 - k / 10,
                                     "kvot_hog": 3.0 - k / 10, "topp_timme": 22, "topp_veckodag": "fredag",
                                     "timmar": [n(5) for _ in range(24)], "veckodagar": [n(15) for _ in range(7)]}
                                    for k in range(20)]},
    })
    return doc
