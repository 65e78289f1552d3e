# SPDX-License-Identifier: GPL-2.0-or-later
"""The sheet's small table by sex and age band: the published counts of incident_counts for
the group and period shown, per district (and the whole area), each with its published rate per
1,000 inhabitants of that sex and age band beside it: '12 (3,4)'. Withheld cells are '..' (the
engine withholds the rate with the count). A rate the engine could not compute because the
population source has no such group (no sex or age breakdown, bands it cannot build) is '(–)',
explained under the tables; a whole dimension the incident source does not record (the
Västerås register has neither sex nor age) is left out of the table and named as "finns ej i
källan", never shown as 0."""
from ..algorithms import result_reader as rr
from .numbers import number, number_or_dots

SEXES = [('kvinna', ('Kvinnor', 'Women')), ('man', ('Män', 'Men')), ('okänd', ('Okänt', 'Unknown')),
         ('alla', ('Alla', 'All'))]
ALL_AGES = ('Alla åldrar', 'All ages')
UNKNOWN_AGE = ('Okänd ålder', 'Unknown age')
UNKNOWN = ('okänd', 'okand', 'unknown')
NO_RATE = '(\u2013)'
RATE_FIELDS = ['per_1000']


def _age_key(band):
    """Age bands in numeric order ('0-19' < '20-24' < '65-'), unknown and all last."""
    text = str(band)
    if text in UNKNOWN:
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
    if text in UNKNOWN:
        return t(*UNKNOWN_AGE)
    if rr._is_all(text):
        return t(*ALL_AGES)
    return text.replace('-', '\u2013') if not text.endswith('-') else text[:-1] + '\u2013'


def _value(v):
    return None if v is None or str(v) == 'NULL' else v


def cell_text(count, rate, has_rate):
    """'12 (3,4)'; '..' withheld; '12 (–)' when the population has no such group; '12' for a
    column that has no rate by nature (unknown sex or age)."""
    text = number_or_dots(_value(count))
    if text == '..' or not has_rate:
        return text
    r = _value(rate)
    return '{} ({})'.format(text, number(r, 1)) if r is not None else '{} {}'.format(text, NO_RATE)


def _sex_of(value):
    return 'alla' if rr._is_all(value) else str(value)


def source_gaps(gpkg):
    """(sex not recorded, age not recorded) by the incident source, read from the published
    municipality totals: in every group and period where both are published, the count of
    unknown sex (all ages) equals the count of all sexes — no incident has a known sex — and
    some are non-zero; likewise unknown age (all sexes) for age. Withheld totals (which may
    hide a 0 or a small count) are skipped; cell-key noise perturbs totals on their own, so
    there the table is shown as it is."""
    if rr.COUNTS_TABLE not in rr.sublayers(gpkg):
        return False, False
    table = rr.open_layer(gpkg, rr.COUNTS_TABLE)
    f_code, f_group, f_period = (rr.first_field(table, rr.CODE_FIELDS), rr.first_field(table, rr.GROUP_FIELDS),
                                 rr.first_field(table, rr.PERIOD_FIELDS))
    f_sex, f_age, f_count = (rr.first_field(table, rr.SEX_FIELDS), rr.first_field(table, rr.AGE_FIELDS),
                             rr.first_field(table, rr.COUNT_FIELDS))
    if not (f_code and f_group and f_period and f_sex and f_age and f_count):
        return False, False
    totals = {}   # (group, period) -> {'all': n, 'sex?': n, 'age?': n}
    for f in table.getFeatures():
        if str(f[f_code]) not in ('totalt', rr.MUNICIPALITY):
            continue
        sex, age = _sex_of(f[f_sex]), str(f[f_age])
        key = 'all' if sex == 'alla' and rr._is_all(age) else 'sex?' if sex in UNKNOWN and rr._is_all(age) \
            else 'age?' if sex == 'alla' and age in UNKNOWN else None
        if key:
            totals.setdefault((str(f[f_group]), str(f[f_period])), {})[key] = _value(f[f_count])
    del table

    def never_known(unknown_key):
        seen = False
        for cell in totals.values():
            total, unknown = cell.get('all'), cell.get(unknown_key)
            if total is None or unknown is None:
                continue
            if float(unknown) != float(total):
                return False
            seen = seen or float(total) > 0
        return seen
    return never_known('sex?'), never_known('age?')


