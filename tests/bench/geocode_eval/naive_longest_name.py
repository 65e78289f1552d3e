# SPDX-License-Identifier: MIT
"""The naive baseline of issue #16: the longest gazetteer name found in the text wins.

Names: places.geojson (NAME), osm_bus_stops.geojson (name), polling-station addresses (Adress)
and the parts of the RegSO names ("Hacksta-Stohagen" -> "Hacksta", "Stohagen"). A name is found
where it stands as whole words in the text, case-insensitively (a plain substring test would
find the place "Väster" in every "Västerås" and make the baseline a straw man; whole words
also miss "Bäckbys"); the longest wins, ties go to the first name read. Its point (for a RegSO part: the RegSO
itself) gives the RegSO. No morphology, no ambiguity rule, no uncertainty: deliberately naive.
"""
import re
from pathlib import Path

from osgeo import ogr, osr


def _layer_points(path, field, to_crs):
    ds = ogr.Open(str(path))
    layer = ds.GetLayer(0)
    tr = osr.CoordinateTransformation(layer.GetSpatialRef(), to_crs)
    for f in layer:
        name = f.GetField(field)
        if name and f.GetGeometryRef() is not None:
            g = f.GetGeometryRef().Clone()
            g.Transform(tr)
            yield name.strip(), g


class NaiveLongestName:
    def __init__(self, data_dir, regso):
        """data_dir: the shared vasteras folder; regso: a RegsoIndex (evaluate.py)."""
        d = Path(data_dir)
        self.regso = regso
        self.names = []  # (name, regso code)
        for path, field in (("places.geojson", "NAME"), ("osm_bus_stops.geojson", "name"),
                            ("polling_stations.geojson", "Adress")):
            for name, g in _layer_points(d / path, field, regso.crs):
                self.names.append((name, regso.code_at(g.GetX(), g.GetY())))
        for code, name in regso.names.items():
            self.names.extend((part.strip(), code) for part in name.split("-") if part.strip())
        self.patterns = [(re.compile(r"(?<!\w)" + re.escape(n) + r"(?!\w)", re.IGNORECASE), n, c)
                         for n, c in self.names]

    def locate(self, text):
        """(matched name, RegSO code) of the longest name in text, or (None, None)."""
        best = (None, None)
        for pattern, name, code in self.patterns:
            if (best[0] is None or len(name) > len(best[0])) and pattern.search(text):
                best = (name, code)
        return best
