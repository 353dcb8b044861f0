"""Rules on how each letter is sent: its channel, and the recipient's address in the envelope window."""

from __future__ import annotations

from collections.abc import Iterator

from generator import address
from generator.letters import COURT_DOCUMENTS, LETTER_TYPES, LetterRequest
from generator.rules.registry import CheckContext, Problem, rule

REGISTERED = ("lrar", "lre", "commissaire")


# --- The channel ---------------------------------------------------------------------------


@rule(
    "channel.lre-consent",
    "error",
    "letter",
    "A registered e-mail (LRE) goes to a consumer only with their recorded consent.",
    "Code des postes et des communications électroniques L100 — docs/law.md#sending",
    debtors=["consumer"],
)
def channel_lre_consent(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    if letter.channel == "lre" and not ctx.loaded.case.debtor.lre_consent:
        yield Problem(
            ("letters", index, "channel"),
            "a consumer receives an electronic registered letter only after agreeing to it",
            "send it by lrar, or record the consent with debtor lre_consent: true",
        )


@rule(
    "med.channel",
    "warning",
    "letter",
    "A mise en demeure goes by registered letter (LRAR, LRE or commissaire de justice), which proves it.",
    "C. civ. 1344 (no set form; registered mail proves sending) — docs/law.md#sending",
    letters=["mise_en_demeure"],
)
def med_channel(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    if letter.channel is not None and letter.channel not in REGISTERED:
        yield Problem(
            ("letters", index, "channel"),
            f"a mise en demeure sent by {letter.channel} leaves no proof that it was sent or received",
            "use channel: lrar (the default), lre or commissaire",
        )


# --- The envelope window ----------------------------------------------------------------------

_TO_THE_DEBTOR = [t for t in LETTER_TYPES if t not in COURT_DOCUMENTS]  # a court document goes to the court


@rule(
    "address.window",
    "error",
    "letter",
    "The recipient's address fits a window envelope: at most 6 lines of at most 38 characters.",
    "NF Z10-011 (La Poste's address standard) — docs/law.md#sending",
    letters=_TO_THE_DEBTOR,
)
def address_window(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    debtor = ctx.loaded.case.debtor
    lines = address.recipient_lines(debtor)
    if len(lines) > address.MAX_LINES:
        yield Problem(
            ("debtor",),
            f"the recipient's address takes {len(lines)} lines, more than the "
            f"{address.MAX_LINES} of a window envelope (NF Z10-011)",
            "remove a line: the attention's title, or an address line (building and street on one line)",
        )
    for line in lines:
        if len(line.text) > address.MAX_CHARS:
            yield Problem(
                line.field,
                f'the address line "{line.text}" has {len(line.text)} characters, more than '
                f"the {address.MAX_CHARS} a window envelope shows (NF Z10-011)",
                f"shorten it to {address.MAX_CHARS} characters (abbreviate: bd, av, bât, Cedex)",
            )


@rule(
    "address.last-line",
    "warning",
    "letter",
    'The recipient\'s address ends with "postcode town".',
    "NF Z10-011 (La Poste's address standard) — docs/law.md#sending",
    letters=_TO_THE_DEBTOR,
)
def address_last_line(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    debtor = ctx.loaded.case.debtor
    lines = address.recipient_lines(debtor)
    if not address.ends_with_postcode(lines):
        yield Problem(
            lines[-1].field,
            f'the last address line "{lines[-1].text}" is not "postcode town" (NF Z10-011)',
            'end the address with the postcode and the town, e.g. "69007 LYON" (a foreign address: ignore this)',
        )


@rule(
    "address.punctuation",
    "warning",
    "letter",
    "No punctuation (commas, full stops) on the last lines of the recipient's address.",
    "NF Z10-011 (La Poste's address standard) — docs/law.md#sending",
    letters=_TO_THE_DEBTOR,
)
def address_punctuation(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    debtor = ctx.loaded.case.debtor
    for line in address.sorting_lines(address.recipient_lines(debtor)):
        if found := address.punctuation(line):
            marks, bare = " ".join(found), " ".join(address.PUNCTUATION.sub(" ", line.text).split())
            yield Problem(
                line.field,
                f'the address line "{line.text}" has punctuation ({marks}) where La Poste '
                "reads the address to sort it (NF Z10-011)",
                f'write it "{bare}"',
            )


@rule(
    "address.capitals",
    "warning",
    "letter",
    "The last line of the recipient's address, postcode and town, is in capitals.",
    "NF Z10-011 (La Poste's address standard) — docs/law.md#sending",
    letters=_TO_THE_DEBTOR,
)
def address_capitals(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    debtor = ctx.loaded.case.debtor
    lines = address.recipient_lines(debtor)
    last, capitals = lines[-1], lines[-1].text.strip().upper()
    if address.ends_with_postcode(lines) and last.text.strip() != capitals:
        yield Problem(
            last.field, f'the last address line "{last.text}" is not in capitals (NF Z10-011)', f'write it "{capitals}"'
        )
