# SPDX-License-Identifier: MIT
"""The pipelines whose outputs must stay identical: the three Exempelstad examples as shipped
(run from the repository root, like scripts/demo) and Västerås pipelines on the real data in
TRYGG_SHARED_DATA, chosen to pass through as many stages as the real data supports."""
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def shared_data_dir():
    return Path(os.environ.get("TRYGG_SHARED_DATA") or ROOT.parent / "shared" / "data").resolve()


def _example(name):
    def build(out_dir, data):
        doc = json.loads((ROOT / "examples/exempelstad" / name).read_text(encoding="utf-8"))
        for stage in doc["pipeline"]:
            if stage["type"] == "write.gpkg":
                stage["path"] = str(out_dir / Path(stage["path"]).name)
        return doc
    return build


def vasteras_register(out_dir, data):
    """Police register by DeSO (area codes), SCB population, published with suppression, and
    every district statistic on it: queen weights, Gi*, local and global Moran, smoothed rates."""
    v = data / "vasteras"
    return {"privacy": "publish", "seed": 20240101, "pipeline": [
        {"type": "read.districts", "tag": "deso", "path": str(v / "deso_2018.geojson"), "code": "deso"},
        {"type": "read.table", "tag": "befolkning", "path": str(v / "scb/population_2023.csv")},
        {"type": "read.incidents", "tag": "incidents", "path": str(v / "police_register_by_deso.csv"),
         "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}},
        {"type": "assign", "inputs": ["incidents", "deso"]},
        {"type": "aggregate", "inputs": ["assign", "befolkning"], "period": "year", "suppress_below": 3,
         "population": {"value": "totalt"}},
        {"type": "weights", "inputs": ["deso"], "method": "queen"},
        {"type": "gistar", "tag": "gistar", "group": "skadegorelse", "period": "all", "measure": "rate",
         "permutations": 199},
        {"type": "local_moran", "tag": "lisa", "group": "skadegorelse", "period": "all", "measure": "rate",
         "permutations": 199},
        {"type": "moran", "group": "skadegorelse", "period": "all", "measure": "rate", "permutations": 199},
        {"type": "smooth", "inputs": ["aggregate", "weights"], "group": "skadegorelse", "period": "all",
         "prefix": "rate"},
        {"type": "write.gpkg", "path": str(out_dir / "vasteras_register.gpkg")}]}


def vasteras_register_internal(out_dir, data):
    """tests/cli/test_vasteras.py's register pipeline as it is (internal: nothing suppressed)."""
    v = data / "vasteras"
    return {"privacy": "internal", "pipeline": [
        {"type": "read.districts", "path": str(v / "deso_2018.geojson"), "code": "deso"},
        {"type": "read.table", "path": str(v / "scb/population_2023.csv")},
        {"type": "read.incidents", "path": str(v / "police_register_by_deso.csv"),
         "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}},
        {"type": "assign"},
        {"type": "aggregate", "population": {"value": "totalt"}},
        {"type": "write.gpkg", "path": str(out_dir / "vasteras_register_internal.gpkg")}]}


def vasteras_places(out_dir, data):
    """Municipal facilities as points (SWEREF 99 16 30) assigned to DeSO (WGS84), with two kde
    stages (one kde_rasters row each once issue 13 is fixed) and grid hotspots."""
    v = data / "vasteras"
    return {"privacy": "internal", "seed": 7, "pipeline": [
        {"type": "read.districts", "tag": "deso", "path": str(v / "deso_2018.geojson"), "code": "deso"},
        {"type": "read.incidents", "tag": "places", "path": str(v / "places.geojson"),
         "fields": {"id": "NAME", "category": "CATEGORY"}},
        {"type": "assign", "inputs": ["places", "deso"]},
        {"type": "kde", "tag": "kde", "inputs": ["assign"], "kernel": "quartic", "radius": 800,
         "pixel_size": 250},
        {"type": "kde", "tag": "kde_uniform", "inputs": ["assign"], "kernel": "uniform", "radius": 1200,
         "pixel_size": 250},
        {"type": "grid_hotspots", "inputs": ["assign"], "cell_size": 1000, "shape": "square"},
        {"type": "write.gpkg", "path": str(out_dir / "vasteras_places.gpkg")}]}


def vasteras_trygghetsanalys(out_dir, data):
    """tests/cli/test_trygghetsanalys.py's Västerås pipeline: two district layers (RegSO, DeSO),
    four SCB tables, reallocation RegSO → DeSO, the police register, meeting places as point
    factors and the trygghetsanalys itself."""
    d = lambda p: str(data / "vasteras" / p)  # noqa: E731
    return {"privacy": "internal", "pipeline": [
        {"type": "read.districts", "tag": "regso", "path": d("regso_2018.geojson"), "code": "regsokod",
         "name": "regso"},
        {"type": "read.districts", "tag": "deso", "path": d("deso_2018.geojson"), "code": "deso"},
        {"type": "read.table", "tag": "befolkning", "path": d("scb/population_2023.csv")},
        {"type": "read.table", "tag": "sysselsattning", "path": d("scb/labour_market_status_2022.csv")},
        {"type": "read.table", "tag": "ekonomisk_standard", "path": d("scb/economic_standard_2022.csv")},
        {"type": "read.table", "tag": "utbildning", "path": d("scb/education_25_64_2022.csv")},
        {"type": "read.table", "tag": "regso_svar", "path": d("regso_2018.geojson"), "key": "regsokod"},
        {"type": "reallocate", "tag": "regso_enkat", "inputs": ["regso_svar", "regso", "deso", "befolkning"],
         "columns": {"Allmän_tillit": "share", "Trygg_boområde": "share", "befolkning_191231": "count"},
         "weight": "population", "population": "totalt"},
        {"type": "read.incidents", "tag": "incidents", "path": d("police_register_by_deso.csv"),
         "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}},
        {"type": "assign", "inputs": ["incidents", "deso"]},
        {"type": "aggregate", "tag": "brott", "inputs": ["assign", "befolkning"], "population": {"value": "totalt"}},
        {"type": "point_factors", "tag": "motesplatser", "inputs": ["deso", "befolkning"], "path": d("places.geojson"),
         "type_field": "CATEGORY", "name_field": "NAME", "population": "totalt"},
        {"type": "trygghetsanalys", "inputs": ["deso", "brott"],
         "catalogue": str(ROOT / "geodata/catalog/indikatorer.csv"),
         "population": {"table": "befolkning", "value": "totalt"}},
        {"type": "write.gpkg", "path": str(out_dir / "vasteras_trygghetsanalys.gpkg")}]}


# name -> builder(out_dir, shared data dir) -> pipeline document. Every pipeline runs with the
# repository root as working directory (the examples use paths relative to it).
PIPELINES = {
    "exempelstad_pipeline": _example("pipeline.json"),
    "exempelstad_geocode": _example("geocode.json"),
    "exempelstad_trygghetsanalys": _example("trygghetsanalys.json"),
    "vasteras_register": vasteras_register,
    "vasteras_register_internal": vasteras_register_internal,
    "vasteras_places": vasteras_places,
    "vasteras_trygghetsanalys": vasteras_trygghetsanalys,
}