def gaps_note(sex_missing, age_missing, rate_missing):
    """The sentence under the tables for what the sources do not hold ('' when nothing)."""
    from ..i18n import t
    parts = []
    if sex_missing and age_missing:
        parts.append(t('Kön och ålder finns ej i källan.', 'Sex and age are not in the source.'))
    elif sex_missing:
        parts.append(t('Kön finns ej i källan.', 'Sex is not in the source.'))
    elif age_missing:
        parts.append(t('Ålder finns ej i källan.', 'Age is not in the source.'))
    if rate_missing:
        parts.append(t('{} = befolkningen för gruppen finns ej i källan.',
                       '{} = the population of the group is not in the source.').format(NO_RATE))
    return ' '.join(parts)


def sex_age_rows(gpkg, district_codes, group, period, gaps=None):
    """(columns, rows, has_withheld, missing, rate_missing): rows (kod, age label, 'count (rate)'
    per sex column...) for every district of `district_codes` and the whole area (kod =
    rr.MUNICIPALITY). Empty when the table holds no sex or age breakdown; `missing` is the
    not-in-source reason when the source does not cover the group; `gaps` = source_gaps(gpkg)
    leaves out the sexes/bands the incident source does not record; `rate_missing` is True when
    a shown count has no rate because the population has no such group."""
    from ..i18n import t
    empty = ([], [], False, None, False)
    if rr.COUNTS_TABLE not in rr.sublayers(gpkg):
        return empty
    sex_missing, age_missing = gaps if gaps is not None else (False, False)
    table = rr.open_layer(gpkg, rr.COUNTS_TABLE)
    f_code, f_group, f_period = (rr.first_field(table, rr.CODE_FIELDS), rr.first_field(table, rr.GROUP_FIELDS),
                                 rr.first_field(table, rr.PERIOD_FIELDS))
    f_sex, f_age, f_count = (rr.first_field(table, rr.SEX_FIELDS), rr.first_field(table, rr.AGE_FIELDS),
                             rr.first_field(table, rr.COUNT_FIELDS))
    f_rate = rr.first_field(table, RATE_FIELDS)
    f_missing = rr.first_field(table, rr.MISSING_FIELDS)
    if not (f_code and f_group and f_period and f_sex and f_age and f_count):
        return empty
    codes = set(district_codes)
    cells, missing = {}, None
    for f in table.getFeatures():
        if str(f[f_group]) != str(group) or str(f[f_period]) != str(period):
            continue
        if f_missing and f[f_missing] not in (None, '') and str(f[f_missing]) != 'NULL':
            missing = str(f[f_missing])
        code = str(f[f_code])
        code = code if code in codes else rr.MUNICIPALITY
        sex, age = _sex_of(f[f_sex]), str(f[f_age])
        if sex_missing and sex != 'alla':
            continue
        if age_missing and not rr._is_all(age):
            continue
        cells[(code, age, sex)] = (f[f_count], f[f_rate] if f_rate else None)
    del table
    if missing:   # the source does not cover the group: no grid of '..'; the empty table says why
        shown = [names for sex, names in SEXES if not sex_missing or sex == 'alla']
        return [t(*names) for names in shown], [], False, missing, False
    ages = sorted({a for (_, a, _) in cells}, key=_age_key)
    sexes = [s for s, _ in SEXES if any(k[2] == s for k in cells)]
    if len(ages) <= 1 and len(sexes) <= 1 and not (sex_missing or age_missing):
        return empty
    columns = [t(*dict(SEXES)[s]) for s in sexes]
    rows, withheld, rate_missing = [], False, False
    for code in sorted({c for (c, _, _) in cells}):
        for age in ages:
            values = []
            for sex in sexes:
                # incident_counts is sparse (README): a missing row is a count of 0 with no rate.
                count, rate = cells.get((code, age, sex), (0, None))
                has_rate = bool(f_rate) and sex not in UNKNOWN and age not in UNKNOWN
                text = cell_text(count, rate, has_rate)
                withheld = withheld or text == '..'
                rate_missing = rate_missing or text.endswith(NO_RATE)
                values.append(text)
            rows.append((code, age_label(age)) + tuple(values))
        # What the incident source does not record, in the table itself (not as 0).
        for gap, label in ((sex_missing, ('Efter kön', 'By sex')), (age_missing, ('Efter ålder', 'By age'))):
            if gap:
                rows.append((code, t(*label), rr.missing_label('ej i källan')) + ('',) * (len(sexes) - 1))
    return columns, rows, withheld, None, rate_missing
