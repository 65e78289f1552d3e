# SPDX-License-Identifier: MIT
"""Issue 22: the youth survey's base (respondents) in the published run. Västerås' LHU layer
(kommundelar_lhu.geojson) gives shares only; its base is planted here as a respondents column in
a copy of the real layer, named by the catalogue's `bas` column, and the manifest's base per
indicator must equal the source's total (summed here from the file, independently of the engine);
without the column the base is reported as unknown (null), not 0."""
import csv
import io
import json

import pytest

from trygg_cli import ROOT, manifest, run_pipeline, shared_data


def planted_layer(tmp_path):
    doc = json.loads(shared_data("vasteras/kommundelar_lhu.geojson").read_text(encoding="utf-8"))
    for i, f in enumerate(doc["features"]):
        f["properties"]["svarande"] = 40 + 17 * i  # planted respondents per kommundel
    path = tmp_path / "lhu_med_bas.geojson"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path, sum(f["properties"]["svarande"] for f in doc["features"])


def catalogue_with_base(tmp_path, column):
    text = (ROOT / "geodata/catalog/indikatorer_vasteras.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    bas = rows[0].index("bas")
    lhu = []
    for r in rows[1:]:
        if r and r[rows[0].index("kalla")] == "lhu":
            r[bas] = column
            lhu.append(r[0])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / "katalog.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path, lhu


def pipeline(layer, catalogue, out):
    d = lambda p: str(shared_data("vasteras/" + p))  # noqa: E731
    return {"pipeline": [
        {"type": "read.districts", "tag": "kommundelar", "path": str(layer), "code": "KD_ID", "name": "Område"},
        {"type": "read.districts", "tag": "deso", "path": d("deso_2018.geojson"), "code": "deso"},
        {"type": "read.table", "tag": "befolkning", "path": d("scb/population_2023.csv")},
        {"type": "read.table", "tag": "lhu_svar", "path": str(layer), "key": "KD_ID"},
        {"type": "reallocate", "tag": "lhu", "inputs": ["lhu_svar", "kommundelar", "deso", "befolkning"],
         "columns": {"Var87": "share", "Var84": "share", "Var60": "share"}, "weight": "population",
         "population": "totalt"},
        {"type": "trygghetsanalys", "inputs": ["deso"], "catalogue": str(catalogue),
         "indicators": ["lhu_trygg_omrade_kvall", "lhu_trygg_skolan", "lhu_vald_skolan"],
         "population": {"table": "befolkning", "value": "totalt"}},
        {"type": "write.gpkg", "path": str(out)}]}


def test_the_base_equals_the_sources_respondents(tmp_path):
    layer, respondents = planted_layer(tmp_path)
    catalogue, _ = catalogue_with_base(tmp_path, "svarande")
    out = tmp_path / "bas.gpkg"
    result = run_pipeline(tmp_path, pipeline(layer, catalogue, out))
    assert result.returncode == 0, result.stderr
    survey = manifest(out)["trygghetsanalys"]["survey"]
    assert set(survey) == {"lhu_trygg_omrade_kvall", "lhu_trygg_skolan", "lhu_vald_skolan"}
    for v in survey.values():
        assert v["source"] == "lhu"
        assert v["base"] == pytest.approx(respondents)
        assert v["districts"] == 84 and 0.95 < v["coverage_mean"] <= 1


def test_without_a_respondents_column_the_base_is_unknown(tmp_path):
    catalogue, _ = catalogue_with_base(tmp_path, "")
    out = tmp_path / "utan.gpkg"
    result = run_pipeline(tmp_path, pipeline(shared_data("vasteras/kommundelar_lhu.geojson"), catalogue, out))
    assert result.returncode == 0, result.stderr
    survey = manifest(out)["trygghetsanalys"]["survey"]
    assert all(v["base"] is None for v in survey.values())
