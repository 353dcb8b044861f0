"""The official sources of the rate tables, read into rows that carry their source and retrieval date.

* ECB main refinancing operations rate: the ECB Data Portal (no key), series
  ``FM.D.U2.EUR.4F.KR.MRR_FR.LEV``; ``endPeriod`` with ``lastNObservations=1`` answers the rate
  in force on that day (beyond-the-letter.md §1). L441-10 II C. com. takes the rate in force on
  1 January / 1 July, so a row is recorded with that day as its effective date.
* Legal interest rate (C. monét. fin. L313-2, D313-1-A): set by the half-yearly arrêté published
  in the Journal officiel, the only text that binds; its published text is read as saved from
  Légifrance. No keyless machine-readable feed of both categories could be confirmed
  (beyond-the-letter.md §1), so none is queried.

A reader refuses whatever it cannot attribute (an HTTP error, an empty or malformed answer, a
text that does not state both rates) with a message naming the source and what was wrong.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from generator.errors import RelanceError
from generator.frenchtext import MONTHS, date_long
from generator.raterows import EcbRateRow, LegalRateRow

ECB_SERIES = "FM.D.U2.EUR.4F.KR.MRR_FR.LEV"
ECB_URL = "https://data-api.ecb.europa.eu/service/data/FM/D.U2.EUR.4F.KR.MRR_FR.LEV"
TIMEOUT = httpx.Timeout(15.0, connect=10.0)
_RATE = re.compile(r"[0-9]{1,2}(\.[0-9]{1,4})?")


class SourceProblem(RelanceError):
    """An official source could not be read, or said something relance cannot attribute."""


@dataclass(frozen=True)
class Answer:
    """One HTTP answer as received, kept so it can be saved and replayed (``--save``, ``--from``)."""

    url: str
    status: int
    body: str
    retrieved: dt.date

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "status": self.status, "retrieved": self.retrieved.isoformat(), "body": self.body}

    @classmethod
    def from_json(cls, data: Any, where: str) -> Answer:
        try:
            return cls(
                str(data["url"]), int(data["status"]), str(data["body"]), dt.date.fromisoformat(str(data["retrieved"]))
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise SourceProblem(f"{where}: not a saved answer (needs url, status, retrieved, body): {exc}") from None


def ecb_url(day: dt.date) -> str:
    """The request for the ECB rate in force on ``day``."""
    return f"{ECB_URL}?endPeriod={day.isoformat()}&lastNObservations=1&format=csvdata&detail=dataonly"


def fetch(url: str, client: httpx.Client, today: dt.date) -> Answer:
    """GET ``url``; a failed connection, a timeout or a server error is tried once more."""
    last = ""
    for _ in range(2):
        try:
            response = client.get(url, timeout=TIMEOUT)
        except httpx.TimeoutException:
            last = "no answer within 15 seconds"
            continue
        except httpx.TransportError as exc:
            last = f"could not connect ({exc.__class__.__name__}: {exc})"
            continue
        if response.status_code >= 500:
            last = f"HTTP {response.status_code}"
            continue
        return Answer(url, response.status_code, response.text, today)
    host = urlsplit(url).netloc
    raise SourceProblem(
        f"{host} is unreachable or down ({last}, twice); nothing was recorded. "
        "Try again later, or on a machine with internet: relance rates update --save FILE, "
        "then relance rates update --from FILE here"
    )


def answer_day(answer: Answer) -> dt.date:
    """The day an ECB request asked about (its ``endPeriod``)."""
    values = parse_qs(urlsplit(answer.url).query).get("endPeriod", [])
    try:
        return dt.date.fromisoformat(values[0])
    except (IndexError, ValueError):
        raise SourceProblem(f"saved answer from {answer.url}: the request names no endPeriod=YYYY-MM-DD") from None


def read_ecb(answer: Answer) -> EcbRateRow:
    """The ECB rate in force on the day ``answer`` was asked about, as a row with its source."""
    day = answer_day(answer)
    what = f"the ECB Data Portal's answer for the rate on {day.isoformat()} (retrieved {answer.retrieved})"
    if answer.retrieved <= day:
        # A decision taking effect that day may not be in the series yet: only a later answer proves it.
        raise SourceProblem(
            f"{what}: retrieved before that day was over, so it cannot prove the rate in force "
            f"on it; nothing was recorded. Run relance rates update after {day.isoformat()}"
        )
    if answer.status == 404:
        raise SourceProblem(
            f"{what}: HTTP 404, no observation of series {ECB_SERIES} up to that day "
            f"({_detail(answer.body)}); nothing was recorded"
        )
    if answer.status != 200:
        raise SourceProblem(f"{what}: HTTP {answer.status} ({_detail(answer.body)}); nothing was recorded")
    if not answer.body.strip():
        raise SourceProblem(
            f"{what}: the answer is empty (no observation published yet?); nothing was recorded. Try again later"
        )
    rows = list(csv.DictReader(io.StringIO(answer.body)))
    columns = set(rows[0]) if rows else set()
    if not {"KEY", "TIME_PERIOD", "OBS_VALUE"} <= columns or len(rows) != 1:
        raise SourceProblem(
            f"{what}: not the expected CSV (one row with KEY, TIME_PERIOD and OBS_VALUE; got "
            f"{len(rows)} row(s): {answer.body[:80]!r}); nothing was recorded"
        )
    row = rows[0]
    key, value = (row["KEY"] or "").strip(), (row["OBS_VALUE"] or "").strip()
    try:
        changed = dt.date.fromisoformat((row["TIME_PERIOD"] or "").strip())
    except ValueError:
        raise SourceProblem(f"{what}: TIME_PERIOD {row['TIME_PERIOD']!r} is not a date; nothing was recorded") from None
    if key != ECB_SERIES:
        raise SourceProblem(f"{what}: series {key!r} instead of {ECB_SERIES}; nothing was recorded")
    if changed > day:
        raise SourceProblem(
            f"{what}: observation dated {changed.isoformat()}, after the day asked; nothing was recorded"
        )
    if not _RATE.fullmatch(value):
        raise SourceProblem(f"{what}: OBS_VALUE {value!r} is not a rate; nothing was recorded")
    # The observation's date is quoted as such: whether the series holds one observation per change
    # or per day could not be confirmed, so it is not called the date of the ECB's decision.
    source = (
        f"BCE, taux des opérations principales de refinancement en vigueur le {date_long(day)} "
        f"(ECB Data Portal, série {ECB_SERIES}, dernière observation du {date_long(changed)})"
    )
    return EcbRateRow.model_validate(
        {"effective": day, "rate": str(_two_places(Decimal(value))), "source": source, "retrieved": answer.retrieved}
    )


def _detail(body: str) -> str:
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    match = re.search(r'"detail"\s*:\s*"([^"]*)"', body)
    return (match.group(1) if match else text)[:120] or "no explanation given"


def _two_places(rate: Decimal) -> Decimal:
    exact = rate.quantize(Decimal("0.01"))
    return exact if exact == rate else rate


# --- The arrêté fixing the legal interest rate ---------------------------------------------------------

_DAY = r"(\d{1,2})(?:er)?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})"
_TITLE = re.compile(r"arrêté du " + _DAY + r" relatif à la fixation du taux de l'intérêt légal", re.I)
_HALF = re.compile(
    r"pour le (premier|second|deuxième) semestre (?:de l'année )?(\d{4}),? le taux de l'intérêt "
    r"légal est fixé",
    re.I,
)
_INDIVIDUAL = re.compile(
    r"personnes physiques n'agissant pas pour des besoins professionnels\s*:?\s*(?:à\s*)?"
    r"(\d{1,2},\d{2})\s*%",
    re.I,
)
_OTHER = re.compile(r"pour tous les autres cas\s*:?\s*(?:à\s*)?(\d{1,2},\d{2})\s*%", re.I)
_JORF = re.compile(r"JORF n°\s*(\d+) du " + _DAY, re.I)
_NOR = re.compile(r"NOR\s*:\s*([A-Z]{4}\d{7}[A-Z])")
_IN_FORCE = re.compile(r"(?:entre en vigueur|applicables?) (?:le|à compter du) 1er (janvier|juillet) (\d{4})", re.I)


def plain(text: str) -> str:
    """A saved page as plain text: tags dropped, entities decoded, apostrophes and spaces made plain."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split())


