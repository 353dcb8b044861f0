"""The statement of account: regimes, payments, €40, notes, refusals."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import cases, yamlsource
from generator.cases import LoadedCase, Repository
from generator.events import PaymentPlan
from generator.models import Case, Config, Payment, Sender
from generator.rates import MissingRate
from generator.statement import compute, missed_instalments

D = Decimal
NNBSP, NBSP = "\u202f", "\u00a0"

HEAD = """\
creditor:
  name: Atelier Bernard SARL
  kind: {creditor}
  address: ["8 rue des Lilas", "69003 Lyon"]
debtor:
  kind: {debtor}
  name: Novatech SAS
  address: ["14 avenue Jean Jaurès", "69007 Lyon"]
"""


def write(
    tmp_path: Path, body: str, debtor: str = "business", creditor: str = "business", config: str | None = None
) -> Path:
    (tmp_path / "cases").mkdir(exist_ok=True)
    if config is not None:
        (tmp_path / "relance.yaml").write_text(textwrap.dedent(config), encoding="utf-8")
    path = tmp_path / "cases" / "c.yaml"
    path.write_text(HEAD.format(debtor=debtor, creditor=creditor) + textwrap.dedent(body), encoding="utf-8")
    return path


def load(tmp_path: Path, body: str, **kwargs: str) -> LoadedCase:
    path = write(tmp_path, body, **kwargs)
    result = cases.load_case(path, cases.load_repository(tmp_path))
    assert result.case is not None, [f.render() for f in result.findings]
    return result.case


def lines_of(statement, index: int = 0) -> list[tuple]:
    return [
        (line.start, line.end, line.days, line.base, line.rate, line.amount) for line in statement.accounts[index].lines
    ]


ONE = """\
invoices:
  - {number: "2024-053", issued: 2024-01-16, due: 2024-02-15, amount: "18000.00"}
"""


def test_b2b_default_penalties_split_at_1_july(tmp_path: Path) -> None:
    statement = compute(load(tmp_path, ONE), dt.date(2024, 8, 10))
    assert statement.regime == "penalties" and statement.interest_from is None
    # 18000 × 14.50 % × 136 / 365 = 972.493…; 18000 × 14.25 % × 41 / 365 = 288.123…
    assert lines_of(statement) == [
        (dt.date(2024, 2, 16), dt.date(2024, 6, 30), 136, D("18000.00"), D("14.50"), D("972.49")),
        (dt.date(2024, 7, 1), dt.date(2024, 8, 10), 41, D("18000.00"), D("14.25"), D("288.12")),
    ]
    account = statement.accounts[0]
    assert (account.interest, account.indemnity, account.days_late, account.total) == (
        D("1260.61"),
        D("40.00"),
        177,
        D("19300.61"),
    )
    assert (
        statement.principal,
        statement.paid,
        statement.balance,
        statement.interest,
        statement.indemnity,
        statement.total,
        statement.unapplied,
    ) == (D("18000.00"), D("0.00"), D("18000.00"), D("1260.61"), D("40.00"), D("19300.61"), D("0.00"))
    assert statement.accounts[0].lines[0].source == (
        "taux BCE au 1er janvier 2024 (4,50\u202f%) + 10 points, art. L441-10 C. com. ; "
        "BCE, taux des opérations principales de refinancement à compter du 20 septembre 2023"
    )
    # The annex numbers each distinct source once, in order of first use.
    assert statement.rate_sources == (statement.accounts[0].lines[0].source, statement.accounts[0].lines[1].source)
    assert statement.rate_sources[1].startswith("taux BCE au 1er juillet 2024 (4,25\u202f%) + 10 points")


def test_nothing_is_due_before_the_due_date(tmp_path: Path) -> None:
    statement = compute(load(tmp_path, ONE), dt.date(2024, 2, 15))
    assert statement.accounts[0].lines == () and statement.indemnity == 0 and statement.total == D("18000.00")
    assert statement.accounts[0].days_late == 0


def test_agreed_rate(tmp_path: Path) -> None:
    loaded = load(tmp_path, ONE + 'terms: {late_penalty_rate: "15"}\n')
    statement = compute(loaded, dt.date(2024, 3, 16))
    # Oracle D's figure: 15 % over 30 days on 15 000 → here 18 000 × 15 % × 30 / 365 = 221.92
    assert lines_of(statement) == [
        (dt.date(2024, 2, 16), dt.date(2024, 3, 16), 30, D("18000.00"), D("15"), D("221.92"))
    ]
    assert statement.accounts[0].lines[0].source == "taux convenu, art. L441-10 C. com."


TWO = """\
invoices:
  - {number: "2024-001", issued: 2024-01-05, due: 2024-02-04, amount: "5000.00"}
  - {number: "2024-002", issued: 2024-02-10, due: 2024-03-11, amount: "3000.00"}
