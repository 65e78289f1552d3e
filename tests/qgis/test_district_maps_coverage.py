# SPDX-License-Identifier: MIT
"""trygg:districtmaps on a result whose data run past the last complete half-year (issue 15,
period coverage): Exempelstad's register without a study period holds a stray dated
2026-03-14 (geodata/exempelstad/truth/bad_rows.csv); the sheets must show 2025H2, the last
half-year the data cover, never a "−100 %" from the stray's almost empty half-year."""
import json
import os

import processing
from qgis.core import QgsVectorLayer

from trygg.algorithms import result_reader as rr


def test_sheets_show_the_latest_complete_period_and_the_data_range(real_engine, exempelstad, tmp_path):
    out_gpkg = str(tmp_path / 'exempelstad.gpkg')
    processing.run('trygg:aggregate', {
        'INCIDENTS': os.path.join(exempelstad, 'incidents.csv'),
        'DISTRICTS': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
        'POPULATION': os.path.join(exempelstad, 'befolkning.csv'),
        'CATALOGUE': os.path.join(exempelstad, '..', 'catalog', 'brottskoder.csv'),
        'OUTPUT': out_gpkg})  # no FROM/TO: the strays stay in
    periods = QgsVectorLayer(out_gpkg + '|layername=perioder', 'p', 'ogr')
    assert periods.isValid()
    labels = sorted(str(f['period']) for f in periods.getFeatures())
    assert labels[-1] == '2026H1'                      # the stray's half-year is in the result ...
    latest, data_range = rr.period_coverage(out_gpkg)
    assert latest == '2025H2'                          # ... but not the latest
    assert data_range == 'Data: 2022-01 – 2025-12'  # a publication: months (the ends are records' dates)
    folder = str(tmp_path / 'sheets')
    res = processing.run('trygg:districtmaps', {'RESULT': out_gpkg, 'FORMATS': [1], 'DPI': 50, 'OUTPUT': folder})
    index = json.load(open(res['INDEX'], encoding='utf-8'))
    assert index['period'] == '2025H2' and index['data_range'] == data_range
    codes = [s['kod'] for s in index['sheets']]
    period, rows = rr.key_figures(out_gpkg, codes)
    assert period == '2025H2' and rows
    assert not [r for r in rows if '−100 %' in r[3]], rows
    # The 2026H1 sheet is still there when asked for by name (and there the stray's group shows).
    period, rows = rr.key_figures(out_gpkg, codes, '2026H1')
    assert period == '2026H1' and rows
