"""Rules on the sender's own duties, checked on small cases written to a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from casebuilder import changed, check

LAWYER = {"role": "lawyer", "name": "Cabinet Lefort", "address": ["5 place Bellecour", "69002 Lyon"],
          "bar": "Avocat au barreau de Lyon"}


def lawyer_case(**changes: Any) -> dict[str, Any]:
    return changed({"sender": {"role": "lawyer", "firm": "lefort"}, **changes})


def test_a_lawyer_writes_to_an_unrepresented_debtor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(tmp_path, monkeypatch, lawyer_case(), config={"firms": {"lefort": LAWYER}}) == []


def test_a_lawyer_never_writes_to_a_represented_debtor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = lawyer_case(**{"debtor.has_lawyer": "Maître Colin"})
    assert check(tmp_path, monkeypatch, data, config={"firms": {"lefort": LAWYER}}) == [
        "cases/x.yaml:17: letters[0]: [error lawyer.represented-debtor] the debtor is represented by Maître "
        "Colin: a lawyer may not write to the debtor directly, and relance does not write letters between "
        "lawyers (fix: write to Maître Colin yourself (\"Mon cher Confrère\", marked \"officielle\" if it must be "
        "produced), or send this letter as the creditor (sender: creditor))"]


def test_the_creditor_may_write_to_a_represented_debtor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(tmp_path, monkeypatch, changed({"debtor.has_lawyer": "Maître Colin"})) == []