payments:
  - {date: 2024-03-01, amount: "1000.00", invoice: "2024-002"}
  - {date: 2024-04-15, amount: "4500.00"}
  - {date: 2024-05-20, amount: "1000.00"}
"""


PRINCIPAL_FIRST = "terms: {imputation: principal_first}\n"


def test_partial_payments_designated_then_by_1342_10_order(tmp_path: Path) -> None:
    statement = compute(load(tmp_path, TWO + PRINCIPAL_FIRST), dt.date(2024, 6, 30))
    first, second = statement.accounts
    assert [(p.date, p.amount, p.designated) for p in first.payments] == [
        (dt.date(2024, 4, 15), D("4500.00"), False),
        (dt.date(2024, 5, 20), D("500.00"), False),
    ]
    assert [(p.date, p.amount, p.designated) for p in second.payments] == [
        (dt.date(2024, 3, 1), D("1000.00"), True),
        (dt.date(2024, 5, 20), D("500.00"), False),
    ]
    # 5000 × 14.5 % × 71 / 365 = 141.027…; 500 × 14.5 % × 35 / 365 = 6.952…
    assert lines_of(statement, 0) == [
        (dt.date(2024, 2, 5), dt.date(2024, 4, 15), 71, D("5000.00"), D("14.50"), D("141.03")),
        (dt.date(2024, 4, 16), dt.date(2024, 5, 20), 35, D("500.00"), D("14.50"), D("6.95")),
    ]
    # Paid 1000 before its due date: penalties run on 2000, then on 1500 after 20 May.
    assert lines_of(statement, 1) == [
        (dt.date(2024, 3, 12), dt.date(2024, 5, 20), 70, D("2000.00"), D("14.50"), D("55.62")),
        (dt.date(2024, 5, 21), dt.date(2024, 6, 30), 41, D("1500.00"), D("14.50"), D("24.43")),
    ]
    assert (first.paid, first.balance, first.interest, first.indemnity, first.days_late, first.total) == (
        D("5000.00"),
        D("0.00"),
        D("147.98"),
        D("40.00"),
        106,
        D("187.98"),
    )
    assert (second.paid, second.balance, second.interest, second.indemnity, second.days_late, second.total) == (
        D("1500.00"),
        D("1500.00"),
        D("80.05"),
        D("40.00"),
        111,
        D("1620.05"),
    )
    assert (
        statement.principal,
        statement.paid,
        statement.balance,
        statement.interest,
        statement.indemnity,
        statement.total,
    ) == (D("8000.00"), D("6500.00"), D("1500.00"), D("228.03"), D("80.00"), D("1808.03"))
    assert statement.notes == (
        (
            "Pénalités de retard dues de plein droit à compter du lendemain de la date d'échéance (article L441-10 "
            "du Code de commerce), au taux de la Banque centrale européenne en vigueur au 1er janvier ou au 1er "
            "juillet de chaque semestre, majoré de 10 points."
        ),
        (
            "Intérêts simples : montant × taux × jours ÷ 365. Chaque ligne va du premier au dernier jour compté, "
            "tous deux inclus ; chaque ligne est arrondie au centime le plus proche et le total est la somme des lignes."
        ),
        (
            "Les paiements sont imputés sur le principal de la facture désignée par le débiteur, à défaut selon "
            "l'article 1342-10 du Code civil (dette échue la plus ancienne d'abord) ; les intérêts courent sur le "
            "solde à compter du lendemain de chaque paiement."
        ),
        (
            "Indemnité forfaitaire pour frais de recouvrement de 40\u00a0€ par facture payée en retard (articles "
            "L441-10 et D441-5 du Code de commerce)."
        ),
    )


def test_payments_go_to_interest_first_by_default(tmp_path: Path) -> None:
    """Worked example, C. civ. 1343-1: 18 000,00 € due 15/02/2024, 14,50 % (ECB 4,50 % + 10 points, 2024-H1);
    1 000,00 € paid on 16/03/2024; statement at 15/04/2024.

    * 16/02 – 16/03, 30 days: 18 000,00 × 14,50 % × 30 / 365 = 214,52 accrued by the payment date;
    * the payment pays those 214,52 first, then 785,48 of principal: 17 214,52 left;
    * 17/03 – 15/04, 30 days: 17 214,52 × 14,50 % × 30 / 365 = 205,159… = 205,16;
    * owed: 17 214,52 + (214,52 + 205,16 − 214,52) + 40,00 = 17 459,68.
    """
    statement = compute(
        load(tmp_path, ONE + 'payments:\n  - {date: 2024-03-16, amount: "1000.00"}\n'), dt.date(2024, 4, 15)
    )
    assert [(line.start, line.end, line.days, line.base, line.amount) for line in statement.accounts[0].lines] == [
        (dt.date(2024, 2, 16), dt.date(2024, 3, 16), 30, D("18000.00"), D("214.52")),
        (dt.date(2024, 3, 17), dt.date(2024, 4, 15), 30, D("17214.52"), D("205.16")),
    ]
    [payment] = statement.accounts[0].payments
    assert (payment.amount, payment.interest, payment.principal) == (D("1000.00"), D("214.52"), D("785.48"))
    assert (statement.paid, statement.balance, statement.interest, statement.interest_paid, statement.total) == (
        D("785.48"),
        D("17214.52"),
        D("419.68"),
        D("214.52"),
        D("17459.68"),
    )
    assert statement.imputation == "interest_first"
    assert statement.notes[2] == (
        "Les paiements sont imputés sur la facture désignée par le débiteur, à défaut selon l'article 1342-10 du "
        "Code civil (dette échue la plus ancienne d'abord), et d'abord sur les intérêts échus à leur date, puis sur "
        "le principal (article 1343-1 du Code civil) ; les intérêts courent sur le principal restant à compter du "
        "lendemain de chaque paiement ; l'indemnité forfaitaire n'est pas imputée avant le principal."
    )


def test_payments_go_to_principal_first_as_a_setting(tmp_path: Path) -> None:
    # The same case with principal_first (claims 2,56 € less): 18000 × 14.5 % × 30 / 365 = 214.52, then
    # 17000 × 14.5 % × 30 / 365 = 202.60; owed 17 000,00 + 417,12 + 40,00 = 17 457,12.
    body = ONE + 'payments:\n  - {date: 2024-03-16, amount: "1000.00"}\n'
    for loaded in (
        load(tmp_path, body + PRINCIPAL_FIRST),
        load(tmp_path, body, config="defaults: {imputation: principal_first}\n"),
    ):
        statement = compute(loaded, dt.date(2024, 4, 15))
        assert [(line.base, line.amount) for line in statement.accounts[0].lines] == [
            (D("18000.00"), D("214.52")),
            (D("17000.00"), D("202.60")),
        ]
        assert (statement.paid, statement.balance, statement.interest, statement.interest_paid, statement.total) == (
            D("1000.00"),
            D("17000.00"),
            D("417.12"),
            D("0.00"),
            D("17457.12"),
        )
    # the case's own setting wins over relance.yaml's
    loaded = load(
        tmp_path, body + "terms: {imputation: interest_first}\n", config="defaults: {imputation: principal_first}\n"
    )
    assert compute(loaded, dt.date(2024, 4, 15)).total == D("17459.68")


def test_a_payment_beyond_one_invoice_pays_the_next_one_interest_first(tmp_path: Path) -> None:
    """Worked example over two invoices (1342-10 order, then 1343-1 within each), 14,50 % in 2024-H1.

    5 000,00 € due 04/02/2024 and 3 000,00 € due 11/03/2024; 6 000,00 € paid on 15/04/2024 (not designated).
    * 2024-001 (due first): 05/02 – 15/04, 71 days: 5 000 × 14,50 % × 71 / 365 = 141,027… = 141,03;
      the payment pays 141,03 + 5 000,00 on it, 858,97 left;
    * 2024-002: 12/03 – 15/04, 35 days: 3 000 × 14,50 % × 35 / 365 = 41,712… = 41,71; then 817,26 of principal,
      2 182,74 left;
    * statement at 30/04/2024: 16/04 – 30/04, 15 days: 2 182,74 × 14,50 % × 15 / 365 = 13,006… = 13,01.
    """
    body = """\
        invoices:
          - {number: "2024-001", issued: 2024-01-05, due: 2024-02-04, amount: "5000.00"}
          - {number: "2024-002", issued: 2024-02-10, due: 2024-03-11, amount: "3000.00"}
        payments:
          - {date: 2024-04-15, amount: "6000.00"}
        """
    statement = compute(load(tmp_path, textwrap.dedent(body)), dt.date(2024, 4, 30))
    first, second = statement.accounts
    assert [(p.amount, p.interest) for p in first.payments] == [(D("5141.03"), D("141.03"))]
    assert [(p.amount, p.interest) for p in second.payments] == [(D("858.97"), D("41.71"))]
    assert (first.balance, first.interest, first.interest_paid, first.total) == (
        D("0.00"),
        D("141.03"),
        D("141.03"),
        D("40.00"),
    )
    assert [line.amount for line in second.lines] == [D("41.71"), D("13.01")]
    assert (second.balance, second.interest, second.interest_paid, second.total) == (
        D("2182.74"),
        D("54.72"),
        D("41.71"),
        D("2235.75"),
    )
    assert statement.total == D("2275.75") and statement.unapplied == 0


def test_payments_after_the_statement_date_are_ignored(tmp_path: Path) -> None:
    statement = compute(load(tmp_path, TWO), dt.date(2024, 3, 31))
    assert statement.paid == D("1000.00")


def test_indemnity_not_due_when_paid_on_time_and_kept_when_paid_late(tmp_path: Path) -> None:
    body = ONE + 'payments:\n  - {date: 2024-02-15, amount: "18000.00"}\n'
    on_time = compute(load(tmp_path, body), dt.date(2024, 6, 1))
    assert (on_time.indemnity, on_time.interest, on_time.total, on_time.accounts[0].days_late) == (0, 0, 0, 0)
    late_body = ONE + 'payments:\n  - {date: 2024-02-25, amount: "18000.00"}\n'
    late = compute(load(tmp_path, late_body + PRINCIPAL_FIRST), dt.date(2024, 6, 1))
    # 18000 × 14.5 % × 10 / 365 = 71.506…
    assert (late.balance, late.interest, late.indemnity, late.total, late.accounts[0].days_late) == (
        D("0.00"),
        D("71.51"),
        D("40.00"),
        D("111.51"),
        10,
    )
    # Interest first: the 71,51 € are paid first, 71,51 € of principal is left, bearing 14,50 % from 26/02 to
    # 01/06 (97 days): 71,51 × 14,50 % × 97 / 365 = 2,755… = 2,76; owed 71,51 + 2,76 + 40,00 = 114,27.
    late = compute(load(tmp_path, late_body), dt.date(2024, 6, 1))
    assert (late.balance, late.interest - late.interest_paid, late.indemnity, late.total) == (
        D("71.51"),
        D("2.76"),
        D("40.00"),
        D("114.27"),
    )


def test_indemnity_can_be_waived(tmp_path: Path) -> None:
    statement = compute(load(tmp_path, ONE + "terms: {recovery_indemnity: false}\n"), dt.date(2024, 3, 1))
    assert statement.indemnity == 0


CONSUMER = """\
invoices:
  - {number: "F-88", issued: 2025-02-01, due: 2025-03-01, amount: "2000.00"}
