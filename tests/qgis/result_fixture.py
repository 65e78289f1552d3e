# SPDX-License-Identifier: MIT
"""A stand-in for a Trygg result GeoPackage, for the district-map tests independent of the
engine: Exempelstad's delområden copied by GDAL with planted figures in the engine's schema
(delomraden: kod, namn, period, <grupp>_antal/_visning/_per_1000/_forandring_pct; the long
table incident_counts: kod ('totalt' = whole area), namn, period, grupp, kon, aldersgrupp,
antal, antal_visning, undertryckt, per_1000, forandring, forandring_pct), a Gi* column, and
the styles embedded per STYLES.md."""
from osgeo import ogr, osr

from styles_util import embed_style

GROUPS = ['vald', 'skadegorelse', 'tillgrepp']


def planted_rate(i):
    return None if i % 7 == 3 else round(2.0 + 1.5 * i, 1)   # every 7th district suppressed


def planted_bin(i):
    return [-3, -2, -1, 0, 0, 1, 2, 3][i % 8]


def _set(feature, name, value):
    if value is None:
        feature.SetFieldNull(name)
    else:
        feature.SetField(name, value)


def make_result(exempelstad_gpkg, path):
    src = ogr.Open(exempelstad_gpkg)
    src_layer = src.GetLayerByName('delomraden')
    ds = ogr.GetDriverByName('GPKG').CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3006)
    out = ds.CreateLayer('delomraden', srs, ogr.wkbMultiPolygon)
    fields = [('kod', ogr.OFTString), ('namn', ogr.OFTString), ('period', ogr.OFTString)]
    for g in GROUPS:
        fields += [(g + '_antal', ogr.OFTInteger), (g + '_visning', ogr.OFTString), (g + '_per_1000', ogr.OFTReal),
                   (g + '_forandring_pct', ogr.OFTReal)]
    fields += [('gistar_bin', ogr.OFTInteger)]
    for name, kind in fields:
        out.CreateField(ogr.FieldDefn(name, kind))
    codes = []
    for i, f in enumerate(sorted(src_layer, key=lambda f: f.GetField('kod'))):
        g = ogr.Feature(out.GetLayerDefn())
        g.SetField('kod', f.GetField('kod'))
        g.SetField('namn', f.GetField('namn'))
        g.SetField('period', '2024H2')
        for k, group in enumerate(GROUPS):
            rate = planted_rate(i + k)
            _set(g, group + '_per_1000', rate)
            _set(g, group + '_antal', None if rate is None else int(rate * 2))
            g.SetField(group + '_visning', '..' if rate is None else str(int(rate * 2)))
        g.SetField('gistar_bin', planted_bin(i))
        g.SetGeometry(ogr.ForceToMultiPolygon(f.GetGeometryRef().Clone()))
        out.CreateFeature(g)
        codes.append(f.GetField('kod'))
    counts = ds.CreateLayer('incident_counts', None, ogr.wkbNone)
    for name, kind in (('kod', ogr.OFTString), ('namn', ogr.OFTString), ('period', ogr.OFTString),
                       ('grupp', ogr.OFTString), ('kon', ogr.OFTString), ('aldersgrupp', ogr.OFTString),
                       ('antal', ogr.OFTInteger), ('antal_visning', ogr.OFTString), ('undertryckt', ogr.OFTInteger),
                       ('per_1000', ogr.OFTReal), ('forandring', ogr.OFTReal), ('forandring_pct', ogr.OFTReal)):
        counts.CreateField(ogr.FieldDefn(name, kind))
    for code in codes + ['totalt']:
        for period, base in (('2024H1', 10), ('2024H2', 14)):
            for gi, group in enumerate(GROUPS):
                for sex in ('alla', 'man'):
                    r = ogr.Feature(counts.GetLayerDefn())
                    r.SetField('kod', code)
                    r.SetField('period', period)
                    r.SetField('grupp', group)
                    r.SetField('kon', sex)
                    r.SetField('aldersgrupp', 'alla')
                    suppressed = code == codes[1] and gi == 1          # one suppressed cell
                    n = base + gi
                    _set(r, 'antal', None if suppressed else n)
                    r.SetField('antal_visning', '..' if suppressed else str(n))
                    r.SetField('undertryckt', 1 if suppressed else 0)
                    _set(r, 'forandring', None if suppressed else 4.0)
                    _set(r, 'forandring_pct', None if suppressed else 40.0)
                    counts.CreateFeature(r)
    ds = None
    embed_style(path, 'delomraden', 'delomraden.qml')
    return codes
