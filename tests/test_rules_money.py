"""Rules needing the money arithmetic: each with a passing and a failing case, messages pinned."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import yaml

from generator import cases
from generator.rules import (
    REGISTRY,
    CheckContext,
    check_case,
    money,  # noqa: F401  (registers the rules)
)

HEAD = """\
creditor:
  name: Atelier Bernard SARL
  address: ["8 rue des Lilas", "69003 Lyon"]
debtor:
  kind: {debtor}
  name: Novatech SAS
  address: ["14 avenue Jean Jaurès", "69007 Lyon"]
"""


def findings(
    tmp_path: Path, body: str, rule_id: str, as_of: dt.date = dt.date(2026, 6, 30), debtor: str = "business"
) -> list[str]:
    (tmp_path / "cases").mkdir(exist_ok=True)
    path = tmp_path / "cases" / "c.yaml"
    path.write_text(HEAD.format(debtor=debtor) + textwrap.dedent(body), encoding="utf-8")
    result = cases.load_case(path, cases.load_repository(tmp_path))
    assert result.case is not None, [f.render() for f in result.findings]
    found = check_case(CheckContext(result.case, as_of))
    return [f.render().replace(str(tmp_path) + "/", "") for f in found if f.rule == rule_id]


def test_rules_are_registered_with_their_severity() -> None:
    assert {
        rid: REGISTRY[rid].severity
        for rid in (
            "rates.missing",
            "terms.rate-below-floor",
            "terms.rate-below-floor-unsettled",
            "payment.exceeds-owed",
            "prescription.expired",
            "prescription.near",
        )
    } == {
        "rates.missing": "error",
        "terms.rate-below-floor": "error",
        "terms.rate-below-floor-unsettled": "warning",
        "payment.exceeds-owed": "error",
        "prescription.expired": "error",
        "prescription.near": "warning",
    }


INVOICE_2026 = """\
invoices:
  - {number: "F-1", issued: 2026-03-01, due: 2026-03-31, amount: "1000.00"}
"""


def test_rates_missing_passes_within_the_tables(tmp_path: Path) -> None:
    body = INVOICE_2026 + "letters:\n  - {type: relance_1, date: 2026-06-10}\n"
    assert findings(tmp_path, body, "rates.missing") == []


def test_rates_missing_blocks_a_letter_needing_2026_h2(tmp_path: Path) -> None:
    body = INVOICE_2026 + "letters:\n  - {type: relance_1, date: 2026-06-10}\n  - {type: relance_2, date: 2026-07-10}\n"
    assert findings(tmp_path, body, "rates.missing") == [
        (
            "cases/c.yaml:12: letters[1].date: [error rates.missing] the statement at 2026-07-10 needs a rate: "
            "no ECB main refinancing rate confirmed for 2026-07-01 in the rate tables (confirmed up to 2026-02-05) "
            "(fix: run relance rates update (it reads the rate in force on 2026-07-01 from the ECB Data Portal), or: "
            'relance rates add ecb 2026-07-01 --rate … --source "décision de la BCE du …")'
        )
    ]


def test_rates_missing_for_a_consumer_names_the_legal_rate(tmp_path: Path) -> None:
    body = INVOICE_2026 + textwrap.dedent("""\
        events:
          - {date: 2026-05-04, type: letter, letter: mise_en_demeure, channel: lrar}
        letters:
          - {type: relance_1, date: 2026-07-10}
        """)
    assert findings(tmp_path, body, "rates.missing", debtor="consumer") == [
        (
            "cases/c.yaml:13: letters[0].date: [error rates.missing] the statement at 2026-07-10 needs a rate: "
            "no legal interest rate for 2026-H2 in the rate tables (fix: run relance rates update --from FILE, FILE being the page of the arrêté fixing the 2026-H2 rates "
            'saved from Légifrance, or: relance rates add legal_interest 2026-H2 --individual … --other … --source "arrêté du …")'
        )
    ]


AGREED = """\
terms: {{late_penalty_rate: "{rate}"}}
invoices:
  - {{number: "F-9", issued: {issued}, due: {due}, amount: "1000.00"}}
letters:
  - {{type: relance_2, date: {letter}}}
