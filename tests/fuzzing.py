"""Mutated case files and the judge of what relance says about them.

Shared by the property test (tests/test_fuzz.py, a few dozen files per run) and the long run
(benchmarks/fuzz_bench.py, ten thousand). A mutation starts from one of the example cases and
applies one to three changes drawn from a ``random.Random`` — hypothesis passes its own, so a
failing file shrinks to a small list of changes. The judge runs ``relance validate`` and
``relance statement`` on the file and lists what breaks the contract: an exit code other than
0, 1 or 2, a traceback, or a message that does not start with ``file:line:``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted([*(ROOT / "cases").glob("*.yaml"), *(ROOT / "tests" / "fixtures" / "repo" / "cases").glob("*.yaml")])
AS_OF = "2026-06-30"  # the rate tables end with 2026-H1: figures up to this day are computable

KEYS = [
    "creditor",
    "debtor",
    "invoices",
    "payments",
    "events",
    "letters",
    "terms",
    "sender",
    "kind",
    "name",
    "address",
    "amount",
    "date",
    "due",
    "issued",
    "number",
    "type",
    "letter",
    "channel",
    "deadline_days",
    "late_penalty_rate",
    "paragraph",
    "note",
    "pdf",
    "instalments",
    "promised_date",
    "invoice",
    "siren",
    "iban",
    "reference",
    "received",
    "attention",
    "civility",
    "firm",
    "mandate",
    "role",
]

HOSTILE = [
    "",
    "~",
    "null",
    "true",
    "NO",
    "0",
    "-1",
    "-0.00",
    "012",
    "1_000",
    "1e309",
    ".nan",
    "-.inf",
    "18000.505",
    "9" * 41,
    "-" + "9" * 20,
    "9" * 5000,
    '"' + "9" * 13 + '.00"',
    '"-15.00"',
    '"1 500,00 €"',
    "2024-02-30",
    "2024-13-01",
    "0001-01-01",
    "9999-12-31",
    "1949-12-31",
    "2100-01-01",
    "2024-1-5",
    "2024-02-15T10:00:00",
    '"31/12/2024"',
    "[]",
    "{}",
    "[1, 2]",
    "{a: 1}",
    "*nowhere",
    "&a",
    "!!binary AA==",
    "!!python/object/apply:os.system [ls]",
    "<<: {a: 1}",
    "|",
    ">-",
    '"',
    "'",
    "'it''s'",
    '"\\u0000"',
    "\x00",
    "\x07",
    "\x1b[31m",
    "\u202e",
    "\ufeff",
    "\u00a0",
    "é",
    "😀" * 50,
    "a" * 2001,
    "a" * 201,
    '"' + "1. " * 400 + '"',
    '"' + "> " * 300 + '"',
    '"' + "*" * 1500 + '"',
    "'../../etc/passwd'",
    "'/dev/zero'",
    "'.'",
    "'cases/'",
    "mise_en_demeure",
    "lrar",
    "consumer",
    "business",
    "recovery_firm",
]


@dataclass
class Verdict:
    """What the judge found wrong with relance's answer to one file (nothing, ideally)."""

    tracebacks: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.tracebacks or self.hangs or self.unlocated or set(self.exit_codes) - {0, 1, 2})


# --- mutations --------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _value_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")]


def _delete_line(text: str, rnd: random.Random) -> str:
    lines = _lines(text)
    del lines[rnd.randrange(len(lines))]
    return "\n".join(lines)


def _duplicate_line(text: str, rnd: random.Random) -> str:
    lines = _lines(text)
    index = rnd.randrange(len(lines))
    lines.insert(index, lines[index])
    return "\n".join(lines)


def _swap_lines(text: str, rnd: random.Random) -> str:
    lines = _lines(text)
    a, b = rnd.randrange(len(lines)), rnd.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def _rename_key(text: str, rnd: random.Random) -> str:
    key = rnd.choice(KEYS)
    new = rnd.choice([key.upper(), key[:-1], key + "s", key.replace("_", "-"), "é" + key, rnd.choice(KEYS)])
    return re.sub(rf"\b{key}:", f"{new}:", text, count=rnd.randint(1, 3))


def _replace_value(text: str, rnd: random.Random) -> str:
    lines = _lines(text)
    candidates = _value_lines(lines)
    if not candidates:
        return text
    index = rnd.choice(candidates)
    line = lines[index]
    value = rnd.choice(HOSTILE)
    # Either the value after a key (block style), or one inside a flow mapping.
    matches = list(re.finditer(r"(\b[a-z_]+: )([^,{}\[\]\n]*)", line))
    if not matches:
        return text
    match = rnd.choice(matches)
    lines[index] = line[: match.start(2)] + value + line[match.end(2) :]
    return "\n".join(lines)


