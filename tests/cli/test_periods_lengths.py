# SPDX-License-Identifier: MIT
"""Several period lengths in one run (issue 15, part periods): half-years and years under one
disclosure plan, on the real Västerås register (TRYGG_SHARED_DATA). A year is H1 + H2, so both
are planned together: a withheld half-year must not be the published year minus the other half.
The attacker (tests/attack) checks that no withheld value can be solved for."""
import csv
from collections import Counter, defaultdict

from test_levels_reporting import two_level_pipeline
from test_vasteras import MAPPED, register_pipeline
from trygg_cli import manifest, query, run_pipeline, shared_data

LENGTHS = ["half-year", "year"]


def with_periods(pipeline, periods=LENGTHS):
    for stage in pipeline["pipeline"]:
        if stage["type"] == "aggregate":
            stage["periods"] = periods
    return pipeline


def register_rows():
    """The register without exact repeats (same Id and mapped fields), as read.incidents counts it."""
    seen, out = set(), []
    with open(shared_data("vasteras/police_register_by_deso.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            content = tuple(row[k] for k in MAPPED)
            if content not in seen:
                seen.add(content)
                out.append(row)
    return out


def test_every_year_cell_equals_a_recount_of_the_register(tmp_path):
    out = tmp_path / "v.gpkg"
    result = run_pipeline(tmp_path, with_periods(register_pipeline(out, "internal")))
    assert result.returncode == 0, result.stderr
    expected = Counter()
    for row in register_rows():
        if row["DeSO.område"]:
            expected[(row["DeSO.område"], row["Brottsdatum"][:4])] += int(row["Antal"])
    got = {(k, p): n for k, p, n in query(
        out, "select kod, period, sum(antal) from incident_counts_ar where kon='alla' and aldersgrupp='alla' "
             "and kod<>'totalt' group by kod, period having sum(antal)>0")}
    assert got == dict(expected)
    # The first half-year with an area-coded row is 2019H2.
    assert sorted(p for (p,) in query(out, "select distinct period from incident_counts_ar")) == \
        [str(y) for y in range(2019, 2025)]
    # Every cell (district, group, sex, age) of a year is the sum of its half-years.
    halves = defaultdict(int)
    for kod, period, grupp, kon, age, n in query(out, "select kod, period, grupp, kon, aldersgrupp, antal from "
                                                      "incident_counts where antal is not null"):
        halves[(kod, period[:4], grupp, kon, age)] += n
    years = {(kod, period, grupp, kon, age): n for kod, period, grupp, kon, age, n in query(
        out, "select kod, period, grupp, kon, aldersgrupp, antal from incident_counts_ar where antal is not null")}
    # Both tables are sparse (a missing row is 0): compared on their non-zero cells.
    assert {k: n for k, n in years.items() if n} == {k: n for k, n in halves.items() if n}
    # The half-year table is the one a run without "periods" writes.
    plain = tmp_path / "plain.gpkg"
    assert run_pipeline(tmp_path, register_pipeline(plain, "internal")).returncode == 0
    sql = "select * from incident_counts order by fid"
    assert query(out, sql) == query(plain, sql)
    # Rates: the year's own population (one table here), change against the previous year.
    for kod, antal, pop, per_1000, change, prev in query(
            out, "select a.kod, a.antal, a.befolkning, a.per_1000, a.forandring, b.antal from incident_counts_ar a "
                 "join incident_counts_ar b on a.kod=b.kod and a.grupp=b.grupp and a.kon=b.kon and "
                 "a.aldersgrupp=b.aldersgrupp and cast(b.period as int)=cast(a.period as int)-1 where "
                 "a.kon='alla' and a.aldersgrupp='alla' and a.grupp='vald' and a.period='2023'"):
        assert change == antal - prev
        if pop:
            assert abs(per_1000 - 1000.0 * antal / pop) < 1e-9


def test_a_year_with_an_incomplete_half_is_incomplete_and_never_latest(tmp_path):
    out = tmp_path / "v.gpkg"
    assert run_pipeline(tmp_path, with_periods(register_pipeline(out, "publish"))).returncode == 0
    years = dict(query(out, "select period, fullstandig from perioder_ar"))
    # The register covers 2017-07 to 2024-03-28 (its first DeSO-coded row is in 2019H2, so the
    # tables start in 2019, a year the coverage holds wholly); 2024 has an incomplete half.
    assert query(out, "select period from perioder where fullstandig=0") == [("2024H1",)]
    assert years == {str(y): int(y < 2024) for y in range(2019, 2025)}
    assert query(out, "select period from perioder_ar where senaste=1") == [("2023",)]
    assert query(out, "select period from perioder where senaste=1") == [("2023H2",)]
    section = manifest(out)["period_lengths"]
    assert [s["length"] for s in section["lengths"]] == LENGTHS
    assert [s["table"] for s in section["lengths"]] == ["incident_counts", "incident_counts_ar"]
    year = section["lengths"][1]
    assert year["periods"] == [str(y) for y in range(2019, 2025)]
    assert year["incomplete_periods"] == ["2024"] and year["latest"] == "2023"
    parents = set(query(out, "select period, overordnad_period from periodindelning where periodlangd='year'"))
    assert parents == {(f"{y}H{h}", str(y)) for y in range(2019, 2025) for h in (1, 2)
                       if (y, h) not in ((2019, 1), (2024, 2))}


def shares(pub, internal, table):
    """Non-zero true alla × alla district cells of a table, and how many of them are published."""
    true = {(k, p, g) for k, p, g, n in query(
        internal, f"select kod, period, grupp, antal from {table} where kon='alla' and aldersgrupp='alla' "
                  "and kod<>'totalt'") if n}
    shown = {(k, p, g) for k, p, g in query(
        pub, f"select kod, period, grupp from {table} where kon='alla' and aldersgrupp='alla' and "
             "kod<>'totalt' and undertryckt=0")}
    return len(true), len(true & shown)


def test_levels_times_lengths_report_their_shares_and_recommend_one(tmp_path):
    pub, internal = tmp_path / "pub", tmp_path / "int"
    pub.mkdir()
    internal.mkdir()
    result = run_pipeline(pub, with_periods(two_level_pipeline(pub / "v.gpkg", recommend_share=0.3)))
    assert result.returncode == 0, result.stderr
    assert run_pipeline(internal, with_periods(two_level_pipeline(internal / "v.gpkg", "internal"))).returncode == 0
    out, truth = pub / "v.gpkg", internal / "v.gpkg"
    tables = {"incident_counts", "incident_counts_regso", "incident_counts_ar", "incident_counts_regso_ar"}
    assert tables <= {t for (t,) in query(out, "select name from sqlite_master where type='table'")}
    rows = query(out, "select niva, periodlangd, tabell, ordning, celler, publicerade, andel_publicerade, "
                      "rekommenderad from nivaer where grupp='alla grupper' order by ordning")
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("deso", "half-year", "incident_counts"), ("regso", "half-year", "incident_counts_regso"),
        ("deso", "year", "incident_counts_ar"), ("regso", "year", "incident_counts_regso_ar")]
    measured = {}
    for niva, langd, table, _, cells, published, share, _ in rows:
        assert (cells, published) == shares(out, truth, table), table
        assert abs(share - published / cells) < 1e-12
        measured[(niva, langd)] = share
    print("shares published:", {f"{n} × {l}": f"{s:.3f}" for (n, l), s in measured.items()})
    # Longer periods publish more than the half-years on each level.
    assert measured[("deso", "year")] > measured[("deso", "half-year")]
    assert measured[("regso", "year")] > measured[("regso", "half-year")]
    expected = next((r[0] + " × " + r[1] for r in rows if r[6] >= 0.3), None)
    assert [r[0] + " × " + r[1] for r in rows if r[7]] == ([expected] if expected else [])
    assert manifest(out)["levels"]["recommended"] == expected
    assert ("recommended level: " + expected) in result.stderr if expected else "no reporting level" in result.stderr
    # Published cells are the truth on every table, and a published year is the sum of its
    # half-years' true counts.
    for table in tables:
        true = {r[:5]: r[5] for r in query(truth, f"select kod, period, grupp, kon, aldersgrupp, antal from {table}")}
        for row in query(out, f"select kod, period, grupp, kon, aldersgrupp, antal from {table} where undertryckt=0"):
            assert row[5] == true[row[:5]], (table, row)


def test_only_nested_lengths_from_the_shortest_are_accepted(tmp_path):
    for periods, word in ((["year", "half-year"], "nested"), (["half-year", "half-year"], "nested"),
                          (["half-year", "weekly"], "weekly"), ("year", "array")):
        result = run_pipeline(tmp_path, with_periods(register_pipeline(tmp_path / "v.gpkg", "publish"), periods))
        assert result.returncode == 3, (periods, result.stderr)
        assert "periods" in result.stderr and word in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    pipeline = with_periods(register_pipeline(tmp_path / "v.gpkg", "publish"))
    pipeline["pipeline"][4]["period"] = "month"
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 3 and "periods" in result.stderr, result.stderr


def test_several_lengths_with_a_release_ledger_are_refused(tmp_path):
    pipeline = with_periods(register_pipeline(tmp_path / "v.gpkg", "publish"))
    pipeline["ledger"] = str(tmp_path / "ledger.sqlite")
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 3, result.stderr
    assert "periods" in result.stderr and "ledger" in result.stderr


def test_a_level_whose_table_is_a_year_table_is_refused(tmp_path):
    # A level tagged "ar" would write incident_counts_ar, the year table.
    pipeline = with_periods(two_level_pipeline(tmp_path / "v.gpkg"))
    for stage in pipeline["pipeline"]:
        if stage.get("tag") == "regso":
            stage["tag"] = "ar"
        if stage.get("names_from") == "regso":
            stage["names_from"] = "ar"
        if stage["type"] == "aggregate":
            stage["levels"] = ["ar"]
    result = run_pipeline(tmp_path, pipeline)
    assert result.returncode == 3, result.stderr
    assert "levels" in result.stderr and "incident_counts_ar" in result.stderr, result.stderr
