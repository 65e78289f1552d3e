"""Issue 22: a crime-rate indicator pooled over periods divides by each period's own population
(population by year), not by the last period's population for all of them. The expected rates
are recomputed here from `incident_counts` (each period's count and population), so the test
can tell the two apart: the 2022 and 2023 SCB tables differ for every DeSO."""
import pytest

from test_population_years import two_scb_tables
from trygg_cli import query, run_pipeline, shared_data

CATALOGUE = ("id,mal,namn_sv,riktning,kalla,falt,normalisering,vikt\n"
             "vald,5,Våld,risk,brott,vald,brott_per_1000,1\n"
             "skadegorelse,2,Skadegörelse,risk,brott,skadegorelse,brott_per_1000,1\n")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("index_population")
    (tmp / "katalog.csv").write_text(CATALOGUE, encoding="utf-8")
    out = tmp / "pop.gpkg"
    spec = {"privacy": "internal", "pipeline": [
        {"type": "read.districts", "tag": "deso", "path": str(shared_data("vasteras/deso_2018.geojson")),
         "code": "deso"},
        *two_scb_tables(),
        {"type": "read.incidents", "path": str(shared_data("vasteras/police_register_by_deso.csv")),
         "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}},
        {"type": "assign", "inputs": ["read.incidents", "deso"]},
        {"type": "aggregate", "tag": "brott", "inputs": ["assign"],
         "population": {"value": "värde", "sex": "kön", "age": "ålder", "tables": ["pop2022", "pop2023"]}},
        {"type": "trygghetsanalys", "inputs": ["deso", "brott"], "catalogue": str(tmp / "katalog.csv"),
         "csv": False},
        {"type": "write.gpkg", "path": str(out)}]}
    result = run_pipeline(tmp, spec)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("group", ["vald", "skadegorelse"])
def test_pooled_rate_uses_each_periods_own_population(run, group):
    rows = query(run, "select kod, period, antal, befolkning from incident_counts where grupp=? and kon='alla' "
                      "and aldersgrupp='alla' and kod != 'totalt'", group)
    count, person_years, last_pop = {}, {}, {}
    last = max(p for _, p, _, _ in rows)
    for kod, period, antal, pop in rows:
        count[kod] = count.get(kod, 0) + antal
        person_years[kod] = person_years.get(kod, 0) + pop * 0.5  # half-years
        if period == last:
            last_pop[kod] = pop
    periods = len({p for _, p, _, _ in rows})
    got = dict(query(run, "select kod, raavarde from indikatorer where indikator=?", group))
    assert len(got) == 84
    differs = 0
    for kod, rate in got.items():
        assert rate == pytest.approx(1000 * count[kod] / person_years[kod], rel=1e-12), kod
        differs += rate != pytest.approx(1000 * count[kod] / (last_pop[kod] * 0.5 * periods), rel=1e-9)
    # The last period's population alone gives other rates wherever there are incidents.
    assert differs == sum(1 for kod in got if count[kod] > 0) > 30
    # The municipal rate: all counts over all person-years.
    (muni,) = query(run, "select distinct kommunvarde from indikatorer where indikator=?", group)[0]
    assert muni == pytest.approx(1000 * sum(count.values()) / sum(person_years.values()), rel=1e-12)