def _wrong_type(text: str, rnd: random.Random) -> str:
    """Parse, turn one node into another type, dump: a structural change in valid YAML."""
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError, ValueError):  # what the mutations before made unreadable
        return text
    if not isinstance(data, dict):
        return text
    nodes: list[tuple[Any, Any]] = []
    seen: set[int] = set()
    stack = [data]
    while stack and len(seen) < 10_000:
        node = stack.pop()
        if id(node) in seen:  # aliases share (or contain) their block
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            nodes.extend((node, key) for key in node)
            stack.extend(node.values())
        elif isinstance(node, list):
            nodes.extend((node, i) for i in range(len(node)))
            stack.extend(node)
    if not nodes:
        return text
    parent, key = rnd.choice(nodes)
    action = rnd.randrange(6)
    if action == 0:
        del parent[key]
    elif action == 1:
        parent[key] = rnd.choice([None, True, 0, -7, 10**15, 1.5, "x", [], {}, [parent[key]], {"k": parent[key]}])
    elif action == 2 and isinstance(parent, dict):
        parent[key + "_"] = parent[key]
    elif action == 3:
        parent[key] = dt.date(rnd.randint(1, 9999), rnd.randint(1, 12), rnd.randint(1, 28))
    elif action == 4 and isinstance(parent, list):
        parent.extend([parent[key]] * rnd.randint(1, 50))
    else:
        parent[key] = str(parent[key]) * rnd.randint(1, 40)
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=rnd.random() < 0.5)
    except (yaml.YAMLError, RecursionError, TypeError):
        return text


def _alias(text: str, rnd: random.Random) -> str:
    lines = _lines(text)
    candidates = [i for i in _value_lines(lines) if lines[i].rstrip().endswith(":")]
    if candidates and rnd.random() < 0.5:
        index = rnd.choice(candidates)  # a block key: anchor it, and point a later key back at it
        lines[index] = lines[index] + " &x"
        lines.insert(rnd.randint(index + 1, len(lines)), lines[index].split(":")[0].replace("-", " ") + ": *x")
    else:
        lines.insert(rnd.randrange(len(lines) + 1), "bomb: &b [" + ", ".join(["*b"] * rnd.randint(1, 9)) + "]")
    return "\n".join(lines)


def _nesting(text: str, rnd: random.Random) -> str:
    depth = rnd.choice([5, 19, 21, 100, 999, 1001, 1500])
    opener, closer = rnd.choice([("[", "]"), ("{a: ", "}")])
    return text + f"\nnotes: {opener * depth}1{closer * depth}\n"


def _characters(text: str, rnd: random.Random) -> str:
    chars = [
        "\x00",
        "\x01",
        "\x1b",
        "\t",
        "\r",
        "\u2028",
        "\u202e",
        "\ufeff",
        "\ufffd",
        "é",
        "’",
        "€",
        "\u00a0",
        "\U0001f600",
        "\udcff",
        ":",
        "#",
        "&",
        "*",
        "!",
        "%",
        "@",
        "`",
        "'",
        '"',
        "{",
        "[",
        "-",
    ]
    for _ in range(rnd.randint(1, 5)):
        position = rnd.randrange(len(text) + 1)
        text = text[:position] + rnd.choice(chars) + text[position:]
    return text


def _encoding(text: str, rnd: random.Random) -> str:
    choice = rnd.randrange(4)
    if choice == 0:
        return "\ufeff" + text
    if choice == 1:
        return text.replace("\n", "\r\n")
    if choice == 2:
        return re.sub(r"^( +)", lambda m: "\t" * rnd.randint(1, 2) + m.group(1)[2:], text, count=3, flags=re.M)
    return text[: rnd.randrange(len(text) + 1)]  # cut short


MUTATIONS: list[Callable[[str, random.Random], str]] = [
    _delete_line,
    _duplicate_line,
    _swap_lines,
    _rename_key,
    _replace_value,
    _replace_value,
    _wrong_type,
    _wrong_type,
    _alias,
    _nesting,
    _characters,
    _encoding,
]


def mutate(rnd: random.Random) -> tuple[str, str]:
    """A mutated example case: its name and its text (which may hold lone surrogates: bad bytes)."""
    example = rnd.choice(EXAMPLES)
    text = example.read_text(encoding="utf-8")
    for _ in range(rnd.randint(1, 3)):
        text = rnd.choice(MUTATIONS)(text, rnd)
    return example.name, text


def write(path: Path, text: str) -> None:
    # A lone surrogate stands for a byte that is not UTF-8: written as that byte.
    path.write_bytes(text.encode("utf-8", "surrogateescape") if _surrogates(text) else text.encode("utf-8"))


def _surrogates(text: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in text)


# --- the judge -------------------------------------------------------------------------------

_SUMMARY = re.compile(r"^\d+ cases? checked: ")


def judge(repo: Path, name: str, limit: float = 5.0, runner: CliRunner | None = None) -> Verdict:
    """Run validate and statement on ``repo/cases/name`` (the working directory is ``repo``)."""
    runner = runner or CliRunner()
    verdict = Verdict()
    display = f"cases/{name}"
    located = re.compile(rf"^({re.escape(display)}|[^:\s]+\.html):\d+: ")
    for args in (["validate", "--as-of", AS_OF, display], ["statement", "--as-of", AS_OF, display]):
        started = time.monotonic()
        result = runner.invoke(cli, args)
        if time.monotonic() - started > limit:
            verdict.hangs.append(f"{args[0]}: {time.monotonic() - started:.1f} s")
        verdict.exit_codes.append(result.exit_code)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            verdict.tracebacks.append(f"{args[0]}: {type(result.exception).__name__}: {result.exception}")
            continue
        if result.exit_code == 0 and args[0] == "statement":
            continue  # the statement itself
        for line in result.output.splitlines():
            if not line.strip() or _SUMMARY.match(line):
                continue
            if (
                args[0] == "statement"
                and line == f"Error: {display}: cannot compute the statement, the case file has errors:"
            ):
                continue  # the header above the located findings
            if not located.match(line.removeprefix("Error: ")):
                verdict.unlocated.append(f"{args[0]}: {line[:300]}")
    return verdict
