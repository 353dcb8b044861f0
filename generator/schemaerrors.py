"""pydantic's errors on a case file or relance.yaml as located findings: the key's line, plain words, a fix.

``_explain`` words every schema error; the French catalogue (``ruletemplates``) reads its texts here.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from generator import yamlsource
from generator.errors import Finding
from generator.models import Case


def schema_findings(exc: ValidationError, source: yamlsource.Source, display: Path,
                    model: type[BaseModel] = Case) -> list[Finding]:
    """One finding per schema error, at the line of the key concerned, with a fix.

    ``model`` is what the file was checked against (a case, or relance.yaml's Config): hints on
    unknown keys list the keys of the right block.
    """
    findings = []
    seen: set[tuple[Any, ...]] = set()
    for error in exc.errors(include_url=False):
        loc = _clean_loc(error["loc"])
        rule, message, fix = _explain(error, loc, model)
        if error["type"] == "union_tag_invalid":
            loc = loc + ("type",)
        key = (loc, rule, message)
        if key in seen:
            continue
        seen.add(key)
        findings.append(Finding(rule, "error", display, source.line_of(loc), dotted(loc) or None, message, fix))
    return findings


def _clean_loc(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Drop pydantic's union-branch and discriminator tags, which are not keys of the file."""
    cleaned: list[str | int] = []
    for index, part in enumerate(loc):
        if isinstance(part, str):
            if part in _BRANCHES or part.startswith(("literal[", "function-", "tagged-union", "lax-")):
                continue
            # events[N] is followed by the discriminator value ("letter", "call", …)
            if index >= 2 and loc[index - 2] == "events" and isinstance(loc[index - 1], int):
                continue
        cleaned.append(part)
    return tuple(cleaned)


_BRANCHES = {"str", "constrained-str", "Creditor", "Sender", "Firm"}
_EVENT_TYPES = "letter, call, promise, dispute_opened, dispute_closed, payment_plan, acknowledgement, court_claim"


def dotted(loc: tuple[str | int, ...]) -> str:
    """``('invoices', 0, 'due')`` → ``invoices[0].due``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _explain(error: Any, loc: tuple[str | int, ...], model: type[BaseModel]) -> tuple[str, str, str]:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return "schema.unknown-key", f"unknown key '{loc[-1]}'", _key_hint(loc, model)
    if kind == "missing":
        return "schema.missing", "required key is missing", f"add '{loc[-1]}:' here (see `relance schema`)"
    if kind == "value_error":
        cause = ctx.get("error")
        message = str(cause or error["msg"])
        rule = getattr(cause, "rule", None) or ("schema.float-amount" if "YAML float" in message else (
            "schema.date" if "date" in message else "schema.value"))
        return rule, message, getattr(cause, "fix", "")
    if kind in ("literal_error", "enum"):
        return "schema.choice", f"'{error.get('input')}' is not allowed", f"use one of {ctx.get('expected', '')}"
    if kind == "union_tag_invalid":
        return "schema.choice", f"'{ctx.get('tag')}' is not an event type", f"use one of {_EVENT_TYPES}"
    if kind == "union_tag_not_found":
        return "schema.missing", "this event has no 'type'", f"add 'type:', one of {_EVENT_TYPES}"
    if kind.startswith(("date_", "datetime_")):
        return "schema.date", f"'{error.get('input')}' is not a valid date", "write it as YYYY-MM-DD, e.g. 2026-11-23"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return "schema.range", f"{error.get('input')} is out of range: {error['msg'].lower()}", \
            "see `relance schema` for the allowed values"
    if kind in ("too_short", "too_long", "string_too_short", "string_too_long"):
        return "schema.length", error["msg"].lower(), "see `relance schema` for the allowed size"
    return "schema.type", error["msg"], "see `relance schema` for the expected shape"


def _key_hint(loc: tuple[str | int, ...], root: type[BaseModel]) -> str:
    model = _model_at(loc[:-1], root)
    if model is None:
        return "remove it"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    return f"did you mean '{close[0]}'?" if close else f"remove it; allowed here: {', '.join(allowed)}"


def _model_at(loc: tuple[str | int, ...], root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``loc`` in a file checked against ``root``."""
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        annotation = model.model_fields[part].annotation
        model = _first_model(annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _first_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _first_model(arg)
        if found is not None:
            return found
    return None
