"""pydantic's errors on a case file or relance.yaml as located findings: the key's line, plain words, a fix.

``_explain`` words every schema error; the French catalogue (``ruletemplates``) reads its texts here.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from generator import yamlsource
from generator.errors import Finding
from generator.models import Case


def schema_findings(
    exc: ValidationError, source: yamlsource.Source, display: Path, model: type[BaseModel] = Case
) -> list[Finding]:
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
        rule = getattr(cause, "rule", None) or (
            "schema.float-amount"
            if "YAML float" in message
            else ("schema.date" if "date" in message else "schema.value")
        )
        return rule, message, getattr(cause, "fix", "")
    if kind in ("literal_error", "enum"):
        # pydantic joins the values in English ("'a', 'b' or 'c'"): listed with commas, as the event types are.
        expected = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", "")))) or ctx.get("expected", "")
        return "schema.choice", f"'{error.get('input')}' is not allowed", f"use one of {expected}"
    if kind == "union_tag_invalid":
        return "schema.choice", f"'{ctx.get('tag')}' is not an event type", f"use one of {_EVENT_TYPES}"
    if kind == "union_tag_not_found":
        return "schema.missing", "this event has no 'type'", f"add 'type:', one of {_EVENT_TYPES}"
    if kind.startswith(("date_", "datetime_")):
        return "schema.date", f"'{error.get('input')}' is not a valid date", "write it as YYYY-MM-DD, e.g. 2026-11-23"
    return _explain_shape(error, kind, ctx)


def _explain_shape(error: Any, kind: str, ctx: dict[str, Any]) -> tuple[str, str, str]:
    """A value of the wrong type, size or range, in the clerk's words rather than pydantic's."""
    given = error.get("input")
    limits = "see `relance schema` for the allowed values"
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        if kind == "greater_than":
            return "schema.range", f"{given} is too small: more than {bound} is needed", limits
        return "schema.range", f"{given} is too small: at least {bound} is needed", limits
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        if kind == "less_than":
            return "schema.range", f"{given} is too large: less than {bound} is needed", limits
        return "schema.range", f"{given} is too large: at most {bound} is allowed", limits
    size = len(given) if isinstance(given, str | list | dict) else 0
    if kind == "string_too_long":
        most = ctx.get("max_length")
        return "schema.length", f"the text has {size} characters: at most {most} are allowed", limits
    if kind == "string_too_short":
        least = ctx.get("min_length")
        return "schema.length", f"the text has {size} characters: at least {least} are needed", limits
    if kind == "too_long":
        most = ctx.get("max_length")
        return "schema.length", f"the list has {size} items: at most {most} are allowed", limits
    if kind == "too_short":
        least = ctx.get("min_length")
        return "schema.length", f"the list has {size} items: at least {least} are needed", limits
    if kind == "string_type" and isinstance(given, list):
        return (
            "schema.type",
            "a list is given where a text is expected",
            "write a single text, in quotes if it starts with [",
        )
    if kind == "string_type" and isinstance(given, dict):
        return (
            "schema.type",
            "a block of keys is given where a text is expected",
            "write a single text, in quotes if it holds a colon followed by a space",
        )
    if kind == "string_type":
        return "schema.type", "a text is expected here", "write it in quotes"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "schema.type", f"'{given}' is not a whole number", "write a whole number in figures, e.g. 10"
    if kind in ("bool_type", "bool_parsing"):
        return "schema.type", f"'{given}' is not true or false", "write true or false"
    if kind == "list_type":
        return "schema.type", "a list is expected here", "write one line starting with '- ' per item, or [a, b]"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (
            "schema.type",
            "a block of keys is expected here",
            "write its keys on the lines below it, indented, as `relance schema` shows",
        )
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
