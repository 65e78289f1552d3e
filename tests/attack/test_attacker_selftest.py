# SPDX-License-Identifier: MIT
"""The attacker is not blind: planted tables with a recoverable withheld value are reported
pinned, and ones without are not (issue 14, part "attacker" item 3)."""
import sqlite3

import numpy as np
from scipy.optimize import linprog

from attacker import Problem, attack, solve


def line(total, parts):
    """One relation: a published total over parts (None = withheld)."""
    p = Problem()
    p.value("total", total)
    for i, v in enumerate(parts):
        p.value(("cell", i), v)
    p.add_equal_sum("total", [("cell", i) for i in range(len(parts))])
    return p


def pinned(problem, model=None):
    return sorted((p.key, p.value) for p in solve(problem).pinned if model is None or p.model == model)


def test_one_withheld_cell_recoverable_from_its_total_is_pinned_in_both_models():
    result = solve(line(10, [3, None, 4]))
    assert sorted((p.model, p.key, p.value) for p in result.pinned) == [("A", (1,), 3.0), ("B", (1,), 3.0)]


def test_two_free_withheld_cells_are_not_pinned():
    assert pinned(line(10, [4, None, None])) == []


def test_withheld_means_non_empty_pins_five_cells_summing_to_five():
    # the meeting-place leak of issue 14: five withheld weekdays summing to 5 are each 1
    problem = line(7, [2, None, None, None, None, None])
    assert pinned(problem, "A") == []
    assert pinned(problem, "B") == [((i,), 1.0) for i in range(1, 6)]


def test_a_block_refuting_model_b_is_skipped():
    result = solve(line(1, [None, None, 1]))  # two withheld cells summing to 0: B infeasible
    assert result.skipped_b == 1
    # model A pins both at 0 (the relation's total is 1, not 0: they are reported)
    assert [(p.model, p.key, p.value) for p in result.pinned] == [("A", (0,), 0.0), ("A", (1,), 0.0)]


def test_a_value_pinned_at_zero_by_a_zero_total_is_not_reported():
    assert pinned(line(0, [0, None])) == []


def test_a_value_published_in_one_file_and_withheld_in_another_is_pinned():
    p = line(10, [None, None, 4])
    p.value(("cell", 0), 5)  # e.g. the CSV side file publishes it
    assert [(x.key, x.value, x.model) for x in solve(p).pinned if x.model == "published"] == [((0,), 5.0, "published")]


