# SPDX-License-Identifier: MIT
"""--progress=json ends a failed run with one machine-readable error event (issue 18):
{"event": "error", "code": ..., "exit": n, "message": ..., <parameters>}; the stderr line and
the exit code stay as they were. Each code is provoked by a real bad input."""
import json

from trygg_cli import ROOT, run_trygg, shared_data

EXEMPELSTAD = ROOT / "geodata" / "exempelstad"
CATALOGUE = ROOT / "geodata" / "catalog" / "brottskoder.csv"


def run_json(tmp_path, pipeline):
    file = tmp_path / "pipeline.json"
    file.write_text(json.dumps(pipeline), encoding="utf-8")
    result = run_trygg("run", file, "--progress=json")
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    errors = [e for e in events if e.get("event") == "error"]
    return result, errors


def districts(**extra):
    return dict({"type": "read.districts", "tag": "districts", "path": str(EXEMPELSTAD / "exempelstad.gpkg"),
                 "layer": "delomraden", "code": "kod", "name": "namn"}, **extra)


def incidents(fields=None, **extra):
    return dict({"type": "read.incidents", "tag": "incidents", "path": str(EXEMPELSTAD / "incidents.csv"),
                 "fields": fields or {"id": "id", "time": "brottsdatum", "category": "brottskod", "x": "x", "y": "y"},
                 "crs": "EPSG:3006", "catalogue": str(CATALOGUE)}, **extra)


def test_a_register_field_that_does_not_exist(tmp_path):
    result, errors = run_json(tmp_path, [districts(), incidents({"time": "brottsdatum", "category": "brottskod",
                                                                 "x": "ost", "y": "y"}), {"type": "assign"}])
    assert result.returncode == 4
    assert result.stderr.startswith("trygg: incidents: field 'ost'")       # the human line is unchanged
    assert len(errors) == 1 and json.loads(result.stdout.splitlines()[-1])["event"] == "error"   # the last line
    e = errors[0]
    assert (e["code"], e["exit"], e["field"], e["role"], e["stage"]) == ("field_not_found", 4, "ost", "x", "incidents")
    assert e["file"].endswith("incidents.csv")
    assert e["fields"].split(", ")[:3] == ["id", "brottsdatum", "brottskod"]   # the header of incidents.csv
    assert e["message"] == result.stderr.strip()[len("trygg: "):]


def test_a_district_name_field_that_does_not_exist(tmp_path):
    result, errors = run_json(tmp_path, [districts(name="namn_saknas"), incidents(), {"type": "assign"}])
    assert result.returncode == 4
    e = errors[0]
    assert (e["code"], e["field"], e["role"], e["stage"]) == ("field_not_found", "namn_saknas", "name", "districts")
    assert e["file"].endswith("exempelstad.gpkg") and "kod" in e["fields"].split(", ")


def test_a_population_key_that_does_not_exist(tmp_path):
    result, errors = run_json(tmp_path, [
        districts(), incidents(),
        {"type": "read.table", "tag": "population", "path": str(EXEMPELSTAD / "befolkning.csv"), "key": "deso"},
        {"type": "assign"}])
    assert result.returncode == 4
    e = errors[0]
    assert (e["code"], e["field"], e["role"], e["stage"]) == ("field_not_found", "deso", "key", "population")
    assert e["fields"] == "kod, kon, aldersgrupp, antal"


def test_a_file_that_is_no_table(tmp_path):
    bad = tmp_path / "folk.gpkg"
    bad.write_bytes(b"not a geopackage at all")
    result, errors = run_json(tmp_path, [districts(path=str(bad)), incidents(), {"type": "assign"}])
    assert result.returncode == 4
    assert (errors[0]["code"], errors[0]["file"], errors[0]["stage"]) == ("file_unreadable", str(bad), "districts")


