# SPDX-License-Identifier: MIT
"""Trygg's KDE against QGIS's own heatmap (qgis:heatmapkerneldensityestimation, QGIS 3.22).

Run with Debian's Python: /usr/bin/python3 -m pytest tests/qgis/test_kde_vs_qgis.py
The Trygg side is tests/qgis/kde_helper.cpp (env TRYGG_KDE_HELPER, default
build/release/tests/qgis/trygg_kde_helper), which uses QGIS's extent convention: the points'
bounding box grown by the radius, origin at its north-west corner, ceil(w/p)+1 columns and
ceil(h/p)+1 rows. Trygg evaluates each kernel at true pixel centres after binning points to
pixels; QGIS evaluates at exact point positions but mirrors the stencil vertically within the
point's pixel (see qgskde.cpp), so the two differ by at most about a pixel: we require
Pearson r >= 0.999 per kernel, and equal totals (scaled output integrates to the point count).
QGIS 3.22's quartic constant is 116/(5*pi*h^2)*15/16 instead of 16/(5*pi*h^2)*15/16 = 3/(pi*h^2),
so its quartic surface is 116/16 = 7.25 times Trygg's (and the D1 formula's).
"""
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from missing import import_or_fail, skip_or_fail  # noqa: E402

osgeo = import_or_fail("osgeo")
from osgeo import gdal, ogr, osr  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
HELPER = Path(os.environ.get("TRYGG_KDE_HELPER", ROOT / "build/release/tests/qgis/trygg_kde_helper"))
QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"

KERNELS = {"quartic": 0, "triangular": 1, "uniform": 2, "triweight": 3, "epanechnikov": 4}
QGIS_322_QUARTIC_RATIO = 116.0 / 16.0  # 7.25
RADIUS = 400.0
PIXEL = 10.0


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    if not HELPER.exists():
        skip_or_fail(f"helper not built: {HELPER}")
    if not Path(QGIS_PROCESS).exists():
        skip_or_fail("qgis_process.bin not installed")
    d = tmp_path_factory.mktemp("kde_qgis")
    (d / "home").mkdir()
    (d / "xdg").mkdir(mode=0o700)
    rng = np.random.default_rng(2024)
    n = 3000
    centres = np.array([[590000, 6610000], [591500, 6611200], [589200, 6611800]])
    c = rng.integers(0, 3, n)
    xy = centres[c] + rng.normal(0, 350, (n, 2))
    xy = np.vstack([xy, rng.uniform([588000, 6608500], [593000, 6613500], (600, 2))])
    np.savetxt(d / "points.csv", xy, fmt="%.17g", delimiter=",", header="x,y", comments="")
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(d / "points.gpkg"))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3006)
    lyr = ds.CreateLayer("points", srs, ogr.wkbPoint)
    lyr.StartTransaction()
    for x, y in xy:
        f = ogr.Feature(lyr.GetLayerDefn())
        g = ogr.Geometry(ogr.wkbPoint)
        g.AddPoint_2D(float(x), float(y))
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    lyr.CommitTransaction()
    ds = None
    return d


def run_qgis(d, kernel):
    out = d / f"qgis_{kernel}.tif"
    env = dict(os.environ, HOME=str(d / "home"), QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(d / "xdg"))
    subprocess.run([QGIS_PROCESS, "run", "qgis:heatmapkerneldensityestimation", "--",
                    f"INPUT={d / 'points.gpkg'}", f"RADIUS={RADIUS}", f"PIXEL_SIZE={PIXEL}",
                    f"KERNEL={KERNELS[kernel]}", "DECAY=0", "OUTPUT_VALUE=1", f"OUTPUT={out}"],
                   check=True, env=env, capture_output=True, timeout=600)
    return out


def run_trygg(d, kernel):
    out = d / f"trygg_{kernel}.tif"
    subprocess.run([str(HELPER), str(d / "points.csv"), str(out), kernel, str(RADIUS), str(PIXEL)],
                   check=True, capture_output=True, timeout=600)
    return out


def read(path):
    ds = gdal.Open(str(path))
    band = ds.GetRasterBand(1)
    a = band.ReadAsArray().astype(np.float64)
    nd = band.GetNoDataValue()
    if nd is not None:
        a[a == nd] = 0.0
    return ds.GetGeoTransform(), a, ds.GetProjection()


@pytest.mark.parametrize("kernel", list(KERNELS))
def test_kde_matches_qgis_heatmap(workdir, kernel):
    gt_q, q, _ = read(run_qgis(workdir, kernel))
    gt_t, t, proj = read(run_trygg(workdir, kernel))
    # Same extent convention: identical geotransform and size.
    assert q.shape == t.shape
    assert np.allclose(gt_q, gt_t, rtol=0, atol=1e-6), (gt_q, gt_t)
    assert "SWEREF99 TM" in proj
    r = np.corrcoef(q.ravel(), t.ravel())[0, 1]
    ratio = q.sum() / t.sum() * 1e6  # QGIS is in points per m², Trygg in points per km²
    print(f"{kernel}: pearson={r:.6f} ratio qgis/trygg={ratio:.6f}")
    assert r >= 0.999
    # Trygg's scaled surface integrates to the number of points (per km² → × pixel area in km²).
    n_points = sum(1 for _ in open(workdir / "points.csv")) - 1
    assert t.sum() * PIXEL * PIXEL / 1e6 == pytest.approx(n_points, rel=0.01)
    if kernel == "quartic":
        assert ratio == pytest.approx(QGIS_322_QUARTIC_RATIO, rel=0.005)
    else:
        assert ratio == pytest.approx(1.0, rel=0.005)