def test_random_small_tables_match_one_lp_per_value():
    """The batched solver (random objectives, several blocks per LP) against a plain min and
    max LP of every withheld value: the same values pinned."""
    rng = np.random.default_rng(7)
    problem, truth_blocks = Problem(), []
    for b in range(30):
        rows, cols = rng.integers(2, 4, 2)
        table = rng.integers(0, 6, (rows, cols))
        withheld = rng.random((rows, cols)) < 0.35
        keys = {(r, c): ("t", b, r, c) for r in range(rows) for c in range(cols)}
        for (r, c), k in keys.items():
            problem.value(k, None if withheld[r, c] else int(table[r, c]))
        for r in range(rows):
            problem.value(("t", b, r, "sum"), int(table[r].sum()))
            problem.add_equal_sum(("t", b, r, "sum"), [keys[(r, c)] for c in range(cols)])
        for c in range(cols):
            problem.value(("t", b, "sum", c), int(table[:, c].sum()))
            problem.add_equal_sum(("t", b, "sum", c), [keys[(r, c)] for r in range(rows)])
        truth_blocks.append((table, withheld, keys))
    got = {(p.key, p.model) for p in solve(problem, models=("A",), batch_vars=12).pinned}
    expected = set()
    for table, withheld, keys in truth_blocks:
        cells = [rc for rc in keys if withheld[rc]]
        if not cells:
            continue
        rows, cols = table.shape
        a_eq, b_eq = [], []
        for r in range(rows):
            a_eq.append([1.0 if rc[0] == r else 0.0 for rc in cells])
            b_eq.append(table[r].sum() - sum(table[r, c] for c in range(cols) if not withheld[r, c]))
        for c in range(cols):
            a_eq.append([1.0 if rc[1] == c else 0.0 for rc in cells])
            b_eq.append(table[:, c].sum() - sum(table[r, c] for r in range(rows) if not withheld[r, c]))
        for i, rc in enumerate(cells):
            obj = np.zeros(len(cells))
            obj[i] = 1.0
            lo = linprog(obj, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs").fun
            hi = -linprog(-obj, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs").fun
            if hi - lo <= 1e-6 and not (abs(lo) <= 1e-6 and _zero_margin(table, rc)):
                expected.add((keys[rc][1:], "A"))
    assert expected, "the random tables should have some pinned cells"
    assert got == expected


def _zero_margin(table, rc):
    return table[rc[0]].sum() == 0 or table[:, rc[1]].sum() == 0


def planted_folder(folder, hidden_cells):
    """A tiny published folder: incident_counts of one district pair and period, a grid table,
    meeting places and two KDE rasters. hidden_cells: which incident_counts cells are withheld."""
    counts = {("A", "man"): 3, ("A", "kvinna"): 4, ("B", "man"): 6, ("B", "kvinna"): 7}
    with sqlite3.connect(folder / "planted.gpkg") as db:
        db.execute("create table incident_counts (kod, period, grupp, kon, aldersgrupp, antal, undertryckt)")
        for kod in ("A", "B", "totalt"):
            for kon in ("man", "kvinna", "okänd", "alla"):
                kods = ("A", "B") if kod == "totalt" else (kod,)
                kons = ("man", "kvinna") if kon == "alla" else (kon,)
                n = sum(counts.get((k, s), 0) for k in kods for s in kons)
                hidden = (kod, kon) in hidden_cells
                db.execute("insert into incident_counts values (?,?,?,?,?,?,?)",
                           (kod, "2025H1", "vald", kon, "alla", None if hidden else n, int(hidden)))
    return folder


def test_planted_incident_counts_with_one_recoverable_cell_is_pinned(tmp_path):
    # A/man withheld alone: A/alla - A/kvinna - A/okänd gives it back
    result = attack(planted_folder(tmp_path, {("A", "man")}))
    assert {(p.table, p.key, p.value) for p in result.pinned} == {("incident_counts", ("2025H1", "vald", "A", "man", "alla"), 3.0)}


def test_planted_incident_counts_with_a_protected_square_is_not_pinned(tmp_path):
    # a 2x2 square of withheld cells: one can move +1/-1 around it
    result = attack(planted_folder(tmp_path, {("A", "man"), ("A", "kvinna"), ("B", "man"), ("B", "kvinna")}))
    assert result.withheld == {"incident_counts": 4} and result.pinned == []


def test_planted_meeting_place_and_kde_pixel(tmp_path):
    from osgeo import gdal
    with sqlite3.connect(tmp_path / "planted.gpkg") as db:
        hours = ", ".join(f"h{h:02d}" for h in range(24))
        days = "mandag, tisdag, onsdag, torsdag, fredag, lordag, sondag"
        db.execute(f"create table motesplatser (namn, typ, antal, {hours}, {days})")
        # hour 3 is withheld alone: antal 9 minus hour 0's 6; weekdays: two withheld, free
        hour_values = ["6"] + ["0"] * 23
        hour_values[3] = "NULL"
        db.execute(f"insert into motesplatser values ('Torget', 'torg', 9, {', '.join(hour_values)}, "
                   "NULL, NULL, 5, 0, 0, 0, 0)")
    driver = gdal.GetDriverByName("GTiff")
    values = {"alla": [[5.0, 2.0]], "vald": [[-9999.0, -9999.0]], "narkotika": [[0.0, -9999.0]]}
    for grupp, rows in values.items():
        ds = driver.Create(str(tmp_path / f"kde_{grupp}_2025H1.tif"), 2, 1, 1, gdal.GDT_Float32)
        ds.SetGeoTransform((0, 25, 0, 0, 0, -25))
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(-9999.0)
        band.WriteArray(np.array(rows, dtype=np.float32))
        ds = None
    result = attack(tmp_path)
    got = {(p.table, p.key, round(p.value, 3)) for p in result.pinned if p.model == "A"}
    # pixel 0: vald withheld, alla 5 and narkotika 0 published: vald = 5; pixel 1: vald and
    # narkotika withheld under alla 2: free
    assert got == {("motesplatser", ("Torget", "torg", "h03"), 3.0), ("kde", ("kde_vald_2025H1.tif", 0, 0), 5.0)}


def test_a_rate_published_for_a_withheld_indicator_count_is_reported(tmp_path):
    with sqlite3.connect(tmp_path / "planted.gpkg") as db:
        db.execute("create table indikatorer (kod, indikator, kalla, raavarde, kvot, forvantat, antal, undertryckt)")
        db.execute("insert into indikatorer values ('A', 'vald', 'brott', NULL, NULL, 2.5, NULL, 1)")
        db.execute("insert into indikatorer values ('B', 'vald', 'brott', 1.25, NULL, 2.5, NULL, 1)")
        db.execute("insert into indikatorer values ('C', 'vald', 'brott', NULL, 1.2, 2.5, NULL, 1)")
    result = attack(tmp_path)
    assert sorted((p.key, p.model) for p in result.pinned) == [
        (("B", "vald", "indikatorer.raavarde"), "derived"),
        (("C", "vald"), "A"), (("C", "vald"), "B"),          # kvot * forvantat = 3
        (("C", "vald", "indikatorer.kvot"), "derived")]


def planted_lengths(folder, hidden):
    """Half-years and a year (issue 15, part periods): district A has 2025H1 = 3 and 2025H2 = 6,
    B has 5 and 7; incident_counts (half-years) and incident_counts_ar (the year), with nivaer and
    periodindelning saying how they nest. hidden: the (table, kod, period) cells withheld (all
    sexes and ages of the cell's line are left out: one cell per district and period)."""
    counts = {("A", "2025H1"): 3, ("A", "2025H2"): 6, ("B", "2025H1"): 5, ("B", "2025H2"): 7}
    with sqlite3.connect(folder / "planted.gpkg") as db:
        for table, periods in (("incident_counts", ("2025H1", "2025H2")), ("incident_counts_ar", ("2025",))):
            db.execute(f"create table {table} (kod, period, grupp, kon, aldersgrupp, antal, undertryckt)")
            for period in periods:
                for kod in ("A", "B", "totalt"):
                    n = sum(v for (k, p), v in counts.items() if (kod == "totalt" or k == kod) and p.startswith(period))
                    cell = (table, kod, period) in hidden
                    db.execute(f"insert into {table} values (?,?,?,?,?,?,?)",
                               (kod, period, "vald", "alla", "alla", None if cell else n, int(cell)))
        db.execute("create table nivaer (niva, periodlangd, ordning, tabell, grupp)")
        db.execute("insert into nivaer values ('d', 'half-year', 0, 'incident_counts', 'alla grupper')")
        db.execute("insert into nivaer values ('d', 'year', 1, 'incident_counts_ar', 'alla grupper')")
        db.execute("create table periodindelning (period, periodlangd, overordnad_period)")
        for period in ("2025H1", "2025H2"):
            db.execute("insert into periodindelning values (?, 'year', '2025')", (period,))
    return folder


def test_a_half_year_is_pinned_by_its_published_year_and_other_half(tmp_path):
    # A's and B's 2025H1 withheld (the district line is safe), but A's year (9) and 2025H2 (6)
    # are published: 9 - 6 gives A's 2025H1 back, and then B's.
    hidden = {("incident_counts", "A", "2025H1"), ("incident_counts", "B", "2025H1")}
    result = attack(planted_lengths(tmp_path, hidden))
    assert {(p.key, p.value) for p in result.pinned if p.model == "A"} == {
        (("2025H1", "vald", "A", "alla", "alla"), 3.0), (("2025H1", "vald", "B", "alla", "alla"), 5.0)}


def test_a_half_year_square_with_its_years_withheld_too_is_not_pinned(tmp_path):
    # Both halves of A and B withheld, years published: +1/-1 around the square keeps every total.
    hidden = {("incident_counts", k, p) for k in "AB" for p in ("2025H1", "2025H2")}
    result = attack(planted_lengths(tmp_path, hidden))
    assert result.withheld == {"incident_counts": 4} and result.pinned == []


def planted_measure(folder, target_after):
    """Issue 19 (part measure): planted_lengths' half-years with A's and B's 2025H2 withheld (the
    district line is safe: +1/-1 between them keeps the total) and no year table, plus an
    evaluation whose target is A with its after window = 2025H2 (a whole period): publishing the
    target's after count (6) gives A's withheld cell back, and then B's."""
    planted_lengths(folder, {("incident_counts", "A", "2025H2"), ("incident_counts", "B", "2025H2")})
    with sqlite3.connect(folder / "planted.gpkg") as db:
        db.execute("drop table incident_counts_ar")
        db.execute("drop table nivaer")
        db.execute("drop table periodindelning")
        db.execute("create table atgard_omraden (omrade, koder, distrikt, fore, efter)")
        db.execute("insert into atgard_omraden values ('mål', 'A', 1, 3, ?)", (target_after,))
        db.execute("insert into atgard_omraden values ('kontroll', 'B', 1, 5, NULL)")
        db.execute("create table atgard_effekt (grupp, fore_fran, fore_till, efter_fran, efter_till, odds_ratio)")
        db.execute("insert into atgard_effekt values ('vald', '2025-01-01', '2025-06-30', '2025-07-01', "
                   "'2025-12-31', NULL)")
    return folder


def test_an_evaluation_count_over_whole_periods_pins_the_withheld_cell_it_sums(tmp_path):
    (tmp_path / "shown").mkdir()
    (tmp_path / "withheld").mkdir()
    result = attack(planted_measure(tmp_path / "shown", 6))
    assert {(p.table, p.key, p.value) for p in result.pinned if p.model == "A"} == {
        ("incident_counts", ("2025H2", "vald", "A", "alla", "alla"), 6.0),
        ("incident_counts", ("2025H2", "vald", "B", "alla", "alla"), 7.0),
        ("atgard_omraden", ("kontroll", "efter"), 7.0)}
    # As evaluate_measure publishes it (the count touching a withheld cell withheld): nothing.
    result = attack(planted_measure(tmp_path / "withheld", None))
    assert result.pinned == [] and result.withheld["atgard_omraden"] == 2
