"""Letter rules (generator/rules/letter.py): each rule passes on a good letter and fails, located, on a bad one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from casebuilder import DELETE, changed, check


def letter(kind: str, date: dt.date, **more: Any) -> dict[str, Any]:
    return {"letters": [{"type": kind, "date": date, "reference": "BER-2024-053", **more}]}


MARCH_5 = dt.date(2024, 3, 5)
NO_EVENTS = {"events": []}  # then letters[0] is on line 15
PROMISE = {"date": dt.date(2024, 3, 1), "type": "promise", "promised_date": dt.date(2024, 3, 15), "amount": "18000.00"}
PLAN = {"date": dt.date(2024, 2, 25), "type": "payment_plan",
        "instalments": [{"due": dt.date(2024, 3, 1), "amount": "6000.00"},
                        {"due": dt.date(2024, 4, 1), "amount": "12000.00"}]}
DISPUTE = {"date": dt.date(2024, 2, 25), "type": "dispute_opened", "reason": "travaux non conformes"}
LATER_INVOICE = {"number": "2024-060", "issued": dt.date(2024, 2, 1), "due": dt.date(2024, 3, 31), "amount": "500.00"}
DEADLINE_FIX = "set deadline_days between 8 and 15"

CASES = [
    ("med-8-days", {**letter("mise_en_demeure", MARCH_5, deadline_days=8)}, []),
    ("med-15-days", {**letter("mise_en_demeure", MARCH_5, deadline_days=15)}, []),
    ("not-due-day-after", {**NO_EVENTS, **letter("relance_1", dt.date(2024, 2, 16))}, []),
    ("not-due-on-due-date", {**NO_EVENTS, **letter("relance_1", dt.date(2024, 2, 15))},
     ["cases/x.yaml:17: letters[0]: [error letter.nothing-claimed] the letter claims no invoice on 2024-02-15: "
      "invoice 2024-053 falls due on 2024-02-15 (fix: date the letter after 2024-02-15, or send a rappel "
      "(courtesy notice) before it)"]),
    ("not-due-chosen", {**NO_EVENTS, **letter("relance_1", dt.date(2024, 2, 15), invoices=["2024-053"])},
     ["cases/x.yaml:20: letters[0].invoices: [error letter.invoice-not-due] invoice 2024-053 falls due on "
      "2024-02-15: it is not late on the letter date 2024-02-15 (fix: remove it from letters[0].invoices (a letter "
      "claims only late invoices by default), or date the letter after 2024-02-15)"]),
    ("not-due-but-paid", {"invoices.1": LATER_INVOICE,
                          "payments": [{"date": dt.date(2024, 3, 1), "amount": "500.00", "invoice": "2024-060"}]},
     []),
    # An invoice not yet due no longer blocks the reminder of the late one: it is left out.
    ("not-due-and-unpaid", {"invoices.1": LATER_INVOICE,
                            "payments": [{"date": dt.date(2024, 3, 1), "amount": "500.00"}]}, []),
    ("rappel-before-due", {**NO_EVENTS, **letter("rappel", dt.date(2024, 2, 10))}, []),
    ("rappel-on-due-date", {**NO_EVENTS, **letter("rappel", dt.date(2024, 2, 15))}, []),
    ("rappel-after-due", {**NO_EVENTS, **letter("rappel", dt.date(2024, 2, 16))},
     ["cases/x.yaml:17: letters[0].type: [warning rappel.after-due] this courtesy notice is dated 2024-02-16, "
      "after the due date of 2024-053 (due 2024-02-15) (fix: send relance_1 instead, or date the notice before "
      "the due date)"]),
    ("same-day-as-last-letter", letter("relance_2", dt.date(2024, 2, 20)), []),
    ("backdated", letter("relance_2", dt.date(2024, 2, 19)),
     ["cases/x.yaml:18: letters[0].type: [warning ladder.skipped] relance_2 but no relance_1 was sent before it "
      "(fix: record the relance_1 under events: (type: letter), or send relance_1 first)",
      "cases/x.yaml:18: letters[0].date: [warning letter.backdated] dated 2024-02-19, before the relance_1 already "
      "sent on 2024-02-20 (fix: date the letter today or later; a letter already sent is recorded under "
      "events:)"]),
    ("dispute-closed", {"events.1": DISPUTE, "events.2": {"date": dt.date(2024, 3, 1), "type": "dispute_closed"}},
     []),
    ("dispute-open", {"events.1": DISPUTE},
     ["cases/x.yaml:19: letters[0]: [error letter.nothing-claimed] the letter claims no invoice on 2024-03-05: "
      "invoice 2024-053 is disputed (fix: answer the dispute and record a dispute_closed event)"]),
    ("dispute-closed-after-the-letter",
     {"events.1": DISPUTE, "events.2": {"date": dt.date(2024, 3, 6), "type": "dispute_closed"}},
     ["cases/x.yaml:20: letters[0]: [error letter.nothing-claimed] the letter claims no invoice on 2024-03-05: "
      "invoice 2024-053 is disputed (fix: answer the dispute and record a dispute_closed event)"]),
    # A dispute of one invoice does not block the letter about the other: it is left out, reserved.
    ("dispute-of-one-invoice", {"events.1": {**DISPUTE, "invoices": ["2024-060"]},
                                "invoices.1": LATER_INVOICE | {"due": dt.date(2024, 2, 15)}}, []),
    ("dispute-open-chosen", {"events.1": DISPUTE, "letters.0.invoices": ["2024-053"]},
     ["cases/x.yaml:22: letters[0].invoices: [error letter.dispute-open] the dispute opened on 2024-02-25 (line 17) "
      "about invoice 2024-053 is still open (fix: remove the disputed invoice from letters[0].invoices (left out, "
      "it is named as reserved), or answer the dispute and record a dispute_closed event)"]),
    ("unknown-invoice-chosen", {"letters.0.invoices": ["2024-53"]},
     ["cases/x.yaml:21: letters[0].invoices[0]: [error letter.unknown-invoice] no invoice numbered 2024-53 in this "
      "case (fix: did you mean '2024-053'?)"]),
    ("dispute-about-a-paid-invoice",
     {"events.1": {**DISPUTE, "invoices": ["2024-060"]}, "invoices.1": LATER_INVOICE | {"due": dt.date(2024, 2, 15)},
      "payments": [{"date": dt.date(2024, 3, 1), "amount": "500.00", "invoice": "2024-060"}]}, []),
    ("plan-missed", {"events.1": PLAN, "payments": [{"date": dt.date(2024, 3, 1), "amount": "5999.99"}]}, []),
    ("plan-kept", {"events.1": PLAN, "payments": [{"date": dt.date(2024, 3, 1), "amount": "6000.00"}]},
     ["cases/x.yaml:24: letters[0].type: [error letter.plan-honoured] the payment plan agreed on 2024-02-25 "
      "(line 18) is being kept: every instalment due before 2024-03-05 is paid (fix: wait for a missed instalment; "
      "record the payments received under payments:)"]),
    # The instalment due on the letter's own day is not missed yet (it is late only the day after):
    # the plan is still being kept and the reminder waits.
    ("plan-instalment-due-on-the-letter-date", {"events.1": PLAN, **letter("relance_2", dt.date(2024, 3, 1))},
     ["cases/x.yaml:23: letters[0].type: [error letter.plan-honoured] the payment plan agreed on 2024-02-25 "
      "(line 17) is being kept: every instalment due before 2024-03-01 is paid (fix: wait for a missed "
      "instalment; record the payments received under payments:)"]),
    ("insolvent", {"debtor.insolvency": "collective_proceedings"},
     ["cases/x.yaml:19: letters[0].type: [error debtor.insolvency] the debtor is in collective proceedings: no "
      "relance_2 may be sent (fix: file the claim with the mandataire judiciaire instead (déclaration de "
      "créance))"]),
    ("over-indebted", {"debtor.kind": "consumer", "debtor.insolvency": "over_indebtedness"},
     ["cases/x.yaml:19: letters[0].type: [error debtor.insolvency] the debtor is under an admissible "
      "over-indebtedness file: no relance_2 may be sent (fix: stop the recovery and follow the commission's "
      "decision)"]),
    ("lre-to-business", letter("relance_2", MARCH_5, channel="lre"), []),
    ("lre-to-consenting-consumer", {"debtor.kind": "consumer", "debtor.lre_consent": True,
                                    **letter("relance_2", MARCH_5, channel="lre")}, []),
    ("lre-to-consumer", {"debtor.kind": "consumer", **letter("relance_2", MARCH_5, channel="lre")},
     ["cases/x.yaml:18: letters[0].channel: [error channel.lre-consent] a consumer receives an electronic "
      "registered letter only after agreeing to it (fix: send it by lrar, or record the consent with debtor "
      "lre_consent: true)"]),
    ("med-by-commissaire", letter("mise_en_demeure", MARCH_5, channel="commissaire"), []),
    ("med-by-post", letter("mise_en_demeure", MARCH_5, channel="post"),
     ["cases/x.yaml:18: letters[0].channel: [warning med.channel] a mise en demeure sent by post leaves no proof "
      "that it was sent or received (fix: use channel: lrar (the default), lre or commissaire)"]),
    ("med-first", {**NO_EVENTS, **letter("mise_en_demeure", MARCH_5)},
     ["cases/x.yaml:17: letters[0].type: [warning med.no-earlier-reminder] no reminder was sent before this mise "
      "en demeure (fix: record the reminders sent under events: (type: letter), or send relance_1 first)"]),
    ("no-reference", {"letters.0.reference": DELETE},
     ["cases/x.yaml:18: letters[0]: [warning letter.no-reference] no reference is set: the letter would print the "
      "file name \"x\" as its reference (\"Notre référence\") (fix: add reference: at the top of the case file (the "
      "letters add their date to it), or reference: to letters[0])"]),
    ("case-reference", {"letters.0.reference": DELETE, "reference": "BER-2024"}, []),
    ("ladder-in-one-go", {"letters.1": {"type": "derniere_relance", "date": dt.date(2024, 3, 20), "reference": "R-2"}},
     []),
    ("ladder-skipped", letter("derniere_relance", MARCH_5),
     ["cases/x.yaml:18: letters[0].type: [warning ladder.skipped] derniere_relance but no relance_2 was sent "
      "before it (fix: record the relance_2 under events: (type: letter), or send relance_2 first)"]),
    ("letter-recorded-as-sent", letter("relance_1", dt.date(2024, 2, 20)), []),
    ("letter-repeated", letter("relance_1", MARCH_5),
     ["cases/x.yaml:18: letters[0].type: [warning letter.repeated] a relance_1 was already sent on 2024-02-20: "
      "three identical reminders are the classic mistake (fix: send the next step of the ladder instead)"]),
    ("promise-recorded", {"events.1": PROMISE, **letter("confirmation_promesse", MARCH_5)}, []),
    ("promise-missing", letter("confirmation_promesse", MARCH_5),
     ["cases/x.yaml:18: letters[0].type: [error letter.needs-promise] no promise recorded on or before 2024-03-05 "
      "to confirm (fix: record it under events: {type: promise, date: ..., promised_date: ..., amount: ...})"]),
    ("plan-recorded", {"events.1": PLAN, **letter("echeancier", MARCH_5)}, []),
    ("plan-missing", letter("echeancier", MARCH_5),
     ["cases/x.yaml:18: letters[0].type: [error letter.needs-plan] no payment plan recorded on or before "
      "2024-03-05 (fix: record it under events: {type: payment_plan, date: ..., instalments: [...]})"]),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_letter_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any],
                     expected: list[str]) -> None:
    assert check(tmp_path, monkeypatch, changed(changes)) == expected


@pytest.mark.parametrize(("days", "expected"), [
    (15, []),
    (20, ["cases/x.yaml:18: letters[0]: [error med.deadline-range] deadline of 20 days is outside the 8 to 15 days "
          f"a mise en demeure gives (fix: {DEADLINE_FIX})"]),
])
def test_med_deadline_from_the_repository_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, days: int,
                                                   expected: list[str]) -> None:
    data = changed(letter("mise_en_demeure", MARCH_5))
    assert check(tmp_path, monkeypatch, data, config={"defaults": {"deadline_days": days}}) == expected


def test_med_deadline_written_in_the_letter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = changed(letter("mise_en_demeure", MARCH_5, deadline_days=7))
    assert check(tmp_path, monkeypatch, data) == [
        "cases/x.yaml:18: letters[0].deadline_days: [error med.deadline-range] deadline of 7 days is outside the 8 "
        f"to 15 days a mise en demeure gives (fix: {DEADLINE_FIX})"]


# --- the envelope window (NF Z10-011) ---------------------------------------------------------

@pytest.mark.parametrize(("changes", "expected"), [
    ({}, []),
    ({"debtor.address": ["Zone artisanale des Grandes Terres Bâtiment C", "69007 LYON"]},
     ["cases/x.yaml:11: debtor.address[0]: [error address.window] the address line \"Zone artisanale des Grandes "
      "Terres Bâtiment C\" has 45 characters, more than the 38 a window envelope shows (NF Z10-011) (fix: shorten it "
      "to 38 characters (abbreviate: bd, av, bât, Cedex))"]),
    ({"debtor.attention": {"civility": "Madame", "name": "Julie Roussel", "title": "Responsable des achats"},
      "debtor.address": ["Bâtiment C", "Entrée 2", "14 avenue Jean Jaurès", "69007 LYON"]},
     ["cases/x.yaml:8: debtor: [error address.window] the recipient's address takes 7 lines, more than the 6 of a "
      "window envelope (NF Z10-011) (fix: remove a line: the attention's title, or an address line (building and "
      "street on one line))"]),
    ({"debtor.address": ["14 avenue Jean Jaurès", "Lyon"]},
     ["cases/x.yaml:11: debtor.address[1]: [warning address.last-line] the last address line \"Lyon\" is not "
      "\"postcode town\" (NF Z10-011) (fix: end the address with the postcode and the town, e.g. \"69007 LYON\" (a "
      "foreign address: ignore this))"]),
    ({"debtor.address": ["14, avenue Jean Jaurès", "69007 LYON"]},
     ["cases/x.yaml:11: debtor.address[0]: [warning address.punctuation] the address line \"14, avenue Jean Jaurès\" "
      "has punctuation (,) where La Poste reads the address to sort it (NF Z10-011) (fix: write it \"14 avenue Jean "
      "Jaurès\")"]),
    ({"debtor.address": ["ZI Nord", "Bât. C, 14 av. Jean Jaurès", "69007 LYON CEDEX 07."]},
     ["cases/x.yaml:11: debtor.address[1]: [warning address.punctuation] the address line \"Bât. C, 14 av. Jean "
      "Jaurès\" has punctuation (. ,) where La Poste reads the address to sort it (NF Z10-011) (fix: write it \"Bât "
      "C 14 av Jean Jaurès\")",
      "cases/x.yaml:11: debtor.address[2]: [warning address.punctuation] the address line \"69007 LYON CEDEX 07.\" "
      "has punctuation (.) where La Poste reads the address to sort it (NF Z10-011) (fix: write it \"69007 LYON "
      "CEDEX 07\")"]),
    # Lines 1 to 3 (name, person, building) may hold punctuation; a hyphen or an apostrophe is no punctuation.
    ({"debtor.name": "Novatech S.A.S.", "debtor.address": ["Bât. C, entrée 2", "14 rue de l’Île-Barbe",
                                                           "69009 L'ÎLE-BARBE"]}, []),
    # A full 6-line block: its 4th line is the street; in 5 lines the 3rd from the end may be the building.
    ({"debtor.attention": {"civility": "Madame", "name": "Julie Roussel", "title": "Achats"},
      "debtor.address": ["14, avenue Jean Jaurès", "BP 12", "69007 LYON"]},
     ["cases/x.yaml:11: debtor.address[0]: [warning address.punctuation] the address line \"14, avenue Jean Jaurès\" "
      "has punctuation (,) where La Poste reads the address to sort it (NF Z10-011) (fix: write it \"14 avenue Jean "
      "Jaurès\")"]),
    ({"debtor.attention": {"civility": "Madame", "name": "Julie Roussel"},
      "debtor.address": ["Bât. C", "14 avenue Jean Jaurès", "69007 LYON"]}, []),
    ({"debtor.address": ["14 avenue Jean Jaurès", "69007 Lyon"]},
     ["cases/x.yaml:11: debtor.address[1]: [warning address.capitals] the last address line \"69007 Lyon\" is not in "
      "capitals (NF Z10-011) (fix: write it \"69007 LYON\")"]),
    ({"debtor.address": ["14 avenue Jean Jaurès", "69007 Lyon Cedex 07"]},
     ["cases/x.yaml:11: debtor.address[1]: [warning address.capitals] the last address line \"69007 Lyon Cedex 07\" "
      "is not in capitals (NF Z10-011) (fix: write it \"69007 LYON CEDEX 07\")"]),
    ({"debtor.address": ["14 avenue Jean Jaurès", "42000 SAINT-ÉTIENNE"]}, []),  # accented capitals are capitals
    ({"debtor.address": ["Via Roma 12", "10121 Torino", "Italie"]},  # a foreign address: no French postcode line
     ["cases/x.yaml:11: debtor.address[2]: [warning address.last-line] the last address line \"Italie\" is not "
      "\"postcode town\" (NF Z10-011) (fix: end the address with the postcode and the town, e.g. \"69007 LYON\" (a "
      "foreign address: ignore this))"]),
], ids=["fits", "line-too-long", "too-many-lines", "no-postcode", "comma-after-number", "full-stops",
        "punctuation-allowed", "six-lines", "five-lines", "town-in-lowercase", "cedex-in-lowercase", "accented-capitals", "foreign"])
def test_the_address_fits_the_envelope_window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              changes: dict[str, Any], expected: list[str]) -> None:
    assert check(tmp_path, monkeypatch, changed(changes)) == expected


def test_the_letter_prints_the_lines_the_rule_checks() -> None:
    from generator import address
    from generator.parties import Attention, Debtor

    debtor = Debtor(kind="business", name="Novatech SAS", address=["14 avenue Jean Jaurès", "69007 Lyon"],
                    attention=Attention(civility="Monsieur", name="Laurent Girardet", title="Directeur"))
    # "À l'attention de Monsieur Laurent Girardet" would be 42 characters: the person alone is written.
    assert [line.text for line in address.recipient_lines(debtor)] == [
        "Novatech SAS", "Monsieur Laurent Girardet", "Directeur", "14 avenue Jean Jaurès", "69007 Lyon"]
    short = debtor.model_copy(update={"attention": Attention(civility="Monsieur", name="Léo Roux")})
    assert address.recipient_lines(short)[1].text == "À l'attention de Monsieur Léo Roux"
