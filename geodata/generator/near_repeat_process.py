# SPDX-License-Identifier: MIT
"""A planted near-repeat burglary process for Exempelstad (issue 19).

Residential burglaries (inbrottsstöld i villa 9801 / lägenhet 9802): initiating burglaries fall
on random addresses on random days over 2022-2025; each initiating burglary triggers one
follow-up with probability P_FOLLOW at an address within RADIUS_M metres (uniform over the
addresses in that disc, the same address included) 1..DAYS days later (uniform). Follow-ups
trigger nothing (one generation: a chain would plant pairs up to 2 x 200 m and 2 x 14 days
apart). So pairs within 200 m and 14 days are planted in excess; pairs farther apart in space
or time are at chance. Written to `inbrott.csv` (its own file,
so the main incidents.csv and every output built on it stay as they were) and the truth
`truth/near_repeat.csv` (each burglary's cause).

It uses its own random generator (seeded from the main SEED), so it does not shift the main
generator's draws.
"""
import datetime as dt
import math
import random

N_INITIATING = 1600
P_FOLLOW = 0.35
RADIUS_M = 200.0
DAYS = 14
CODES = ("9801", "9802")


def build_near_repeat_burglaries(seed, addrs, start, end):
    rng = random.Random(seed)
    cell = RADIUS_M
    grid = {}
    for i, a in enumerate(addrs):
        grid.setdefault((int(a["x"] // cell), int(a["y"] // cell)), []).append(i)

    def near(i):
        a = addrs[i]
        cx, cy = int(a["x"] // cell), int(a["y"] // cell)
        out = []
        for gx in (cx - 1, cx, cx + 1):
            for gy in (cy - 1, cy, cy + 1):
                for j in grid.get((gx, gy), ()):
                    b = addrs[j]
                    if math.hypot(b["x"] - a["x"], b["y"] - a["y"]) <= RADIUS_M:
                        out.append(j)
        return out

    span = (end - start).days
    events = []  # (day, address index, cause: -1 initiating else index of the parent event)
    for _ in range(N_INITIATING):
        events.append((start + dt.timedelta(days=rng.randrange(span + 1)), rng.randrange(len(addrs)), -1))
    for k in range(N_INITIATING):  # one generation: only initiating burglaries trigger
        day, ai, _ = events[k]
        if rng.random() < P_FOLLOW:
            follow = day + dt.timedelta(days=rng.randint(1, DAYS))
            if follow <= end:
                events.append((follow, rng.choice(near(ai)), k))
    rows, truth = [], []
    order = sorted(range(len(events)), key=lambda i: (events[i][0], i))
    new_id = {old: n for n, old in enumerate(order, start=1)}
    for n, i in enumerate(order, start=1):
        day, ai, parent = events[i]
        a = addrs[ai]
        h, m = rng.choice([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]), rng.randrange(60)
        iid = "N%05d" % n
        rows.append((iid, "%s %02d:%02d" % (day.isoformat(), h, m), rng.choice(CODES), int(round(a["x"])),
                     int(round(a["y"]))))
        truth.append((iid, "initierande" if parent < 0 else "N%05d" % new_id[parent]))
    return rows, truth


def write_near_repeat(write_csv, out_csv, truth_csv, seed, addrs, start, end):
    rows, truth = build_near_repeat_burglaries(seed, addrs, start, end)
    write_csv(out_csv, ["id", "brottsdatum", "brottskod", "x", "y"], rows)
    write_csv(truth_csv, ["id", "orsak", "p_foljd", "radie_m", "dagar"],
              [(i, c, P_FOLLOW, RADIUS_M, DAYS) for i, c in truth])
    return len(rows)
