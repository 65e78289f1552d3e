# SPDX-License-Identifier: MIT
"""Issue 15, part register: the duplicates policy of read.incidents ("duplicates": drop_exact,
keep, error) on planted registers and on the real Västerås register."""
import csv
from collections import Counter

import pytest

from trygg_cli import ROOT, internal_file, query, run_pipeline, shared_data

GPKG = str(ROOT / "geodata/exempelstad/exempelstad.gpkg")
HEADER = "id,brottsdatum,brottskod,deso,kalla\n"


def pipeline(out, csv_path, fields, duplicates=None, privacy="internal"):
    reader = {"type": "read.incidents", "path": str(csv_path), "fields": fields}
    if duplicates:
        reader["duplicates"] = duplicates
    return {"privacy": privacy, "pipeline": [
        {"type": "read.districts", "path": GPKG, "layer": "delomraden", "code": "kod", "name": "namn"},
        reader,
        {"type": "assign"},
        {"type": "aggregate", "suppress_below": 0},
        {"type": "write.gpkg", "path": str(out)}]}


FIELDS = {"id": "id", "time": "brottsdatum", "category": "brottskod", "area_code": "deso"}

# Planted truth: line numbers count the header as line 1.
PLANTED = HEADER + "\n".join([
    "a1,2023-02-01,1211,9999C0010,fil1",   # line 2
    "a2,2023-02-01,1211,9999C0010,fil1",   # line 3: another crime, same day and place
    "a1,2023-02-01,1211,9999C0010,fil2",   # line 4: exact duplicate of line 2 (only 'kalla' differs)
    "a3,2023-03-01,0375,9999C0020,fil1",   # line 5
    "a3,2023-03-01,0375,9999C0020,fil3",   # line 6: exact duplicate of line 5
    "a3,2023-03-01,0375,9999C0020,fil4",   # line 7: and again
    "a4,2023-04-01,1211,9999C0020,fil1",   # line 8
    "a4,2023-04-02,1211,9999C0020,fil1",   # line 9: same id, another date
]) + "\n"


def counts(out, group):
    return dict(query(out, "select kod, sum(antal) from incident_counts where grupp=? and kon='alla' and "
                           "aldersgrupp='alla' and kod<>'totalt' group by kod having sum(antal)>0", group))


def test_exact_duplicates_are_counted_once_and_rejected_as_duplicate(tmp_path):
    src = tmp_path / "register.csv"
    src.write_text(PLANTED, encoding="utf-8")
    out = tmp_path / "out.gpkg"
    result = run_pipeline(tmp_path, pipeline(out, src, FIELDS))
    assert result.returncode == 0, result.stderr
    # By hand: skadegörelse (1211) a1, a2 in C0010; a4 twice (different dates) in C0020.
    assert counts(out, "skadegorelse") == {"9999C0010": 2, "9999C0020": 2}
    assert counts(out, "vald") == {"9999C0020": 1}
    rejects = query(out, "select rad, id, utfall, falt, orsak from rejects order by rad")
    assert rejects == [(4, "a1", "rejected", "id", "duplicate of row 2 (same id and content)"),
                       (6, "a3", "rejected", "id", "duplicate of row 5 (same id and content)"),
                       (7, "a3", "rejected", "id", "duplicate of row 5 (same id and content)")]
    acc = query(out, "select value from run_manifest where key='accounting'")[0][0]
    assert '"rows":8' in acc and '"rejected":3' in acc and '"balanced":true' in acc
    assert "3 rows repeat an earlier row" in result.stderr
    # Same id, other content: both kept, warned with the count and an example id.
    assert "1 rows have an id seen on an earlier row with other content" in result.stderr
    assert "e.g. id 'a4'" in result.stderr


def test_published_run_counts_duplicates_by_reason(tmp_path):
    src = tmp_path / "register.csv"
    src.write_text(PLANTED, encoding="utf-8")
    out = tmp_path / "out.gpkg"
    result = run_pipeline(tmp_path, pipeline(out, src, FIELDS, privacy="publish"))
    assert result.returncode == 0, result.stderr
    # Three duplicates: below the default threshold of 5, the count itself is withheld (and a
    # category that did not occur with it, so the bucket total does not give it away).
    rows = query(out, "select utfall, orsak, antal_visning from avvisade")
    assert ("rejected", "duplicate", "..") in rows
    assert all(r[2] == ".." for r in rows)
    assert query(internal_file(out), "select count(*) from rejects where orsak like 'duplicate of row %'") == [(3,)]


def test_keep_counts_every_row(tmp_path):
    src = tmp_path / "register.csv"
    src.write_text(PLANTED, encoding="utf-8")
    out = tmp_path / "out.gpkg"
    result = run_pipeline(tmp_path, pipeline(out, src, FIELDS, duplicates="keep"))
    assert result.returncode == 0, result.stderr
    assert counts(out, "skadegorelse") == {"9999C0010": 3, "9999C0020": 2}
    assert counts(out, "vald") == {"9999C0020": 3}
    assert query(out, "select count(*) from rejects") == [(0,)]
    assert "3 ids appear more than once; each row is counted" in result.stderr


