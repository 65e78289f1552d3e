# SPDX-License-Identifier: MIT
"""write.report and `trygg report` (issue 17) with a stand-in renderer written by these tests.

The stand-in (a Python package `trygg_report` in a temporary folder, selected with
TRYGG_REPORT_DIR) writes the report input it is given into the HTML, so these tests check the
input document: its numbers equal the published GeoPackage's (read with sqlite3), withheld
cells are null, intervals equal SciPy's (computed here, independently of the engine), batch
reports hold only their unit's districts; and the stage's behaviour: atomic rename, exit 6 on a
failing or missing renderer, cancel."""
import json
import math
import os
import signal
import subprocess
import time
from collections import defaultdict

import pytest

from missing import import_or_fail
from test_exempelstad import example_pipeline
from test_levels_reporting import kommundelar, two_level_pipeline
from trygg_cli import ROOT, query, run_pipeline, run_trygg, shared_data, trygg_exe

STUB = r'''
import argparse, json, os, sys, time
p = argparse.ArgumentParser()
p.add_argument("--input"); p.add_argument("--html"); p.add_argument("--pdf")
a = p.parse_args()
mode = os.environ.get("STUB_MODE", "ok")
print("report: reading " + os.path.basename(a.input), file=sys.stderr, flush=True)
doc = json.load(open(a.input, encoding="utf-8"))
if mode == "fail":
    print("report: the PDF engine crashed", file=sys.stderr, flush=True)
    sys.exit(6)
if mode == "sleep":
    open(os.environ["STUB_PIDFILE"], "w").write(str(os.getpid()))
    time.sleep(120)
with open(a.html, "w", encoding="utf-8") as f:
    f.write("<html><body><script type='application/json' id='input'>" + json.dumps(doc) + "</script></body></html>")
if a.pdf:
    open(a.pdf, "wb").write(b"%PDF-1.4 stand-in\n")
print("report: done", file=sys.stderr, flush=True)
'''


@pytest.fixture(scope="module")
def stub(tmp_path_factory):
    folder = tmp_path_factory.mktemp("renderer")
    (folder / "trygg_report").mkdir()
    (folder / "trygg_report" / "__init__.py").write_text("", encoding="utf-8")
    (folder / "trygg_report" / "__main__.py").write_text(STUB, encoding="utf-8")
    return folder


