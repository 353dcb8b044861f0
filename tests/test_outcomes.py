"""Build outcomes survive the manifest: what the next build reads back is what this one wrote."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.errors import Finding
from generator.outcomes import CaseRecord, LetterOutcome, record_from_json, record_to_json


def record() -> CaseRecord:
    finding = Finding(
        "med.deadline-range",
        "error",
        Path("cases/a.yaml"),
        12,
        "letters[0].deadline_days",
        "deadline_days is 3",
        "set deadline_days between 8 and 15",
        0,
    )
    letter = LetterOutcome(
        0,
        "relance_1",
        dt.date(2026, 2, 20),
        "1-relance_1",
        "blocked",
        html="2026-02-20-relance_1.html",
        messages=["warning: font"],
    )
    return CaseRecord(
        inputs={"file:/a": "abc"},
        files=["/t/letters/relance_1.html"],
        outputs=["cases/a/index.html"],
        path=Path("cases/a.yaml"),
        broken=False,
        findings=[finding],
        letters=[letter],
        summary={"slug": "a"},
    )


def test_a_record_round_trips_through_json_text() -> None:
    data = json.loads(json.dumps(record_to_json(record())))
    assert data["letters"][0]["date"] == "2026-02-20"
    assert data["findings"][0]["path"] == "cases/a.yaml"
    assert record_from_json(data) == record()


def test_a_record_of_another_shape_is_refused() -> None:
    data = record_to_json(record())
    del data["letters"]
    with pytest.raises(ValidationError):
        record_from_json(data)