"""


def test_agreed_rate_above_the_floor_passes(tmp_path: Path) -> None:
    body = AGREED.format(rate="12", issued="2025-01-01", due="2025-01-31", letter="2025-03-15")
    assert findings(tmp_path, body, "terms.rate-below-floor") == []


def test_agreed_rate_under_the_floor_is_an_error(tmp_path: Path) -> None:
    body = AGREED.format(rate="8", issued="2025-01-01", due="2025-01-31", letter="2025-03-15")
    assert findings(tmp_path, body, "terms.rate-below-floor") == [
        (
            "cases/c.yaml:8: terms.late_penalty_rate: [error terms.rate-below-floor] agreed penalty rate 8 % is below "
            "11.13 % (3 × the legal interest rate of 3.71 % for 2025-H1), the lowest rate C. com. L441-10 II allows "
            "(fix: check the agreed rate; claim at least 11.13 % for 2025-H1, or set terms.late_penalty_rate: null "
            "to claim the statutory default (ECB rate + 10 points))"
        )
    ]
    assert findings(tmp_path, body, "terms.rate-below-floor-unsettled") == []


def test_2024_half_years_where_the_floor_exceeds_the_default_only_warn(tmp_path: Path) -> None:
    body = AGREED.format(rate="14.60", issued="2023-11-01", due="2023-12-01", letter="2024-08-01")
    assert findings(tmp_path, body, "terms.rate-below-floor") == []
    warnings = findings(tmp_path, body, "terms.rate-below-floor-unsettled")
    assert warnings == [
        (
            "cases/c.yaml:8: terms.late_penalty_rate: [warning terms.rate-below-floor-unsettled] agreed penalty rate "
            "14.60 % is below 15.21 % (3 × the legal interest rate of 5.07 % for 2024-H1), the lowest rate C. com. "
            "L441-10 II allows; the statutory default of 14.50 % is itself below it in 2024-H1, so whether the floor "
            "applies is unsettled (fix: check the agreed rate; claim at least 15.21 % for 2024-H1, or set "
            "terms.late_penalty_rate: null to claim the statutory default (ECB rate + 10 points))"
        ),
        (
            "cases/c.yaml:8: terms.late_penalty_rate: [warning terms.rate-below-floor-unsettled] agreed penalty rate "
            "14.60 % is below 14.76 % (3 × the legal interest rate of 4.92 % for 2024-H2), the lowest rate C. com. "
            "L441-10 II allows; the statutory default of 14.25 % is itself below it in 2024-H2, so whether the floor "
            "applies is unsettled (fix: check the agreed rate; claim at least 14.76 % for 2024-H2, or set "
            "terms.late_penalty_rate: null to claim the statutory default (ECB rate + 10 points))"
        ),
    ]


def test_2024_floor_warning_passes_with_a_high_enough_rate(tmp_path: Path) -> None:
    body = AGREED.format(rate="15.50", issued="2023-11-01", due="2023-12-01", letter="2024-08-01")
    assert findings(tmp_path, body, "terms.rate-below-floor-unsettled") == []


def test_payments_within_the_principal_pass(tmp_path: Path) -> None:
    body = INVOICE_2026 + 'payments:\n  - {date: 2026-04-02, amount: "1000.00"}\n'
    assert findings(tmp_path, body, "payment.exceeds-owed") == []


def test_payments_beyond_the_principal_are_an_error(tmp_path: Path) -> None:
    body = (
        INVOICE_2026 + 'payments:\n  - {date: 2026-04-02, amount: "700.00"}\n  - {date: 2026-04-20, amount: "400.00"}\n'
    )
    assert findings(tmp_path, body + "terms: {imputation: principal_first}\n", "payment.exceeds-owed") == [
        (
            "cases/c.yaml:10: payments: [error payment.exceeds-owed] payments total 1100.00 but the invoices total "
            "1000.00: 100.00 cannot be applied to any invoice (fix: check the payment amounts, or add the invoice "
            "they paid)"
        )
    ]
    # Interest first (the default): 700,00 on 02/04 pay 2 days of penalties, 1 000 × 12,15 % × 2 / 365 = 0,67,
    # then 699,33 of principal; 400,00 on 20/04 pay 18 days on 300,67, 300,67 × 12,15 % × 18 / 365 = 1,80, then
    # the 300,67 left: 97,53 cannot be applied.
    assert findings(tmp_path, body, "payment.exceeds-owed") == [
        (
            "cases/c.yaml:10: payments: [error payment.exceeds-owed] payments total 1100.00 but the invoices total "
            "1000.00: 97.53 cannot be applied to any invoice (fix: check the payment amounts, or add the invoice "
            "they paid)"
        )
    ]


OLD = """\
invoices:
  - {{number: "2021-010", issued: 2021-02-01, due: 2021-03-03, amount: "1200.00"}}
{events}letters:
  - {{type: mise_en_demeure, date: {letter}, deadline_days: 8}}