def run_with(stub_dir, tmp_path, pipeline, *extra, mode="ok", command="run", env_extra=None):
    file = tmp_path / "pipeline.json"
    file.write_text(json.dumps(pipeline), encoding="utf-8")
    env = dict(os.environ, TRYGG_REPORT_DIR=str(stub_dir), STUB_MODE=mode, **(env_extra or {}))
    return subprocess.run([trygg_exe(), command, str(file), "--progress=none", *extra], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def report_input(html):
    text = html.read_text(encoding="utf-8")
    start = text.index("id='input'>") + len("id='input'>")
    return json.loads(text[start:text.index("</script>")])


def full_example(out, html, **report):
    doc = example_pipeline(out, core_only=False)
    doc["pipeline"].append({"type": "write.report", "path": str(html), **report})
    return doc


@pytest.fixture(scope="module")
def exempelstad(stub, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    out, html = tmp / "ex.gpkg", tmp / "rapport.html"
    result = run_with(stub, tmp, full_example(out, html, keep_input=True))
    assert result.returncode == 0, result.stderr
    return out, html, result


def garwood(n):
    chi2 = import_or_fail("scipy.stats").chi2
    return (chi2.ppf(0.025, 2 * n) / 2 if n > 0 else 0.0), chi2.ppf(0.975, 2 * n + 2) / 2


def close(a, b, rel=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def test_outputs_are_written_and_listed(exempelstad):
    out, html, result = exempelstad
    assert html.exists() and html.with_suffix(".pdf").exists()
    assert (html.parent / "rapport.report.json").exists()
    assert f"wrote {html}" in result.stdout and f"wrote {html.with_suffix('.pdf')}" in result.stdout
    assert not [p for p in html.parent.iterdir() if ".report-" in p.name]  # no temporary left
    assert report_input(html) == json.loads((html.parent / "rapport.report.json").read_text(encoding="utf-8"))


def test_totals_equal_the_published_totalt_rows(exempelstad):
    out, html, _ = exempelstad
    doc = report_input(html)
    assert doc["format"] == "trygg-report-input" and doc["version"] == 1 and doc["language"] == "sv"
    assert doc["privacy"] == "publish" and doc["suppress_below"] == 5
    assert doc["area"]["name"] == "Exempelstad"
    rows = query(out, "select grupp, period, kon, aldersgrupp, antal, antal_visning, undertryckt, befolkning, "
                      "per_1000, saknas_orsak from incident_counts where kod='totalt' order by fid")
    assert len(doc["totals"]) == len(rows) > 0
    withheld = 0
    for t, (grupp, period, kon, alder, antal, visning, undertryckt, befolkning, per_1000, saknas) in zip(
            doc["totals"], rows):
        assert (t["grupp"], t["period"], t["kon"], t["aldersgrupp"]) == (grupp, period, kon, alder)
        assert t["visning"] == visning and t["saknas_orsak"] == saknas
        assert close(t["befolkning"], befolkning)
        if undertryckt:
            withheld += 1
            assert t["antal"] is None and t["per_1000"] is None and t["antal_lag"] is None
            continue
        assert t["antal"] == antal and close(t["per_1000"], per_1000)
        if antal is not None:
            lo, hi = garwood(antal)
            assert close(t["antal_lag"], lo, 1e-7) and close(t["antal_hog"], hi, 1e-7)
            if befolkning:
                assert close(t["per_1000_lag"], lo / befolkning * 1000, 1e-7)
                assert close(t["per_1000_hog"], hi / befolkning * 1000, 1e-7)
    periods = [p for (p,) in query(out, "select period from perioder order by fid")]
    assert doc["periods"]["all"] == periods
    assert doc["periods"]["latest"] == query(out, "select period from perioder where senaste=1")[0][0]
    assert doc["periods"]["previous"] == periods[-2] and doc["periods"]["year_before"] == periods[-3]
    groups = [g for (g,) in query(out, "select distinct grupp from incident_counts order by fid")]
    assert [g["id"] for g in doc["groups"]] == groups


def test_district_counts_equal_the_gpkg_and_withheld_cells_are_null(exempelstad):
    out, html, _ = exempelstad
    doc = report_input(html)
    p = doc["periods"]
    wanted = {p["latest"], p["previous"], p["year_before"]}
    rows = query(out, "select kod, namn, grupp, period, kon, aldersgrupp, antal, antal_visning, undertryckt, "
                      "per_1000, forandring_pct from incident_counts where kod<>'totalt' order by fid")
    rows = [r for r in rows if r[3] in wanted]
    assert len(doc["district_counts"]) == len(rows)
    seen_withheld = 0
    for d, (kod, namn, grupp, period, kon, alder, antal, visning, undertryckt, per_1000, pct) in zip(
            doc["district_counts"], rows):
        assert (d["kod"], d["namn"], d["grupp"], d["period"], d["kon"], d["aldersgrupp"]) == \
            (kod, namn, grupp, period, kon, alder)
        assert d["visning"] == visning and close(d["forandring_pct"], pct)
        if undertryckt:
            seen_withheld += 1
            assert d["antal"] is None and d["per_1000"] is None and d["visning"] == ".."
        else:
            assert d["antal"] == antal and close(d["per_1000"], per_1000)
    assert seen_withheld > 0  # the published Exempelstad withholds small cells: the case is exercised
    codes = [k for (k,) in query(out, "select kod from delomraden order by fid")]
    assert [f["kod"] for f in doc["districts"]["features"]] == codes
    assert doc["districts"]["crs"] == "EPSG:3006" and doc["context_districts"] == []
    withheld = query(out, "select sum(undertryckt) from incident_counts where kod<>'totalt'")[0][0]
    # incident_counts is sparse: "of" is every cell, districts × periods × groups × sexes × age bands.
    cells = 1
    for what in ("kod", "period || '/' || grupp", "kon", "aldersgrupp"):
        cells *= query(out, f"select count(distinct {what}) from incident_counts where kod<>'totalt'")[0][0]
    assert doc["data_quality"]["withheld"]["cells"] == withheld and doc["data_quality"]["withheld"]["of"] == cells


def test_changes_match_an_independent_clopper_pearson(exempelstad):
    beta = import_or_fail("scipy.stats").beta
    out, html, _ = exempelstad
    doc = report_input(html)
    counts = {(k, g, s, a, p): (n, u, b) for k, g, s, a, p, n, u, b in query(
        out, "select kod, grupp, kon, aldersgrupp, period, antal, undertryckt, befolkning from incident_counts")}
    outcomes = defaultdict(int)
    for c in doc["changes"]:
        a, ua, pa = counts[(c["kod"], c["grupp"], c["kon"], c["aldersgrupp"], c["fran_period"])]
        b, ub, pb = counts[(c["kod"], c["grupp"], c["kon"], c["aldersgrupp"], c["till_period"])]
        outcomes[c["utfall"]] += 1
        if ua or ub:
            assert c["utfall"] == "undertryckt" and c["kvot"] is None
            continue
        if a == 0 and b == 0:
            assert c["utfall"] == "saknas"
            continue
        scale = pa / pb if pa and pb else 1.0
        lo = beta.ppf(0.025, b, a + 1) if b > 0 else 0.0
        hi = beta.ppf(0.975, b + 1, a) if a > 0 else None
        assert close(c["kvot_lag"], lo / (1 - lo) * scale, 1e-6)
        assert close(c["kvot_hog"], None if hi is None else hi / (1 - hi) * scale, 1e-6)
        assert close(c["kvot"], None if a == 0 else b / a * scale, 1e-9)
        expected = "okning" if c["kvot_lag"] > 1 else "minskning" if hi is not None and c["kvot_hog"] < 1 else "osaker"
        assert c["utfall"] == expected
    # Every district × group (alla × alla) and every totalt cell, against both earlier periods.
    n_groups = len(doc["groups"])
    n_total_cells = len({(t["grupp"], t["kon"], t["aldersgrupp"]) for t in doc["totals"]})
    assert len(doc["changes"]) == 2 * (n_total_cells + len(doc["districts"]["features"]) * n_groups)
    assert outcomes["undertryckt"] > 0 and outcomes["osaker"] > 0


def test_hotspots_and_data_quality_come_from_the_published_tables(exempelstad):
    out, html, _ = exempelstad
    doc = report_input(html)
    lisa = query(out, "select kod, lisa_class, lisa_label from delomraden order by fid")
    assert [(r["kod"], r["lisa_class"], r["lisa_label"]) for r in doc["hotspots"]["lisa"]] == lisa
    bins = query(out, "select kod, gistar_bin from delomraden order by fid")
    assert [(r["kod"], r["gistar_bin"]) for r in doc["hotspots"]["gistar"]] == bins
    hot = query(out, "select grupp, period, gi_bin from hotspots_grid where gi_bin<>0 order by fid")
    grid = doc["hotspots"]["grid"]
    assert [(c["grupp"], c["period"], c["gi_bin"]) for c in grid["cells"]] == hot
    assert grid["cell_size"] == 250.0
    rejects = query(out, "select steg, orsak, antal, antal_visning from avvisade order by fid")
    assert [(r["steg"], r["orsak"], r["antal"], r["visning"]) for r in doc["data_quality"]["rejects"]] == rejects
    geocoding = query(out, "select typ, nyckel, antal from geokodning_sammanfattning order by fid")
    assert [(g["typ"], g["nyckel"], g["antal"]) for g in doc["data_quality"]["geocoding"]] == geocoding
    manifest = dict(query(out, "select key, value from run_manifest"))
    assert doc["data_quality"]["accounting"] == json.loads(manifest["accounting"])
    assert doc["disclosure"] == json.loads(manifest["disclosure"])
    assert doc["method"]["catalogue"]["sha256"] == next(
        i["sha256"] for i in json.loads(manifest["inputs"]) if i["path"].endswith("brottskoder.csv"))
    assert doc["meeting_places"] is None and doc["trygghetsanalys"] is None


def test_meeting_places_and_trygghetsanalys_equal_their_tables(stub, tmp_path):
    spec = json.loads((ROOT / "examples/exempelstad/trygghetsanalys.json").read_text(encoding="utf-8"))
    for stage in spec["pipeline"]:
        for key in ("path", "catalogue"):
            if key in stage:
                stage[key] = str(ROOT / stage[key])
    out, html = tmp_path / "ta.gpkg", tmp_path / "ta.html"
    spec["pipeline"][-1]["path"] = str(out)
    spec["pipeline"].append({"type": "write.report", "path": str(html), "pdf": False, "language": "en",
                             "area_name": "Exempelstad kommun", "title": "Test"})
    result = run_with(stub, tmp_path, spec)
    assert result.returncode == 0, result.stderr
    assert not html.with_suffix(".pdf").exists()
    doc = report_input(html)
    assert (doc["language"], doc["title"], doc["area"]["name"]) == ("en", "Test", "Exempelstad kommun")
    places = query(out, "select namn, kod, rang, antal, h23, fredag from motesplatser order by rang is null, rang, fid")
    assert [(r["namn"], r["kod"], r["rang"], r["antal"], r["timmar"][23], r["veckodagar"][4])
            for r in doc["meeting_places"]["rows"]] == places
    assert doc["meeting_places"]["group"] == "skadegorelse" and doc["meeting_places"]["radius_m"] == 200
    ta = query(out, "select kod, mal1_tillit, mal1_rang, risk_total, risk_total_rang from trygghetsanalys order by fid")
    got = [(d["kod"], d["goals"]["mal1"]["risk"], d["goals"]["mal1"]["rang"], d["risk_total"], d["risk_total_rang"])
           for d in doc["trygghetsanalys"]["districts"]]
    assert len(got) == len(ta)
    for g, t in zip(got, ta):
        assert g[0] == t[0] and g[2] == t[2] and g[4] == t[4] and close(g[1], t[1]) and close(g[3], t[3])
    assert [g["id"] for g in doc["trygghetsanalys"]["goals"]] == ["mal1", "mal2", "mal3", "mal4", "mal5"]
    names = {i for (i,) in query(out, "select distinct indikator from indikatorer")}
    assert {i["indikator"] for i in doc["trygghetsanalys"]["indicators"]} == names


def batch_pipeline(tmp_path, html):
    doc = example_pipeline(tmp_path / "b.gpkg")
    doc["pipeline"].insert(0, {"type": "read.districts", "tag": "kommundel",
                               "path": str(kommundelar(tmp_path / "kommundelar.geojson")), "code": "kod"})
    for stage in doc["pipeline"]:
        if stage["type"] == "aggregate":
            stage["levels"] = ["kommundel"]
    doc["pipeline"].append({"type": "write.report", "path": str(html), "per": "kommundel", "pdf": False})
    return doc


def test_batch_one_report_per_unit_holds_only_its_districts(stub, tmp_path):
    html = tmp_path / "del.html"
    result = run_with(stub, tmp_path, batch_pipeline(tmp_path, html))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "b.gpkg"
    nest = defaultdict(set)
    for kod, parent in query(out, "select kod, overordnad_kod from nivaindelning where niva='kommundel'"):
        nest[parent].add(kod)
    assert set(nest) == {"9999A", "9999B", "9999C"}
    assert not html.exists()
    all_codes = {k for (k,) in query(out, "select kod from delomraden")}
    for unit, members in nest.items():
        doc = report_input(tmp_path / f"del_{unit}.html")
        assert doc["area"]["level"] == "kommundel" and doc["area"]["kod"] == unit
        assert {f["kod"] for f in doc["districts"]["features"]} == members
        assert {c["kod"] for c in doc["context_districts"]} == all_codes - members
        assert {d["kod"] for d in doc["district_counts"]} == members
        assert {c["kod"] for c in doc["changes"]} <= members | {"totalt"}
        rows = query(out, "select grupp, period, kon, aldersgrupp, antal, antal_visning from incident_counts_kommundel "
                          "where kod=? order by fid", unit)
        assert [(t["grupp"], t["period"], t["kon"], t["aldersgrupp"], t["antal"], t["visning"])
                for t in doc["totals"]] == rows


def test_per_naming_no_level_is_an_options_error(stub, tmp_path):
    doc = example_pipeline(tmp_path / "x.gpkg")
    doc["pipeline"].append({"type": "write.report", "path": str(tmp_path / "x.html"), "per": "kommundel"})
    result = run_with(stub, tmp_path, doc)
    assert result.returncode == 3, result.stderr
    assert "write.report" in result.stderr and "kommundel" in result.stderr


def test_a_failing_renderer_is_exit_6_naming_its_last_line_and_leaves_nothing(stub, tmp_path):
    html = tmp_path / "r.html"
    doc = example_pipeline(tmp_path / "x.gpkg")
    doc["pipeline"].append({"type": "write.report", "path": str(html)})
    result = run_with(stub, tmp_path, doc, mode="fail")
    assert result.returncode == 6
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("trygg: write.report:") and "report: the PDF engine crashed" in last
    assert not html.exists() and not html.with_suffix(".pdf").exists()
    assert not [p for p in tmp_path.iterdir() if ".report-" in p.name]


def test_no_renderer_is_exit_6_saying_where_it_looked(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    doc = example_pipeline(tmp_path / "x.gpkg")
    doc["pipeline"].append({"type": "write.report", "path": str(tmp_path / "r.html")})
    result = run_with(empty, tmp_path, doc)
    assert result.returncode == 6
    assert "write.report" in result.stderr and str(empty) in result.stderr and "TRYGG_REPORT_DIR" in result.stderr
    assert not (tmp_path / "x.gpkg").exists()  # found before any data is read


def test_a_pipeline_without_write_gpkg_is_exit_3(stub, tmp_path):
    doc = example_pipeline(tmp_path / "x.gpkg")
    doc["pipeline"][-1] = {"type": "write.report", "path": str(tmp_path / "r.html")}
    result = run_with(stub, tmp_path, doc)
    assert result.returncode == 3
    assert "write.report" in result.stderr and "publication" in result.stderr


def test_cancel_terminates_the_renderer_and_removes_temporaries(stub, tmp_path):
    html = tmp_path / "r.html"
    pidfile = tmp_path / "renderer.pid"
    doc = example_pipeline(tmp_path / "x.gpkg")
    doc["pipeline"].append({"type": "write.report", "path": str(html)})
    file = tmp_path / "pipeline.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    env = dict(os.environ, TRYGG_REPORT_DIR=str(stub), STUB_MODE="sleep", STUB_PIDFILE=str(pidfile))
    proc = subprocess.Popen([trygg_exe(), "run", str(file), "--progress=none"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not pidfile.exists() and time.time() < deadline and proc.poll() is None:
        time.sleep(0.1)
    assert pidfile.exists(), proc.communicate()
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    child = int(pidfile.read_text())
    time.sleep(0.2)
    try:
        os.kill(child, 0)
        alive = not open(f"/proc/{child}/stat").read().split()[2] == "Z"
    except (ProcessLookupError, FileNotFoundError):
        alive = False
    assert not alive
    assert not html.exists()
    assert not [p for p in tmp_path.iterdir() if ".report-" in p.name]


def test_trygg_report_adds_the_stage_and_applies_its_options(stub, tmp_path):
    out_dir = tmp_path / "rapporter"
    doc = example_pipeline(tmp_path / "x.gpkg")
    result = run_with(stub, tmp_path, doc, "--language", "en", "--no-pdf", "--out", str(out_dir), command="report")
    assert result.returncode == 0, result.stderr
    html = out_dir / "x.html"
    assert html.exists() and not (out_dir / "x.pdf").exists()
    assert report_input(html)["language"] == "en"
    # Default: beside the GeoPackage, with the PDF.
    result = run_with(stub, tmp_path, doc, command="report")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.html").exists() and (tmp_path / "x.pdf").exists()
    # No write.gpkg to report on.
    doc["pipeline"] = doc["pipeline"][:-1]
    result = run_with(stub, tmp_path, doc, command="report")
    assert result.returncode == 3 and "write.gpkg" in result.stderr


def test_vasteras_reports_per_regso_from_the_published_levels(stub, tmp_path):
    out, html = tmp_path / "v.gpkg", tmp_path / "v.html"
    doc = two_level_pipeline(out)
    doc["pipeline"].append({"type": "write.report", "path": str(html), "pdf": False, "keep_input": True})
    doc["pipeline"].append({"type": "write.report", "tag": "per_regso", "path": str(tmp_path / "r.html"),
                            "per": "regso", "pdf": False, "inputs": ["write.gpkg"]})
    result = run_with(stub, tmp_path, doc)
    assert result.returncode == 0, result.stderr
    whole = report_input(html)
    assert len(whole["districts"]["features"]) == 84
    assert whole["area"]["name"] == "Deso_2018"
    assert {g["id"]: g["in_source"] for g in whole["groups"]}["tillgrepp"] is False
    assert all(c["utfall"] == "saknas" for c in whole["changes"] if c["grupp"] == "tillgrepp")
    units = {k for (k,) in query(out, "select distinct kod from incident_counts_regso where kod<>'totalt'")}
    reports = {p.stem[2:] for p in tmp_path.glob("r_*.html")}
    assert reports == units and len(units) == 50
    parent = dict(query(out, "select kod, overordnad_kod from nivaindelning where niva='regso'"))
    for unit in sorted(units)[:5]:
        doc = report_input(tmp_path / f"r_{unit}.html")
        assert {f["kod"] for f in doc["districts"]["features"]} == {k for k, p in parent.items() if p == unit}
        published = query(out, "select antal from incident_counts_regso where kod=? and kon='alla' and "
                                "aldersgrupp='alla' order by fid", unit)
        assert [t["antal"] for t in doc["totals"] if t["kon"] == "alla" and t["aldersgrupp"] == "alla"] == \
            [n for (n,) in published]