def read_arrete(text: str, where: str, retrieved: dt.date) -> LegalRateRow:
    """The legal interest rates of both categories from the published text of the half-year's arrêté."""
    body = plain(text)
    title, half, individual, other = (
        _TITLE.search(body),
        _HALF.search(body),
        _INDIVIDUAL.search(body),
        _OTHER.search(body),
    )
    missing = [
        name
        for name, found in (
            ("the title 'Arrêté du … relatif à la fixation du taux de l'intérêt légal'", title),
            ("the half-year ('Pour le premier/second semestre AAAA')", half),
            ("the rate for natural persons not acting for professional purposes", individual),
            ("the rate for all other cases", other),
        )
        if not found
    ]
    if missing:
        raise SourceProblem(
            f"{where}: not the published text of an arrêté fixing the legal interest rate; "
            f"missing: {'; '.join(missing)}. Nothing was recorded; save the arrêté's page from "
            "Légifrance, or add the rates by hand with relance rates add legal_interest"
        )
    assert title and half and individual and other
    several = [
        name
        for name, pattern in (
            ("half-years", _HALF),
            ("rates for natural persons", _INDIVIDUAL),
            ("rates for all other cases", _OTHER),
        )
        if len({m.group(0).lower() for m in pattern.finditer(body)}) > 1
    ]
    if several:
        raise SourceProblem(
            f"{where}: the text states several {' and '.join(several)}; nothing was recorded. "
            "Save the page of the one arrêté fixing the half-year's rates"
        )
    half_year = f"{half.group(2)}-H{1 if half.group(1).lower() == 'premier' else 2}"
    in_force = _IN_FORCE.search(body)
    if in_force:
        stated = f"{in_force.group(2)}-H{1 if in_force.group(1).lower() == 'janvier' else 2}"
        if stated != half_year:
            raise SourceProblem(
                f"{where}: the arrêté fixes the rates 'pour le {half.group(1)} semestre "
                f"{half.group(2)}' but applies from 1er {in_force.group(1)} {in_force.group(2)}; "
                "nothing was recorded. Check the text on Légifrance and add the row by hand "
                "with relance rates add legal_interest"
            )
    source = f"arrêté du {_date_words(title)}"
    jorf, nor = _JORF.search(body), _NOR.search(body)
    details = ([f"JORF n° {jorf.group(1)} du {_date_words(jorf, 2)}"] if jorf else []) + (
        [f"NOR {nor.group(1)}"] if nor else []
    )
    if details:
        source += f" ({', '.join(details)})"
    return LegalRateRow.model_validate(
        {
            "half_year": half_year,
            "individual": individual.group(1).replace(",", "."),
            "other": other.group(1).replace(",", "."),
            "source": source,
            "retrieved": retrieved,
        }
    )


def _date_words(match: re.Match[str], first: int = 1) -> str:
    day, month, year = match.group(first), match.group(first + 1).lower(), match.group(first + 2)
    return f"{'1er' if day == '1' else day} {month} {year}"
