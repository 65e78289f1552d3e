# SPDX-License-Identifier: MIT
"""The renderer on planted input documents: every planted number in its table cell, formatted;
withheld values, accessibility, self-containment, PDF text and pages, English, missing sections."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import make_input
from htmltables import Page, norm

REPO = Path(__file__).resolve().parents[2]
PY = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable


def run_renderer(doc, tmp, name, pdf=True, engine=None):
    src = tmp / f"{name}.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    html, pdf_path = tmp / f"{name}.html", tmp / f"{name}.pdf"
    cmd = [PY, "-m", "trygg_report", "--input", str(src), "--html", str(html)]
    if pdf:
        cmd += ["--pdf", str(pdf_path)]
    if engine:
        cmd += ["--pdf-engine", engine]
    env = dict(os.environ, PYTHONPATH=str(REPO / "engine" / "report"))
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    assert all(line.startswith("report: ") for line in res.stderr.splitlines()), res.stderr
    return html.read_text(encoding="utf-8"), (pdf_path if pdf else None)


def pdf_text(pdf):
    return norm(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout)


@pytest.fixture(scope="module")
def sv(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sv")
    html, pdf = run_renderer(make_input.planted("sv"), tmp, "sv", engine="weasyprint")
    return Page(html), html, pdf, tmp


@pytest.fixture(scope="module")
def en(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("en")
    html, pdf = run_renderer(make_input.planted("en"), tmp, "en", engine="weasyprint")
    return Page(html), html, pdf


# --- Swedish: numbers in their cells ------------------------------------------------------------

def test_summary_cells(sv):
    page = sv[0]
    prev = "Sammanfattning: 2025H2 jämfört med föregående period"
    # 1 100 / 21 000 × 1 000 = 52,38; 1 234 / 21 000 × 1 000 = 58,76.
    assert page.cell(prev, "Våld", "Antal 2025H1") == "1 100"
    assert page.cell(prev, "Våld", "Per 1 000 inv. 2025H1") == "52,4"
    assert page.cell(prev, "Våld", "Antal 2025H2") == "1 234"
    assert page.cell(prev, "Våld", "Per 1 000 inv. 2025H2") == "58,8"
    assert page.cell(prev, "Våld", "Kvot (95 % intervall)") == "1,12 (1,03–1,22)"
    assert page.cell(prev, "Våld", "Bedömning") == "ökning"
    assert page.cell(prev, "Skadegörelse", "Bedömning") == "minskning"
    assert page.cell(prev, "Tillgrepp", "Bedömning") == "finns inte i källan"
    assert page.cell(prev, "Tillgrepp", "Antal 2025H2") == ""
    yb = "Sammanfattning: 2025H2 jämfört med samma period året innan"
    assert page.cell(yb, "Våld", "Antal 2024H2") == "1 300"
    assert page.cell(yb, "Våld", "Kvot (95 % intervall)") == "0,95 (0,88–1,03)"
    assert page.cell(yb, "Våld", "Bedömning") == "ingen säker förändring"
    assert page.cell(yb, "Skadegörelse", "Kvot (95 % intervall)") == "0,70 (0,66–0,74)"
    # 2 405 / 21 000 × 1 000 = 114,52
    assert page.cell(yb, "Skadegörelse", "Per 1 000 inv. 2024H2") == "114,5"


def test_district_table_cells_and_withheld(sv):
    page = sv[0]
    cap = "Våld per delområde, 2025H2: antal, brott"
    # Centrum: 512 / 3 900 × 1 000 = 131,28; Norr: 87 / 2 500 × 1 000 = 34,8.
    assert page.cell(cap, "Centrum", "Antal") == "512"
    assert page.cell(cap, "Centrum", "Per 1 000 inv.") == "131,3"
    assert page.cell(cap, "Centrum", "Kod") == "9999C0010"
    assert page.cell(cap, "Centrum", "Förändring sedan 2025H1") == "+2,8 %"
    assert page.cell(cap, "Centrum", "Kvot (95 % intervall)") == "1,03 (0,91–1,16)"
    assert page.cell(cap, "Centrum", "Bedömning") == "ingen säker förändring"
    assert page.cell(cap, "Norr", "Per 1 000 inv.") == "34,8"
    assert page.cell(cap, "Norr", "Förändring sedan 2025H1") == "+45,0 %"
    assert page.cell(cap, "Norr", "Bedömning") == "ökning"
    # Söder's latest count is withheld: ".." for the count and rate, "–" for every change.
    assert page.cell(cap, "Söder", "Antal") == ".."
    assert page.cell(cap, "Söder", "Per 1 000 inv.") == ".."
    assert page.cell(cap, "Söder", "Förändring sedan 2025H1") == "–"
    assert page.cell(cap, "Söder", "Kvot (95 % intervall)") == "–"
    cap2 = "Skadegörelse per delområde, 2025H2: antal, brott"
    assert page.cell(cap2, "Centrum", "Antal") == "1 040"
    assert page.cell(cap2, "Centrum", "Förändring sedan 2025H1") == "−20,0 %"
    assert page.cell(cap2, "Söder", "Förändring sedan 2025H1") == "−19,4 %"


def test_sex_age_tables(sv):
    page = sv[0]
    cap = "Våld, hela Exempelstad, 2025H2: antal (per 1 000 inv.)"
    assert page.cell(cap, "Alla", "Alla") == "1 234 (58,8)"
    assert page.cell(cap, "0–17", "Kvinnor") == ".."           # the planted withheld cell
    # round(1 234 × 0,6 × 0,75) = 555 of 21 000 × 0,5 × 0,8 = 8 400 → 66,07 per 1 000
    assert page.cell(cap, "18–", "Män") == "555 (66,1)"
    d = "Våld per delområde, 2025H2: antal efter kön"
    # Centrum 512: kvinnor round(204,8) = 205, 0–17 round(128) = 128
    assert page.cell(d, "Centrum", "Kvinnor") == "205"
    assert page.cell(d, "Centrum", "0–17") == "128"
    assert page.cell(d, "Söder", "Män") == ".."


def test_other_sections(sv):
    page, html = sv[0], sv[1]
    gistar = page.table("Gi*: delområden med signifikant klass (vald_per_1000)")
    rows = {r[0]: r for r in gistar["rows"]}
    assert rows["Centrum"][2:] == ["2,58", "0,010", "Het 99 %"]
    assert rows["Söder"][2:] == ["−1,70", "0,089", "Kall 90 %"]
    assert "Norr" not in rows                                   # not significant: not listed
    # The engine codes LISA class 2 Low-Low and 3 Low-High (stats::LisaClass).
    assert page.table("LISA: delområden")["rows"] == [["Centrum", "9999C0010", "Hög-Hög", "0,012"],
                                                      ["Norr", "9999C0020", "Låg-Hög", "0,040"],
                                                      ["Söder", "9999C0030", "Låg-Låg", "0,031"]]
    assert any("1 Hög-Hög och 1 Låg-Låg" in norm(i["alt"]) for i in page.imgs)
    assert page.cell("Heta och kalla rutor", "Våld", "Heta rutor") == "43"
    assert page.cell("Heta och kalla rutor", "Våld", "Undertryckta rutor") == "814"
    mp = "De 2 mest utsatta mötesplatserna (Skadegörelse)"
    assert page.cell(mp, "Stora torget", "Kvot (95 % intervall)") == "2,08 (1,65–2,59)"
    assert page.cell(mp, "Stora torget", "Förväntat") == "38,4"
    assert page.cell(mp, "Stora torget", "Topptimme") == "23"
    tsa = "Risk per målområde"
    assert page.cell(tsa, "Centrum", "Tillit (rang)") == "0,41 (3)"
    assert page.cell(tsa, "Söder", "Våld (rang)") == "0,37 (3)"
    assert [r for r in page.table("Geokodade rader")["rows"] if r[1] == "exact"][0][2:] == ["7 256", "98,0 %"]
    assert page.cell("Avvisade rader per orsak", "empty date", "Rader") == ".."
    assert page.cell("Avvisade rader per orsak", "duplicate", "Rader") == "107"
    assert page.cell("Avvisade rader per orsak", "duplicate", "Utfall") == "avvisad"      # not the engine's "rejected"
    assert page.cell("Rader per steg", "assign", "Rader") == "39 970"
    # Fixed column order (where the rows went), the source by file name only.
    acc = page.table("Rader per steg")
    assert acc["head"] == ["Steg", "Källa", "Rader", "Använda", "Utanför", "Ej lägesbestämda", "Avvisade", "Stämmer"]
    assert acc["rows"] == [["assign", "incidents.csv", "39 970", "39 931", "12", "20", "7", "ja"]]
    assert "/home/analytiker" not in html
    text = norm(" ".join(page.text))
    assert "Dubbletter borttagna: 107." in text
    assert "Av 29 120 celler i brottstabellen för rapportens delområden är 1 234 undertryckta (4,2 %)" in text
    assert "Antal 1–4 redovisas inte" in text
    assert "Brottsgruppen finns inte i källdata" in text        # tillgrepp
    assert "ab" * 32 in html                                    # catalogue hash
    assert "Ofullständiga perioder: 2026H1." in text


def test_accessible_and_self_contained(sv):
    page, html = sv[0], sv[1]
    assert page.lang == "sv"
    assert len(page.tables) >= 15
    for t in page.tables:
        assert norm(t["caption"]), t
        for scopes in t["scopes"]:
            assert scopes[0] == ("th", "row")
            assert all(s == ("td", None) for s in scopes[1:])
    assert page.imgs and page.svgs
    for img in page.imgs:
        assert len(img.get("alt", "")) > 20, img.get("alt")
        assert img["src"].startswith("data:image/png;base64,")
    for svg in page.svgs:
        assert svg.get("role") == "img" and len(svg["title"]) > 20 and svg.get("aria-label") == svg["title"]
    # Alt texts name the largest values.
    assert any("Flest brott 2024H2: 1 300" in norm(s["title"]) for s in page.svgs)
    assert any("Högst i Centrum (131,3 per 1 000)" in norm(i["alt"]) for i in page.imgs)
    assert any("1 delområden undertryckta" in norm(i["alt"]) for i in page.imgs)
    # No external resource or link: every src/href is data: or a fragment, no http(s) anywhere.
    for tag, a in page.attrs:
        for k in ("src", "href", "xlink:href"):
            if k in a:
                assert a[k].startswith(("data:", "#")), (tag, k, a[k][:80])
    assert not re.search(r"https?://(?!www\.w3\.org/)", html)
    assert not re.search(r"url\((?!#|data:)", html)
    # Ids unique (several inline SVGs in one page).
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_pdf_text_and_pages(sv):
    pdf, tmp = sv[2], sv[3]
    text = pdf_text(pdf)
    for planted in ("Lägesrapport 2025H2 – Exempelstad", "1 100 52,4 1 234 58,8 1,12 (1,03–1,22) ökning",
                    "Centrum 9999C0010 512 131,3", "Söder 9999C0030 .. .. –", "555 (66,1)",
                    "Dubbletter borttagna: 107.", "2,08 (1,65–2,59)", "Sida 1 / "):
        assert planted in text, planted
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert "A4" in info and pages >= 8
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp / "page")], check=True)
    assert len(list(tmp.glob("page-*.png"))) == pages
    # Contents with page numbers (WeasyPrint): "Metod ..... <last page>".
    assert re.search(rf"9\. Metod[ .]+{pages}\b", text)


def test_english(en):
    page, html, pdf = en
    assert page.lang == "en"
    prev = "Summary: 2025H2 compared with the previous period"
    assert page.cell(prev, "Violence", "Count 2025H2") == "1,234"
    assert page.cell(prev, "Violence", "Per 1,000 inh. 2025H2") == "58.8"
    assert page.cell(prev, "Violence", "Ratio (95% interval)") == "1.12 (1.03–1.22)"
    assert page.cell(prev, "Violence", "Assessment") == "increase"
    assert page.cell(prev, "Theft", "Assessment") == "not in the source"
    cap = "Violence by district, 2025H2: count, crimes"
    assert page.cell(cap, "Söder", "Count") == ".."
    assert page.cell(cap, "Söder", "Change since 2025H1") == "–"
    assert page.cell(cap, "Norr", "Change since 2025H1") == "+45.0%"
    text = pdf_text(pdf)
    assert "Situation report 2025H2 – Exempelstad" in text and "1,234" in text and "Page 1 / " in text


def test_missing_sections_are_left_out_and_said(tmp_path):
    html, _ = run_renderer(make_input.without_optional_sections(make_input.planted()), tmp_path, "min", pdf=False)
    page = Page(html)
    assert 'id="hotspots"' not in html and 'id="motesplatser"' not in html and 'id="trygghetsanalys"' not in html
    text = norm(" ".join(page.text))
    assert "Avsnitt som saknas i underlaget och därför inte visas: Hot spots, Trygghetsanalys per målområde, " \
           "Mötesplatser." in text
    # Nothing but the required keys still renders.
    bare = {k: v for k, v in make_input.planted().items()
            if k in ("format", "version", "periods", "groups", "totals", "changes")}
    html, _ = run_renderer(bare, tmp_path, "bare", pdf=False)
    assert Page(html).cell("Sammanfattning: 2025H2 jämfört med föregående", "Våld", "Antal 2025H2") == "1 234"


def test_internal_and_title(tmp_path):
    doc = make_input.planted()
    doc["privacy"] = "internal"
    doc["title"] = "Uppföljning av trygghetsarbetet"
    html, _ = run_renderer(doc, tmp_path, "internal", pdf=False)
    assert "<title>Uppföljning av trygghetsarbetet</title>" in html
    assert "INTERN – får inte publiceras" in html
    assert "Uppföljning av trygghetsarbetet · 2025H2 · INTERN" in html       # running header


@pytest.mark.parametrize("content,expect", [
    ("{", "cannot read the report input"),
    ('{"format": "x"}', "is not a report input"),
    ('{"format": "trygg-report-input", "version": 2}', "version 2 is not supported"),
])
def test_bad_input_one_line_exit_6(tmp_path, content, expect):
    src = tmp_path / "in.json"
    src.write_text(content)
    env = dict(os.environ, PYTHONPATH=str(REPO / "engine" / "report"))
    res = subprocess.run([PY, "-m", "trygg_report", "--input", str(src), "--html", str(tmp_path / "o.html")],
                         env=env, capture_output=True, text=True)
    assert res.returncode == 6
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("report: ") and expect in lines[0], res.stderr


def test_unwritable_output_exit_6(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(make_input.without_optional_sections(make_input.planted())))
    env = dict(os.environ, PYTHONPATH=str(REPO / "engine" / "report"))
    res = subprocess.run([PY, "-m", "trygg_report", "--input", str(src), "--html", str(tmp_path / "no" / "o.html")],
                         env=env, capture_output=True, text=True)
    assert res.returncode == 6 and res.stderr.strip().splitlines()[-1].startswith("report: cannot write")


@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium not installed (scripts/setup installs it)")
def test_chromium_prints_the_same_numbers(tmp_path):
    _, pdf = run_renderer(make_input.planted(), tmp_path, "chromium", engine="chromium")
    text = pdf_text(pdf)
    for planted in ("1 100 52,4 1 234 58,8 1,12 (1,03–1,22) ökning", "Centrum 9999C0010 512 131,3",
                    "Söder 9999C0030 .. .. –", "Lägesrapport 2025H2 – Exempelstad", "Sida 1 / "):
        assert planted in text, planted


def test_batch_unit_without_comparisons(tmp_path):
    """A batch report for one kommundel, first complete period (no previous, no year before):
    context districts drawn, no change columns, summary without comparison tables."""
    doc = make_input.planted()
    doc["area"] = {"name": "Norra kommundelen", "level": "kommundel", "kod": "K1"}
    doc["periods"].update(previous=None, year_before=None)
    doc["changes"] = []
    feats = doc["districts"]["features"]
    doc["districts"]["features"] = feats[:2]
    doc["context_districts"] = [{"kod": feats[2]["kod"], "geometry": feats[2]["geometry"]}]
    html, pdf = run_renderer(doc, tmp_path, "batch", engine="weasyprint")
    page = Page(html)
    assert "Lägesrapport 2025H2 – Norra kommundelen" in html and "kommundel K1" in html
    assert not [t for t in page.tables if norm(t["caption"]).startswith("Sammanfattning")]
    cap = "Våld per delområde, 2025H2: antal, brott"
    assert page.table(cap)["head"] == ["Delområde", "Kod", "Antal", "Per 1 000 inv.", "Per 1 000, 95 % intervall"]
    assert [r[0] for r in page.table(cap)["rows"]] == ["Centrum", "Norr"]
    assert any("Karta över 2 delområden" in norm(i["alt"]) for i in page.imgs)
    assert "Centrum 9999C0010 512 131,3" in pdf_text(pdf)


def test_withheld_hotspot_statistics_leave_no_empty_columns(tmp_path):
    # A published run withholds Gi* z/p and LISA p: those columns would be blank in every row.
    doc = make_input.planted()
    for r in doc["hotspots"]["gistar"]:
        r["gistar_z"] = r["gistar_p"] = None
    for r in doc["hotspots"]["lisa"]:
        r["lisa_p_sim"] = None
    html, _ = run_renderer(doc, tmp_path, "withheld_hotspots", pdf=False)
    page = Page(html)
    gistar = page.table("Gi*: delområden med signifikant klass")
    assert gistar["head"] == ["Delområde", "Kod", "Klass"]
    assert {r[0]: r[2] for r in gistar["rows"]} == {"Centrum": "Het 99 %", "Söder": "Kall 90 %"}
    lisa = page.table("LISA: delområden")
    assert lisa["head"] == ["Delområde", "Kod", "Klass"]
    assert lisa["rows"][0] == ["Centrum", "9999C0010", "Hög-Hög"]


def unknown_sex_and_age(doc, sex=True, age=True):
    """The planted document as from a source without sex or age: every incident in "okänd"."""
    doc = json.loads(json.dumps(doc))
    doc["sexes"] = ["alla", "kvinna", "man", "okänd"]
    doc["age_bands"] = ["alla", "0-17", "18-", "okänd"]
    for key in ("totals", "district_counts"):
        rows = doc[key]
        totals = {tuple(r.get(k) for k in ("kod", "grupp", "period")): r for r in rows
                  if r["kon"] == "alla" and r["aldersgrupp"] == "alla"}
        out = []
        for r in rows:
            if (sex and r["kon"] not in ("alla",)) or (age and r["aldersgrupp"] not in ("alla",)):
                continue
            out.append(r)
        for base in totals.values():
            for kon in (["kvinna", "man", "okänd"] if sex else ["alla"]):
                for ald in (["0-17", "18-", "okänd"] if age else ["alla"]):
                    for k, a in ((kon, "alla"), ("alla", ald), (kon, ald)):
                        if k == "alla" and a == "alla":
                            continue
                        r = dict(base, kon=k, aldersgrupp=a)
                        if base.get("saknas_orsak") is None and not ((k in ("okänd", "alla")) and (a in ("okänd", "alla"))):
                            r.update(antal=0, visning="0", per_1000=0.0)
                        out.append(r)
        seen, rows = set(), []
        for r in out:
            key2 = (r.get("kod"), r["grupp"], r["period"], r["kon"], r["aldersgrupp"])
            if key2 not in seen:
                seen.add(key2)
                rows.append(r)
        doc[key] = rows
    return doc


def test_sex_and_age_all_unknown_leave_the_tables_out(tmp_path):
    html, _ = run_renderer(unknown_sex_and_age(make_input.planted()), tmp_path, "unknown", pdf=False)
    page = Page(html)
    text = norm(" ".join(page.text))
    assert "Källan anger varken kön eller ålder" in text
    caps = [norm(t["caption"]) for t in page.tables]
    assert not any("efter kön" in c for c in caps), caps
    assert "Män" not in " ".join(" ".join(t["head"]) for t in page.tables)
    # Sex unknown, age known: only the age columns remain.
    html, _ = run_renderer(unknown_sex_and_age(make_input.planted(), age=False), tmp_path, "unknown_sex", pdf=False)
    page = Page(html)
    assert "Källan anger inte kön" in norm(" ".join(page.text))
    cap = "Våld, hela Exempelstad, 2025H2: antal (per 1 000 inv.)"
    assert page.table(cap)["head"] == ["Ålder", "Alla"]
    assert page.cell(cap, "18–", "Alla") == "926 (55,1)"


def test_withheld_known_sex_counts_only_in_a_withheld_period(tmp_path):
    # Secondary suppression withholds zeros too: a withheld man count in a period whose whole
    # count is withheld does not say the source records sex; one in a published period might.
    def withhold(doc, period, kon, age):
        for r in doc["totals"]:
            if (r["grupp"], r["period"], r["kon"], r["aldersgrupp"]) == ("vald", period, kon, age):
                r.update(antal=None, visning="..", per_1000=None)
    doc = unknown_sex_and_age(make_input.planted())
    withhold(doc, "2026H1", "alla", "alla")
    withhold(doc, "2026H1", "man", "alla")
    html, _ = run_renderer(doc, tmp_path, "withheld_period", pdf=False)
    assert norm(" ".join(Page(html).text)).count("Källan anger varken kön eller ålder") == 2   # vald, skadegörelse
    withhold(doc, "2025H2", "kvinna", "alla")
    html, _ = run_renderer(doc, tmp_path, "withheld_known", pdf=False)
    text = norm(" ".join(Page(html).text))
    assert text.count("Källan anger inte ålder") == 1 and text.count("Källan anger varken") == 1


def test_method_and_hotspots_in_swedish(tmp_path):
    # Shapes as the engine writes them for Västerås: manifest sections passed through as is.
    doc = make_input.planted()
    doc["method"]["population_years"] = {"population_years:aggregate": {"2023H2": 2023, "2024H1": 2023}}
    doc["method"]["levels"] = {"levels": [{"cells": 298, "level": "deso", "published": 4, "share_published": 0.0134,
                                           "table": "incident_counts"}],
                               "plan": "one suppression plan over all levels", "recommend_share": 0.8,
                               "recommended": None}
    doc["method"]["statistics"] = [{"stage": "lisa", "statistic": "local_moran", "variable": "vald 2023H2 rate per 1,000",
                                    "value": None, "p_sim": None,
                                    "options": {"group": "vald", "measure": "rate", "column": None}}]
    doc["hotspots"]["lisa"] = [{"kod": "9999C0010", "lisa_class": 3, "lisa_label": "Low-High", "lisa_p_sim": 0.04},
                               {"kod": "9999C0020", "lisa_class": 5, "lisa_label": "Undefined", "lisa_p_sim": None}]
    doc["hotspots"]["grid"]["surfaces"][0]["period"] = "alla"
    html, _ = run_renderer(doc, tmp_path, "swedish", pdf=False)
    page = Page(html)
    text = norm(" ".join(page.text))
    assert page.cell("Befolkningsår", "2024H1", "Befolkningsår") == "2023"
    assert page.cell("Publicerade celler per redovisningsnivå", "deso", "Andel publicerade") == "1,3 %"
    assert "Metod undertryckning" in text and "Undertrycks under 5" in text and "suppress_below" not in text
    stats = page.table("Statistik och inställningar")
    assert stats["head"] == ["Steg", "Statistik", "Inställningar"]
    assert stats["rows"] == [["lisa", "Lokal Moran (LISA)", "group: vald, measure: rate"]]
    assert "rate per 1,000" not in text and "{" not in " ".join(" ".join(r) for t in page.tables for r in t["rows"])
    assert [r[2] for r in page.table("LISA: delområden")["rows"]] == ["Låg-Hög", "Inget värde eller inga grannar"]
    assert "Low-High" not in text and "Undefined" not in text
    assert page.cell("Heta och kalla rutor", "Våld", "Period") == "alla perioder"
    assert "Meddelanden från beräkningsmotorn (på engelska)" in text


def test_a_group_not_in_the_source_is_one_paragraph(sv):
    html, pdf = sv[1], sv[2]
    section = re.search(r'<section id="grupp-tillgrepp"([^>]*)>(.*?)</section>', html, re.S)
    assert section and "major" not in section.group(1)        # no page break of its own
    assert re.fullmatch(r"\s*<p[^>]*>.*Brottsgruppen finns inte i källdata.*</p>\s*", section.group(2), re.S)
    # In the PDF it follows the previous group (Våld) on that group's last page.
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    page = next(p for p in pages if "Brottsgruppen finns inte i källdata" in p)
    assert "Våld" in page and "Efter kön och ålder" in page


@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium not installed (scripts/setup installs it)")
def test_chromium_contents_numbers_10_and_11_are_whole(tmp_path):
    # Chromium draws list markers outside the list's padding: with too little padding the "1" of
    # "10." fell off the page ("0. Datakvalitet").
    doc = make_input.planted()
    doc["groups"] += [{"id": "narkotika", "in_source": False}, {"id": "ovrigt", "in_source": False}]
    _, pdf = run_renderer(doc, tmp_path, "toc", engine="chromium")
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
                   check=True)
    text = subprocess.run(["pdftotext", "-layout", "-l", "2", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"(?m)^\s*10\. Datakvalitet", text), text[:2000]
    assert re.search(r"(?m)^\s*11\. Metod", text)
    # The text layer keeps clipped glyphs, so compare positions (pdftotext -bbox, points): the
    # markers must start inside the content box, whose left edge is the heading "Innehåll"'s.
    bbox = subprocess.run(["pdftotext", "-bbox", "-l", "2", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    xs = [float(m.group(1)) for m in re.finditer(r'<word xMin="([\d.]+)"[^>]*>(?:10|11)\.</word>', bbox)]
    left = float(re.search(r'<word xMin="([\d.]+)"[^>]*>Innehåll</word>', bbox).group(1))
    assert xs and min(xs) >= left - 0.5, (xs, left)
