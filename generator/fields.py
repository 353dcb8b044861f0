"""The value types of case files and relance.yaml: money, rates, dates, bounded text, the strict base model.

Each type refuses what would silently change a figure (a YAML float that loses cents, a date
in French order) with the fix a clerk can apply (``Invalid.fix``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

from generator import bounds
from generator.bounds import DATE_MAX, DATE_MIN, MAX_AMOUNT, MAX_NESTING, MAX_RATE

_MONEY = re.compile(r"-?[0-9]+(\.[0-9]{1,2})?")
_RATE = re.compile(r"[0-9]+(\.[0-9]{1,4})?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The same calendar as a regular expression, for editors: month lengths, and 29 February only in
# leap years (every 4th year, centuries only when divisible by 400); year 0000 does not exist.
_DATE_PATTERN = (
    r"^(?!0000)(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
    r"-02-29)$"
)


class Invalid(ValueError):
    """A value error with the fix to print next to it, and the rule it breaks when not a plain type error."""

    def __init__(self, message: str, fix: str = "", rule: str | None = None):
        super().__init__(message)
        self.fix = fix
        self.rule = rule


def _money(value: object) -> object:
    """Money is always a quoted string ("1500.00"): never a float, and not a bare whole number either.

    One rule for every amount, and the one the JSON Schema can state: an editor reads YAML 1.2,
    where ``1500`` and ``1500.0`` are the same JSON number, so "whole numbers allowed" could not
    be checked the same way there and here. Every amount is also below ``bounds.MAX_AMOUNT``.
    """
    if type(value) is str and _MONEY.fullmatch(value):  # most amounts: as _money_value, minus its type checks
        quick = Decimal(value)
        if abs(quick) < MAX_AMOUNT:
            return quick
    amount = _money_value(value)
    if isinstance(amount, Decimal) and abs(amount) >= MAX_AMOUNT:
        raise Invalid(
            f"amount {value} is not below 1 000 000 000 000 €, the most a claim can be",
            'check the amount: euros with a dot and at most two decimals, e.g. "15000.50"',
            rule="schema.amount-range",
        )
    return amount


def _money_value(value: object) -> object:
    if isinstance(value, bool):
        raise Invalid("not an amount", 'write an amount in quotes, e.g. "1500.00"')
    if isinstance(value, float):
        raise Invalid(f"amount {value!r} is a YAML float, which can lose cents", f'write it in quotes: "{value:.2f}"')
    if isinstance(value, int):
        raise Invalid(
            f"amount {value} is not in quotes", f'write it in quotes: "{value}.00"', rule="schema.unquoted-amount"
        )
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        # No strip(): the schema's pattern refuses spaces, so validate refuses them too.
        text = value
        if not _MONEY.fullmatch(text):
            raise Invalid(
                f"'{value}' is not an amount",
                'write euros with a dot and at most two decimals, e.g. "15000.50" (no spaces, no comma, no € sign)',
            )
        try:
            return Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes this
            raise ValueError(f"'{value}' is not an amount") from exc
    raise Invalid("not an amount", 'write an amount in quotes, e.g. "1500.00"')


def _rate(value: object) -> object:
    """A yearly rate in percent, quoted ("12.15"); floats are refused like money."""
    if isinstance(value, float):
        raise Invalid(f"rate {value!r} is a YAML float", f'write it in quotes: "{value}"')
    if isinstance(value, int) and not isinstance(value, bool):
        raise Invalid(f"rate {value} is not in quotes", f'write it in quotes: "{value}"', rule="schema.unquoted-amount")
    if isinstance(value, str) and _RATE.fullmatch(value):
        rate = Decimal(value)
        if rate >= MAX_RATE:
            raise Invalid(
                f"rate {rate} % is not below {MAX_RATE} % a year",
                'check the rate: a yearly percentage in quotes, e.g. "12.15"',
                rule="schema.rate-range",
            )
        return rate
    raise Invalid(f"'{value}' is not a rate", 'write a yearly percentage in quotes, e.g. "12.15"')


def _iso_date(value: object) -> object:
    """Dates are ISO ``YYYY-MM-DD`` between 1950 and 2099; anything else is refused."""
    if type(value) is dt.date and DATE_MIN <= value <= DATE_MAX:  # as YAML reads most dates
        return value
    day = _iso_date_value(value)
    if isinstance(day, dt.date) and not bounds.date_in_range(day):
        raise Invalid(
            f"{day.isoformat()} is not between {DATE_MIN.year} and {DATE_MAX.year}",
            "check the year: write the date as YYYY-MM-DD, e.g. 2026-11-23",
            rule="schema.date-range",
        )
    return day


def _iso_date_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        raise Invalid("not a date: it has a time", "write the date alone, e.g. 2026-11-23")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        # fromisoformat also takes 20261123 and 2026-W48-1; the schema and the docs say YYYY-MM-DD.
        if not _ISO_DATE.fullmatch(value):
            raise Invalid(f"'{value}' is not a valid date", "write it as YYYY-MM-DD, e.g. 2026-11-23")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise Invalid(f"'{value}' is not a valid date", "write it as YYYY-MM-DD, e.g. 2026-11-23") from None
    raise Invalid(f"'{value}' is not a date", "write it as YYYY-MM-DD, e.g. 2026-11-23")


# The JSON Schema states what the validators accept, and nothing else: a quoted string of this
# shape (pydantic's own Decimal schema would also admit any JSON number).
Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": bounds.AMOUNT_PATTERN}),
]
Rate = Annotated[
    Decimal,
    BeforeValidator(_rate),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": bounds.RATE_PATTERN}),
]
# A pattern rather than "format": "date", which strict JSON Schema validators (ajv) refuse to
# compile without a formats plugin and which others only annotate.
Date = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "pattern": bounds.within_years(_DATE_PATTERN)}),
]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Line = Annotated[str, Field(min_length=1, max_length=200)]


def _paragraph(value: object) -> object:
    """Refuse a paragraph whose lists or quotes nest deeper than a letter ever needs."""
    if not isinstance(value, str):
        return value
    for number, line in enumerate(value.splitlines(), start=1):
        depth = bounds.nesting(line)
        if depth > MAX_NESTING:
            raise Invalid(
                f"line {number} of the paragraph nests lists or quotes {depth} levels deep, more than "
                f"the {MAX_NESTING} a letter can show",
                "write the paragraph as plain sentences, with at most a simple list",
                rule="schema.paragraph-nesting",
            )
    return value


def doc(fr: str, en: str) -> str:
    """One field description in both languages."""
    return f"{fr} — {en}"


Language = Annotated[
    Literal["fr", "en"] | None,
    Field(
        description=doc(
            "Langue des constats de validate et build et des raisons de due (--lang ou RELANCE_LANG l'emportent) ; "
            "sans elle, validate et build parlent anglais (CI), due français.",
            "Language of validate's and build's findings and due's reasons (--lang or RELANCE_LANG win); "
            "without it, validate and build speak English (CI), due French.",
        )
    ),
]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


Offset = Annotated[int, Field(ge=-365, le=3650)]
"""Days from the due date: a year before to ten years after, far inside the calendar."""
