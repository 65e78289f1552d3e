# SPDX-License-Identifier: MIT
"""Issue 22: the Lägesrapport's index section shows the rank intervals of the Monte Carlo (the
optional fields of docs/report-input.md): a table of median (5th–95th percentile) per goal and
district with unstable classes marked, one interval chart per goal, and the validation table.
Planted input: every planted number is looked for in its cell."""
import copy
import re

import make_input
from htmltables import Page
from test_render import run_renderer


def with_intervals(lang):
    doc = make_input.planted(lang)
    ta = doc["trygghetsanalys"]
    # Three districts: (median, p05, p95, unstable) planted per goal and for the total.
    planted = {
        "mal1": [(3, 3, 3, 0), (2, 1, 3, 1), (1, 1, 1, 0)],
        "mal5": [(1, 1, 2, 1), (2, 2, 2, 0), (3, 2, 3, 1)],
        "total": [(3, 2, 3, 1), (2, 2, 2, 0), (1, 1, 1, 0)],
    }
    for i, d in enumerate(ta["districts"]):
        for gid in ("mal1", "mal5"):
            m, lo, hi, u = planted[gid][i]
            d["goals"][gid].update({"rang_median": m, "rang_p05": lo, "rang_p95": hi, "instabil": u})
        m, lo, hi, u = planted["total"][i]
        d.update({"risk_total_rang_median": m, "risk_total_rang_p05": lo, "risk_total_rang_p95": hi,
                  "risk_total_instabil": u})
    ta["uncertainty"] = {"draws": 1000}
    ta["validation"] = [
        {"rangordning": "mal5_vald", "utfall": "vald_per_1000", "metod": "index", "tidiga_perioder": "2024H1..2024H2",
         "senare_perioder": "2025H1..2025H2", "omraden": 3, "topp_kvartil": 1, "spearman": 0.5, "auc_topp_kvartil": 1.0},
        {"rangordning": "risk_total", "utfall": "summa", "metod": "brottstakt", "tidiga_perioder": "2024H1..2024H2",
         "senare_perioder": "2025H1..2025H2", "omraden": 3, "topp_kvartil": 1, "spearman": -0.5,
         "auc_topp_kvartil": 0.25}]
    return doc


def test_interval_table_charts_and_validation_in_swedish(tmp_path):
    doc = with_intervals("sv")
    html, pdf = run_renderer(doc, tmp_path, "iv", pdf=False)
    page = Page(html)
    names = [namn for _, namn, _ in make_input.DISTRICTS]
    cap = "Medianrang (90 % intervall)"
    assert page.cell(cap, names[0], "Tillit") == "3 (3–3)"
    assert page.cell(cap, names[1], "Tillit") == "2 (1–3) *"
    assert page.cell(cap, names[0], "Våld") == "1 (1–2) *"
    assert page.cell(cap, names[2], "Total risk") == "1 (1–1)"
    assert page.cell(cap, names[0], "Total risk") == "3 (2–3) *"
    assert re.search("1[\u00a0\u202f ]000 dragningar", html)
    # Unstable cells are marked for the eye as well.
    assert len(re.findall(r'<td class="num unstable">', html)) == 4  # planted: 1 + 2 + 1
    # One chart per goal and one for the total, each described for screen readers.
    charts = re.findall(r'<figure class="chart intervals"><svg role="img" aria-label="([^"]+)"', html)
    assert len(charts) == 3
    assert charts[0].startswith("Tillit: 90 %-intervall för rangen i 3 delområden, 1 med instabil kvartil.")
    # Stably top quartile (3 districts: rank 1 only): district 3 for Tillit.
    assert charts[0].endswith(f"Stabilt i översta kvartilen: {names[2]}.")
    assert page.cell("Index byggt på tidigare perioder", "Våld", "Spearman") == "0,50"
    assert page.cell("Index byggt på tidigare perioder", "Total risk", "AUC") == "0,25"
    assert page.cell("Index byggt på tidigare perioder", "Total risk", "Metod") == "Brottstakt"


def test_english_and_without_intervals(tmp_path):
    html, _ = run_renderer(with_intervals("en"), tmp_path, "en", pdf=False)
    assert "How certain is the ranking?" in html and "Median rank (90 % interval)" in html
    plain = copy.deepcopy(make_input.planted("sv"))
    html, _ = run_renderer(plain, tmp_path, "plain", pdf=False)
    assert "Hur säker är rangordningen?" not in html and "chart intervals" not in html
    assert 'id="validering"' not in html
