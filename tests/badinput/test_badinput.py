# SPDX-License-Identifier: MIT
"""The bad-input corpus: each case is data (files, pipeline, expected handling) and asserts the
exact outcome: exit code, the one error line, the warnings, and where every row went."""
import json
import os
import resource
import signal
import subprocess

import pytest

from trygg_cli import ROOT, internal_file, query, trygg_exe

GPKG = str(ROOT / "geodata/exempelstad/exempelstad.gpkg")
CATALOGUE = str(ROOT / "geodata/catalog/brottskoder.csv")
DISTRICTS = {"type": "read.districts", "path": GPKG, "layer": "delomraden", "code": "kod", "name": "namn"}
XY = {"id": "id", "time": "datum", "category": "kod", "x": "x", "y": "y"}
HEADER = "id,datum,kod,x,y\n"
ROW_OK = "1,2024-03-05 14:30,0375,590261,6609533\n"
ROW_OK2 = "2,2024-03-06,1201,590300,6609600\n"


def incidents(path="inc.csv", fields=None, **extra):
    stage = {"type": "read.incidents", "path": "{dir}/" + path, "catalogue": CATALOGUE, "fields": fields or XY,
             "crs": "EPSG:3006"}
    stage.update(extra)
    return stage


def standard(read=None, districts=None, aggregate=None):
    return [districts or DISTRICTS, read or incidents(), {"type": "assign"}, aggregate or {"type": "aggregate"},
            {"type": "write.gpkg", "path": "{dir}/out.gpkg"}]


def square_geojson(features, crs="EPSG:3006"):
    def poly(coords):
        return {"type": "Polygon", "coordinates": [coords]}
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"kod": k}, "geometry": poly(c) if c else None} for k, c in features]}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:{crs.replace(':', '::')}"}}
    return json.dumps(doc)


def sq(x0, y0, s):
    return [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]]


TWO_SQUARES = square_geojson([("A", sq(0, 0, 100)), ("B", sq(100, 0, 100))])
AB_ROWS = HEADER + "1,2024-01-01,0375,50,50\n2,2024-01-01,0375,150,50\n"
AB = {"type": "read.districts", "path": "{dir}/d.geojson", "code": "kod"}
INDICATORS = str(ROOT / "geodata/catalog/indikatorer.csv")


def trygghetsanalys(**options):
    return [DISTRICTS, dict({"type": "trygghetsanalys", "catalogue": INDICATORS}, **options)]


