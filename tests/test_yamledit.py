"""In-place YAML edits: the edit lands, and every other line stays byte-identical."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from generator import yamledit
from generator.errors import RelanceError
from generator.yamlsource import parse

EXAMPLES = sorted((Path(__file__).parent.parent / "cases").glob("*.yaml"))

CASE = """\
# Dossier Novatech — commentaire d'en-tête
reference: NOV-1   # la référence du cabinet
debtor:
  kind: business
  name: 'Novatech SAS'

invoices:
  - {number: "2024-053", issued: 2024-01-16, due: 2024-02-15, amount: "18000.00"}

events:
  - date: 2024-02-20
    type: letter      # première relance
    letter: relance_1

  # promesse au téléphone
  - {date: 2024-03-11, type: promise, promised_date: 2024-03-18, amount: "16000.00"}

letters:
  - type: mise_en_demeure
    date: 2024-04-02
    deadline_days: 8
# fin du dossier
"""


def untouched(before: str, after: str) -> list[str]:
    """Lines of ``before`` missing from ``after`` (an edit must only add lines or remove its own)."""
    remaining = after.splitlines()
    return [line for line in before.splitlines() if line not in remaining]


def test_append_flow_item_keeps_flow_style_and_every_other_line():
    edit = yamledit.YamlEdit(CASE, "cases/novatech.yaml")
    edit.append(
        ("events",),
        {
            "date": dt.date(2024, 4, 2),
            "type": "letter",
            "letter": "mise_en_demeure",
            "channel": "lrar",
            "registered_number": "1A 234 567 8901 2",
        },
    )
    assert edit.diff() == (
        "--- a/cases/novatech.yaml\n+++ b/cases/novatech.yaml\n@@ -14,6 +14,7 @@\n"
        " \n   # promesse au téléphone\n"
        '   - {date: 2024-03-11, type: promise, promised_date: 2024-03-18, amount: "16000.00"}\n'
        "+  - {date: 2024-04-02, type: letter, letter: mise_en_demeure, channel: lrar, "
        'registered_number: "1A 234 567 8901 2"}\n'
        " \n letters:\n   - type: mise_en_demeure\n"
    )
    assert parse(edit.text, Path("x")).data["events"][-1]["registered_number"] == "1A 234 567 8901 2"


def test_append_block_item_after_block_item():
    edit = yamledit.YamlEdit(CASE, "c.yaml")
    edit.append(("letters",), {"type": "relance_2", "date": dt.date(2024, 5, 1), "deadline_days": 10})
    assert edit.text.endswith(
        "    deadline_days: 8\n  - type: relance_2\n    date: 2024-05-01\n    deadline_days: 10\n# fin du dossier\n"
    )
    assert untouched(CASE, edit.text) == []


def test_append_creates_missing_list_with_the_files_indentation():
    text = "reference: A\ninvoices:\n- {number: '1', amount: '10.00'}\n"
    edit = yamledit.YamlEdit(text, "c.yaml")
    edit.append(("payments",), {"date": dt.date(2024, 1, 5), "amount": Decimal("10.00")})
    assert edit.text == text + 'payments:\n- date: 2024-01-05\n  amount: "10.00"\n'


def test_append_replaces_empty_list_and_keeps_its_comment():
    text = "reference: A\nletters: []   # rien à produire\nevents: []\n"
    edit = yamledit.YamlEdit(text, "c.yaml")
    edit.append(("letters",), {"type": "relance_1", "date": dt.date(2024, 1, 5)})
    assert edit.text == (
        "reference: A\nletters:   # rien à produire\n  - type: relance_1\n    date: 2024-01-05\nevents: []\n"
    )


def test_append_to_nested_list_creating_its_parents():
    text = "# relance.yaml\ndefaults:\n  deadline_days: 8\n"
    edit = yamledit.YamlEdit(text, "relance.yaml")
    row = {"half_year": "2026-H2", "individual": Decimal("6.67"), "other": Decimal("2.76"), "source": "arrêté du X"}
    edit.append(("rates", "legal_interest"), row)
    assert edit.text == (
        text + 'rates:\n  legal_interest:\n    - half_year: "2026-H2"\n      individual: "6.67"\n'
        '      other: "2.76"\n      source: "arrêté du X"\n'
    )
    edit.append(("rates", "legal_interest"), {**row, "half_year": "2027-H1"})
    assert edit.text.endswith(
        '      source: "arrêté du X"\n    - half_year: "2027-H1"\n      individual: "6.67"\n'
        '      other: "2.76"\n      source: "arrêté du X"\n'
    )


def test_file_without_final_newline():
    edit = yamledit.YamlEdit("letters:\n  - {type: rappel, date: 2024-01-01}", "c.yaml")
    edit.append(("letters",), {"type": "relance_1", "date": dt.date(2024, 1, 9)})
    assert edit.text == "letters:\n  - {type: rappel, date: 2024-01-01}\n  - {type: relance_1, date: 2024-01-09}\n"


def test_remove_item_keeps_comments_around_it():
    edit = yamledit.YamlEdit(CASE, "c.yaml")
    removed = edit.remove(("events", 0))
    assert removed == {"date": dt.date(2024, 2, 20), "type": "letter", "letter": "relance_1"}
    assert "  # promesse au téléphone\n" in edit.text
    assert "première relance" not in edit.text
    assert edit.text.count("\n") == CASE.count("\n") - 3


def test_remove_last_item_leaves_an_empty_list():
    edit = yamledit.YamlEdit(CASE, "c.yaml")
    edit.remove(("letters", 0))
    assert edit.text.endswith("letters: []\n# fin du dossier\n")
    assert parse(edit.text, Path("x")).data["letters"] == []


def test_set_replaces_one_scalar_only():
    edit = yamledit.YamlEdit(CASE, "c.yaml")
    edit.set(("reference",), "NOV 2")
    assert edit.text.splitlines()[1] == 'reference: "NOV 2"   # la référence du cabinet'
    edit.set(("debtor", "siren"), "732829320")
    assert "  name: 'Novatech SAS'\n  siren: \"732829320\"\n\ninvoices:" in edit.text


def test_refuses_an_edit_it_cannot_make_safely():
    edit = yamledit.YamlEdit("letters: [{type: rappel}]\n", "c.yaml")
    with pytest.raises(RelanceError) as exc:
        edit.remove(("letters", 0))
    assert exc.value.message == (
        "c.yaml: cannot edit 'letters': it is written on one line; write it as one item "
        "per line to edit it; nothing was written"
    )
    with pytest.raises(RelanceError) as exc:
        yamledit.YamlEdit("reference: A\n", "c.yaml").append(("reference",), "x")
    assert exc.value.message == "c.yaml: cannot edit 'reference': it is not a list; nothing was written"


def test_broken_yaml_is_reported_with_its_line():
    with pytest.raises(RelanceError) as exc:
        yamledit.YamlEdit("a: 1\nb: [\n", "c.yaml")
    assert exc.value.message == (
        "c.yaml:3: a list in [ ] or a block in { } is not closed, or holds an empty item; "
        "fix the file before relance edits it"
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_case_takes_an_event_and_a_letter_leaving_its_lines(path, tmp_path):
    original = path.read_text(encoding="utf-8")
    edit = yamledit.YamlEdit(original, path.name)
    edit.append(
        ("events",),
        {
            "date": dt.date(2026, 12, 1),
            "type": "call",
            "contact": "Mme Test",
            "note": "A rappelé : paiement sous huitaine.",
        },
    )
    edit.append(("letters",), {"type": "relance_1", "date": dt.date(2026, 12, 2)})
    assert untouched(original, edit.text) == []
    assert edit.text.startswith(original.split("\n", 1)[0])
    target = tmp_path / path.name
    target.write_text(original, encoding="utf-8")
    assert yamledit.save(target, edit)
    assert target.read_text(encoding="utf-8") == edit.text


def test_extend_appends_many_items_in_one_edit_in_the_lists_own_style():
    edit = yamledit.YamlEdit(CASE, "c.yaml")
    items = [{"number": f"F-{n}", "issued": dt.date(2024, 5, n), "amount": Decimal(f"{n}00.00")} for n in (1, 2, 3)]
    edit.extend(("invoices",), items)
    assert edit.diff().count("\n+  - ") == 3
    assert '  - {number: F-3, issued: 2024-05-03, amount: "300.00"}\n\nevents:' in edit.text
    assert untouched(CASE, edit.text) == []
    edit.extend(
        ("letters",),
        [{"type": "relance_2", "date": dt.date(2024, 5, 1)}, {"type": "relance_1", "date": dt.date(2024, 4, 20)}],
    )
    assert edit.text.endswith(
        "  - type: relance_2\n    date: 2024-05-01\n  - type: relance_1\n    date: 2024-04-20\n# fin du dossier\n"
    )
    edit.extend(("payments",), [{"date": dt.date(2024, 5, 2), "amount": Decimal("1.00")}])
    assert edit.text.endswith('payments:\n  - date: 2024-05-02\n    amount: "1.00"\n# fin du dossier\n')
    before = edit.text
    edit.extend(("payments",), [])
    assert edit.text == before


def test_extend_into_a_flow_list_and_into_a_file_of_comments_only():
    edit = yamledit.YamlEdit("tags: [a]   # court\n", "c.yaml")
    edit.extend(("tags",), ["b", "c d"])
    assert edit.text == 'tags: [a, b, "c d"]   # court\n'
    edit = yamledit.YamlEdit("# rien encore\n", "c.yaml")
    edit.set(("debtor",), {"kind": "business", "name": "Novatech SAS"})
    edit.extend(("invoices",), [{"number": "F-1"}])
    assert edit.text == '# rien encore\ndebtor:\n  kind: business\n  name: "Novatech SAS"\ninvoices:\n  - number: F-1\n'


def test_extend_parses_the_file_back_once_not_once_per_item(monkeypatch: pytest.MonkeyPatch):
    edit = yamledit.YamlEdit(CASE, "c.yaml")
    calls = []
    original = edit._parse
    monkeypatch.setattr(edit, "_parse", lambda text: calls.append(1) or original(text))
    edit.extend(("invoices",), [{"number": f"F-{n}", "amount": Decimal("1.00")} for n in range(200)])
    assert len(calls) == 1
    assert len(parse(edit.text, Path("x")).data["invoices"]) == 201
