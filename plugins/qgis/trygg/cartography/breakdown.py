# SPDX-License-Identifier: GPL-2.0-or-later
"""The sheet's small table by sex and age band: the published counts of incident_counts for
the group and period shown, per district (and the whole area), withheld cells as '..'."""
from ..algorithms import result_reader as rr
from .numbers import number_or_dots

SEXES = [('kvinna', ('Kvinnor', 'Women')), ('man', ('Män', 'Men')), ('okänd', ('Okänt', 'Unknown')),
         ('alla', ('Alla', 'All'))]
ALL_AGES = ('Alla åldrar', 'All ages')
UNKNOWN_AGE = ('Okänd ålder', 'Unknown age')


def _age_key(band):
    """Age bands in numeric order ('0-19' < '20-24' < '65-'), unknown and all last."""
    text = str(band)
    if text in ('okänd', 'okand', 'unknown'):
        return (1, 0)
    if rr._is_all(text):
        return (2, 0)
    try:
        return (0, int(text.split('-')[0]))
    except ValueError:
        return (0, 999)


def age_label(band):
    from ..i18n import t
    text = str(band)
    if text in ('okänd', 'okand', 'unknown'):
        return t(*UNKNOWN_AGE)
    if rr._is_all(text):
        return t(*ALL_AGES)
    return text.replace('-', '\u2013') if not text.endswith('-') else text[:-1] + '\u2013'


def sex_age_rows(gpkg, district_codes, group, period):
    """(columns, rows, has_withheld, missing): rows (kod, age label, count per sex column...)
    for every district of `district_codes` and the whole area (kod = rr.MUNICIPALITY). Empty
    when the table holds no sex or age breakdown; `missing` is the not-in-source reason when
    the source does not cover the group."""
    from ..i18n import t
    if rr.COUNTS_TABLE not in rr.sublayers(gpkg):
        return [], [], False, None
    table = rr.open_layer(gpkg, rr.COUNTS_TABLE)
    f_code, f_group, f_period = (rr.first_field(table, rr.CODE_FIELDS), rr.first_field(table, rr.GROUP_FIELDS),
                                 rr.first_field(table, rr.PERIOD_FIELDS))
    f_sex, f_age, f_count = (rr.first_field(table, rr.SEX_FIELDS), rr.first_field(table, rr.AGE_FIELDS),
                             rr.first_field(table, rr.COUNT_FIELDS))
    f_missing = rr.first_field(table, rr.MISSING_FIELDS)
    if not (f_code and f_group and f_period and f_sex and f_age and f_count):
        return [], [], False, None
    codes = set(district_codes)
    cells, missing = {}, None
    for f in table.getFeatures():
        if str(f[f_group]) != str(group) or str(f[f_period]) != str(period):
            continue
        if f_missing and f[f_missing] not in (None, '') and str(f[f_missing]) != 'NULL':
            missing = str(f[f_missing])
        code = str(f[f_code])
        code = code if code in codes else rr.MUNICIPALITY
        sex = 'alla' if rr._is_all(f[f_sex]) else str(f[f_sex])
        cells[(code, str(f[f_age]), sex)] = f[f_count]
    del table
    if missing:   # the source does not cover the group: no grid of '..'; the empty table says why
        return [t(*names) for _, names in SEXES], [], False, missing
    ages = sorted({a for (_, a, _) in cells}, key=_age_key)
    sexes = [s for s, _ in SEXES if any(k[2] == s for k in cells)]
    if len(ages) <= 1 and len(sexes) <= 1:
        return [], [], False, missing
    columns = [t(*dict(SEXES)[s]) for s in sexes]
    rows, withheld = [], False
    for code in sorted({c for (c, _, _) in cells}):
        for age in ages:
            values = []
            for sex in sexes:
                v = cells.get((code, age, sex))
                text = number_or_dots(None if v is None or str(v) == 'NULL' else v)
                withheld = withheld or text == '..'
                values.append(text)
            rows.append((code, age_label(age)) + tuple(values))
    return columns, rows, withheld, missing
