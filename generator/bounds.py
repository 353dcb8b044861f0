"""What a case file can say at most: the bounds that keep untrusted input out of code that cannot hold it.

They are sanity bounds on the data, not legal thresholds: no claim reaches a thousand billion
euros, no yearly rate reaches 1000 %, and a dunning file's dates lie between 1950 and 2099 (so
the prescription of C. civ. 2224 and the interest periods stay far inside Python's calendar).
The README's case-file section lists them; the schema (``models``) and the loader
(``yamlsource``) enforce them, each with a located error.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

MAX_AMOUNT = Decimal("1000000000000")  # 10**12 euros: every amount is strictly below it
MAX_RATE = Decimal("1000")  # percent a year
DATE_MIN = dt.date(1950, 1, 1)
DATE_MAX = dt.date(2099, 12, 31)
AMOUNT_PATTERN = r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$"  # the JSON Schema's form of MAX_AMOUNT
RATE_PATTERN = r"^[0-9]{1,3}(\.[0-9]{1,4})?$"
_YEARS = r"(?=(?:19[5-9][0-9]|20[0-9][0-9])-)"  # DATE_MIN to DATE_MAX, as a look-ahead

MAX_NESTING = 8
"""Lists and quotes a free paragraph may nest: the Markdown formatter recurses once per level."""

_MARKER = re.compile(r"[ \t]*(?:>|(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$))")


def within_years(pattern: str) -> str:
    """A ``^…`` date pattern that also holds the year between DATE_MIN and DATE_MAX."""
    return "^" + _YEARS + pattern.removeprefix("^")


def date_in_range(day: dt.date) -> bool:
    return DATE_MIN <= day <= DATE_MAX


def nesting(line: str) -> int:
    """How deep the lists and quotes that open ``line`` nest (each four spaces of indent: one more)."""
    depth, position = 0, 0
    while (marker := _MARKER.match(line, position)) is not None:
        indent = marker.group(0).expandtabs(4)
        depth += 1 + (len(indent) - len(indent.lstrip(" "))) // 4
        position = marker.end()
    return depth
