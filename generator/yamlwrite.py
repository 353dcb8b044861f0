"""Values written as YAML text that reads back as exactly those values: the lines an edit splices in.

Money and rates are quoted text, dates ISO, and a string that YAML 1.1 or 1.2 would read as
something else (``yes``, ``012``, ``a: b``) is quoted; mappings in block or flow style.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

Key = str | int

# Plain scalars that read back as the same text in YAML 1.2 and in editors' YAML 1.1.
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-/]*")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def scalar(value: Any) -> str:
    """``value`` written as a YAML scalar that reads back as exactly that value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f'"{value}"'  # money and rates are always quoted text (floats are refused)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if _PLAIN.fullmatch(value) and value.lower() not in _RESERVED:
            return value
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one
    raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")


def flow(value: Any) -> str:
    """``value`` in YAML flow style, on one line."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def block(value: Mapping[str, Any], indent: int, first_prefix: str = "") -> list[str]:
    """A mapping in block style at ``indent`` columns; ``first_prefix`` replaces the first
    line's indentation (``"- "`` for a sequence item)."""
    lines: list[str] = []
    for key, item in value.items():
        if isinstance(item, Mapping) and item:
            head = f"{scalar(key)}:"
            body = block(item, indent + 2)
        elif isinstance(item, list | tuple) and item and all(isinstance(i, Mapping) for i in item):
            head = f"{scalar(key)}:"
            body = [line for i in item for line in block(i, indent + 4, " " * (indent + 2) + "- ")]
        else:
            head, body = f"{scalar(key)}: {flow(item)}", []
        prefix = first_prefix if not lines and first_prefix else " " * indent
        lines.append(prefix + head)
        lines.extend(body)
    return lines


def as_parsed(value: Any) -> Any:
    """``value`` as the project's loader reads it back (money as text, tuples as lists)."""
    if isinstance(value, Mapping):
        return {k: as_parsed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_parsed(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def entry(key: Key, value: Any, indent: int, list_offset: int) -> list[str]:
    """``key: value`` as the lines of a mapping's entry at ``indent``; a list's dashes ``list_offset`` further in."""
    pad = " " * indent
    if isinstance(value, Mapping) and value:
        return [f"{pad}{scalar(key)}:", *block(value, indent + 2)]
    if isinstance(value, list | tuple) and value:
        dash = indent + list_offset
        lines = [f"{pad}{scalar(key)}:"]
        for item in value:
            if isinstance(item, Mapping) and item:
                lines += block(item, dash + 2, " " * dash + "- ")
            else:
                lines.append(" " * dash + "- " + flow(item))
        return lines
    if isinstance(value, Mapping):
        return [f"{pad}{scalar(key)}: {{}}"]
    return [f"{pad}{scalar(key)}: {flow(value)}"]


def joined(lines: list[str], text: str, at: int) -> str:
    """``lines`` as the text to insert at ``at`` in ``text``, each line ended."""
    # Inserting after a last line that has no newline: start a new line first.
    lead = "\n" if at == len(text) and text and not text.endswith("\n") else ""
    return lead + "".join(line + "\n" for line in lines)