def test_grid_hotspots_on_an_area_coded_register_say_no_coordinates(tmp_path):
    """The Västerås register is DeSO-coded: every row inside a district, none with a point."""
    result, errors = run_json(tmp_path, [
        {"type": "read.districts", "path": str(shared_data("vasteras/deso_2018.geojson")), "code": "deso"},
        {"type": "read.incidents", "path": str(shared_data("vasteras/police_register_by_deso.csv")),
         "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}},
        {"type": "assign"},
        {"type": "grid_hotspots", "inputs": ["assign"]}])
    assert result.returncode == 5, result.stderr
    assert "has coordinates (they are located by area code only)" in result.stderr
    assert "no incidents inside the study area" not in result.stderr
    e = errors[0]
    assert (e["code"], e["stage"]) == ("no_coordinates", "grid_hotspots")
    assert 0 < int(e["count"]) <= 708      # rows of the register inside a DeSO (at most every row)


def test_a_crime_group_not_in_the_catalogue(tmp_path):
    result, errors = run_json(tmp_path, [districts(), incidents(), {"type": "assign"},
                                         {"type": "kde", "inputs": ["assign"], "groups": ["valdd"]}])
    assert result.returncode == 4
    e = errors[0]
    assert (e["code"], e["group"], e["stage"]) == ("unknown_group", "valdd", "kde")
    assert "vald" in e["groups"].split(", ")


def test_an_uncoded_error_gets_its_exit_class_code(tmp_path):
    # Districts without the polygon layer named: the engine has no code of its own for this.
    result, errors = run_json(tmp_path, [districts(layer="no_such_layer"), incidents(), {"type": "assign"}])
    assert result.returncode == 4
    assert errors[0]["code"] == "input_error" and errors[0]["exit"] == 4 and errors[0]["stage"] == "districts"


def test_without_json_progress_there_is_no_event(tmp_path):
    file = tmp_path / "pipeline.json"
    file.write_text(json.dumps([districts(name="namn_saknas"), incidents(), {"type": "assign"}]), encoding="utf-8")
    result = run_trygg("run", file, "--progress=none")
    assert result.returncode == 4 and result.stdout == ""


def test_swapped_axes_say_so(tmp_path):
    result, errors = run_json(tmp_path, [districts(), incidents({"time": "brottsdatum", "category": "brottskod",
                                                                 "x": "y", "y": "x"}), {"type": "assign"}])
    assert result.returncode == 5, result.stderr
    e = errors[0]
    assert (e["code"], e["cause"], e["stage"]) == ("mostly_outside", "xy_swapped", "assign")
    assert int(e["outside"]) > 0.5 * int(e["located"]) and e["file"].endswith("exempelstad.gpkg")


def vasteras_population(tmp_path, population_file, population):
    out = tmp_path / "v.gpkg"
    return run_json(tmp_path, [
        {"type": "read.districts", "path": str(shared_data("vasteras/deso_2018.geojson")), "code": "deso"},
        {"type": "read.table", "path": str(population_file)},
        {"type": "read.incidents", "path": str(shared_data("vasteras/police_register_by_deso.csv")),
         "fields": {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}},
        {"type": "assign"},
        {"type": "aggregate", "population": population},
        {"type": "write.gpkg", "path": str(out)}]), out


def test_an_scb_export_needs_no_population_column_named(tmp_path):
    """population_2023.csv as downloaded: one number column ('totalt') besides the DeSO code."""
    (result, errors), out = vasteras_population(tmp_path, shared_data("vasteras/scb/population_2023.csv"), {})
    assert result.returncode == 0 and not errors, result.stderr
    assert "column 'totalt'" in result.stdout        # the run says which column it used
    # The same numbers as naming it, read straight from the export (title line, header, ",code,n").
    expected = {}
    for line in shared_data("vasteras/scb/population_2023.csv").read_text(encoding="utf-8-sig").splitlines()[2:]:
        _, code, n = line.split(",")
        expected[code] = int(n)
    from trygg_cli import query
    got = dict(query(out, "select kod, befolkning from delomraden"))
    assert got == {k: expected[k] for k in got} and len(got) == 84


def test_several_number_columns_need_one_named(tmp_path):
    """The wide SCB export by age: many number columns, so no guess."""
    (result, errors), _ = vasteras_population(tmp_path, shared_data("vasteras/scb/population_by_age_2022.csv"), {})
    assert result.returncode == 4
    e = errors[0]
    assert (e["code"], e["stage"]) == ("population_column_ambiguous", "aggregate")
    assert len(e["fields"].split(", ")) > 2


def test_the_error_event_never_shows_a_password(tmp_path):
    """Issue 20: a password written in a PG: source is refused, and neither the stderr line nor
    the JSON error event (its message and parameters) shows it. No server is needed: the
    refusal comes before any connection."""
    secret = "hemligt-lösen-42"
    src = f"PG:host=127.0.0.1 port=1 dbname=trygg user=postgres password={secret}"
    result, errors = run_json(tmp_path, [districts(path=src, layer="kalla.delomraden"), incidents(),
                                         {"type": "assign"}])
    assert result.returncode == 3, result.stderr
    assert secret not in result.stdout + result.stderr
    assert len(errors) == 1 and "password=***" in errors[0]["message"]
