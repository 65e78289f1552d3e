"""A stand-in for a Trygg result GeoPackage, for the district-map tests while (or without)
the engine's writer: Exempelstad's delområden copied by GDAL with planted figures, an
`incident_counts` table in the engine's long format and the styles embedded per STYLES.md."""
from osgeo import ogr, osr

from styles_util import embed_style

GROUPS = ['vald', 'skadegorelse', 'tillgrepp']


def planted_rate(i):
    return None if i % 7 == 3 else round(2.0 + 1.5 * i, 1)   # every 7th district suppressed


def planted_bin(i):
    return [-3, -2, -1, 0, 0, 1, 2, 3][i % 8]


def make_result(exempelstad_gpkg, path):
    src = ogr.Open(exempelstad_gpkg)
    src_layer = src.GetLayerByName('delomraden')
    drv = ogr.GetDriverByName('GPKG')
    ds = drv.CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3006)
    out = ds.CreateLayer('delomraden', srs, ogr.wkbMultiPolygon)
    for name, kind in (('kod', ogr.OFTString), ('namn', ogr.OFTString), ('rate_per_1000', ogr.OFTReal),
                       ('gistar_bin', ogr.OFTInteger)):
        out.CreateField(ogr.FieldDefn(name, kind))
    codes = []
    for i, f in enumerate(sorted(src_layer, key=lambda f: f.GetField('kod'))):
        g = ogr.Feature(out.GetLayerDefn())
        g.SetField('kod', f.GetField('kod'))
        g.SetField('namn', f.GetField('namn'))
        rate = planted_rate(i)
        if rate is None:
            g.SetFieldNull('rate_per_1000')
        else:
            g.SetField('rate_per_1000', rate)
        g.SetField('gistar_bin', planted_bin(i))
        g.SetGeometry(ogr.ForceToMultiPolygon(f.GetGeometryRef().Clone()))
        out.CreateFeature(g)
        codes.append(f.GetField('kod'))
    counts = ds.CreateLayer('incident_counts', None, ogr.wkbNone)
    for name, kind in (('kod', ogr.OFTString), ('period', ogr.OFTString), ('group', ogr.OFTString),
                       ('sex', ogr.OFTString), ('age', ogr.OFTString), ('count', ogr.OFTInteger),
                       ('change', ogr.OFTInteger), ('change_pct', ogr.OFTReal)):
        counts.CreateField(ogr.FieldDefn(name, kind))
    for code in codes + [None]:
        for period, base in (('2024H1', 10), ('2024H2', 14)):
            for gi, group in enumerate(GROUPS):
                for sex in ('alla', 'man'):
                    r = ogr.Feature(counts.GetLayerDefn())
                    if code:
                        r.SetField('kod', code)
                    r.SetField('period', period)
                    r.SetField('group', group)
                    r.SetField('sex', sex)
                    r.SetField('age', 'alla')
                    n = base + gi if code != codes[1] or gi != 1 else None    # one suppressed cell
                    if n is None:
                        r.SetFieldNull('count')
                        r.SetFieldNull('change')
                    else:
                        r.SetField('count', n)
                        r.SetField('change', 4)
                        r.SetField('change_pct', 40.0)
                    counts.CreateFeature(r)
    ds = None
    embed_style(path, 'delomraden', 'delomraden_rates.qml')
    embed_style(path, 'delomraden', 'delomraden_gistar.qml', default=False)
    return codes