events:
  - {date: 2025-03-20, type: letter, letter: relance_1, channel: email}
  - {date: 2025-04-10, type: letter, letter: mise_en_demeure, channel: lrar, received: 2025-04-14}
"""


def test_b2c_legal_interest_from_the_mise_en_demeure_at_the_individual_rate(tmp_path: Path) -> None:
    statement = compute(load(tmp_path, CONSUMER, debtor="consumer", creditor="individual"), dt.date(2025, 9, 30))
    assert statement.regime == "legal_interest" and statement.interest_from == dt.date(2025, 4, 14)
    # 2000 × 7.21 % × 77 / 365 = 30.420…; 2000 × 6.65 % × 92 / 365 = 33.523…
    assert lines_of(statement) == [
        (dt.date(2025, 4, 15), dt.date(2025, 6, 30), 77, D("2000.00"), D("7.21"), D("30.42")),
        (dt.date(2025, 7, 1), dt.date(2025, 9, 30), 92, D("2000.00"), D("6.65"), D("33.52")),
    ]
    assert (statement.indemnity, statement.total) == (D("0.00"), D("2063.94"))
    assert statement.notes[0] == (
        "Intérêts au taux légal à compter de la mise en demeure du 14 avril 2025 (articles 1231-6 et 1344-1 "
        "du Code civil), au taux applicable lorsque le créancier est une personne physique n'agissant pas "
        "pour des besoins professionnels."
    )


def test_b2c_with_a_business_creditor_uses_the_other_rate_and_never_the_indemnity(tmp_path: Path) -> None:
    statement = compute(load(tmp_path, CONSUMER, debtor="consumer"), dt.date(2025, 9, 30))
    assert [line.amount for line in statement.accounts[0].lines] == [D("15.65"), D("13.91")]
    assert [line.rate for line in statement.accounts[0].lines] == [D("3.71"), D("2.76")]
    assert statement.indemnity == 0


def test_b2b_claiming_legal_interest_has_no_penalties_but_keeps_the_indemnity(tmp_path: Path) -> None:
    statement = compute(load(tmp_path, CONSUMER + "terms: {claim: legal_interest}\n"), dt.date(2025, 9, 30))
    assert statement.regime == "legal_interest"
    assert {line.kind for line in statement.accounts[0].lines} == {"legal_interest"}
    assert statement.accounts[0].lines[0].start == dt.date(2025, 4, 15)
    assert (statement.interest, statement.indemnity) == (D("29.56"), D("40.00"))


def test_mise_en_demeure_without_receipt_counts_from_its_date(tmp_path: Path) -> None:
    body = CONSUMER.replace(", received: 2025-04-14", "")
    statement = compute(load(tmp_path, body, debtor="consumer"), dt.date(2025, 5, 10))
    assert statement.interest_from == dt.date(2025, 4, 10)
    assert statement.accounts[0].lines[0].start == dt.date(2025, 4, 11)


def test_no_mise_en_demeure_yet_means_no_legal_interest(tmp_path: Path) -> None:
    statement = compute(load(tmp_path, CONSUMER, debtor="consumer"), dt.date(2025, 4, 1))
    assert statement.interest_from is None and statement.interest == 0 and statement.total == D("2000.00")
    assert statement.notes[0] == (
        "Aucune mise en demeure n'a encore été adressée : les intérêts au taux légal "
        "ne courent qu'à compter de celle-ci (article 1344-1 du Code civil)."
    )


def test_366_day_setting(tmp_path: Path) -> None:
    loaded = load(tmp_path, ONE, config="defaults: {day_count: 366_in_leap_years}\n")
    statement = compute(loaded, dt.date(2024, 3, 16))
    # 18000 × 14.5 % × 30 / 366 = 213.934…
    assert [(line.divisor, line.amount) for line in statement.accounts[0].lines] == [(366, D("213.93"))]
    assert statement.day_count == "366_in_leap_years"


def test_overpayment_is_left_unapplied(tmp_path: Path) -> None:
    body = ONE + 'payments:\n  - {date: 2024-03-01, amount: "18500.00"}\n'
    statement = compute(load(tmp_path, body + PRINCIPAL_FIRST), dt.date(2024, 4, 1))
    assert (statement.paid, statement.unapplied) == (D("18000.00"), D("500.00"))
    assert statement.notes[-1] == "Paiements reçus au-delà du principal dû, non imputés : 500,00\u00a0€."
    # Interest first: 16/02 – 01/03, 15 days, 18000 × 14.5 % × 15 / 365 = 107.26 paid too, 392.74 left over.
    statement = compute(load(tmp_path, body), dt.date(2024, 4, 1))
    assert (statement.paid, statement.interest_paid, statement.unapplied) == (D("18000.00"), D("107.26"), D("392.74"))
    assert statement.notes[-1] == (
        "Paiements reçus au-delà du principal et des intérêts dus, non imputés : 392,74\u00a0€."
    )


def test_missing_half_year_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MissingRate) as info:
        compute(load(tmp_path, CONSUMER, debtor="consumer"), dt.date(2026, 7, 15))
    assert info.value.message == (
        "no legal interest rate for 2026-H2 in the rate tables; run relance rates update --from FILE, FILE being the page of the arrêté fixing the 2026-H2 rates "
        'saved from Légifrance, or: relance rates add legal_interest 2026-H2 --individual … --other … --source "arrêté du …"'
    )
    with pytest.raises(MissingRate, match="no ECB main refinancing rate confirmed for 2026-07-01"):
        compute(load(tmp_path, ONE), dt.date(2026, 7, 1))


def test_missing_half_year_added_in_relance_yaml(tmp_path: Path) -> None:
    loaded = load(
        tmp_path,
        ONE,
        config="""\
        rates:
          ecb: [{effective: 2026-07-01, rate: "2.15", source: "BCE, taux inchangé"}]
        """,
    )
    assert compute(loaded, dt.date(2026, 7, 2)).accounts[0].lines[-1].rate == D("12.15")


# --- a payment never raises what is owed (property) ------------------------------------------


def model_case(payments: list[dict]) -> LoadedCase:
    data = {
        "creditor": {"name": "C", "address": ["1 rue A", "69001 Lyon"]},
        "debtor": {"kind": "business", "name": "D", "address": ["2 rue B", "69002 Lyon"]},
        "invoices": [
            {"number": "A", "issued": "2024-01-10", "due": "2024-02-09", "amount": "4000.00"},
            {"number": "B", "issued": "2024-03-01", "due": "2024-03-31", "amount": "2500.00"},
        ],
        "payments": payments,
    }
    case = Case.model_validate(data)
    return LoadedCase(
        Path("c.yaml"),
        yamlsource.Source(Path("c.yaml"), data),
        case,
        case.creditor,
        Sender(role="creditor"),
        None,
        Repository(Path("."), Config()),
    )


payment_st = st.fixed_dictionaries(
    {
        "date": st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2025, 12, 31)).map(dt.date.isoformat),
        "amount": st.decimals(min_value=D("0.01"), max_value=D("8000"), places=2).map(str),
        "invoice": st.sampled_from([None, "A", "B"]),
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(payment_st, max_size=3), payment_st)
def test_a_payment_never_raises_what_is_owed(existing: list[dict], extra: dict) -> None:
    at = dt.date(2026, 1, 31)
    before = compute(model_case(existing), at)
    after = compute(model_case(existing + [extra]), at)
    assert after.total <= before.total
    assert after.balance <= before.balance


def test_missed_instalments_counts_only_days_already_past() -> None:
    plan = PaymentPlan.model_validate(
        {
            "date": "2026-01-10",
            "type": "payment_plan",
            "instalments": [{"due": "2026-02-01", "amount": "100.00"}, {"due": "2026-03-01", "amount": "100.00"}],
        }
    )
    paid = [Payment(date=dt.date(2026, 2, 1), amount=Decimal("100.00"))]
    assert missed_instalments(plan, paid, dt.date(2026, 3, 1)) == ()  # due today: not missed yet
    assert [i.due for i in missed_instalments(plan, paid, dt.date(2026, 3, 2))] == [dt.date(2026, 3, 1)]
    # A payment made before the plan was agreed does not count towards it.
    early = [Payment(date=dt.date(2026, 1, 5), amount=Decimal("200.00"))]
    assert len(missed_instalments(plan, early, dt.date(2026, 3, 2))) == 2
