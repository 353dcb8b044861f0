"""Read YAML into plain data while remembering the line of every key and item.

PyYAML's safe loader follows YAML 1.1, where ``NO`` is false, ``012`` is octal 10 and
``1_000`` is an integer: in a case file each of those silently changes data. This loader
resolves scalars the YAML 1.2 way instead: only ``true``/``false`` are booleans, only
plain decimal digits are integers, ``YYYY-MM-DD`` is a date and everything else stays
text. Floats are kept as floats so the schema can refuse them with a hint (money must be
quoted). Duplicate keys, merge keys, huge files, alias bombs and cycles, nesting deeper than
any case file needs and numbers longer than any amount are refused, each with its line. Only
regular files are read: a FIFO or a device named ``*.yaml`` would block or never end.
"""

from __future__ import annotations

import datetime as dt
import operator
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator import yamlsyntax

MAX_BYTES = 1_000_000  # a case file is a few kilobytes; a megabyte is already absurd
MAX_NODES = 100_000  # bound on values built, so aliases cannot multiply into millions
MAX_DEPTH = 20  # a case file nests five levels (events[0].instalments[0].amount); twenty is absurd
MAX_DIGITS = 30  # an amount is below 10**12 euros: a longer number is a typo or an attack

Loc = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMERIC_START = frozenset("+-.0123456789")  # how every number and date above begins
# The plain scalars that are not text (YAML 1.2 core schema).
_WORDS: dict[str, None | bool] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_STR = "tag:yaml.org,2002:str"


