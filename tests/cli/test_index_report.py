# SPDX-License-Identifier: MIT
"""Issue 22's rank intervals in the Lägesrapport's input (docs/report-input.md): a trygghetsanalys
run with "uncertainty" and "validation" gives each goal and risk_total its published median rank,
90 % interval and unstable flag, and the validation rows; the interval columns are not read as
goals of their own. Expected values are the published GeoPackage's (read with sqlite3)."""
import json

from test_report_input import close, report_input, run_with, stub  # noqa: F401 (stub is a fixture)
from trygg_cli import ROOT, query


def uncertain_example(tmp_path, html, **report):
    spec = json.loads((ROOT / "examples/exempelstad/trygghetsanalys.json").read_text(encoding="utf-8"))
    for stage in spec["pipeline"]:
        for key in ("path", "catalogue"):
            if key in stage:
                stage[key] = str(ROOT / stage[key])
        if stage["type"] == "trygghetsanalys":
            stage["uncertainty"] = {"draws": 200, "seed": 7}
            stage["validation"] = {"split": "middle"}
    out = tmp_path / "ta.gpkg"
    spec["pipeline"][-1]["path"] = str(out)
    spec["pipeline"].append({"type": "write.report", "path": str(html), "pdf": False, "language": "sv",
                             "area_name": "Exempelstad kommun", **report})
    return spec, out


def test_rank_intervals_and_validation_equal_their_tables(stub, tmp_path):  # noqa: F811
    html = tmp_path / "ta.html"
    spec, out = uncertain_example(tmp_path, html)
    result = run_with(stub, tmp_path, spec)
    assert result.returncode == 0, result.stderr
    doc = report_input(html)["trygghetsanalys"]
    # The interval columns are not goals (before the fix mal1_instabil, mal1_rang_median, ... were).
    assert [g["id"] for g in doc["goals"]] == ["mal1", "mal2", "mal3", "mal4", "mal5"]
    assert [g["column"] for g in doc["goals"]] == ["mal1_tillit", "mal2_motesplatser", "mal3_narkotika",
                                                   "mal4_skola", "mal5_vald"]
    cols = ", ".join(f"mal{g}_rang_median, mal{g}_rang_p05, mal{g}_rang_p95, mal{g}_instabil" for g in range(1, 6))
    rows = query(out, f"select kod, {cols}, risk_total_rang_median, risk_total_rang_p05, risk_total_rang_p95, "
                      f"risk_total_instabil from trygghetsanalys order by fid")
    assert len(rows) == len(doc["districts"])
    for d, row in zip(doc["districts"], rows):
        assert d["kod"] == row[0]
        got = []
        for g in range(1, 6):
            v = d["goals"][f"mal{g}"]
            got += [v["rang_median"], v["rang_p05"], v["rang_p95"], v["instabil"]]
        got += [d["risk_total_rang_median"], d["risk_total_rang_p05"], d["risk_total_rang_p95"],
                d["risk_total_instabil"]]
        assert tuple(got) == row[1:]
    assert doc["uncertainty"] == {"draws": 200}
    val = query(out, "select rangordning, metod, spearman, auc_topp_kvartil, omraden from validering order by fid")
    assert [(v["rangordning"], v["metod"]) for v in doc["validation"]] == [(r[0], r[1]) for r in val]
    for v, r in zip(doc["validation"], val):
        assert close(v["spearman"], r[2]) and close(v["auc_topp_kvartil"], r[3]) and v["omraden"] == r[4]


def test_without_uncertainty_the_fields_are_absent(stub, tmp_path):  # noqa: F811
    html = tmp_path / "plain.html"
    spec, _ = uncertain_example(tmp_path, html)
    for stage in spec["pipeline"]:
        stage.pop("uncertainty", None)
        stage.pop("validation", None)
    result = run_with(stub, tmp_path, spec)
    assert result.returncode == 0, result.stderr
    doc = report_input(html)["trygghetsanalys"]
    assert "uncertainty" not in doc and "validation" not in doc
    assert all("rang_median" not in v for d in doc["districts"] for v in d["goals"].values())
    assert all("risk_total_instabil" not in d for d in doc["districts"])
