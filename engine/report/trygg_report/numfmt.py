# SPDX-License-Identifier: MIT
"""Number formatting for the report: the only place numbers become text.

Swedish: decimal comma, U+202F (narrow no-break space) between thousands so a number never
breaks across lines, U+2212 (minus sign) for negatives. English: decimal point, comma
thousands, U+2212 for negatives as well (one choice for both languages: the typographic minus).
A withheld value is shown as its published display text (".."); a change over a withheld
value as "–" (U+2013); "no value" as "" (an empty cell) unless a caller asks otherwise.
"""
from __future__ import annotations

import math

THIN = "\u202f"
MINUS = "\u2212"
WITHHELD = ".."
CHANGE_WITHHELD = "\u2013"

_SEPARATORS = {"sv": (",", THIN), "en": (".", ",")}


def _seps(lang: str) -> tuple[str, str]:
    return _SEPARATORS.get(lang, _SEPARATORS["sv"])


def is_missing(x) -> bool:
    return x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x)))


def number(x, decimals: int = 0, lang: str = "sv", missing: str = "") -> str:
    """x rounded half away from zero to `decimals` places, grouped by thousands."""
    if is_missing(x):
        return missing
    point, group = _seps(lang)
    scaled = abs(float(x)) * 10 ** decimals
    # Half away from zero (what readers expect), robust against 2.675-style binary noise.
    q = math.floor(scaled + 0.5 + 1e-9)
    whole, frac = divmod(q, 10 ** decimals) if decimals > 0 else (q, 0)
    digits = str(int(whole))
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    text = group.join(groups)
    if decimals > 0:
        text += point + str(int(frac)).zfill(decimals)
    if q != 0 and float(x) < 0:
        text = MINUS + text
    return text


def count(antal, visning=None, lang: str = "sv") -> str:
    """A published count: its number, or the published display text when withheld."""
    if is_missing(antal):
        return visning if visning else WITHHELD
    return number(antal, 0, lang)


def rate_decimals(x) -> int:
    """One decimal for rates per 1 000 (two below 1, where one decimal hides the value)."""
    return 2 if not is_missing(x) and abs(x) < 1 else 1


def rate(x, lang: str = "sv", withheld: bool = False) -> str:
    """A rate per 1 000: withheld rates (count withheld) show "..", absent rates are empty."""
    if is_missing(x):
        return WITHHELD if withheld else ""
    return number(x, rate_decimals(x), lang)


def ratio(x, lang: str = "sv") -> str:
    return "" if is_missing(x) else number(x, 2, lang)


def interval(lo, hi, lang: str = "sv", kind: str = "ratio") -> str:
    """A 95 % interval as "lo–hi" (en dash, no spaces); empty when either end is absent."""
    if is_missing(lo) or is_missing(hi):
        return ""
    f = ratio if kind == "ratio" else (lambda v, lang: rate(v, lang))
    if kind == "count":
        f = lambda v, lang: number(v, 1, lang)  # noqa: E731 - Garwood limits are not integers
    return f"{f(lo, lang)}\u2013{f(hi, lang)}"


def percent_change(pct, lang: str = "sv", withheld: bool = False) -> str:
    """A change in per cent with its sign (+12,5 %), "–" over a withheld value."""
    if is_missing(pct):
        return CHANGE_WITHHELD if withheld else ""
    text = number(pct, 1, lang)
    if pct > 0 and text.strip("0,." + THIN):
        text = "+" + text
    return text + _pct(lang)


def _pct(lang: str) -> str:
    """Swedish writes a (no-break) space before %, English none."""
    return "%" if lang == "en" else "\u00a0%"


def share(x, lang: str = "sv", decimals: int = 1) -> str:
    """A share 0..1 as per cent."""
    if is_missing(x):
        return ""
    return number(100.0 * x, decimals, lang) + _pct(lang)

