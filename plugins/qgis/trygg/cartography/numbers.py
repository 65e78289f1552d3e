# SPDX-License-Identifier: GPL-2.0-or-later
"""Numbers as a Swedish reader expects them: decimal comma, thousands grouped by a narrow
no-break (thin) space U+202F, a real minus sign. English uses point and comma."""
from ..i18n import language

THIN_SPACE = '\u202f'   # narrow no-break space: groups never break over a line
MINUS = '\u2212'


def number(value, decimals=0):
    """'1 234,5' (sv) or '1,234.5' (en); None for a missing value."""
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    if v != v:   # NaN
        return None
    text = '{:,.{d}f}'.format(abs(v), d=max(0, int(decimals)))
    if round(v, decimals) == 0:
        sign = ''
    else:
        sign = MINUS if v < 0 else ''
    if language() != 'en':
        text = text.replace(',', THIN_SPACE).replace('.', ',')
    return sign + text


def number_or_dots(value, decimals=0):
    """The number, or '..' (SCB's mark for a value not published)."""
    text = number(value, decimals)
    return '..' if text is None else text


def value_range(low, high, decimals):
    """'2,4–5,1' with an en dash between the limits."""
    return '{}\u2013{}'.format(number(low, decimals), number(high, decimals))


def decimals_for(values, wanted=1):
    """Fewest decimals (at most `wanted`+2) at which the distinct values stay distinct, so class
    limits such as 0,04 and 0,06 do not both print as 0,0."""
    values = sorted({float(v) for v in values})
    for d in range(wanted, wanted + 3):
        if len({round(v, d) for v in values}) == len(values):
            return d
    return wanted + 2