def test_error_names_the_file_both_rows_and_the_first_differing_field(tmp_path):
    src = tmp_path / "register.csv"
    # Only the conflict: same id a4 on lines 2 and 3, the date differs.
    src.write_text(HEADER + "a4,2023-04-01,1211,9999C0020,x\na4,2023-04-02,1211,9999C0020,x\n", encoding="utf-8")
    out = tmp_path / "out.gpkg"
    result = run_pipeline(tmp_path, pipeline(out, src, FIELDS, duplicates="error"))
    assert result.returncode == 5, result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert str(src) in line and "row 3 repeats row 2" in line and "id 'a4'" in line
    assert "first difference in field 'brottsdatum'" in line
    assert not out.exists()


def test_error_refuses_an_exact_duplicate_too(tmp_path):
    src = tmp_path / "register.csv"
    src.write_text(PLANTED, encoding="utf-8")
    result = run_pipeline(tmp_path, pipeline(tmp_path / "out.gpkg", src, FIELDS, duplicates="error"))
    assert result.returncode == 5
    assert "row 4 repeats row 2 (id 'a1'): identical in every mapped field" in result.stderr


def test_without_ids_the_mapped_content_decides(tmp_path):
    src = tmp_path / "register.csv"
    src.write_text(PLANTED, encoding="utf-8")
    out = tmp_path / "out.gpkg"
    fields = {k: v for k, v in FIELDS.items() if k != "id"}
    result = run_pipeline(tmp_path, pipeline(out, src, fields))
    assert result.returncode == 0, result.stderr
    # Without ids a1 and a2 (same day, code and DeSO) are one content: lines 3 and 4 repeat line 2.
    assert counts(out, "skadegorelse") == {"9999C0010": 1, "9999C0020": 2}
    assert counts(out, "vald") == {"9999C0020": 1}
    rows = query(out, "select rad, orsak from rejects order by rad")
    assert rows == [(3, "duplicate of row 2 (same content)"), (4, "duplicate of row 2 (same content)"),
                    (6, "duplicate of row 5 (same content)"), (7, "duplicate of row 5 (same content)")]


def test_invalid_policy_is_an_option_error(tmp_path):
    src = tmp_path / "register.csv"
    src.write_text(PLANTED, encoding="utf-8")
    result = run_pipeline(tmp_path, pipeline(tmp_path / "out.gpkg", src, FIELDS, duplicates="first"))
    assert result.returncode == 3
    assert '"duplicates" must be drop_exact, keep or error' in result.stderr


def test_vasteras_keep_counts_the_raw_rows_and_drop_exact_107_fewer(tmp_path):
    register = shared_data("vasteras/police_register_by_deso.csv")
    fields = {"id": "Id", "time": "Brottsdatum", "category": "Brottskod", "area_code": "DeSO.område"}
    deso = {"type": "read.districts", "path": str(shared_data("vasteras/deso_2018.geojson")), "code": "deso"}
    totals = {}
    for policy in ("keep", "drop_exact"):
        out = tmp_path / f"{policy}.gpkg"
        doc = pipeline(out, register, fields, duplicates=policy)
        doc["pipeline"][0] = deso
        result = run_pipeline(tmp_path, doc)
        assert result.returncode == 0, result.stderr
        totals[policy] = query(out, "select sum(antal) from incident_counts where kod='totalt' and kon='alla' "
                                    "and aldersgrupp='alla'")[0][0]
    with open(register, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["DeSO.område"]]
    # Every repeated Id in this register repeats its row exactly (only source_file differs).
    ids = Counter(r["Id"] for r in rows)
    assert totals["keep"] == len(rows)
    assert totals["drop_exact"] == len(ids) < len(rows)



# Rows without an id (line: date; the header is line 1) among 80,000 rows with unique ids, and
# the rejects they make by hand: a repeat of an earlier row without id is a duplicate.
WITHOUT_ID = {
    "in the second part only": ({60_000: "2023-05-03", 70_000: "2023-05-03"},
                                [(70_000, None, "duplicate of row 60000 (same content)")]),
    "in both parts": ({150: "2023-05-01", 300: "2023-05-02", 60_000: "2023-05-03", 66_000: "2023-05-02",
                       70_000: "2023-05-03"},
                      [(66_000, None, "duplicate of row 300 (same content)"),
                       (70_000, None, "duplicate of row 60000 (same content)")]),
}


@pytest.mark.parametrize("case", sorted(WITHOUT_ID))
def test_rows_without_id_among_rows_with_ids_are_matched_across_the_parts_of_a_large_register(tmp_path, case):
    # Issue 20: the content hash (the identity of a row without an id) is stored only from the
    # first such row on; a register over 2 MiB is read in two parts, each starting its column
    # at its own first row without an id.
    no_id, expected = WITHOUT_ID[case]
    n = 80_000
    lines = [HEADER]
    for line in range(2, n + 2):
        day = no_id.get(line)
        lines.append(f",{day},1211,9999C0010,fil{line}\n" if day else f"r{line},2023-02-01,1211,9999C0010,fil1\n")
    src = tmp_path / "register.csv"
    src.write_text("".join(lines), encoding="utf-8")
    assert src.stat().st_size > 2 << 20  # two parts of at least 1 MiB
    out = tmp_path / "out.gpkg"
    result = run_pipeline(tmp_path, pipeline(out, src, FIELDS))
    assert result.returncode == 0, result.stderr
    assert query(out, "select rad, id, orsak from rejects order by rad") == expected
    assert counts(out, "skadegorelse") == {"9999C0010": n - len(expected)}