# name: (files, pipeline, expected)
CASES = {
    # --- malformed CSV ---
    "csv_unterminated_quote": ({"inc.csv": HEADER + ROW_OK + '2,"2024-03-06,1201,590300,6609600\n'}, standard(),
                               {"code": 0, "rejects": [(3, "rejected", "", "unterminated quote starting at line 3")],
                                "used": 1}),
    "csv_text_after_quote": ({"inc.csv": HEADER + ROW_OK + '2,"2024-03-06"x,1201,590300,6609600\n'}, standard(),
                             {"code": 0, "rejects": [(3, "rejected", "", "text after a closing quote at line 3")]}),
    "csv_ragged_row_too_many": ({"inc.csv": HEADER + ROW_OK + "2,2024-03-06,1201,590300,6609600,extra\n"},
                                standard(), {"code": 0, "rejects": [(3, "rejected", "", "has 6 fields, the header has 5")]}),
    "csv_ragged_row_too_few": ({"inc.csv": HEADER + ROW_OK + "2,2024-03-06\n"}, standard(),
                               {"code": 0, "rejects": [(3, "rejected", "", "has 2 fields, the header has 5")]}),
    "csv_semicolon_detected": ({"inc.csv": (HEADER + ROW_OK + ROW_OK2).replace(",", ";")}, standard(),
                               {"code": 0, "used": 2}),
    "csv_declared_wrong_delimiter": ({"inc.csv": (HEADER + ROW_OK).replace(",", ";")},
                                     standard(incidents(delimiter=",")),
                                     {"code": 4, "error": "(the fields are: id;datum;kod;x;y); the header has one "
                                                          "field: is \"delimiter\" right?"}),
    "csv_windows1252": ({"inc.csv": ("id,datum,kod,x,y,plats\n1,2024-03-05,0375,590261,6609533,Råby torg\n"
                                     ).encode("cp1252")},
                        standard(incidents(fields=dict(XY, address="plats"))), {"code": 0, "used": 1}),
    "csv_utf8_bom": ({"inc.csv": "\ufeff" + HEADER + ROW_OK}, standard(), {"code": 0, "used": 1}),
    "csv_declared_utf8_invalid_bytes": ({"inc.csv": HEADER.encode() + b"1,2024-03-05,0375,590261,6609533\n2,\xe5,x,1,1\n"},
                                        standard(incidents(encoding="utf-8")),
                                        {"code": 4, "error": "line 3: invalid UTF-8 byte"}),
    "csv_crlf_and_blank_lines": ({"inc.csv": (HEADER + ROW_OK + "\n" + ROW_OK2).replace("\n", "\r\n")}, standard(),
                                 {"code": 0, "used": 2}),
    "csv_empty_file": ({"inc.csv": ""}, standard(), {"code": 4, "error": "field 'id' (\"id\") not found"}),
    "csv_header_only": ({"inc.csv": HEADER}, standard(), {"code": 0, "used": 0, "warning": "has no rows"}),
    # --- dates ---
    "date_impossible": ({"inc.csv": HEADER + ROW_OK + "2,2023-02-30,0375,590261,6609533\n"}, standard(),
                        {"code": 0, "rejects": [(3, "rejected", "datum", "impossible date '2023-02-30'")]}),
    "date_hour_25": ({"inc.csv": HEADER + ROW_OK + "2,2023-06-10 25:30,0375,590261,6609533\n"}, standard(),
                     {"code": 0, "rejects": [(3, "rejected", "datum", "impossible time in '2023-06-10 25:30'")]}),
    "date_empty": ({"inc.csv": HEADER + ROW_OK + "2,,0375,590261,6609533\n"}, standard(),
                   {"code": 0, "rejects": [(3, "rejected", "datum", "empty date")]}),
    "date_text": ({"inc.csv": HEADER + ROW_OK + "2,i går kväll,0375,590261,6609533\n"}, standard(),
                  {"code": 0, "rejects": [(3, "rejected", "datum", "not a date 'i går kväll'")]}),
    "date_odd_but_valid_formats": ({"inc.csv": HEADER + "1,2024/03/05 14:30:00,0375,590261,6609533\n"
                                    "2,20240305,0375,590261,6609533\n3,2024-03-05T14:30:00+01:00,0375,590261,6609533\n"},
                                   standard(), {"code": 0, "used": 3}),
    "date_year_out_of_range": ({"inc.csv": HEADER + ROW_OK + "2,1024-03-05,0375,590261,6609533\n"}, standard(),
                               {"code": 0, "rejects": [(3, "rejected", "datum", "year 1024 out of range")]}),
    "date_outside_study_period": ({"inc.csv": HEADER + ROW_OK + "2,2019-05-01,0375,590261,6609533\n"},
                                  standard(incidents(**{"from": "2022-01-01", "to": "2025-12-31"})),
                                  {"code": 0, "rejects": [(3, "outside", "datum", "outside the study period")]}),
    # --- coordinates ---
    "coord_nan": ({"inc.csv": HEADER + ROW_OK + "2,2024-03-05,0375,nan,6609533\n"}, standard(),
                  {"code": 0, "rejects": [(3, "rejected", "x", "not a finite number: 'nan'")]}),
    "coord_inf": ({"inc.csv": HEADER + ROW_OK + "2,2024-03-05,0375,590261,inf\n"}, standard(),
                  {"code": 0, "rejects": [(3, "rejected", "y", "not a finite number: 'inf'")]}),
    "coord_huge": ({"inc.csv": HEADER + ROW_OK + "2,2024-03-05,0375,1e300,1e300\n"}, standard(),
                   {"code": 0, "rejects": [(3, "outside", "", "located outside every district")]}),
    "coord_decimal_comma": ({"inc.csv": "id;datum;kod;x;y\n1;2024-03-05;0375;590261,5;6609533,25\n"}, standard(),
                            {"code": 0, "used": 1}),
    "coord_swapped_xy": ({"inc.csv": HEADER + "".join(f"{i},2024-03-05,0375,{6609533 + i},{590261 + i}\n"
                                                      for i in range(10))}, standard(),
                         {"code": 5, "error": "likely cause: x and y look swapped"}),
    "coord_swapped_latlon": ({"inc.csv": "id,datum,kod,lon,lat\n" + "".join(
        f"{i},2024-03-05,0375,59.6{i},16.5{i}\n" for i in range(10))},
        standard(incidents(fields={"id": "id", "time": "datum", "category": "kod", "lon": "lon", "lat": "lat"})),
        {"code": 5, "error": "likely cause: lat/lon swapped or a wrong \"crs\""}),
    "coord_lat_out_of_range": ({"inc.csv": "id,datum,kod,lon,lat\n1,2024-03-05,0375,16.5,95\n"},
                               standard(incidents(fields={"id": "id", "time": "datum", "lon": "lon", "lat": "lat"})),
                               {"code": 0, "rejects": [(2, "rejected", "lat", "longitude/latitude out of range")]}),
    "coord_missing_crs": ({"inc.csv": HEADER + ROW_OK}, standard(incidents(crs="")),
                          {"code": 4, "error": "has no CRS for its coordinates"}),
    "coord_unknown_crs": ({"inc.csv": HEADER + ROW_OK}, standard(incidents(crs="EPSG:999999")),
                          {"code": 4, "error": "unknown CRS 'EPSG:999999'"}),
    # --- locations and codes ---
    "no_location_at_all": ({"inc.csv": HEADER + ROW_OK + "2,2024-03-05,0375,,\n"}, standard(),
                           {"code": 0, "rejects": [(3, "not_located", "", "no location")]}),
    "unknown_area_code": ({"inc.csv": "id,datum,kod,deso\n1,2024-03-05,0375,9999C0010\n2,2024-03-05,0375,1980C1550\n"},
                          standard(incidents(fields={"id": "id", "time": "datum", "category": "kod",
                                                     "area_code": "deso"})),
                          {"code": 0, "rejects": [(3, "outside", "", "area code '1980C1550' is not a district code")],
                           "warning": "1 of 2 area-coded incidents (50%, 1 distinct code: '1980C1550') have a code "
                                      "that is no district code in"}),
    "area_codes_of_another_system": ({"inc.csv": "id,datum,kod,regso\n1,2024-03-05,0375,9999C0010\n"
                                                 "2,2024-03-05,0375,1980R001\n3,2024-03-05,0375,1980R002\n"},
                                     standard(incidents(fields={"id": "id", "time": "datum", "category": "kod",
                                                                "area_code": "regso"})),
                                     {"code": 5, "error": "2 of 3 area-coded incidents (67%, 2 distinct codes: "
                                                          "'1980R001', '1980R002') have a code that is no district "
                                                          "code in"}),
    "unknown_category": ({"inc.csv": HEADER + ROW_OK + "2,2024-03-05,35700,590261,6609533\n"}, standard(),
                         {"code": 0, "used": 2, "warning": "1 rows have a category not in the catalogue"}),
    "invalid_sex_and_age": ({"inc.csv": "id,datum,kod,x,y,kon,alder\n1,2024-03-05,0375,590261,6609533,X,130\n"},
                            standard(incidents(fields=dict(XY, sex="kon", age="alder"))),
                            {"code": 0, "used": 1, "warning": "unrecognised sex"}),
    "duplicate_incident_rows": ({"inc.csv": HEADER + ROW_OK + ROW_OK}, standard(),
                                {"code": 0, "used": 1, "warning": "1 rows repeat an earlier row",
                                 "rejects": [(3, "rejected", "id", "duplicate of row 2 (same id and content)")]}),
    "duplicate_incident_rows_kept": ({"inc.csv": HEADER + ROW_OK + ROW_OK},
                                     standard(incidents(duplicates="keep")),
                                     {"code": 0, "used": 2, "warning": "1 ids appear more than once"}),
    "duplicate_id_other_content": ({"inc.csv": HEADER + ROW_OK + ROW_OK.replace("0375", "1201")}, standard(),
                                   {"code": 0, "used": 2, "warning": "1 rows have an id seen on an earlier row with "
                                                                     "other content; both are counted"}),
    "duplicate_id_other_content_refused": ({"inc.csv": HEADER + ROW_OK + ROW_OK.replace("0375", "1201")},
                                           standard(incidents(duplicates="error")),
                                           {"code": 5, "error": "row 3 repeats row 2 (id '1'): first difference in "
                                                                "field 'kod'"}),
    "duplicates_policy_unknown": ({"inc.csv": HEADER + ROW_OK}, standard(incidents(duplicates="first")),
                                  {"code": 3, "error": "\"duplicates\" must be drop_exact, keep or error"}),
    # --- fields and layers ---
    "unknown_field": ({"inc.csv": HEADER + ROW_OK}, standard(incidents(fields=dict(XY, time="brottsdatum"))),
                      {"code": 4, "error": "field 'brottsdatum' (\"time\") not found in"}),
    "unknown_mapping_key": ({"inc.csv": HEADER + ROW_OK}, standard(incidents(fields=dict(XY, place="x"))),
                            {"code": 3, "error": "unknown field mapping key 'place'"}),
    "unknown_layer": ({"inc.csv": HEADER + ROW_OK}, standard(districts=dict(DISTRICTS, layer="deso")),
                      {"code": 4, "error": "no layer 'deso' (layers: "}),
    "incidents_are_polygons": ({"d.geojson": TWO_SQUARES}, [AB, incidents(path="d.geojson", fields={"id": "kod"}),
                                                            {"type": "assign"}],
                               {"code": 4, "error": "has polygon geometry; incidents must be points"}),
    # --- polygons ---
    "polygon_self_intersecting": ({"d.geojson": square_geojson([("A", [[0, 0], [100, 100], [100, 0], [0, 100], [0, 0]]),
                                                                ("B", sq(200, 0, 100))]),
                                   "inc.csv": HEADER + "1,2024-01-01,0375,250,50\n"},
                                  standard(districts=AB), {"code": 0, "used": 1, "warning": "is invalid (Self-intersection"}),
    "polygon_empty_geometry": ({"d.geojson": square_geojson([("A", None), ("B", sq(100, 0, 100))]),
                                "inc.csv": AB_ROWS}, standard(districts=AB),
                               {"code": 0, "used": 1, "warning": "has an empty geometry; left out"}),
    "polygons_overlap": ({"d.geojson": square_geojson([("A", sq(0, 0, 100)), ("B", sq(50, 0, 100))]),
                          "inc.csv": HEADER + "1,2024-01-01,0375,25,50\n2,2024-01-01,0375,125,50\n"}, standard(districts=AB),
                         {"code": 0, "used": 2, "warning": "1 pairs of districts overlap: A/B (5000 m²)"}),
    "duplicate_district_codes": ({"d.geojson": square_geojson([("A", sq(0, 0, 100)), ("A", sq(100, 0, 100))]),
                                  "inc.csv": AB_ROWS}, standard(districts=AB),
                                 {"code": 4, "error": "code 'A' in field 'kod' is not unique"}),
    "districts_missing_code_field": ({"inc.csv": HEADER + ROW_OK}, standard(districts=dict(DISTRICTS, code="deso")),
                                     {"code": 4, "error": "field 'deso' not found in"}),
    "point_on_shared_edge": ({"d.geojson": TWO_SQUARES, "inc.csv": HEADER + "1,2024-01-01,0375,100,50\n"},
                             {"privacy": "internal", "pipeline": standard(districts=AB)}, {"code": 0, "used": 1, "counts": {"B": 1}}),
    # --- working CRS: refused before any data is read (inc.csv does not even exist) ---
    "working_crs_in_feet": ({}, {"crs": "EPSG:2276", "pipeline": standard()},
                            {"code": 3, "error": "pipeline: the working CRS 'EPSG:2276' (NAD83 / Texas North Central "
                                                 "(ftUS)) is in US survey foot (1 unit = 0.3048006096 m), not metres"}),
    "working_crs_in_degrees": ({}, {"crs": "EPSG:4326", "pipeline": standard()},
                               {"code": 3, "error": "pipeline: the working CRS 'EPSG:4326' (WGS 84) is geographic "
                                                    "(degrees): areas and distances would be in degrees; use a "
                                                    "projected CRS in metres such as \"EPSG:3006\""}),
    "working_crs_metres": ({"inc.csv": HEADER + ROW_OK}, {"crs": "EPSG:3010", "pipeline": standard()},
                           {"code": 0, "used": 1}),
    # --- pipeline JSON ---
    "pipeline_unknown_stage": ({}, [{"type": "kde2"}], {"code": 3, "error": "unknown stage type 'kde2'"}),
    "pipeline_unknown_disclosure": ({"inc.csv": HEADER + ROW_OK}, standard(aggregate={"type": "aggregate",
                                                                                   "disclosure": "noise"}),
                                    {"code": 3, "error": "\"disclosure\" must be suppress or cell_key, not 'noise'"}),
    # cell_key needs a secret from a file or the environment: never the seed, never the pipeline
    "pipeline_cell_key_without_secret": ({"inc.csv": HEADER + ROW_OK},
                                         standard(aggregate={"type": "aggregate", "disclosure": "cell_key",
                                                             "cell_key_secret_env": "TRYGG_TEST_VARIABLE_NOT_SET"}),
                                         {"code": 3, "error": "aggregate: \"disclosure\": \"cell_key\" needs a secret"}),
    "pipeline_cell_key_secret_in_pipeline": ({"inc.csv": HEADER + ROW_OK},
                                             standard(aggregate={"type": "aggregate", "disclosure": "cell_key",
                                                                 "cell_key_secret": "a secret in the pipeline file"}),
                                             {"code": 3, "error": "aggregate: option 'cell_key_secret' is no longer "
                                                                  "accepted: a secret in the pipeline would be copied "
                                                                  "into the published manifest"}),
    "pipeline_cell_key_short_secret": ({"inc.csv": HEADER + ROW_OK, "secret.txt": "short\n"},
                                       standard(aggregate={"type": "aggregate", "disclosure": "cell_key",
                                                           "cell_key_secret_file": "{dir}/secret.txt"}),
                                       {"code": 3, "error": "is 5 characters; use at least 16"}),
    "pipeline_negative_kde_threshold": ({"inc.csv": HEADER + ROW_OK},
                                        standard()[:4] + [{"type": "kde", "inputs": ["assign"], "suppress_below": -1},
                                                          {"type": "write.gpkg", "path": "{dir}/out.gpkg"}],
                                        {"code": 3, "error": "suppress_below must be 0 or positive"}),
    "pipeline_wrong_type": ({}, [dict(DISTRICTS, code=5)], {"code": 3, "error": "option 'code' must be string, got 5"}),
    "pipeline_cycle": ({}, [dict(DISTRICTS, tag="d"), {"type": "assign", "tag": "a", "inputs": ["a", "d"]}],
                       {"code": 3, "error": "a stage cannot be its own input (cycle)"}),
    "pipeline_forward_reference": ({}, [{"type": "assign", "inputs": ["later"]}, dict(DISTRICTS, tag="later")],
                                   {"code": 3, "error": "comes later in the pipeline"}),
    "pipeline_missing_required": ({}, [{"type": "read.districts", "path": GPKG}],
                                  {"code": 3, "error": "missing required option 'code'"}),
    "pipeline_not_json": ({}, "[{\"type\": }", {"code": 3, "error": "is not valid JSON"}),
    "pipeline_bad_privacy": ({}, {"privacy": "public", "pipeline": [DISTRICTS]}, {"code": 3, "error": "'privacy' must be"}),
    "pipeline_bad_age_bands": ({"inc.csv": HEADER + ROW_OK}, standard(aggregate={"type": "aggregate", "age_bands": [18, 0]}),
                               {"code": 3, "error": "\"age_bands\" must be increasing"}),
    # --- option ranges: checked before any data is read; a value never wraps ---
    "option_suppress_below_wraps": ({"inc.csv": HEADER + ROW_OK},
                                    standard(aggregate={"type": "aggregate", "suppress_below": 4294967297}),
                                    {"code": 3, "error": "aggregate: \"suppress_below\" must be a whole number from 0 "
                                                         "to 1000000, got 4294967297"}),
    "option_kde_suppress_below_huge": ({"inc.csv": HEADER + ROW_OK},
                                       standard()[:4] + [{"type": "kde", "inputs": ["assign"],
                                                          "suppress_below": 18446744073709551615},
                                                         {"type": "write.gpkg", "path": "{dir}/out.gpkg"}],
                                       {"code": 3, "error": "kde: \"suppress_below\" must be a whole number from 0 to "
                                                            "1000000, got 18446744073709551615"}),
    "option_grid_k_wraps": ({"inc.csv": HEADER + ROW_OK},
                            standard()[:4] + [{"type": "grid_hotspots", "inputs": ["assign"], "k": 4294967297},
                                              {"type": "write.gpkg", "path": "{dir}/out.gpkg"}],
                            {"code": 3, "error": "grid_hotspots: \"k\" must be a whole number from 0 to 100000"}),
    "option_weights_k_huge": ({}, [DISTRICTS, {"type": "weights", "method": "knn", "k": 18446744073709551615}],
                              {"code": 3, "error": "weights: \"k\" must be a whole number from 1 to 100000000"}),
    "option_permutations_wrap": ({}, [DISTRICTS, {"type": "weights"},
                                      {"type": "moran", "source": "table", "column": "x", "permutations": 4294967297}],
                                 {"code": 3, "error": "moran: \"permutations\" must be between 0 and 1,000,000"}),
    "option_negative_seed": ({}, [DISTRICTS, {"type": "weights"},
                                  {"type": "moran", "source": "table", "column": "x", "seed": -1}],
                             {"code": 3, "error": "moran: \"seed\" must be a whole number from 0 to "
                                                  "9223372036854775807, got -1"}),
    "option_geocode_gap_wraps": ({"g.csv": "x", "inc.csv": HEADER + ROW_OK}, [incidents(), {"type": "geocode", "gazetteers": [{"path": "{dir}/g.csv"}],
                                                               "max_number_gap": 4294967306}],
                                 {"code": 3, "error": "geocode: \"max_number_gap\" must be a whole number from 0 to "
                                                      "100000"}),
    "option_number_overflows_to_infinity": ({}, json.dumps([DISTRICTS, {"type": "weights", "snap": 0.5}]).replace(
                                                "0.5", "1e400"),
                                            {"code": 3, "error": "is not valid JSON: number overflow parsing '1e400'"}),
    "option_max_outside_share_above_one": ({"inc.csv": HEADER + ROW_OK},
                                           [DISTRICTS, incidents(), {"type": "assign", "max_outside_share": 1.5}],
                                           {"code": 3, "error": "assign: \"max_outside_share\" must be a finite number "
                                                                "from 0.0 to 1.0, got 1.5"}),
    "option_kde_period_kind_before_data": ({"inc.csv": HEADER + ROW_OK}, [DISTRICTS, incidents(), {"type": "assign"},
                                                {"type": "kde", "period_kind": "week"}],
                                               {"code": 3, "error": "kde: unknown period 'week' (use month, quarter, "
                                                                    "half-year or year)"}),
    "option_trygghetsanalys_goal_wraps": ({}, trygghetsanalys(goals=[4294967297]),
                                          {"code": 3, "error": "trygghetsanalys: \"goals\" must be an array of "
                                                               "policy goal numbers 1-6, got 4294967297"}),
    "option_trygghetsanalys_goal_outside": ({}, trygghetsanalys(goals=[1, 7]),
                                            {"code": 3, "error": "trygghetsanalys: \"goals\" must be an array of "
                                                                 "policy goal numbers 1-6, got 7"}),
    "option_trygghetsanalys_goal_zero": ({}, trygghetsanalys(goals=[0]),
                                         {"code": 3, "error": "policy goal numbers 1-6, got 0"}),
    "option_trygghetsanalys_confidence_one": ({}, trygghetsanalys(confidence=1.0),
                                              {"code": 3, "error": "trygghetsanalys: \"confidence\" must be between "
                                                                   "0 and 1"}),
    "option_trygghetsanalys_confidence_zero": ({}, trygghetsanalys(confidence=0),
                                               {"code": 3, "error": "trygghetsanalys: \"confidence\" must be "
                                                                    "between 0 and 1"}),
    "option_trygghetsanalys_min_weight_share_above_one": ({}, trygghetsanalys(min_weight_share=1.5),
                                                          {"code": 3, "error": "trygghetsanalys: \"min_weight_share\" "
                                                                               "must be between 0 and 1"}),
    "option_trygghetsanalys_min_weight_share_negative": ({}, trygghetsanalys(min_weight_share=-0.1),
                                                         {"code": 3, "error": "trygghetsanalys: \"min_weight_share\" "
                                                                              "must be between 0 and 1"}),
    "option_trygghetsanalys_indicator_source_missing": ({}, trygghetsanalys(indicators=["vald"]),
                                                        {"code": 3, "error": "trygghetsanalys: \"indicators\": 'vald' "
                                                                             "comes from 'kalla' tag 'brott'"}),
    "option_trygghetsanalys_indicator_source_not_a_table": ({}, [dict(DISTRICTS, tag="brott"),
                                                                 {"type": "trygghetsanalys", "catalogue": INDICATORS,
                                                                  "indicators": ["vald"]}],
                                                            {"code": 3, "error": "which names no earlier stage of kind "
                                                                                 "table or aggregate"}),
    "option_trygghetsanalys_indicator_unknown": ({}, trygghetsanalys(indicators=["nope"]),
                                                 {"code": 4, "error": "trygghetsanalys: indicator 'nope' is not in the "
                                                                      "catalogue"}),
    # --- files ---
    "input_missing": ({}, standard(), {"code": 4, "error": "read.incidents: path '{dir}/inc.csv' not found"}),
    "input_is_a_directory": ({"inc.csv/x": ""}, standard(), {"code": 4, "error": "is a directory"}),
    "output_folder_is_a_file": ({"inc.csv": HEADER + ROW_OK},
                                standard()[:-1] + [{"type": "write.gpkg", "path": "{dir}/inc.csv/out.gpkg"}],
                                {"code": 6, "error": "cannot create the output folder of '{dir}/inc.csv/out.gpkg'"}),
    "output_folder_created": ({"inc.csv": HEADER + ROW_OK},
                              standard()[:-1] + [{"type": "write.gpkg", "path": "{dir}/new/sub/out.gpkg"}],
                              {"code": 0, "used": 1}),
    "output_disk_full": ({"inc.csv": HEADER + ROW_OK}, standard(), {"code": 6, "error": "write.gpkg: ", "fsize": 64 * 1024}),
    # --- tables ---
    "population_unknown_keys": ({"inc.csv": HEADER + ROW_OK, "pop.csv": "kod,antal\n9999C0010,100\nXX,5\n"},
                                [DISTRICTS, {"type": "read.table", "path": "{dir}/pop.csv", "key": "kod"},
                                 incidents(), {"type": "assign"},
                                 {"type": "aggregate", "population": {"value": "antal"}},
                                 {"type": "write.gpkg", "path": "{dir}/out.gpkg"}],
                                {"code": 0, "warning": "1 population rows have a key that is not a district code"}),
    "population_no_incident_used": ({"inc.csv": HEADER + "1,2019-03-05,0375,590261,6609533\n",
                                     "pop.csv": "kod,antal\n9999C0010,100\n"},
                                    [DISTRICTS, {"type": "read.table", "path": "{dir}/pop.csv", "key": "kod"},
                                     incidents(**{"from": "2022-01-01", "to": "2025-12-31"}), {"type": "assign"},
                                     {"type": "aggregate", "population": {"value": "antal"}},
                                     {"type": "write.gpkg", "path": "{dir}/out.gpkg"}],
                                    {"code": 0, "used": 0, "no_warning": "have no population",
                                     "rejects": [(2, "outside", "datum", "outside the study period")]}),
    "population_missing_column": ({"inc.csv": HEADER + ROW_OK, "pop.csv": "kod,antal\n9999C0010,100\n"},
                                  [DISTRICTS, {"type": "read.table", "path": "{dir}/pop.csv", "key": "kod"},
                                   incidents(), {"type": "assign"},
                                   {"type": "aggregate", "population": {"value": "folkmangd"}}],
                                  {"code": 4, "error": "field 'folkmangd' not found in"}),
    # Population by year (part "population" of issue 15).
    "population_year_not_a_year": ({"inc.csv": HEADER + ROW_OK, "pop.csv": "kod,ar,antal\n9999C0010,2024,100\n9999C0010,24,90\n"},
                                   [DISTRICTS, {"type": "read.table", "path": "{dir}/pop.csv", "key": "kod"},
                                    incidents(), {"type": "assign"},
                                    {"type": "aggregate", "population": {"value": "antal", "year": "ar"}}],
                                   {"code": 4, "error": "aggregate: '{dir}/pop.csv' row 3: field 'ar': '24' is not a year"}),
    "population_table_without_year": ({"inc.csv": HEADER + ROW_OK, "a.csv": "kod,antal\n9999C0010,100\n",
                                       "b.csv": "kod,antal\n9999C0010,90\n"},
                                      [DISTRICTS, {"type": "read.table", "tag": "a", "path": "{dir}/a.csv", "key": "kod",
                                                   "year": 2023},
                                       {"type": "read.table", "tag": "b", "path": "{dir}/b.csv", "key": "kod"},
                                       incidents(), {"type": "assign"},
                                       {"type": "aggregate", "population": {"value": "antal", "tables": ["a", "b"]}}],
                                      {"code": 4, "error": "the table '{dir}/b.csv' has no year"}),
    "scb_year_header_disagrees": ({"scb.csv": "\"Titel\"\n,2022\n9999C0010,1\n"},
                                  [{"type": "read.table", "path": "{dir}/scb.csv", "year": 2023}],
                                  {"code": 4, "error": "\"year\" is 2023 but the export's header names the year 2022"}),
    "scb_duplicate_code": ({"scb.csv": "\"Titel\"\n,totalt\n9999C0010,1\n9999C0010,2\n"},
                           [{"type": "read.table", "path": "{dir}/scb.csv"}],
                           {"code": 4, "error": "line 4: area code '9999C0010' appears twice"}),
    # --- hardening (issue 21): quiet mis-parses refused, long values cut, encodings, empty layers ---
    "coord_hexadecimal": ({"inc.csv": HEADER + ROW_OK + "2,2024-03-05,0375,0x90261,6609533\n"}, standard(),
                          {"code": 0, "rejects": [(3, "rejected", "x", "not a number: '0x90261'")]}),
    "study_period_inverted": ({"inc.csv": HEADER + ROW_OK},
                              standard(incidents(**{"from": "2025-12-31", "to": "2022-01-01"})),
                              {"code": 3, "error": "read.incidents: \"from\" (2025-12-31) is later than \"to\" "
                                                   "(2022-01-01)"}),
    "csv_duplicate_header": ({"inc.csv": "id,datum,kod,x,x,y\n1,2024-03-05,0375,1,590261,6609533\n"}, standard(),
                             {"code": 4, "error": "field 'x' appears twice in the header (columns 4 and 5)"}),
    "csv_utf16_with_bom": ({"inc.csv": ("id,datum,kod,x,y,plats\n1,2024-03-05,0375,590261,6609533,Råby torg\n"
                                        ).encode("utf-16")},
                           standard(incidents(fields=dict(XY, address="plats"))), {"code": 0, "used": 1}),
    "csv_utf16_odd_length": ({"inc.csv": "id,datum".encode("utf-16") + b"\x00"}, standard(),
                             {"code": 4, "error": "invalid UTF-16 at byte"}),
    "category_value_cut_in_warning": ({"inc.csv": HEADER + ROW_OK + "2,2024-03-05," + "Q" * 5000 + ",590261,6609533\n"},
                                      standard(), {"code": 0, "used": 2,
                                                   "warning": "Q" * 80 + "\u2026 (5000 characters) (1)",
                                                   "no_warning": "Q" * 81}),
    "districts_empty_layer": ({"d.geojson": '{"type": "FeatureCollection", "features": []}', "inc.csv": AB_ROWS},
                              standard(districts=AB), {"code": 5, "error": "has no features"}),
    "district_code_reserved": ({"d.geojson": square_geojson([("Totalt", sq(0, 0, 100)), ("B", sq(100, 0, 100))]),
                                "inc.csv": AB_ROWS}, standard(districts=AB),
                               {"code": 4, "error": "code 'Totalt' in field 'kod' is reserved for the total of all "
                                                    "districts"}),
    "district_coordinates_out_of_range": ({"d.geojson": square_geojson([("A", sq(0, 0, 1e308)), ("B", sq(100, 0, 100))]),
                                           "inc.csv": AB_ROWS}, standard(districts=AB),
                                          {"code": 5, "error": "is out of range in EPSG:3006"}),
    "pipeline_duplicate_key": ({}, json.dumps([DISTRICTS]).replace('"layer":', '"code": "namn", "layer":'),
                               {"code": 3, "error": "the key \"code\" appears twice in one object (stage 1); the "
                                                    "second would silently replace the first"}),
    "pipeline_two_writers_one_path": ({"inc.csv": HEADER + ROW_OK},
                                      standard() + [{"type": "write.gpkg", "tag": "again", "path": "{dir}/out.gpkg"}],
                                      {"code": 3, "error": "again: writes '{dir}/out.gpkg', as 'write.gpkg' does"}),
    "output_gpkg_is_a_folder": ({"inc.csv": HEADER + ROW_OK, "out.gpkg/x": ""}, standard(),
                                {"code": 6, "error": "write.gpkg: '{dir}/out.gpkg' is a folder, not a GeoPackage file"}),
    "option_kde_radius_absurd": ({"inc.csv": HEADER + ROW_OK},
                                 standard()[:4] + [{"type": "kde", "inputs": ["assign"], "radius": 1e12}],
                                 {"code": 3, "error": "kde: radius must be at most 100000 metres (100 km), got 1000000000000.0"}),
    "output_file_size_limit_signal": ({"inc.csv": HEADER + ROW_OK}, standard(),
                                      {"code": 6, "error": "write.gpkg: ", "fsize": 64 * 1024, "xfsz": "default"}),
    "input_is_a_fifo": ({"inc.csv": HEADER + ROW_OK}, standard(incidents(path="pipe.csv")),
                        {"code": 4, "error": "is not a regular file (a pipe or a device); give a file", "fifo": "pipe.csv"}),
    # --- part harden (issue 21): the cases issue 21 lists that had no case yet ---
    "pipeline_duplicate_tag": ({}, [DISTRICTS, dict(DISTRICTS, tag="read.districts")],
                               {"code": 3, "error": "duplicate tag 'read.districts'"}),
    "option_significance_unknown": ({}, [DISTRICTS, {"type": "weights"},
                                         {"type": "local_moran", "source": "table", "column": "x",
                                          "significance": "permutation"}],
                                    {"code": 3, "error": "local_moran: unknown significance 'permutation' (expected "
                                                         "auto, pseudo or analytic)"}),
    "option_significance_pseudo_without_permutations": ({}, [DISTRICTS, {"type": "weights"},
                                                             {"type": "gistar", "source": "table", "column": "x",
                                                              "significance": "pseudo", "permutations": 0}],
                                                        {"code": 3, "error": "gistar: significance pseudo needs "
                                                                             "\"permutations\" > 0"}),
    "option_kde_incidents_unknown": ({"inc.csv": HEADER + ROW_OK},
                                     standard()[:4] + [{"type": "kde", "inputs": ["assign"], "incidents": "all"}],
                                     {"code": 3, "error": "kde: incidents must be in_districts or located, not 'all'"}),
    "out_of_memory_names_the_stage": ({"inc.csv": HEADER + ROW_OK},
                                      standard()[:3] + [{"type": "kde", "pixel_size": 1, "radius": 300}],
                                      {"code": 8, "error": "kde: out of memory; fewer districts, a coarser grid or "
                                                           "pixel_size", "address_space": 1500 * 1024 * 1024}),
}


