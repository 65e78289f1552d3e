# SPDX-License-Identifier: GPL-2.0-or-later
"""Reading what the engine wrote into a Trygg GeoPackage, for display: which layer holds the
rates and the hotspots, and the key figures per district and crime group. Only selection and
formatting of the engine's numbers happens here; nothing is computed.

Column names are looked up from short candidate lists so the sheet keeps working if the
engine's table gains or renames a column; the first listed name is the engine's.
"""
from qgis.core import QgsFeatureRequest, QgsVectorLayer, QgsWkbTypes

DISTRICTS_LAYER = 'delomraden'
COUNTS_TABLE = 'incident_counts'
PERIODS_TABLE = 'perioder'      # the engine's period coverage: fullstandig, senaste, data_fran/till
RATE_SUFFIX = '_per_1000'       # delomraden: <grupp>_per_1000 per crime group
CODE_FIELDS = ['kod', 'district', 'code']
GROUP_FIELDS = ['grupp', 'group']
PERIOD_FIELDS = ['period']
SEX_FIELDS = ['kon', 'sex']
AGE_FIELDS = ['aldersgrupp', 'age']
COUNT_FIELDS = ['antal', 'count']
CHANGE_FIELDS = ['forandring', 'change']
CHANGE_PCT_FIELDS = ['forandring_pct', 'change_pct']
MISSING_FIELDS = ['saknas_orsak']   # why a count is missing, e.g. 'ej i källan' (not 0, not withheld)
ALL_VALUES = {None, '', 'alla', 'all', 'totalt', 'total'}
MUNICIPALITY = '__kommun__'


GROUP_LABELS = {
    'vald': ('Våld', 'Violence'),
    'skadegorelse': ('Skadegörelse', 'Vandalism'),
    'tillgrepp': ('Tillgrepp', 'Theft'),
    'narkotika': ('Narkotika', 'Drugs'),
    'ovrigt': ('Övrigt', 'Other'),
    'alla': ('Alla brott', 'All crime'),
}


def group_label(group):
    """Display name of a crime group from the catalogue (unknown groups as they are)."""
    from ..i18n import t
    names = GROUP_LABELS.get(str(group))
    return t(*names) if names else str(group)


def sublayers(gpkg):
    probe = QgsVectorLayer(gpkg, 'probe', 'ogr')
    names = []
    if probe.isValid():
        for s in probe.dataProvider().subLayers():
            parts = s.split('!!::!!')
            if len(parts) > 1:
                names.append(parts[1])
    del probe
    return names


def open_layer(gpkg, name, display_name=None):
    layer = QgsVectorLayer('{}|layername={}'.format(gpkg, name), display_name or name, 'ogr')
    return layer if layer.isValid() else None


def first_field(layer, candidates):
    names = [f.name() for f in layer.fields()]
    lower = {n.lower(): n for n in names}
    for c in candidates:
        if c.lower() in lower:
            return lower[c.lower()]
    return None


def rate_groups(layer):
    """Crime groups with a rate column on the district layer, in column order."""
    return [f.name()[:-len(RATE_SUFFIX)] for f in layer.fields() if f.name().endswith(RATE_SUFFIX)]


def find_hotspot_layer(gpkg):
    """(layer name, kind) of the polygon layer with hotspot classes: kind 'gistar' for a
    `gistar_bin`/`gi_bin` column, 'lisa' for `lisa_class`; grid layers first (finer). (None, None)
    when the result has none."""
    found = {'gistar': [], 'lisa': []}
    for name in sublayers(gpkg):
        layer = open_layer(gpkg, name)
        if layer is None or layer.geometryType() != QgsWkbTypes.PolygonGeometry:
            continue
        fields = layer.fields()
        if fields.indexOf('gistar_bin') >= 0 or fields.indexOf('gi_bin') >= 0:
            found['gistar'].append(name)
        if fields.indexOf('lisa_class') >= 0:
            found['lisa'].append(name)
    for kind in ('gistar', 'lisa'):
        names = found[kind]
        if names:
            names.sort(key=lambda n: (0 if 'grid' in n or 'rut' in n else 1, n))
            return names[0], kind
    return None, None


def hotspot_subject(gpkg, stage_prefix):
    """(group, period) analysed by the statistics stage whose columns start with `stage_prefix`,
    from the engine's global_statistics table ('variable' = '<group> <period>'); ('', '') when
    not recorded."""
    if 'global_statistics' not in sublayers(gpkg):
        return '', ''
    table = open_layer(gpkg, 'global_statistics')
    if table is None or table.fields().indexOf('variable') < 0 or table.fields().indexOf('stage') < 0:
        return '', ''
    for f in table.getFeatures():
        if str(f['stage']) == stage_prefix and f['variable'] not in (None, ''):
            tokens = str(f['variable']).split()
            return tokens[0], tokens[1] if len(tokens) > 1 else ''
    return '', ''


