"""French typography for letters: amounts in figures and in words, dates, percentages."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from num2words import num2words

NNBSP = "\u202f"  # narrow no-break space: thousands separator, before % (French typography)
NBSP = "\u00a0"  # no-break space: before €, so "15 000,00" and "€" never part at a line end
CENT = Decimal("0.01")
# The months as a French date writes them ("1er juillet 2026"), for the texts that read dates.
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _decimal(value: Decimal, what: str) -> Decimal:
    # A float here would already have lost cents; refuse it rather than print a wrong sum.
    if not isinstance(value, Decimal):
        raise TypeError(f"{what} needs a Decimal, not {type(value).__name__}")
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def number(value: Decimal, places: int = 2) -> str:
    """``Decimal("15000.5")`` → ``"15 000,50"`` (U+202F between thousands)."""
    text = f"{abs(value):,.{places}f}".replace(",", NNBSP).replace(".", ",")
    return f"-{text}" if value < 0 else text


def amount(value: Decimal) -> str:
    """``Decimal("15000")`` → ``"15 000,00 €"`` with U+202F thousands and U+00A0 before €."""
    return f"{number(_decimal(value, 'amount'))}{NBSP}€"


def _euros_in_words(euros: int) -> str:
    words = num2words(euros, lang="fr")
    unit = "euro" if euros in (0, 1) else "euros"
    # "un million d'euros", but "un million deux cent mille euros": "de" only right after the noun.
    if words.endswith(("million", "millions", "milliard", "milliards", "billion", "billions")):
        return f"{words} d'euros"
    return f"{words} {unit}"


@functools.lru_cache(maxsize=4096)  # a letter writes its total in words, and the rules look for it again
def amount_in_words(value: Decimal) -> str:
    """``Decimal("1234.50")`` → ``"mille deux cent trente-quatre euros et cinquante centimes"``.

    num2words is only given whole numbers: its currency mode reads integers as cents, writes
    "zéro centimes", "zéro euros" and "un million euros", all wrong in French.
    """
    value = _decimal(value, "amount_in_words")
    if value < 0:
        raise ValueError("amount_in_words: a negative amount cannot be written in words")
    euros, cents = divmod(int(value * 100), 100)
    cents_words = ""
    if cents:
        cents_words = f"{num2words(cents, lang='fr')} {'centime' if cents == 1 else 'centimes'}"
    if euros == 0 and cents:
        return cents_words
    text = _euros_in_words(euros)
    return f"{text} et {cents_words}" if cents_words else text


def date_long(day: dt.date) -> str:
    """``date(2026, 12, 1)`` → ``"1er décembre 2026"`` (Babel has no "1er")."""
    month_year = _month_year(day.year, day.month)
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {month_year}"


@functools.lru_cache(maxsize=512)  # Babel parses its locale on each call; a batch uses a few months
def _month_year(year: int, month: int) -> str:
    return format_date(dt.date(year, month, 1), format="MMMM y", locale="fr_FR")


def date_short(day: dt.date) -> str:
    """``date(2026, 12, 1)`` → ``"01/12/2026"``."""
    return day.strftime("%d/%m/%Y")


def percent(value: Decimal) -> str:
    """``Decimal("12.15")`` → ``"12,15 %"``: two decimals at least, more only when the rate has them."""
    if not isinstance(value, Decimal):
        raise TypeError(f"percent needs a Decimal, not {type(value).__name__}")
    exponent = value.normalize().as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) else 2)
    return f"{number(value, places)}{NNBSP}%"


def cardinal(count: int) -> str:
    """``3`` → ``"trois"``: French writes small counts in running text in words."""
    return str(num2words(count, lang="fr"))


def days(count: int) -> str:
    """``1`` → ``"1 jour"``, ``8`` → ``"8 jours"``."""
    return f"{count}{NBSP}jour" if abs(count) <= 1 else f"{count}{NBSP}jours"


_VOWELS = "AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸaeiouyàâäéèêëîïôöùûüÿ"


# French elides before a mute h ("l'hôtel", "d'Hôtel du Parc") but not before an aspirated one
# ("la halle", "de Hachette"), and spelling does not tell them apart: words whose h is mute are
# listed (by their first letters, accents removed, so "Hôtels" and "HOTEL" match too); any other
# h-word keeps "de", which reads as a formality rather than as an error.
_MUTE_H = (
    "habit",
    "harmoni",
    "hebdo",
    "helic",
    "herb",
    "herit",
    "heur",
    "hist",
    "hiver",
    "homm",
    "homeo",
    "honn",
    "honor",
    "hopit",
    "horaire",
    "horizon",
    "horlog",
    "hortic",
    "hospi",
    "hote",
    "huil",
    "huis",
    "human",
    "humid",
    "humo",
    "hydr",
    "hygi",
    "hyper",
    "hypo",
)


def _mute_h(name: str) -> bool:
    plain = unicodedata.normalize("NFKD", name[:12].casefold())
    word = "".join(c for c in plain if not unicodedata.combining(c))
    return word.startswith(_MUTE_H)


def de(name: str) -> str:
    """``"Atelier Bernard"`` → ``"d'Atelier Bernard"``, ``"Hôtel du Parc"`` → ``"d'Hôtel du Parc"``,
    ``"Novatech"`` → ``"de Novatech"`` (elision before a vowel or a mute h)."""
    return f"d'{name}" if (name[:1] and name[:1] in _VOWELS) or _mute_h(name) else f"de {name}"


def enumeration(items: list[str]) -> str:
    """``["a", "b", "c"]`` → ``"a, b et c"``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"
