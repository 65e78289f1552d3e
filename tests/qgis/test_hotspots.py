# SPDX-License-Identifier: MIT
"""Geocode, district hotspots and grid hotspots on Exempelstad through Processing, when the
engine under test has their stages (skipped without them locally; under CI=true a missing stage fails)."""
import os

import pytest
from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

import processing
from trygg import engine
from missing import skip_or_fail


def needs(*stages):
    have = engine.engine_stages(refresh=True)
    missing = [s for s in stages if s not in have]
    if missing:
        skip_or_fail('engine lacks stage(s) ' + ', '.join(missing))


def spine_params(exempelstad, output):
    return {
        'INCIDENTS': os.path.join(exempelstad, 'incidents.csv'),
        'DISTRICTS': os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=delomraden',
        'POPULATION': os.path.join(exempelstad, 'befolkning.csv'),
        'CATALOGUE': os.path.join(exempelstad, '..', 'catalog', 'brottskoder.csv'),
        'FROM': '2022-01-01', 'TO': '2025-12-31',
        'OUTPUT': output,
    }


def loaded(name_part):
    return [layer for layer in QgsProject.instance().mapLayers().values() if name_part in layer.name()]


def test_district_hotspots_loaded_with_gistar_and_lisa_styles(real_engine, exempelstad, tmp_path):
    needs('weights', 'gistar', 'local_moran')
    out = str(tmp_path / 'hot.gpkg')
    params = dict(spine_params(exempelstad, out), GROUP='vald', ANALYSIS_PERIOD='all', PERMUTATIONS=99)
    before = set(QgsProject.instance().mapLayers())
    res = processing.runAndLoadResults('trygg:districthotspots', params)
    layer = QgsVectorLayer(res['DELOMRADEN'], 'h', 'ogr')
    QgsProject.instance().addMapLayer(layer, False)
    fields = [f.name() for f in layer.fields()]
    assert 'gistar_bin' in fields and 'lisa_class' in fields
    bins = {f['gistar_bin'] for f in layer.getFeatures()}
    assert bins <= set(range(-3, 4)) and bins - {0}          # Exempelstad has planted hotspots
    new = [QgsProject.instance().mapLayer(i) for i in set(QgsProject.instance().mapLayers()) - before]
    # named after what the current style maps and the run's file (issue 18): the whole range
    # asked for (2022-01-01 – 2025-12-31) is the half-years 2022H1–2025H2
    shown = [lyr for lyr in new if lyr.name() == 'Hotspots (Gi*) · Våld · 2022H1–2025H2 – hot']
    assert len(shown) == 1, [lyr.name() for lyr in new]
    manager = shown[0].styleManager()
    assert manager.currentStyle() == 'Hotspots (Gi*)'
    assert set(manager.styles()) == {'Hotspots (Gi*)', 'Kluster (LISA)', 'Brott per 1 000 invånare'}
    assert shown[0].renderer().classAttribute() == 'gistar_bin'
    # the name follows the style picked under Layer > Styles; the rates are the latest half-year's
    manager.setCurrentStyle('Kluster (LISA)')
    assert shown[0].name() == 'Kluster (LISA) · Våld · 2022H1–2025H2 – hot'
    manager.setCurrentStyle('Brott per 1 000 invånare')
    assert shown[0].name() == 'Våld · 2025H2 · anmälda brott per 1 000 inv. – hot'


def test_grid_hotspots_and_heatmap(real_engine, exempelstad, tmp_path):
    needs('kde', 'grid_hotspots')
    out = str(tmp_path / 'grid.gpkg')
    before = set(QgsProject.instance().mapLayers())
    res = processing.runAndLoadResults('trygg:gridhotspots', dict(spine_params(exempelstad, out), GROUPS='vald', RADIUS=300))
    new = [QgsProject.instance().mapLayer(i) for i in set(QgsProject.instance().mapLayers()) - before]
    # named after what they map (group, the half-years of 2022-01-01 – 2025-12-31) and the run (issue 18)
    shown = [lyr for lyr in new if lyr.name() == 'Hotspots (Gi*) · Våld · 2022H1–2025H2 – grid']
    assert len(shown) == 1 and shown[0].styleManager().currentStyle() == 'Hotspots (Gi*)', [lyr.name() for lyr in new]
    assert 'gi_bin' in shown[0].renderer().classAttribute()
    heat = [lyr for lyr in new if isinstance(lyr, QgsRasterLayer)]
    assert [lyr.name() for lyr in heat] == ['Värmekarta · Våld · 2022H1–2025H2 · brott per km² – grid']
    assert heat and heat[0].renderer().type() == 'singlebandpseudocolor'   # the heat ramp applied on load
    grid = QgsVectorLayer(res['GRID'], 'g', 'ogr')
    assert grid.isValid() and grid.featureCount() > 0
    QgsProject.instance().addMapLayer(grid, False)
    assert res['RASTERS'], 'no heatmap raster reported'
    raster = QgsRasterLayer(res['RASTERS'][0], 'kde')
    assert raster.isValid() and raster.crs().authid() == 'EPSG:3006'
    QgsProject.instance().addMapLayer(raster, False)


def test_geocode_locates_more_than_coordinates_alone(real_engine, exempelstad, tmp_path):
    needs('geocode')
    plain = processing.run('trygg:aggregate', spine_params(exempelstad, str(tmp_path / 'plain.gpkg')))
    geo = processing.run('trygg:geocode', dict(spine_params(exempelstad, str(tmp_path / 'geo.gpkg')),
                                               ADDRESSES=os.path.join(exempelstad, 'exempelstad.gpkg') + '|layername=adresser'))

    def not_located(uri):
        rejects = QgsVectorLayer(uri, 'r', 'ogr')
        QgsProject.instance().addMapLayer(rejects, False)
        return sum(1 for f in rejects.getFeatures() if f['utfall'] == 'not_located')

    assert not_located(geo['REJECTS']) < not_located(plain['REJECTS'])
