"""Rules on who may write what to whom: the sender's own professional duties."""

from __future__ import annotations

from collections.abc import Iterator

from generator.models import COURT_DOCUMENTS, LetterRequest
from generator.rules.registry import CheckContext, Problem, rule


@rule("lawyer.represented-debtor", "error", "letter",
      "A lawyer never writes directly to a debtor who has a lawyer: the letter goes to that lawyer.",
      "RIN art. 8 (an opponent known to be represented is written to through its lawyer), RIN art. 3.1-3.2 "
      "(letters between lawyers) — docs/law.md#lawyers", senders=["lawyer"])
def lawyer_represented_debtor(ctx: CheckContext, index: int, letter: LetterRequest) -> Iterator[Problem]:
    counsel = ctx.loaded.case.debtor.has_lawyer
    if counsel and letter.type not in COURT_DOCUMENTS:  # a court document is addressed to the court
        yield Problem(("letters", index), f"the debtor is represented by {counsel}: a lawyer may not write to "
                      "the debtor directly, and relance does not write letters between lawyers",
                      f"write to {counsel} yourself (\"Mon cher Confrère\", marked \"officielle\" if it must "
                      "be produced), or send this letter as the creditor (sender: creditor)")
