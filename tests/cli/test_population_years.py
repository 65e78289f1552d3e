# SPDX-License-Identifier: MIT
"""Population by year on the real Västerås register: each period's rates use the population of
its own year (or the nearest, with a warning), from several SCB tables, one table with a year
column, or SCB's wide age export reshaped into long rows. Expected numbers are read from the
SCB CSV files here, independently of the engine."""
import csv

import pytest

from trygg_cli import manifest, query, run_pipeline, shared_data

DESO = "1980C1550"


def scb_rows(name, skip):
    """The data rows of an SCB export (after `skip` title and header lines), as lists of cells."""
    with open(shared_data(f"vasteras/scb/{name}"), encoding="utf-8") as f:
        return [row for row in list(csv.reader(f))[skip:] if row]


def totals_2022():
    return {row[0]: float(row[1]) for row in scb_rows("population_by_age_2022.csv", 4)}


def totals_2023():
    return {row[1]: float(row[2]) for row in scb_rows("population_2023.csv", 2)}


def pipeline(out, population, tables, privacy="publish", age_bands=None):
    aggregate = {"type": "aggregate", "population": population}
    if age_bands is not None:
        aggregate["age_bands"] = age_bands
    return {"privacy": privacy, "pipeline": [
        {"type": "read.districts", "path": str(shared_data("vasteras/deso_2018.geojson")), "code": "deso"},
        *tables,
        {"type": "read.incidents", "path": str(shared_data("vasteras/police_register_by_deso.csv")),
         "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}},
        {"type": "assign"},
        aggregate,
        {"type": "write.gpkg", "path": str(out)}]}


def two_scb_tables():
    return [
        {"type": "read.table", "tag": "pop2022", "layout": "long",
         "path": str(shared_data("vasteras/scb/population_by_age_2022.csv"))},
        {"type": "read.table", "tag": "pop2023", "layout": "long", "year": 2023,
         "path": str(shared_data("vasteras/scb/population_2023.csv"))}]


def population_by_period(out, kod):
    return dict(query(out, "select period, befolkning from incident_counts where kod=? and kon='alla' "
                           "and aldersgrupp='alla' group by period", kod))


def expected_year(period):
    year = int(period[:4])
    return 2022 if year <= 2022 else 2023


@pytest.mark.parametrize("years", [{}, {"year": "år"}], ids=["table_years", "year_column"])
def test_each_half_year_uses_its_own_years_population_else_the_nearest(tmp_path, years):
    """The two tables' years come from the 2022 export's header and read.table's "year" (or, the
    same, from the long tables' `år` column)."""
    out = tmp_path / "years.gpkg"
    result = run_pipeline(tmp_path, pipeline(out, {"value": "värde", "sex": "kön", "age": "ålder",
                                                   "tables": ["pop2022", "pop2023"], **years}, two_scb_tables()))
    assert result.returncode == 0, result.stderr
    by_year = {2022: totals_2022(), 2023: totals_2023()}
    assert by_year[2022][DESO] != by_year[2023][DESO]  # the test can tell the years apart
    pops = population_by_period(out, DESO)
    assert set(pops) >= {"2020H2", "2021H2", "2022H1", "2022H2", "2023H1", "2023H2", "2024H1"}
    first = min(pops)
    for period, pop in pops.items():
        assert pop == by_year[expected_year(period)][DESO], period
    # The municipality: the sum over all DeSO of the year's table.
    totals = population_by_period(out, "totalt")
    assert totals["2022H2"] == sum(by_year[2022].values())
    assert totals["2023H1"] == sum(by_year[2023].values())
    # Rates per 1,000 divide by that year's population.
    for period, antal, rate in query(out, "select period, antal, per_1000 from incident_counts where kod=? and "
                                          "kon='alla' and aldersgrupp='alla' and antal>0", DESO):
        assert abs(rate - antal / by_year[expected_year(period)][DESO] * 1000) < 1e-9
    # The year is in the table and in the manifest, and the fallback is one warning.
    years = dict(query(out, "select period, befolkningsar from incident_counts group by period"))
    assert years == {p: expected_year(p) for p in years}
    assert manifest(out)["population_years:aggregate"] == years
    warnings = [w for w in manifest(out)["warnings"] if "nearest year" in w]
    assert warnings == ["aggregate: population: no population of their own year for some periods; the nearest "
                        f"year's is used: {first}\u20132021H2 use 2022; 2024H1 uses 2023"], warnings


def test_a_year_column_gives_each_period_its_year(tmp_path):
    """One plain table holding both years in a column `ar` (values planted: 1000 + i, 2000 + i)."""
    codes = sorted(totals_2023())
    table = tmp_path / "befolkning.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["deso", "ar", "folk"])
        for i, kod in enumerate(codes):
            w.writerow([kod, 2021, 1000 + i])
            w.writerow([kod, 2023, 2000 + i])
    out = tmp_path / "column.gpkg"
    tables = [{"type": "read.table", "path": str(table), "key": "deso"}]
    result = run_pipeline(tmp_path, pipeline(out, {"value": "folk", "year": "ar"}, tables, privacy="internal"))
    assert result.returncode == 0, result.stderr
    i = codes.index(DESO)
    pops = population_by_period(out, DESO)
    first = min(pops)
    for period, pop in pops.items():
        year = int(period[:4])
        # 2022 is as near to 2021 as to 2023: the earlier year.
        assert pop == (1000 + i if year <= 2022 else 2000 + i), period
    assert f"{first}\u20132020H2 use 2021; 2022H1\u20132022H2 use 2021; 2024H1 uses 2023" in result.stderr


def test_scb_wide_age_export_builds_the_bands_its_groups_tile(tmp_path):
    """population_by_age_2022.csv has 5-year groups 0-4 .. 20-24 and a total: bands 0-9 and 10-19
    are sums of its groups, 20-24 is one, and 25- cannot be built (no groups above 24)."""
    out = tmp_path / "ages.gpkg"
    tables = two_scb_tables()[:1]
    result = run_pipeline(tmp_path, pipeline(out, {"value": "värde", "sex": "kön", "age": "ålder"}, tables,
                                             privacy="internal", age_bands=[0, 10, 20, 25]))
    assert result.returncode == 0, result.stderr
    header = scb_rows("population_by_age_2022.csv", 2)[0]  # ",totalt,0-4 år,5-9 år,..."
    row = next(r for r in scb_rows("population_by_age_2022.csv", 4) if r[0] == DESO)
    group = {header[c]: float(row[c]) for c in range(1, len(header))}
    expected = {"alla": group["totalt"], "0-9": group["0-4 år"] + group["5-9 år"],
                "10-19": group["10-14 år"] + group["15-19 år"], "20-24": group["20-24 år"]}
    got = dict(query(out, "select aldersgrupp, befolkning from incident_counts where kod=? and kon='alla' "
                          "and period='2022H2' group by aldersgrupp", DESO))
    for band, pop in expected.items():
        assert got[band] == pop, band
    assert got["25-"] is None
    for band, antal, rate in query(out, "select aldersgrupp, antal, per_1000 from incident_counts where kod=? "
                                        "and kon='alla' and antal>0", DESO):
        if band in expected:
            assert abs(rate - antal / expected[band] * 1000) < 1e-9
    assert "do not build these age bands" in result.stderr and "25-" in result.stderr


def test_default_age_bands_straddled_by_scb_groups_are_missing_with_a_warning(tmp_path):
    out = tmp_path / "straddled.gpkg"
    result = run_pipeline(tmp_path, pipeline(out, {"value": "värde", "sex": "kön", "age": "ålder"},
                                             two_scb_tables()[:1], privacy="internal"))
    assert result.returncode == 0, result.stderr
    # 15-19 straddles 0-17 and 18-24; nothing covers 25 and over: no band has a population.
    pops = query(out, "select distinct befolkning from incident_counts where aldersgrupp not in ('alla', 'okänd')")
    assert pops == [(None,)]
    assert "0-17, 18-24, 25-44, 45-64, 65-" in result.stderr


def test_a_year_column_with_junk_is_one_line_naming_file_row_and_field(tmp_path):
    table = tmp_path / "befolkning.csv"
    table.write_text("deso,ar,folk\n1980C1550,2023,1610\n1980C1560,tjugo,1200\n", encoding="utf-8")
    out = tmp_path / "bad.gpkg"
    tables = [{"type": "read.table", "path": str(table), "key": "deso"}]
    result = run_pipeline(tmp_path, pipeline(out, {"value": "folk", "year": "ar"}, tables, privacy="internal"))
    assert result.returncode == 4, result.stderr
    lines = [line for line in result.stderr.splitlines() if "error" in line.lower() or "tjugo" in line]
    assert len(lines) == 1, result.stderr
    assert "aggregate" in lines[0] and str(table) in lines[0] and "row 3" in lines[0] and "'ar'" in lines[0]
    assert "'tjugo' is not a year" in lines[0]


def test_a_district_missing_from_one_years_table_is_warned_about(tmp_path):
    table = tmp_path / "befolkning.csv"
    codes = sorted(totals_2023())
    with open(table, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["deso", "ar", "folk"])
        for kod in codes:
            w.writerow([kod, 2022, 1000])
            if kod != DESO:
                w.writerow([kod, 2023, 1000])
    out = tmp_path / "gap.gpkg"
    tables = [{"type": "read.table", "path": str(table), "key": "deso"}]
    result = run_pipeline(tmp_path, pipeline(out, {"value": "folk", "year": "ar"}, tables, privacy="internal"))
    assert result.returncode == 0, result.stderr
    assert "1 districts have no population in 2023" in result.stderr
    assert population_by_period(out, DESO)["2023H1"] is None
    assert population_by_period(out, DESO)["2022H1"] == 1000


def test_an_unknown_table_tag_is_a_pipeline_error(tmp_path):
    result = run_pipeline(tmp_path, pipeline(tmp_path / "x.gpkg", {"value": "totalt", "tables": ["nope"]}, []))
    assert result.returncode == 3, result.stderr
    assert "population.tables" in result.stderr and "'nope' is not the tag of an earlier stage" in result.stderr


def test_two_tables_of_one_year_are_refused(tmp_path):
    tables = [
        {"type": "read.table", "tag": "a", "year": 2023, "path": str(shared_data("vasteras/scb/population_2023.csv"))},
        {"type": "read.table", "tag": "b", "year": 2023, "path": str(shared_data("vasteras/scb/population_2023.csv"))}]
    result = run_pipeline(tmp_path, pipeline(tmp_path / "x.gpkg", {"value": "totalt", "tables": ["a", "b"]}, tables))
    assert result.returncode == 4, result.stderr
    assert "are both for 2023" in result.stderr


def test_a_year_field_left_unnamed_is_warned_about(tmp_path):
    table = tmp_path / "befolkning.csv"
    table.write_text("deso,ar,folk\n1980C1550,2022,1000\n1980C1550,2023,1100\n", encoding="utf-8")
    tables = [{"type": "read.table", "path": str(table), "key": "deso"}]
    result = run_pipeline(tmp_path, pipeline(tmp_path / "x.gpkg", {"value": "folk"}, tables, privacy="internal"))
    assert result.returncode == 0, result.stderr
    assert "has a year field 'ar' with several years (2022 to 2023) but \"population\" names no \"year\"" \
        in result.stderr
