# SPDX-License-Identifier: MIT
"""The overview's inset labels only districts whose label fits; the others get numbers and a key
(issue 18, sheets28: the Västerås inset was crowded). Hand-made districts, worked by hand."""
from trygg.cartography import labels, overview, overview_labels


def test_small_districts_are_numbered_north_west_first():
    # Inset box 1,000 m wide drawn 62.5 mm wide: 1 mm = 16 m. 'C1320' at 6 pt is about
    # 5 * 0.6 * 6 * 0.3528 = 6.35 mm wide, so it fits a district whose inscribed circle has a
    # radius over 6.35 / 2 / 1.3 = 2.44 mm = 39 m.
    box = (0, 0, 1000, 1000)
    districts = [('big', 'C1000', (500, 500), 200),       # 12.5 mm radius: labelled
                 ('s_se', 'C1320', (900, 100), 20),       # 1.25 mm: numbered, south-east
                 ('s_nw', 'C1330', (100, 950), 20),       # numbered, north-west: 1
                 ('s_ne', 'C1340', (800, 920), 30),       # same row as s_nw, east of it: 2
                 ('edge', 'C1350', (300, 500), 40),       # 2.5 mm: fits
                 ('out', 'C1360', (1500, 500), 5)]        # outside the inset: not numbered
    numbers = overview.numbered_districts(districts, box, 62.5, 6)
    assert numbers == {'s_nw': 1, 's_ne': 2, 's_se': 3}
    key = overview.key_text(numbers, {k: t for k, t, _, _ in districts}, columns=2)
    assert key.splitlines() == ['1 C1330   3 C1320', '2 C1340']


def test_the_inset_shows_numbers_and_the_main_map_leaves_the_box_to_the_inset():
    expression = labels.overview_label('"kod"', (0, 0, 10, 10), {'A': 1})
    assert "map_get(map('A', '1'), \"kod\")" in expression
    assert "@map_id IN ('map_inset', 'map_inset_hotspots')" in expression
    assert labels.overview_label('"kod"', None, {'A': 1}) == '"kod"'


def _row_of_small_districts(layout_project):
    """Eight 40 m squares 100 m apart in a row just east of the inset's box (0..1000 m), on a main
    map of 100 mm for 10 km (1 mm = 100 m): a 5-letter code at 6 pt is about 6 mm = 600 m wide
    and 2.5 mm high, so eight codes cannot all stand around a 7.4 mm row, while one-digit
    numbers (about 1.3 mm wide) can."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant
    layer = QgsVectorLayer('Polygon?crs=EPSG:3006', 'rates', 'memory')
    layer.dataProvider().addAttributes([QgsField('kod', QVariant.String)])
    layer.updateFields()
    features = []
    for i in range(8):
        x = 1200 + 100 * i
        f = QgsFeature(layer.fields())
        f['kod'] = 'C{}'.format(1100 + 10 * i)
        f.setGeometry(QgsGeometry.fromWkt('POLYGON(({0} 480,{1} 480,{1} 520,{0} 520,{0} 480))'.format(x, x + 40)))
        features.append(f)
    layer.dataProvider().addFeatures(features)
    layout_project.addMapLayer(layer, False)
    return layer


def test_main_map_labels_without_room_are_numbered_so_none_is_left_out():
    """legend18: on the Västerås overview the districts just outside the inset's box overlapped.
    The check is QGIS's own label placement: with the numbers, every main-map label finds room;
    with the codes alone (what the overview drew before), some do not."""
    from qgis.core import (QgsLayoutItemMap, QgsLayoutPoint, QgsLayoutSize, QgsPrintLayout, QgsProject,
                           QgsRectangle)
    from qgis.core import QgsCoordinateReferenceSystem
    project = QgsProject()
    project.setCrs(QgsCoordinateReferenceSystem('EPSG:3006'))
    layer = _row_of_small_districts(project)
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    items = {}
    for item_id, pos, size, extent in (('map_rates', (10, 10), (100, 100), (-5000, -5000, 5000, 5000)),
                                       ('map_inset', (150, 10), (50, 50), (0, 0, 1000, 1000))):
        item = QgsLayoutItemMap(layout)
        item.setId(item_id)
        item.attemptMove(QgsLayoutPoint(*pos))
        item.attemptResize(QgsLayoutSize(*size))
        item.setLayers([layer])
        item.setKeepLayerSet(True)
        layout.addLayoutItem(item)
        item.setExtent(QgsRectangle(*extent))
        items[item_id] = item
    box = (0, 0, 1000, 1000)
    before = labels.overview_label('"kod"', box, {})
    assert overview_labels.unplaced_labels(items['map_rates'], layer, before, 96, 6), \
        'the codes were expected to collide'
    numbers, hidden, far = overview_labels.main_map_room(layout, layer, '"kod"', box, {'C0001': 1}, 96)
    assert hidden == set()                       # none of them is shown in the inset
    assert sorted(numbers.values()) == list(range(2, 2 + len(numbers)))   # after the inset's 1
    assert 1 <= len(numbers) <= 7
    after = labels.overview_label('"kod"', box, {}, numbers, hidden)
    assert overview_labels.unplaced_labels(items['map_rates'], layer, after, 96, 6, far) == []