def hotspot_note(gpkg, stage_prefix):
    """'<group>, <periods>' analysed by the statistics stage whose columns start with
    `stage_prefix`, from the engine's global_statistics table ('' when not recorded)."""
    group, period = hotspot_subject(gpkg, stage_prefix)
    if group and period:
        return '{}, {}'.format(group_label(group).lower(), period.replace('-', '–'))
    return group


def _is_all(value):
    return value is None or (str(value).strip().lower() in ALL_VALUES) or str(value) == 'NULL'


def _number(value):
    if value is None or str(value) == 'NULL':
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def format_count(value):
    """'1 234' (thin-space thousands) or '..' for a withheld count."""
    from ..cartography.numbers import number_or_dots
    v = _number(value)
    return number_or_dots(None if v is None else int(round(v)))


def format_change(change, change_pct):
    c, p = _number(change), _number(change_pct)
    if c is None:
        return '..'
    n = int(round(c))
    text = '±0' if n == 0 else '{:+d}'.format(n)
    if p is not None:
        text += ' ({} %)'.format('±0' if round(p) == 0 else '{:+.0f}'.format(p))
    return text.replace('-', '−')


def missing_label(reason):
    """The sheet's words for the engine's not-in-source marking ('ej i källan')."""
    from ..i18n import t
    if str(reason) == 'ej i källan':
        return t('finns ej i källan', 'not in the source')
    return str(reason)


def period_label(period):
    """'2024H1' -> '2024, första halvåret' ('2024, first half' in English); other labels unchanged."""
    from ..i18n import t
    if not period:
        return ''
    p = str(period)
    if len(p) == 6 and p[4] == 'H' and p[5] in '12':
        first = p[5] == '1'
        return t('{}, {} halvåret', '{}, {} half').format(
            p[:4], t('första', 'first') if first else t('andra', 'second'))
    return p


def period_coverage(gpkg):
    """(latest complete period or None, 'Data: 2017-07-18 – 2024-03-28' or '') from the engine's
    perioder table; (None, '') when the result has none (older results)."""
    if PERIODS_TABLE not in sublayers(gpkg):
        return None, ''
    table = open_layer(gpkg, PERIODS_TABLE)
    if table is None or table.fields().indexOf('period') < 0:
        return None, ''
    latest, data = None, ''
    fields = table.fields()
    for f in table.getFeatures():
        if fields.indexOf('senaste') >= 0 and _number(f['senaste']) == 1:
            latest = str(f['period'])
        if not data and fields.indexOf('data_fran') >= 0 and fields.indexOf('data_till') >= 0 \
                and f['data_fran'] not in (None, '') and str(f['data_fran']) != 'NULL':
            data = 'Data: {} – {}'.format(f['data_fran'], f['data_till'])
    del table
    return latest, data


def key_figures(gpkg, district_codes, period=None):
    """Rows (kod, grupp, antal, forandring) for the latest complete (or given) period, all sexes
    and ages, per district and for the municipality (kod = MUNICIPALITY). Returns (period, rows).
    The latest is the engine's (perioder.senaste): a period the data cover only partly is never
    chosen by default; without that table, the last period."""
    if COUNTS_TABLE not in sublayers(gpkg):
        return period, []
    table = open_layer(gpkg, COUNTS_TABLE)
    if table is None:
        return period, []
    f_code, f_group, f_period = (first_field(table, CODE_FIELDS), first_field(table, GROUP_FIELDS),
                                 first_field(table, PERIOD_FIELDS))
    f_sex, f_age, f_count = first_field(table, SEX_FIELDS), first_field(table, AGE_FIELDS), first_field(table, COUNT_FIELDS)
    f_change, f_pct = first_field(table, CHANGE_FIELDS), first_field(table, CHANGE_PCT_FIELDS)
    f_missing = first_field(table, MISSING_FIELDS)
    if not (f_group and f_period and f_count):
        return period, []
    features = list(table.getFeatures(QgsFeatureRequest()))
    periods = sorted({str(f[f_period]) for f in features if f[f_period] is not None})
    if not period and periods:
        period = period_coverage(gpkg)[0] or periods[-1]
    codes = set(district_codes)
    rows = []
    for f in features:
        if str(f[f_period]) != str(period):
            continue
        if f_sex and not _is_all(f[f_sex]):
            continue
        if f_age and not _is_all(f[f_age]):
            continue
        code = f[f_code] if f_code else None
        code = str(code) if code is not None and str(code) in codes else MUNICIPALITY
        count = f[f_count]
        # A suppressed count keeps its change hidden too (it would give the count away).
        change = '..' if _number(count) is None else format_change(f[f_change] if f_change else None,
                                                                    f[f_pct] if f_pct else None)
        missing = f[f_missing] if f_missing else None
        if missing:  # a group the source does not cover: its reason, never 0 or '..'
            rows.append((code, group_label(f[f_group]), missing_label(missing), ''))
            continue
        rows.append((code, group_label(f[f_group]), format_count(count), change))
    del table
    return period, rows