class YamlProblem(Exception):
    """The file cannot be read as YAML; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None, fix: str = "", rule: str = "yaml.syntax"):
        super().__init__(message)
        self.message = message
        self.line = line
        self.fix = fix
        self.rule = rule


# libyaml's parser when PyYAML was built with it (the usual wheels are): same nodes, same
# marks, several times faster on thousands of case files.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_PLAIN_TAGS = {
    ScalarNode: "tag:yaml.org,2002:str",
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}


class _Composer(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader whose only job is composing nodes; tags are resolved by ``_build``."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        # The composer calls these two around every node to follow path resolvers, which relance
        # never registers: C callables that do nothing save two Python calls a node.
        self.descend_resolver = operator.is_  # (parent, index): compared, the answer ignored
        self.ascend_resolver = ().__len__  # (): returns 0, ignored

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        # No YAML 1.1 implicit resolution: every untagged scalar is composed as a string and
        # ``_build`` decides what it is, so no ``yes``/``NO``/``012``/``1_000`` surprise is
        # possible. Answering directly also skips the generic lookup, a third of composing time.
        return _PLAIN_TAGS[kind]


@dataclass
class Source:
    """Plain data read from one YAML file, with a line for each location in it."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """Line of ``loc``, or of its nearest enclosing key or item when ``loc`` is absent."""
        loc = tuple(loc)
        while True:
            if loc in self.lines:
                return self.lines[loc]
            if not loc:
                return None
            loc = loc[:-1]


def read(path: Path, data: bytes | None = None) -> Source:
    """Read ``path``; raise :class:`YamlProblem` if it is not acceptable YAML.

    The file is opened without blocking and checked to be a regular file before a byte is
    read, so a FIFO or ``/dev/zero`` behind a ``*.yaml`` name is reported instead of waiting
    forever; at most ``MAX_BYTES + 1`` bytes are read whatever the file claims its size is.
    ``data``: the bytes of the regular file ``path``, when the caller has already read them
    (``relance due`` hashes each file first), so that they are not read twice.
    """
    if data is None:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise YamlProblem(
                    "not a regular file (a folder, a pipe or a device): relance reads only plain files",
                    None,
                    "replace it by the case file itself, or move it out of the cases folder",
                    rule="yaml.not-a-file",
                )
            data = handle.read(MAX_BYTES + 1)
        size = max(info.st_size, len(data))
    else:
        size = len(data)
    if size > MAX_BYTES:
        raise YamlProblem(
            f"file is {size} bytes, more than the {MAX_BYTES} a case file may have (the limit is passed on this line)",
            data.count(b"\n", 0, MAX_BYTES) + 1,
            "split it: one case file per debtor",
            rule="yaml.limit",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlProblem(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})", line, "save the file as UTF-8", rule="yaml.encoding"
        ) from exc
    return parse(text, path)


def parse(text: str, path: Path) -> Source:
    """Parse YAML ``text`` (named ``path`` in messages)."""
    try:
        root = yaml.compose(text, Loader=_Composer)
    except RecursionError:  # the pure-Python composer, when libyaml is missing, recurses per level
        raise YamlProblem(_too_deep(), None, _depth_fix(), rule="yaml.limit") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:  # libyaml's own bound (1000 levels)
            raise YamlProblem(_too_deep(), line, _depth_fix(), rule="yaml.limit") from exc
        if problem == "but found another document":
            raise YamlProblem(
                "a case file holds one YAML document, this is a second one",
                line,
                "remove the '---' line, or split the file in two",
            ) from exc
        rule, message, fix = yamlsyntax.explain(problem, exc.context or "")
        raise YamlProblem(message, line, fix, rule=rule) from exc
    except yaml.reader.ReaderError as exc:  # a character YAML forbids; libyaml gives no mark
        line = text.count("\n", 0, exc.position) + 1
        what = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise YamlProblem(
            f"the character U+{ord(what):04X} is not allowed in a YAML file (a control character)",
            line,
            "delete it; retype the text around it if it was pasted",
        ) from exc
    except yaml.YAMLError as exc:  # e.g. several documents in one file
        raise YamlProblem(f"YAML: {exc}", None, "keep exactly one YAML document per file") from exc
    source = Source(path=path, data=None)
    if root is None:
        return source
    # The root's line; every other key or item records its own in its block's loop.
    source.lines[()] = root.start_mark.line + 1
    source.data = _Builder(source.lines).build(root, ())
    return source


def _depth_fix() -> str:  # a function, as the French catalogue reads the texts of calls
    return "write blocks at most a few levels deep, as in `relance new`"


def _too_deep() -> str:
    return f"blocks nested more than {MAX_DEPTH} levels deep: no case file needs that"


class _Builder:
    """The walk from nodes to plain data, with the ids of the enclosing blocks in one set (their
    number is the depth; a block met again inside itself is a cycle) and the values left to build
    before the bound.

    A scalar inside a block, most of the nodes, is built in the block's loop: its line is the line
    its key or item already recorded, its depth the block's, and plain text, most values, is taken
    as it is without a call (what ``_scalar`` would return), so a scalar costs no call of its own.
    """

    def __init__(self, lines: dict[Loc, int]) -> None:
        self.lines = lines
        self.left = MAX_NODES
        self.open: set[int] = set()

    def build(self, node: Node, loc: Loc) -> Any:
        if isinstance(node, ScalarNode):  # the document itself is a scalar
            if len(self.open) >= MAX_DEPTH:
                raise YamlProblem(_too_deep(), node.start_mark.line + 1, _depth_fix(), rule="yaml.limit")
            self.left -= 1
            if self.left < 0:
                self._over(node)
            return _scalar(node)
        key = id(node)
        if key in self.open:
            raise YamlProblem(
                "an alias (*name) repeats the block it stands in, which never ends",
                node.start_mark.line + 1,
                "write the repeated values out instead of the alias",
                rule="yaml.limit",
            )
        if len(self.open) >= MAX_DEPTH:
            raise YamlProblem(_too_deep(), node.start_mark.line + 1, _depth_fix(), rule="yaml.limit")
        self.left -= 1
        if self.left < 0:
            self._over(node)
        self.open.add(key)
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, loc)
            assert isinstance(node, SequenceNode)
            return self._sequence(node, loc)
        finally:
            self.open.discard(key)  # a block is never open twice: the check above refuses it

    @staticmethod
    def _over(node: Node) -> None:
        raise YamlProblem(
            f"more than {MAX_NODES} values (anchors and aliases expanding without end?)",
            node.start_mark.line + 1,
            "remove the aliases (*name) that repeat large blocks",
            rule="yaml.limit",
        )

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        lines = self.lines
        deep = len(self.open) >= MAX_DEPTH  # the depth of every scalar in this block
        left = self.left  # the bound, counted down here and handed back around each inner block
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is ScalarNode:
                key = key_node.value  # a plain word, usually: what _scalar would return
                if not (
                    key_node.style == ""
                    and key_node.tag == _STR
                    and key
                    and key[0] not in _NUMERIC_START
                    and key not in _WORDS
                ):
                    key = _scalar(key_node)
            else:
                key = None
            if not isinstance(key, str):
                raise YamlProblem(
                    "keys must be plain names", key_node.start_mark.line + 1, "write the key as a word, e.g. amount:"
                )
            if key == "<<":
                raise YamlProblem(
                    "merge keys (<<) are not supported", key_node.start_mark.line + 1, "write the keys out in full"
                )
            here = loc + (key,)
            if key in result:
                raise YamlProblem(
                    f"key '{key}' appears twice in the same block (first on line {lines[here]})",
                    key_node.start_mark.line + 1,
                    "keep one of the two",
                    rule="yaml.duplicate-key",
                )
            lines[here] = key_node.start_mark.line + 1
            if value_node.__class__ is ScalarNode:  # what build() does for it, its line set above
                if deep:
                    raise YamlProblem(_too_deep(), value_node.start_mark.line + 1, _depth_fix(), rule="yaml.limit")
                left -= 1
                if left < 0:
                    self._over(value_node)
                text = value_node.value
                result[key] = (
                    text
                    if value_node.style == ""
                    and value_node.tag == _STR
                    and text
                    and text[0] not in _NUMERIC_START
                    and text not in _WORDS
                    else _scalar(value_node)
                )
            else:
                self.left = left
                result[key] = self.build(value_node, here)
                left = self.left
        self.left = left
        return result

    def _sequence(self, node: SequenceNode, loc: Loc) -> list[Any]:
        lines = self.lines
        deep = len(self.open) >= MAX_DEPTH
        left = self.left
        items = []
        for index, item in enumerate(node.value):
            here = loc + (index,)
            lines[here] = item.start_mark.line + 1
            if item.__class__ is ScalarNode:
                if deep:
                    raise YamlProblem(_too_deep(), item.start_mark.line + 1, _depth_fix(), rule="yaml.limit")
                left -= 1
                if left < 0:
                    self._over(item)
                text = item.value
                items.append(
                    text
                    if item.style == ""
                    and item.tag == _STR
                    and text
                    and text[0] not in _NUMERIC_START
                    and text not in _WORDS
                    else _scalar(item)
                )
            else:
                self.left = left
                items.append(self.build(item, here))
                left = self.left
        self.left = left
        return items


def _scalar(node: ScalarNode) -> Any:
    """YAML 1.2 core-schema resolution of a scalar, keeping quoted values as text."""
    value = node.value
    if node.style in ("'", '"', "|", ">"):
        return value
    if node.tag != "tag:yaml.org,2002:str":  # with no implicit resolvers, only explicit tags differ
        raise YamlProblem(
            f"unsupported tag {node.tag}",
            node.start_mark.line + 1,
            "remove the tag; quote the value to keep it as text",
        )
    if value in _WORDS:
        return _WORDS[value]
    if value[0] not in _NUMERIC_START:  # names, labels, addresses: text, without three regexes
        return value
    # Dates first, the most common of the three in a case file; no text matches two of them.
    if _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value  # the schema reports "2024-02-30" as an invalid date
    if _INT.fullmatch(value):
        if len(value.lstrip("+-")) > MAX_DIGITS:  # also keeps int() below Python's 4300-digit limit
            raise YamlProblem(
                f"a number of {len(value.lstrip('+-'))} digits is longer than any amount or count in a case file",
                node.start_mark.line + 1,
                "check the value; if it is a reference or a code, write it in quotes",
                rule="yaml.limit",
            )
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value
