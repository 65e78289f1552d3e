# SPDX-License-Identifier: MIT
"""Exempelstad's planted measure (issue 19, part emerging): a before/after evaluation has to
find it. Kept apart from the main generator's random stream (its own random.Random), so every
other generated file stays byte-identical; it writes two files of its own:

- exempelstad/atgard_incidents.csv — incidents.csv with the measure applied: from MEASURE_DATE
  on, each incident whose true district is the target is removed with probability EFFECT
  (−40 %); of the removed, a share DISPLACED reappears in a district bordering the target
  (coordinates, address and position fields cleared, `deso` set to that district: it is
  area-coded there, as the police register is).
- exempelstad/truth/atgard.csv — the planted truth: target, date, effect, displaced share,
  buffer districts, and what was removed and moved.
"""
import csv
import random

TARGET = "9999C0010"          # Centrum
MEASURE_DATE = "2024-07-01"   # e.g. cameras on Stora torget and a medborgarlöfte
EFFECT = 0.40                  # share of the target's incidents removed after the date
DISPLACED = 0.30               # share of the removed that move into a bordering district
SEED = 19                      # issue 19


def bordering(polys, codes, target):
    """Codes of the districts that touch (or lie within 1 m of) the target's polygon."""
    t = polys[codes.index(target)]
    return [c for c, p in zip(codes, polys) if c != target and p.Distance(t) <= 1.0]


def plant_measure(inc_rows, truth_rows, polys, codes):
    """(rows of atgard_incidents.csv, rows of truth/atgard.csv) from the generated incidents
    (tuples as incidents.csv: id, brottsdatum, brottskod, x, y, lon, lat, deso, adress, kon,
    alder) and their truth (id, true_x, true_y, kod, hotspot)."""
    rng = random.Random(SEED)
    buffer = bordering(polys, codes, TARGET)
    out, removed, moved = [], 0, 0
    for row, truth in zip(inc_rows, truth_rows):
        assert row[0] == truth[0]
        if truth[3] == TARGET and row[1][:10] >= MEASURE_DATE:
            if rng.random() < EFFECT:
                removed += 1
                if rng.random() < DISPLACED:
                    moved += 1
                    iid, when, code, _x, _y, _lon, _lat, _deso, _adr, kon, alder = row
                    out.append((iid, when, code, "", "", "", "", rng.choice(buffer), "", kon, alder))
                continue
        out.append(row)
    truth = [("target", TARGET), ("date", MEASURE_DATE), ("effect", "-%.2f" % EFFECT),
             ("displaced_share", "%.2f" % DISPLACED), ("buffer", ";".join(buffer)),
             ("removed", removed), ("moved_to_buffer", moved)]
    return out, truth


def write_measure(out_path, truth_path, header, inc_rows, truth_rows, polys, codes):
    rows, truth = plant_measure(inc_rows, truth_rows, polys, codes)
    for path, head, body in ((out_path, header, rows), (truth_path, ["key", "value"], truth)):
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(head)
            w.writerows(body)
