# SPDX-License-Identifier: MIT
"""A full disk while writing each output kind (issue 21): the GeoPackage, the internal file, a
GeoTIFF, a CSV, the manifest and the Lägesrapport (HTML and PDF). Each run must exit 6 with one
line naming the stage and the file, leave the previous output byte-identical and no temporary
file.

The disk is made full with RLIMIT_FSIZE (a tiny tmpfs needs root). A limit set before the run
always hits the GeoPackage, which is written first and is the largest file, so the engine sets
the limit itself just before it writes the chosen output (TRYGG_TEST_FILE_SIZE_LIMIT, see
engine/include/trygg/core/test_file_limit.hpp); the write then fails with the kernel's EFBIG as
on a full disk. Several limits per kind: 0 (nothing fits), one block, and half the file's size."""
import hashlib
import json
import os
import subprocess

import pytest

from trygg_cli import ROOT, trygg_exe


def pipeline(out):
    spec = json.loads((ROOT / "examples/exempelstad/trygghetsanalys.json").read_text(encoding="utf-8"))
    for stage in spec["pipeline"]:
        for key in ("path", "catalogue"):
            if key in stage and not str(stage[key]).startswith("out/"):
                stage[key] = str(ROOT / stage[key])
    stages = spec["pipeline"][:-1]
    stages.append({"type": "kde", "inputs": ["assign"], "radius": 300, "pixel_size": 25, "groups": ["vald"]})
    stages.append({"type": "write.gpkg", "path": str(out / "ta.gpkg")})
    stages.append({"type": "write.report", "path": str(out / "rapport.html"), "pdf": True, "language": "sv",
                   "area_name": "Exempelstad kommun"})
    spec["pipeline"] = stages
    return spec


def snapshot(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def run(pfile, limit=None):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    env.pop("TRYGG_TEST_FILE_SIZE_LIMIT", None)
    if limit:
        env["TRYGG_TEST_FILE_SIZE_LIMIT"] = limit
    return subprocess.run([trygg_exe(), "run", str(pfile), "--progress=none"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    d = tmp_path_factory.mktemp("diskfull")
    out = d / "out"
    out.mkdir()
    pfile = d / "pipeline.json"
    pfile.write_text(json.dumps(pipeline(out)), encoding="utf-8")
    r = run(pfile)
    assert r.returncode == 0, r.stderr
    return pfile, out, {p.name: p.stat().st_size for p in out.iterdir()}


# (kind, the part of the file name the limit is set at, the stage the error line names)
KINDS = [
    ("geopackage", "ta.gpkg", "write.gpkg"),
    ("internal file", "ta.internal.gpkg", "write.gpkg"),
    ("geotiff", ".tif", "write.gpkg"),
    ("csv", "trygghetsanalys.csv", "write.gpkg"),
    ("manifest", "manifest.json", "write.gpkg"),
    ("report", "rapport.html", "write.report"),
]


@pytest.mark.parametrize("kind,name,stage", KINDS, ids=[k[0] for k in KINDS])
def test_disk_full_while_writing(previous, kind, name, stage):
    pfile, out, sizes = previous
    matching = [n for n in sizes if name in n]
    assert matching, f"no output named *{name}* (outputs: {sorted(sizes)})"
    size = min(sizes[n] for n in matching)
    limits = sorted({0, 4096, size // 2}) if kind != "report" else [0, size // 2]
    for limit in limits:
        before = snapshot(out)
        r = run(pfile, f"{name}:{limit}")
        assert r.returncode == 6, f"{kind} at {limit} bytes: exit {r.returncode}: {r.stderr}"
        lines = [line for line in r.stderr.strip().splitlines() if line.startswith("trygg: ")]
        last = lines[-1]
        assert last.startswith(f"trygg: {stage}: "), last
        assert (name.strip(".") in last) or kind in ("report",) and "rapport" in last, last
        after = snapshot(out)
        if stage == "write.report":
            # write.gpkg ran before and replaced its own outputs; the report's stay as they were.
            after = {k: v for k, v in after.items() if k.startswith("rapport")}
            before = {k: v for k, v in before.items() if k.startswith("rapport")}
        assert after == before, f"{kind} at {limit} bytes: the previous output changed"
        assert not [p.name for p in out.iterdir() if ".tmp-" in p.name or ".report-" in p.name], kind
