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


def recipient_lines(debtor: Debtor) -> list[AddressLine]:
    """The lines of the recipient block: name, for the attention of (person, then title), address."""
    civility = f"{debtor.civility} " if debtor.civility and debtor.kind != "business" else ""
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


PUNCTUATION = re.compile(r"[,.;:!?]")


def sorting_lines(lines: list[AddressLine]) -> list[AddressLine]:
    """The address lines NF Z10-011 numbers 4 to 6 (street or lieu-dit, then postcode and town).

    The standard's lines have fixed roles and the ones a short address leaves out are the middle
    ones (2, 3 and 5), so the last two lines are always among 4 to 6, and the third from the end
    is line 4 only in a full 6-line block. Only lines of the address itself are kept: a name is
    never one of them.
    """
    count = 3 if len(lines) == MAX_LINES else 2
    return [line for line in lines[-count:] if line.kind == "address"]


def punctuation(line: AddressLine) -> list[str]:
    """The punctuation marks in a line, in order of appearance, each once."""
    return list(dict.fromkeys(PUNCTUATION.findall(line.text)))


def ends_with_postcode(lines: list[AddressLine]) -> bool:
    """Is the last line "CODE POSTAL LOCALITÉ" (a French address; a foreign one differs)?"""
    return bool(_POSTCODE_TOWN.fullmatch(lines[-1].text.strip()))
