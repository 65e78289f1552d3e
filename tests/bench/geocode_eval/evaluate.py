#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Benchmark (not a unit test) of free-text geocoding on hand-labelled Västerås police events.

Joins vasteras_events_labelled.csv with the shared event file by id, runs `trygg geocode
--free-text` on "summary + body" with the gazetteers a municipality has (meeting places and
other named places, bus stops, polling-station addresses, RegSO names), runs the naive
longest-name baseline on the same text, and prints per kind, for both: labelled, placed, placed
in the right RegSO, recall and precision on the unambiguous events (LABELLING.md), and how many
events without a place were placed (must be 0).

  /usr/bin/python3 tests/bench/geocode_eval/evaluate.py [--trygg build/release/engine/trygg]
      [--data $TRYGG_SHARED_DATA] [--min-match district] [--details details.csv] [--markdown out.md]
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from osgeo import ogr, osr

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))
from naive_longest_name import NaiveLongestName  # noqa: E402

KINDS = ("address", "street", "intersection", "place", "district", "road", "outside", "none")
WORK_CRS = "EPSG:3010"  # SWEREF99 16 30, the local projection; metres


def _srs(code):
    s = osr.SpatialReference()
    s.SetFromUserInput(code)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


class RegsoIndex:
    """The RegSO polygons in WORK_CRS; code_at(x, y) is the code of the polygon holding the point."""

    def __init__(self, path):
        self.crs = _srs(WORK_CRS)
        self._ds = ogr.Open(str(path))
        layer = self._ds.GetLayer(0)
        src = layer.GetSpatialRef()
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        tr = osr.CoordinateTransformation(src, self.crs)
        self.polygons, self.names = [], {}
        for f in layer:
            g = f.GetGeometryRef().Clone()
            g.Transform(tr)
            code = f.GetField("regsokod")
            self.polygons.append((code, g))
            self.names[code] = f.GetField("regso")

    def code_at(self, x, y):
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(x, y)
        for code, g in self.polygons:
            if g.Contains(p):
                return code
        return None