def materialise(value, d):
    if isinstance(value, str):
        return value.replace("{dir}", str(d))
    if isinstance(value, list):
        return [materialise(v, d) for v in value]
    if isinstance(value, dict):
        return {k: materialise(v, d) for k, v in value.items()}
    return value


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(name, tmp_path):
    files, pipeline, expected = CASES[name]
    if "address_space" in expected and "asan" in trygg_exe():
        # AddressSanitizer reserves terabytes of shadow address space, so no RLIMIT_AS fits it;
        # the release pass of scripts/test runs this case.
        pytest.skip("RLIMIT_AS cannot be combined with AddressSanitizer (checked in the release pass)")
    if "fifo" in expected:
        os.mkfifo(tmp_path / expected["fifo"])
    for rel, content in files.items():
        f = tmp_path / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith("/x"):
            continue
        (f.write_bytes if isinstance(content, bytes) else lambda c: f.write_text(c, encoding="utf-8"))(content)
    pfile = tmp_path / "pipeline.json"
    pfile.write_text(pipeline if isinstance(pipeline, str) else json.dumps(materialise(pipeline, tmp_path)),
                     encoding="utf-8")

    def limit():
        if "fsize" in expected:
            # "default": the engine itself must turn the signal into a write error (exit 6).
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL if expected.get("xfsz") == "default" else signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (expected["fsize"], expected["fsize"]))
        if "address_space" in expected:
            resource.setrlimit(resource.RLIMIT_AS, (expected["address_space"], expected["address_space"]))

    r = subprocess.run([trygg_exe(), "run", str(pfile), "--progress=none"], cwd=ROOT, capture_output=True, text=True,
                       timeout=120, preexec_fn=limit)
    assert r.returncode == expected["code"], r.stderr
    out = tmp_path / "out.gpkg"
    if expected["code"] != 0:
        last = r.stderr.strip().splitlines()[-1]
        assert last.startswith("trygg: ") and materialise(expected["error"], tmp_path) in last, r.stderr
        assert not out.is_file()  # (a folder in its place is a case of its own)
        assert not [p for p in tmp_path.rglob("*") if ".tmp-" in p.name]
        assert not (tmp_path / "out.manifest.json").exists()
        return
    if "warning" in expected:
        assert expected["warning"] in r.stderr
    if "no_warning" in expected:
        assert expected["no_warning"] not in r.stderr
    if not out.exists():
        return
    acc = [json.loads(v) for k, v in query(out, "select key, value from run_manifest") if k == "accounting"][0]
    for a in acc:
        assert a["balanced"], a
    if "used" in expected:
        assert acc[-1]["used"] == expected["used"]
    if "rejects" in expected:
        got = query(internal_file(out), "select rad, utfall, falt, orsak from rejects")
        assert len(got) == len(expected["rejects"])
        for (row, bucket, field, reason), g in zip(expected["rejects"], got):
            assert g[:3] == (row, bucket, field) and reason in g[3], g
    if "counts" in expected:
        got = dict(query(out, "select kod, sum(antal) from incident_counts where kon='alla' and aldersgrupp='alla' "
                              "and grupp='vald' and kod<>'totalt' group by kod"))
        for k, v in expected["counts"].items():
            assert got[k] == v
