#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write Exempelstad's synthetic road layer, geodata/exempelstad/vagar.gpkg (issue 16).

SYNTHETIC, like the rest of Exempelstad: a European road, a national road, two county roads and
one named interchange, laid out from the district centres read from exempelstad.gpkg (which this
script only reads), so that "E18 i höjd med Ekbacken", "väg 66 strax söder om Älvsta" or
"Råbylundsmotet" mean something in the sample town. No real road data is available offline.

Layers (EPSG:3006), shaped as an OSM export is:
- `vagar` (LineString): `ref` ("E 18", "56", "252", "66"), `name` (often empty, as in OSM).
- `trafikplatser` (Point): `name` of a named interchange ("Råbylundsmotet").

    /usr/bin/python3 geodata/generator/generate_roads.py

Deterministic: no randomness; the GeoPackage differs only in timestamps GDAL writes.
"""

import os
import sys

from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "exempelstad")


def district_centres(gpkg):
    ds = ogr.Open(gpkg)
    layer = ds.GetLayerByName("delomraden")
    out = {}
    for f in layer:
        c = f.GetGeometryRef().Centroid()
        out[f.GetField("namn")] = (round(c.GetX()), round(c.GetY()))
    return out


def roads_of(c):
    """(ref, name, vertices) of each road, from district centres `c`."""
    west, east = 583800, 596200
    south, north = 6605250, 6614650
    # E18 runs west-east between Norrmalm and Ekbacken, north of the centre.
    e18_y = (c["Norrmalm"][1] + c["Ekbacken"][1]) // 2
    e18 = [(west, e18_y + 300), (c["Hagaberg"][0], e18_y + 100), (c["Ekbacken"][0], e18_y),
           (c["Råbylund"][0], e18_y - 100), (east, e18_y - 300)]
    # Riksväg 56 runs south-north east of Råbylund, crossing E18 at Råbylundsmotet.
    rv56_x = c["Råbylund"][0] + 900
    rv56 = [(rv56_x + 400, south), (rv56_x + 200, c["Kungsängen"][1]), (rv56_x, e18_y - 200),
            (rv56_x - 100, north)]
    # Länsväg 252 from the centre south-west through Sörby to the boundary.
    lv252 = [(c["Söder"][0], c["Söder"][1] - 300), (c["Sörby"][0] + 600, c["Sörby"][1] + 500),
             (c["Sörby"][0], c["Sörby"][1] + 200), (west + 800, south)]
    # Väg 66 west from Västermalm through Vallby, passing south of Älvsta.
    v66 = [(c["Västermalm"][0], c["Västermalm"][1]), (c["Vallby"][0], c["Vallby"][1] + 150),
           (c["Älvsta"][0], c["Älvsta"][1] - 700), (west, c["Älvsta"][1] - 900)]
    return [("E 18", "", e18), ("56", "", rv56), ("252", "Sörbyvägen", lv252), ("66", "", v66)]


def interchanges_of(roads):
    """Råbylundsmotet: where E18 meets riksväg 56 (the vertex of rv 56 on E18's latitude)."""
    rv56 = dict((r, v) for r, _, v in roads)["56"]
    return [("Råbylundsmotet", rv56[2])]


def write_roads(gpkg_in, gpkg_out):
    c = district_centres(gpkg_in)
    roads = roads_of(c)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3006)
    if os.path.exists(gpkg_out):
        os.remove(gpkg_out)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg_out)
    lines = ds.CreateLayer("vagar", srs, ogr.wkbLineString)
    lines.CreateField(ogr.FieldDefn("ref", ogr.OFTString))
    lines.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    for ref, name, vertices in roads:
        f = ogr.Feature(lines.GetLayerDefn())
        f.SetField("ref", ref)
        if name:
            f.SetField("name", name)
        g = ogr.Geometry(ogr.wkbLineString)
        for x, y in vertices:
            g.AddPoint_2D(float(x), float(y))
        f.SetGeometry(g)
        lines.CreateFeature(f)
    points = ds.CreateLayer("trafikplatser", srs, ogr.wkbPoint)
    points.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    for name, (x, y) in interchanges_of(roads):
        f = ogr.Feature(points.GetLayerDefn())
        f.SetField("name", name)
        g = ogr.Geometry(ogr.wkbPoint)
        g.AddPoint_2D(float(x), float(y))
        f.SetGeometry(g)
        points.CreateFeature(f)
    ds = None


def main():
    write_roads(os.path.join(OUT, "exempelstad.gpkg"), os.path.join(OUT, "vagar.gpkg"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
