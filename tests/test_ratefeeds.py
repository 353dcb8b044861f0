"""Reading the official rate sources: recorded ECB Data Portal answers and arrêté pages, no network."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from generator import ratefeeds
from generator.ratefeeds import Answer, SourceProblem, read_arrete, read_ecb

RECORDED = Path(__file__).parent / "fixtures" / "rates"
TODAY = dt.date(2026, 12, 3)
ASKED = "the ECB Data Portal's answer for the rate on 2026-07-01 (retrieved 2026-12-03)"
HEAD = "KEY,FREQ,REF_AREA,CURRENCY,PROVIDER_FM,INSTRUMENT_FM,PROVIDER_FM_ID,DATA_TYPE_FM,TIME_PERIOD,OBS_VALUE\n"
KEY = "FM.D.U2.EUR.4F.KR.MRR_FR.LEV,D,U2,EUR,4F,KR,MRR_FR,LEV"


def recorded(name: str) -> Answer:
    data = json.loads((RECORDED / name).read_text(encoding="utf-8"))
    return Answer.from_json(data["answers"][0], name)


def answer(body: str, status: int = 200, day: str = "2026-07-01") -> Answer:
    return Answer(ratefeeds.ecb_url(dt.date.fromisoformat(day)), status, body, TODAY)


def test_the_request_asks_for_the_last_observation_up_to_the_day() -> None:
    assert ratefeeds.ecb_url(dt.date(2026, 7, 1)) == (
        "https://data-api.ecb.europa.eu/service/data/FM/D.U2.EUR.4F.KR.MRR_FR.LEV"
        "?endPeriod=2026-07-01&lastNObservations=1&format=csvdata&detail=dataonly"
    )


def test_a_recorded_answer_gives_the_rate_in_force_on_1_july_with_its_source() -> None:
    row = read_ecb(recorded("ecb-2026-07-01.json"))
    assert (row.effective, row.rate, row.retrieved) == (dt.date(2026, 7, 1), Decimal("2.15"), TODAY)
    assert row.source == (
        "BCE, taux des opérations principales de refinancement en vigueur le 1er juillet 2026 "
        "(ECB Data Portal, série FM.D.U2.EUR.4F.KR.MRR_FR.LEV, dernière observation du 11 juin 2025)"
    )


def test_columns_are_read_by_name_wherever_they_sit() -> None:
    body = "TIME_PERIOD,OBS_VALUE,KEY,OBS_STATUS\n2025-06-11,2.1500,FM.D.U2.EUR.4F.KR.MRR_FR.LEV,A\n"
    assert read_ecb(answer(body)).rate == Decimal("2.15")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "ecb-empty.json",
            f"{ASKED}: the answer is empty (no observation published yet?); nothing was recorded. Try again later",
        ),
        (
            "ecb-http-404.json",
            f"{ASKED}: HTTP 404, no observation of series FM.D.U2.EUR.4F.KR.MRR_FR.LEV up to that "
            "day (No results found.); nothing was recorded",
        ),
        (
            "ecb-malformed.json",
            f"{ASKED}: not the expected CSV (one row with KEY, TIME_PERIOD and OBS_VALUE; got 0 "
            "row(s): '<html><head><title>Request blocked</title></head><body>Request blocked.</body></'"
            "); nothing was recorded",
        ),
    ],
)
def test_recorded_failures_are_refused_with_what_was_wrong(name: str, message: str) -> None:
    with pytest.raises(SourceProblem) as caught:
        read_ecb(recorded(name))
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ("Service Unavailable", 503, "HTTP 503 (Service Unavailable); nothing was recorded"),
        (
            HEAD + KEY + ",2025-06-11,2.15\n" + KEY + ",2025-06-12,2.15\n",
            200,
            "not the expected CSV (one row with KEY, TIME_PERIOD and OBS_VALUE; got 2 row(s): 'KEY,FREQ,REF_AREA,CURRENCY,"
            "PROVIDER_FM,INSTRUMENT_FM,PROVIDER_FM_ID,DATA_TYPE_FM'); nothing was recorded",
        ),
        (
            HEAD + "FM.D.U2.EUR.4F.KR.DFR.LEV,D,U2,EUR,4F,KR,DFR,LEV,2025-06-11,2.00\n",
            200,
            "series 'FM.D.U2.EUR.4F.KR.DFR.LEV' instead of FM.D.U2.EUR.4F.KR.MRR_FR.LEV; nothing was recorded",
        ),
        (
            HEAD + KEY + ",2026-07-02,2.40\n",
            200,
            "observation dated 2026-07-02, after the day asked; nothing was recorded",
        ),
        (HEAD + KEY + ",11/06/2025,2.15\n", 200, "TIME_PERIOD '11/06/2025' is not a date; nothing was recorded"),
        (HEAD + KEY + ",2025-06-11,NaN\n", 200, "OBS_VALUE 'NaN' is not a rate; nothing was recorded"),
        (HEAD + KEY + ",2025-06-11,-0.50\n", 200, "OBS_VALUE '-0.50' is not a rate; nothing was recorded"),
    ],
)
def test_answers_that_cannot_be_attributed_are_refused(body: str, status: int, message: str) -> None:
    with pytest.raises(SourceProblem) as caught:
        read_ecb(answer(body, status))
    assert caught.value.message == f"{ASKED}: {message}"


@pytest.mark.parametrize("retrieved", [dt.date(2026, 6, 20), dt.date(2026, 7, 1)])
def test_an_answer_retrieved_before_the_day_was_over_proves_nothing(retrieved: dt.date) -> None:
    early = Answer(ratefeeds.ecb_url(dt.date(2026, 7, 1)), 200, HEAD + KEY + ",2025-06-11,2.15\n", retrieved)
    with pytest.raises(SourceProblem) as caught:
        read_ecb(early)
    assert caught.value.message == (
        f"the ECB Data Portal's answer for the rate on 2026-07-01 (retrieved {retrieved.isoformat()}): retrieved "
        "before that day was over, so it cannot prove the rate in force on it; nothing was recorded. Run relance "
        "rates update after 2026-07-01"
    )


def test_a_saved_answer_without_its_request_date_is_refused() -> None:
    with pytest.raises(SourceProblem, match="the request names no endPeriod=YYYY-MM-DD"):
        read_ecb(Answer("https://data-api.ecb.europa.eu/service/data/FM/x", 200, "", TODAY))


# --- The HTTP client: timeout, one retry, a clear message -------------------------------------------


def client(*steps: object) -> tuple[httpx.Client, list[str]]:
    """A client replaying ``steps`` (a status and body, or an exception) instead of the network."""
    seen: list[str] = []
    queue = list(steps)

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        step = queue.pop(0)
        if isinstance(step, Exception):
            raise step
        status, body = step  # type: ignore[misc]
        return httpx.Response(status, text=body)

    return httpx.Client(transport=httpx.MockTransport(handle)), seen


def test_a_server_error_is_tried_once_more() -> None:
    http, seen = client((502, "Bad Gateway"), (200, "body"))
    got = ratefeeds.fetch(ratefeeds.ecb_url(dt.date(2026, 7, 1)), http, TODAY)
    assert (got.status, got.body, got.retrieved, len(seen)) == (200, "body", TODAY, 2)


def test_a_source_down_twice_says_what_failed_and_what_to_do() -> None:
    http, seen = client(
        httpx.ConnectError("Name or service not known"), httpx.ConnectError("Name or service not known")
    )
    with pytest.raises(SourceProblem) as caught:
        ratefeeds.fetch(ratefeeds.ecb_url(dt.date(2026, 7, 1)), http, TODAY)
    assert len(seen) == 2
    assert caught.value.message == (
        "data-api.ecb.europa.eu is unreachable or down (could not connect (ConnectError: Name or service not known), "
        "twice); nothing was recorded. Try again later, or on a machine with internet: relance rates update "
        "--save FILE, then relance rates update --from FILE here"
    )


def test_a_timeout_is_named() -> None:
    http, _ = client(httpx.ReadTimeout("slow"), (503, "busy"))
    with pytest.raises(SourceProblem, match=r"unreachable or down \(HTTP 503, twice\)"):
        ratefeeds.fetch(ratefeeds.ecb_url(dt.date(2026, 7, 1)), http, TODAY)
    http, _ = client(httpx.ReadTimeout("slow"), httpx.ReadTimeout("slow"))
    with pytest.raises(SourceProblem, match=r"no answer within 15 seconds, twice"):
        ratefeeds.fetch(ratefeeds.ecb_url(dt.date(2026, 7, 1)), http, TODAY)


def test_a_client_error_is_returned_for_the_reader_to_refuse() -> None:
    http, seen = client((404, '{"detail":"No results found."}'))
    got = ratefeeds.fetch(ratefeeds.ecb_url(dt.date(2026, 7, 1)), http, TODAY)
    assert (got.status, len(seen)) == (404, 1)


# --- The arrêté ---------------------------------------------------------------------------------------

ARRETE = (RECORDED / "arrete-2026-H2.html").read_text(encoding="utf-8")


def test_the_arrete_gives_both_rates_and_its_reference() -> None:
    row = read_arrete(ARRETE, "arrete.html", TODAY)
    assert (row.half_year, row.individual, row.other, row.retrieved) == (
        "2026-H2",
        Decimal("6.40"),
        Decimal("2.45"),
        TODAY,
    )
    assert row.source == "arrêté du 22 juin 2026 (JORF n° 0150 du 27 juin 2026, NOR TEST2600000A)"


@pytest.mark.parametrize(
    "variant",
    [
        ARRETE.replace("’", "'"),  # typewriter apostrophes
        ARRETE.replace("&nbsp;", " "),  # plain spaces
        ARRETE.replace("<p>", "<p>\n").replace("&nbsp;: à", "\n:\nà"),  # line breaks
        ARRETE.replace("second semestre", "deuxième semestre"),  # a synonym
        ARRETE.replace("Pour le second", "POUR LE SECOND"),  # capitals
        " ".join(ARRETE.split()),  # a page saved as text on one line
    ],
)
def test_the_arrete_is_read_whatever_its_typography(variant: str) -> None:
    assert variant != ARRETE
    row = read_arrete(variant, "arrete.html", TODAY)
    assert (row.half_year, row.individual, row.other) == ("2026-H2", Decimal("6.40"), Decimal("2.45"))


def test_an_arrete_of_the_first_half_year_and_one_without_jorf_details() -> None:
    text = (
        ARRETE.replace("second semestre", "premier semestre")
        .replace("1er juillet 2026", "1er janvier 2026")
        .replace("JORF n°0150 du 27 juin 2026", "")
        .replace("NOR : TEST2600000A", "")
    )
    row = read_arrete(text, "arrete.html", TODAY)
    assert (row.half_year, row.source) == ("2026-H1", "arrêté du 22 juin 2026")


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        (ARRETE.replace("2° Pour tous les autres cas&nbsp;: à 2,45&nbsp;%.", ""), "the rate for all other cases"),
        (ARRETE.replace("6,40", "six"), "the rate for natural persons not acting for professional purposes"),
        (
            ARRETE.replace("second semestre 2026", "semestre prochain"),
            "the half-year ('Pour le premier/second semestre AAAA')",
        ),
        (
            "<html><body>Page introuvable</body></html>",
            "the title 'Arrêté du … relatif à la fixation du taux de l'intérêt légal'; the half-year ('Pour le "
            "premier/second semestre AAAA'); the rate for natural persons not acting for professional purposes; "
            "the rate for all other cases",
        ),
    ],
)
def test_a_text_that_does_not_state_both_rates_is_refused(text: str, missing: str) -> None:
    with pytest.raises(SourceProblem) as caught:
        read_arrete(text, "arrete.html", TODAY)
    assert caught.value.message == (
        f"arrete.html: not the published text of an arrêté fixing the legal interest rate; missing: {missing}. "
        "Nothing was recorded; save the arrêté's page from Légifrance, or add the rates by hand with relance "
        "rates add legal_interest"
    )


def test_a_half_year_contradicting_the_entry_into_force_is_refused() -> None:
    with pytest.raises(SourceProblem) as caught:
        read_arrete(ARRETE.replace("second semestre", "premier semestre"), "arrete.html", TODAY)
    assert caught.value.message == (
        "arrete.html: the arrêté fixes the rates 'pour le premier semestre 2026' but applies from 1er juillet 2026; "
        "nothing was recorded. Check the text on Légifrance and add the row by hand with relance rates add "
        "legal_interest"
    )


def test_a_page_stating_two_half_years_is_refused() -> None:
    older = (
        "<p>Pour le premier semestre 2026, le taux de l'intérêt légal est fixé : 1° Pour les créances des "
        "personnes physiques n'agissant pas pour des besoins professionnels : à 6,67 % ; 2° Pour tous les "
        "autres cas : à 2,62 %.</p>"
    )
    with pytest.raises(SourceProblem) as caught:
        read_arrete(ARRETE.replace("</body>", older + "</body>"), "arrete.html", TODAY)
    assert caught.value.message == (
        "arrete.html: the text states several half-years and rates for natural persons and rates for all other "
        "cases; nothing was recorded. Save the page of the one arrêté fixing the half-year's rates"
    )


def test_an_empty_saved_page_is_refused() -> None:
    with pytest.raises(SourceProblem, match="^empty.html: not the published text of an arrêté"):
        read_arrete("", "empty.html", TODAY)
