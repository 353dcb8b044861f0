"""Messages a clerk reads, in English or French, through a gettext catalogue read with Babel.

A message is kept as its English template and its values, not as a finished sentence, so the
same worklist prints in either language and a cached one can be printed in both. The French
texts live in ``generator/data/fr.po`` (msgid: the English template), the usual gettext format
translators and tools know; Babel reads it and compiles it in memory, so no compiled ``.mo``
file is kept next to it. Values are formatted for the language: dates as 28/02/2025 and amounts
as 1 500,00 € in French, letter types by their French names.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from generator import frenchtext
from generator.resources import data_file

Lang = Literal["en", "fr"]
LANGS: tuple[str, ...] = ("en", "fr")

LETTER_NAMES_FR = {
    "rappel": "rappel de courtoisie",
    "relance_1": "première relance",
    "relance_2": "deuxième relance",
    "derniere_relance": "dernière relance",
    "mise_en_demeure": "mise en demeure",
    "confirmation_promesse": "confirmation de promesse",
    "echeancier": "échéancier",
    "requete_injonction": "requête en injonction de payer",
    "petites_creances": "demande (petites créances)",
    "declaration_creance": "déclaration de créance",
    "reconnaissance_dette": "reconnaissance de dette",
}


class Letter(str):
    """A letter type among a message's values: printed by its French name in French."""


@dataclass(frozen=True)
class Msg:
    template: str
    values: tuple[tuple[str, Any], ...] = ()

    def render(self, lang: str = "en") -> str:
        text = translations(lang).gettext(self.template)
        return text.format(**{name: _format(value, lang) for name, value in self.values})

    def to_json(self) -> dict[str, Any]:
        return {"t": self.template, "v": {name: _encode(value) for name, value in self.values}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Msg:
        return cls(data["t"], tuple((name, _decode(value)) for name, value in data["v"].items()))


def msg(template: str, **values: Any) -> Msg:
    """The message ``template`` (English, ``{name}`` placeholders) with its values."""
    return Msg(template, tuple(values.items()))


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with data_file(f"{lang}.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def _format(value: Any, lang: str) -> str:
    if type(value) is str:  # most values: names, numbers of invoices (a Letter is a subclass, below)
        return value
    if isinstance(value, Msg):
        return value.render(lang)
    if lang == "fr":
        if isinstance(value, Letter):
            return LETTER_NAMES_FR.get(str(value), str(value))
        if isinstance(value, dt.date):
            return frenchtext.date_short(value)
        if isinstance(value, Decimal):
            return frenchtext.amount(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _encode(value: Any) -> Any:
    if type(value) in (str, int):  # kept as they are; a Letter, a str subclass, is tagged below
        return value
    if isinstance(value, Msg):
        return {"msg": value.to_json()}
    if isinstance(value, Letter):
        return {"letter": str(value)}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"amount": str(value)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "msg" in value:
            return Msg.from_json(value["msg"])
        if "letter" in value:
            return Letter(value["letter"])
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
        return Decimal(value["amount"])
    return value
