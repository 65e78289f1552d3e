# SPDX-License-Identifier: MIT
"""The overview's inset labels only districts whose label fits; the others get numbers and a key
(issue 18, sheets28: the Västerås inset was crowded). Hand-made districts, worked by hand."""
from trygg.cartography import labels, overview


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
