# SPDX-License-Identifier: MIT
"""trygg:districtmaps: one sheet per delområde framed on its own district, plus an overview."""
import json
import os

import pytest
from osgeo import ogr
from qgis.core import QgsApplication
from qgis.PyQt.QtGui import QImage

import processing
from result_fixture import make_result


def district_boxes(gpkg):
    ds = ogr.Open(gpkg)
    boxes = {}
    for f in ds.GetLayerByName('delomraden'):
        minx, maxx, miny, maxy = f.GetGeometryRef().GetEnvelope()
        boxes[f.GetField('kod')] = (minx, miny, maxx, maxy)
    return boxes


def image_stats(path):
    img = QImage(path)
    assert not img.isNull(), path
    colours = set()
    for x in range(0, img.width(), 7):
        for y in range(0, img.height(), 7):
            colours.add(img.pixel(x, y))
    return img, colours


@pytest.fixture(scope='module')
def sheets(exempelstad, tmp_path_factory):
    tmp = tmp_path_factory.mktemp('maps')
    result = str(tmp / 'result.gpkg')
    codes = make_result(os.path.join(exempelstad, 'exempelstad.gpkg'), result)
    out = str(tmp / 'kartblad')
    res = processing.run('trygg:districtmaps', {
        'RESULT': result,
        'BACKGROUND': [os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=kommungrans'],
        'MUNICIPALITY': 'Exempelstad',
        'FORMATS': [0, 1],
        'DPI': 60,
        'OUTPUT': out})
    return codes, res, out, result


def test_provider_has_the_algorithm():
    assert QgsApplication.processingRegistry().algorithmById('trygg:districtmaps') is not None


def test_one_pdf_and_png_per_district_plus_overview(sheets):
    codes, res, out, _ = sheets
    files = sorted(os.listdir(out))
    for code in codes:
        assert len([f for f in files if f.startswith(code) and f.endswith('.pdf')]) == 1, code
        assert len([f for f in files if f.startswith(code) and f.endswith('.png')]) == 1, code
    assert '00_oversikt.pdf' in files and '00_oversikt.png' in files
    assert res['COUNT'] == len(codes) + 1
    for f in files:
        if f.endswith('.pdf'):
            with open(os.path.join(out, f), 'rb') as fh:
                assert fh.read(5) == b'%PDF-'


def test_each_sheet_is_framed_on_its_own_district(sheets, exempelstad):
    codes, res, out, result = sheets
    boxes = district_boxes(result)
    index = json.load(open(res['INDEX'], encoding='utf-8'))
    assert [s['kod'] for s in index['sheets']] == sorted(codes)
    for sheet in index['sheets']:
        x0, y0, x1, y1 = boxes[sheet['kod']]      # from GDAL, not from the layout
        mx0, my0, mx1, my1 = sheet['map_extent']
        assert mx0 <= x0 and my0 <= y0 and mx1 >= x1 and my1 >= y1, sheet['kod']   # whole district shown
        # ... and it is the subject: centred on it and filling a good part of the frame.
        assert abs((mx0 + mx1) / 2 - (x0 + x1) / 2) < 0.05 * (mx1 - mx0)
        assert abs((my0 + my1) / 2 - (y0 + y1) / 2) < 0.05 * (my1 - my0)
        frac = max((x1 - x0) / (mx1 - mx0), (y1 - y0) / (my1 - my0))
        assert frac > 0.6, (sheet['kod'], frac)
    # The overview frames every district.
    ox0, oy0, ox1, oy1 = index['overview']['map_extent']
    assert all(ox0 <= b[0] and oy0 <= b[1] and ox1 >= b[2] and oy1 >= b[3] for b in boxes.values())


def test_images_are_not_blank_and_differ(sheets):
    codes, res, out, _ = sheets
    pngs = sorted(f for f in os.listdir(out) if f.endswith('.png'))
    seen = set()
    gistar_seen = set()
    for f in pngs:
        img, colours = image_stats(os.path.join(out, f))
        assert img.width() > img.height()                     # landscape
        assert len(colours) > 20, f                           # not a blank page
        # The rate classes' colours are on the sheet (the style from layer_styles applied).
        names = {'#%06x' % (c & 0xffffff) for c in colours}
        rate_colours = names & {'#fef0d9', '#fdcc8a', '#fc8d59', '#d7301f'}
        hatch = {c for c in names if c[1:3] == c[3:5] == c[5:7] and 0x90 <= int(c[1:3], 16) <= 0xd0}
        assert rate_colours or hatch, f
        gistar_seen.update(names & {'#2166ac', '#67a9cf', '#d1e5f0', '#fddbc7', '#ef8a62', '#b2182b'})
        key = bytes(img.constBits().asarray(img.sizeInBytes())) if hasattr(img, 'sizeInBytes') else f
        seen.add(hash(key))
    assert len(seen) == len(pngs)                             # every sheet is a different picture
    assert len(gistar_seen) >= 4                              # the hotspot map is drawn in its own style


def test_sheets_from_a_real_engine_result(real_engine, exempelstad, tmp_path):
    """The whole path: trygg:aggregate writes the GeoPackage, trygg:districtmaps draws it."""
    out_gpkg = str(tmp_path / 'exempelstad.gpkg')
    processing.run('trygg:aggregate', {
        'INCIDENTS': os.path.join(exempelstad, 'incidents.csv'),
        'DISTRICTS': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
        'POPULATION': os.path.join(exempelstad, 'befolkning.csv'),
        'CATALOGUE': os.path.join(exempelstad, '..', 'catalog', 'brottskoder.csv'),
        'FROM': '2022-01-01', 'TO': '2025-12-31',
        'OUTPUT': out_gpkg})
    folder = str(tmp_path / 'sheets')
    res = processing.run('trygg:districtmaps', {'RESULT': out_gpkg, 'FORMATS': [1], 'DPI': 50, 'OUTPUT': folder})
    boxes = district_boxes(os.path.join(exempelstad, 'exempelstad.gpkg'))
    index = json.load(open(res['INDEX'], encoding='utf-8'))
    assert sorted(s['kod'] for s in index['sheets']) == sorted(boxes)
    assert index['period'] == '2025H2'                      # the last half-year of the study period
    for sheet in index['sheets']:
        x0, y0, x1, y1 = boxes[sheet['kod']]
        mx0, my0, mx1, my1 = sheet['map_extent']
        assert mx0 <= x0 and my0 <= y0 and mx1 >= x1 and my1 >= y1
        img, colours = image_stats(os.path.join(folder, sheet['files'][0]))
        assert len(colours) > 20
