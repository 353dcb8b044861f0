"""The recipient's address block as it shows in the envelope window, line by line (NF Z10-011).

La Poste's standard for a postal address (NF Z10-011): at most 6 lines of at most 38 characters,
the last one "CODE POSTAL LOCALITÉ". The letter prints exactly these lines, and the rule
``address.window`` checks exactly these lines, so an address that would not fit the window is
refused instead of being cut off (docs/law.md#sending).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.parties import Debtor

MAX_LINES = 6
MAX_CHARS = 38
_POSTCODE_TOWN = re.compile(r"(?:F-)?\d{5} \S.*")


@dataclass(frozen=True)
class AddressLine:
    text: str
    field: tuple[str | int, ...]  # where the line comes from in the case file, for a located finding
    kind: str  # "name", "attention" or "address": the template styles them


def recipient_lines(debtor: Debtor, business: bool) -> list[AddressLine]:
    """The lines of the recipient block: name, for the attention of (person, then title), address."""
    civility = f"{debtor.civility} " if debtor.civility and not business else ""
    lines = [AddressLine(f"{civility}{debtor.name}", ("debtor", "name"), "name")]
    if debtor.attention is not None:
        who = f"{debtor.attention.civility} " if debtor.attention.civility else ""
        person = f"{who}{debtor.attention.name}"
        # "À l'attention de" when the line still fits; else the person alone, as NF Z10-011's
        # second line usually is.
        text = f"À l'attention de {person}" if len(person) <= MAX_CHARS - 17 else person
        lines.append(AddressLine(text, ("debtor", "attention", "name"), "attention"))
        if debtor.attention.title:
            lines.append(AddressLine(debtor.attention.title, ("debtor", "attention", "title"), "attention"))
    lines += [AddressLine(line, ("debtor", "address", index), "address") for index, line in enumerate(debtor.address)]
    return lines


def ends_with_postcode(lines: list[AddressLine]) -> bool:
    """Is the last line "CODE POSTAL LOCALITÉ" (a French address; a foreign one differs)?"""
    return bool(_POSTCODE_TOWN.fullmatch(lines[-1].text.strip()))