def read_labels(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def event_texts(events_csv):
    with open(events_csv, encoding="utf-8", newline="") as f:
        return {r["id"]: (r["summary"] + " " + r["body_text"]).strip() for r in csv.DictReader(f)}


def run_trygg(trygg, texts, data, min_match, workdir, aliases=None):
    """{id: (placed?, RegSO code or None, match_type, matched)} from `trygg geocode --free-text`."""
    inp, out = workdir / "events.csv", workdir / "geocoded.csv"
    with open(inp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        w.writerows(texts.items())
    cmd = [trygg, "geocode", str(inp), "-o", str(out), "-c", "text", "--free-text",
           "--places", str(data / "places.geojson"), "--places", str(data / "osm_bus_stops.geojson"),
           "-g", str(data / "polling_stations.geojson"), "--field", "address=Adress",
           "--districts", str(data / "regso_2018.geojson"), "--district-name-field", "regso",
           "--min-match", min_match, "--crs", WORK_CRS, "--no-cache"]
    if aliases:  # the municipality's institution words (geodata/catalog/alias_*.csv)
        cmd += ["--aliases", str(aliases)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("trygg geocode failed ({}): {}\n{}".format(done.returncode, " ".join(cmd), done.stderr))
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return cmd, rows


def evaluate(labels, answers):
    """Per kind: labelled, unambiguous, placed, placed_unambiguous, right; answers[id] = code or
    False (not placed); a placed point outside every RegSO is the code None (wrong)."""
    stats = defaultdict(lambda: defaultdict(int))
    for lab in labels:
        k, answer = lab["kind"], answers[lab["id"]]
        placed = answer is not False
        clear = lab["confidence"] in ("certain", "likely") and (lab["regso"] or k == "none")
        s = stats[k]
        s["labelled"] += 1
        s["placed"] += placed
        if clear:
            s["unambiguous"] += 1
            s["placed_unambiguous"] += placed
            s["right"] += placed and k != "none" and answer == lab["regso"]
        else:
            s["placed_unsure"] += placed
    return stats


def ratio(a, b):
    return "{:.0%}".format(a / b) if b else "–"


def table(stats_by_method):
    methods = list(stats_by_method)
    head = ["kind", "labelled", "unambiguous"]
    for m in methods:
        head += [m + " placed", m + " right", m + " recall", m + " precision"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    total = {m: defaultdict(int) for m in methods}
    for k in KINDS:
        first = stats_by_method[methods[0]].get(k)
        if not first:
            continue
        row = [k, str(first["labelled"]), str(first["unambiguous"])]
        for m in methods:
            s = stats_by_method[m][k]
            if k == "none":  # nothing to be right about: placed must be 0
                row += [str(s["placed"]), "–", "–", "–"]
                continue
            for key in ("placed", "placed_unambiguous", "right", "unambiguous", "labelled"):
                total[m][key] += s[key]
            row += ["{} ({} unamb.)".format(s["placed"], s["placed_unambiguous"]), str(s["right"]),
                    ratio(s["right"], s["unambiguous"]), ratio(s["right"], s["placed_unambiguous"])]
        lines.append("| " + " | ".join(row) + " |")
    t0 = total[methods[0]]
    row = ["**all with a place**", str(t0["labelled"]), str(t0["unambiguous"])]
    for m in methods:
        t = total[m]
        row += ["{} ({} unamb.)".format(t["placed"], t["placed_unambiguous"]), str(t["right"]),
                ratio(t["right"], t["unambiguous"]), ratio(t["right"], t["placed_unambiguous"])]
    lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trygg", default=os.environ.get("TRYGG_EXE", str(ROOT / "build/release/engine/trygg")))
    ap.add_argument("--data", default=os.environ.get("TRYGG_SHARED_DATA", str(ROOT.parent / "shared/data")),
                    help="the shared data folder (holds vasteras/)")
    ap.add_argument("--labels", default=str(HERE / "vasteras_events_labelled.csv"))
    ap.add_argument("--min-match", default="district",
                    help="trygg's --min-match (free text: 'district' accepts every kind of hit)")
    ap.add_argument("--aliases", default=str(ROOT / "geodata/catalog/alias_vasteras.csv"),
                    help="alias catalogue given to trygg (default: the repository's Västerås one; '' for none)")
    ap.add_argument("--details", help="write one row per event (label, trygg, baseline) to this CSV")
    ap.add_argument("--markdown", help="also write the report to this file")
    args = ap.parse_args()

    data = Path(args.data).resolve() / "vasteras"
    labels = read_labels(args.labels)
    texts_all = event_texts(data / "police_events_2023_2026.csv")
    missing = [lab["id"] for lab in labels if lab["id"] not in texts_all]
    if missing:
        sys.exit("labels name ids that are not in the event file: " + ", ".join(missing[:5]))
    texts = {lab["id"]: texts_all[lab["id"]] for lab in labels}
    regso = RegsoIndex(data / "regso_2018.geojson")

    with tempfile.TemporaryDirectory(prefix="geocode_eval_") as tmp:
        cmd, rows = run_trygg(args.trygg, texts, data, args.min_match, Path(tmp), args.aliases)
    trygg_answer, trygg_row = {}, {}
    for r in rows:
        placed = r["accepted"] == "1" and r["geocode_x"] != ""
        trygg_answer[r["id"]] = regso.code_at(float(r["geocode_x"]), float(r["geocode_y"])) if placed else False
        trygg_row[r["id"]] = r

    naive = NaiveLongestName(data, regso)
    naive_name, naive_answer = {}, {}
    for i, text in texts.items():
        name, code = naive.locate(text)
        naive_name[i] = name
        naive_answer[i] = False if name is None else code

    stats = {"trygg": evaluate(labels, trygg_answer), "naive": evaluate(labels, naive_answer)}
    unsure = {m: sum(s[k]["placed_unsure"] for k in s) for m, s in stats.items()}
    n_unsure = sum(1 for lab in labels if lab["confidence"] == "unsure")
    report = [
        "# Free-text geocoding on {} hand-labelled Västerås events".format(len(labels)),
        "",
        "RegSO level. recall = right / unambiguous; precision = right / placed among the "
        "unambiguous (LABELLING.md). 'none' rows: events naming no place that were placed (must be 0).",
        "",
        table(stats),
        "",
        "Unsure labels ({}) placed: trygg {}, naive {} (not scored).".format(n_unsure, unsure["trygg"], unsure["naive"]),
        "",
        "trygg: `{}`".format(" ".join(Path(c).name if c.startswith("/") and c.endswith(".csv") else c
                                      for c in cmd)),
    ]
    text = "\n".join(report)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text + "\n", encoding="utf-8")
    if args.details:
        with open(args.details, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "kind", "confidence", "phrase", "regso", "trygg_regso", "trygg_match_type",
                        "trygg_matched", "trygg_reason", "naive_regso", "naive_name"])
            for lab in labels:
                r, t, n = trygg_row[lab["id"]], trygg_answer[lab["id"]], naive_answer[lab["id"]]
                w.writerow([lab["id"], lab["kind"], lab["confidence"], lab["phrase"], lab["regso"],
                            "" if t is False else (t or "outside"), r["match_type"], r["matched"], r["reason"],
                            "" if n is False else (n or "outside"), naive_name[lab["id"]] or ""])


if __name__ == "__main__":
    main()
