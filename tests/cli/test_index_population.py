# SPDX-License-Identifier: MIT
"""Issue 22: a crime-rate indicator pooled over periods divides by each period's own population
(population by year), not by the last period's population for all of them. The expected rates
are recomputed here from `incident_counts` (each period's count and population), so the test
can tell the two apart: the 2022 and 2023 SCB tables differ for every DeSO."""
import math

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
         "csv": False, "validation": {"split": "middle"}},
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


def average_ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    k = 0
    while k < len(order):
        e = k
        while e + 1 < len(order) and values[order[e + 1]] == values[order[k]]:
            e += 1
        for j in range(k, e + 1):
            ranks[order[j]] = (k + e) / 2 + 1
        k = e + 1
    return ranks


def spearman(x, y):
    rx, ry = average_ranks(x), average_ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    return sxy / math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))


def auc_top_quartile(score, outcome):
    cut = sorted(outcome, reverse=True)[math.ceil(len(outcome) / 4) - 1]
    pos = [s for s, o in zip(score, outcome) if o >= cut]
    neg = [s for s, o in zip(score, outcome) if o < cut]
    return sum(1 if p > q else 0.5 if p == q else 0 for p in pos for q in neg) / (len(pos) * len(neg))


def window_rates(run, group, periods):
    rows = query(run, "select kod, period, antal, befolkning from incident_counts where grupp=? and kon='alla' "
                      "and aldersgrupp='alla' and kod != 'totalt'", group)
    count, person_years = {}, {}
    for kod, period, antal, pop in rows:
        if period in periods:
            count[kod] = count.get(kod, 0) + antal
            person_years[kod] = person_years.get(kod, 0) + pop * 0.5
    return {kod: 1000 * count[kod] / person_years[kod] for kod in count}


def test_validation_earlier_rate_against_later_rate_recomputed(run):
    complete = [p for (p,) in query(run, "select period from perioder_brott where fullstandig=1 order by period")]
    early, late = complete[:len(complete) // 2], complete[len(complete) // 2:]
    rows = query(run, "select rangordning, utfall, metod, tidiga_perioder, senare_perioder, omraden, spearman, "
                      "auc_topp_kvartil from validering")
    assert {(r[0], r[1], r[2]) for r in rows} == {
        (rank, out, method) for rank, out in [("mal5_vald", "vald"), ("mal2_motesplatser", "skadegorelse"),
                                              ("risk_total", "summa")] for method in ("index", "brottstakt")}
    for ranking, outcome, method, e, l, n, rho, auc in rows:
        assert (e, l) == (f"{early[0]}..{early[-1]}", f"{late[0]}..{late[-1]}")
        assert n == 84 and -1 <= rho <= 1 and 0 <= auc <= 1
        if method != "brottstakt":
            continue
        groups = ["vald", "skadegorelse"] if outcome == "summa" else [outcome]
        before = [window_rates(run, g, set(early)) for g in groups]
        after = [window_rates(run, g, set(late)) for g in groups]
        kods = sorted(before[0])
        x = [sum(b[k] for b in before) for k in kods]
        y = [sum(a[k] for a in after) for k in kods]
        assert rho == pytest.approx(spearman(x, y), abs=1e-9), (ranking, outcome)
        assert auc == pytest.approx(auc_top_quartile(x, y), abs=1e-9), (ranking, outcome)