"""


def test_mise_en_demeure_on_the_last_day_passes(tmp_path: Path) -> None:
    body = OLD.format(events="", letter="2026-03-03")
    assert findings(tmp_path, body, "prescription.expired") == []


def test_mise_en_demeure_for_a_time_barred_invoice_is_an_error(tmp_path: Path) -> None:
    body = OLD.format(events="", letter="2026-03-04")
    assert findings(tmp_path, body, "prescription.expired") == [
        (
            "cases/c.yaml:9: invoices[0].due: [error prescription.expired] invoice 2021-010 is time-barred since "
            "2026-03-04 (5 years from its due date, C. civ. 2224 and C. com. L110-4; counted from 2021-03-03): "
            "letter 1 (mise_en_demeure) cannot claim it (fix: remove the invoice from the case, or record the "
            "acknowledgement or court claim that interrupted the period (events: type acknowledgement or court_claim))"
        )
    ]


def test_acknowledgement_keeps_the_claim_alive(tmp_path: Path) -> None:
    body = OLD.format(events="events:\n  - {date: 2023-05-02, type: acknowledgement}\n", letter="2026-03-04")
    assert findings(tmp_path, body, "prescription.expired") == []


def test_earlier_mise_en_demeure_does_not_keep_it_alive(tmp_path: Path) -> None:
    body = OLD.format(
        events="events:\n  - {date: 2024-05-02, type: letter, letter: mise_en_demeure, channel: lrar}\n",
        letter="2026-03-04",
    )
    assert len(findings(tmp_path, body, "prescription.expired")) == 1


def test_consumer_claim_time_barred_two_years_after_issue_when_no_completion_is_recorded(tmp_path: Path) -> None:
    body = OLD.format(events="", letter="2023-02-02")
    assert [
        f.split("] ")[1].split(":")[0] for f in findings(tmp_path, body, "prescription.expired", debtor="consumer")
    ] == [
        (
            "invoice 2021-010 is time-barred since 2023-02-02 (2 years from its issue date, no completion or "
            "delivery date being recorded, C. conso L218-2; counted from 2021-02-01)"
        )
    ]


def test_prescription_near_warns_within_90_days(tmp_path: Path) -> None:
    body = OLD.format(events="", letter="2026-01-05")
    assert findings(tmp_path, body, "prescription.near", as_of=dt.date(2026, 1, 1)) == [
        (
            "cases/c.yaml:9: invoices[0].due: [warning prescription.near] invoice 2021-010 becomes time-barred "
            "after 2026-03-03, in 61 days (5 years from its due date, C. civ. 2224 and C. com. L110-4); a letter "
            "does not interrupt the period (fix: before that date, file a court claim (injonction de payer, "
            "assignation, référé; C. civ. 2241) or obtain the debtor's written acknowledgement of the debt "
            "(C. civ. 2240); the small-claims procedure does not interrupt the period)"
        )
    ]


def test_prescription_near_is_silent_earlier_or_when_paid(tmp_path: Path) -> None:
    body = OLD.format(events="", letter="2026-01-05")
    assert findings(tmp_path, body, "prescription.near", as_of=dt.date(2025, 12, 2)) == []
    # paid on 2021-03-03, its due date: no penalty was owed, so the payment is all principal
    paid = OLD.format(events='payments:\n  - {date: 2021-03-03, amount: "1200.00"}\n', letter="2026-01-05")
    assert findings(tmp_path, paid, "prescription.near", as_of=dt.date(2026, 1, 1)) == []


def test_a_recovery_firm_never_writes_to_a_consumer_about_a_time_barred_claim(tmp_path: Path) -> None:
    firm = {
        "role": "recovery_firm",
        "name": "Recouvre Rhône SAS",
        "address": ["3 quai Saint-Antoine", "69002 Lyon"],
        "siren": "552081317",
        "insurance": "Hiscox, police 123",
        "declaration": "TJ Lyon, 2023-01-12",
    }
    body = OLD.format(events="", letter="2023-02-02").replace("mise_en_demeure", "rappel")
    assert findings(tmp_path, body, "prescription.expired", debtor="consumer") == []  # the creditor may
    (tmp_path / "relance.yaml").write_text(yaml.safe_dump({"firms": {"rr": firm}}), encoding="utf-8")
    body += "sender: {role: recovery_firm, firm: rr, mandate: {reference: M-1, date: 2021-04-01}}\n"
    assert [
        f.split("] ")[1].split(":")[0] for f in findings(tmp_path, body, "prescription.expired", debtor="consumer")
    ] == [
        (
            "invoice 2021-010 is time-barred since 2023-02-02 (2 years from its issue date, no completion or "
            "delivery date being recorded, C. conso L218-2; counted from 2021-02-01)"
        )
    ]
