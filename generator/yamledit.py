"""Edit a case file or relance.yaml in place, leaving every line not edited byte-identical.

A clerk's case file carries comments, quoting and a layout of its own, and its history is
reviewed as a git diff. A round-trip library re-emits the whole document and normalises
indentation and flow style on the way; here an edit is spliced into the text at the positions
the YAML parser reports, and the result is parsed again and compared with the data the edit
meant to produce. An edit that would come out any other way is refused, never written.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator import yamlsource
from generator.errors import RelanceError
from generator.manifest import write_atomic
from generator.yamlwrite import Key, as_parsed, block, entry, flow, joined, scalar


class YamlEdit:
    """A sequence of edits to one YAML text; ``text`` is the result so far."""

    def __init__(self, text: str, name: str):
        self.name = name
        self.original = text
        self.text = text
        self.data = self._parse(text).data

    # -- the edits ---------------------------------------------------------------------------

    def append(self, path: Sequence[str], item: Any) -> None:
        """Append ``item`` to the sequence at ``path`` (mapping keys), creating it if absent."""
        self.extend(path, [item])

    def extend(self, path: Sequence[str], items: Sequence[Any]) -> None:
        """Append every item of ``items`` to the sequence at ``path`` in one edit.

        The text is spliced once and parsed back once, however many items: adding a thousand
        invoices costs one pass over the file, not a thousand.
        """
        if not items:
            return
        expected = self._expected()
        parent = _walk(expected, path[:-1], create=True)
        if parent.get(path[-1]) is None:
            parent[path[-1]] = []
        if not isinstance(parent[path[-1]], list):
            self._refuse(path, "is not a list")
        parent[path[-1]].extend(as_parsed(item) for item in items)
        node = self._node(path)
        if node is None or _is_empty(node):
            self._set_new(path, list(items))
        elif isinstance(node, SequenceNode) and node.flow_style:
            close = self.text.rindex("]", 0, node.end_mark.index)
            sep = ", " if node.value else ""
            self._splice(close, close, sep + ", ".join(flow(item) for item in items))
        elif isinstance(node, SequenceNode):
            last = node.value[-1]
            dash = _dash_column(self.text, last)
            at = _line_after(self.text, _content_end(last))
            as_block = not (isinstance(last, MappingNode) and last.flow_style)
            lines: list[str] = []
            for item in items:
                if isinstance(item, Mapping) and item and as_block:
                    lines += block(item, dash + 2, " " * dash + "- ")
                else:
                    lines.append(" " * dash + "- " + flow(item))
            self._splice(at, at, joined(lines, self.text, at))
        else:
            self._refuse(path, "is not a list")
        self._check(expected)

    def remove(self, path: Sequence[Key]) -> Any:
        """Remove the item at ``path`` (its last element an index) from a block sequence."""
        expected = self._expected()
        items = _walk(expected, path[:-1])
        index = path[-1]
        if not isinstance(items, list) or not isinstance(index, int) or not 0 <= index < len(items):
            self._refuse(path, "is not an item of a list")
        removed = items.pop(index)
        node = self._node(path[:-1])
        if not isinstance(node, SequenceNode) or node.flow_style:
            self._refuse(path[:-1], "is written on one line; write it as one item per line to edit it")
        item = node.value[index]
        start = self.text.rfind("\n", 0, item.start_mark.index) + 1
        start = _dash_line_start(self.text, item, start)
        end = _line_after(self.text, _content_end(item))
        self._splice(start, end, "")
        if not items:
            self._set_new(path[:-1], [])  # ``key:`` alone would read as null, not an empty list
        self._check(expected)
        return removed

    def set(self, path: Sequence[Key], value: Any) -> None:
        """Set the value at ``path``: replace a one-line value, or add the key to its mapping."""
        expected = self._expected()
        parent = _walk(expected, path[:-1], create=True)
        parent[path[-1]] = as_parsed(value)
        node = self._node(path)
        if node is None or _is_empty(node):
            self._set_new(path, value)
        elif (
            isinstance(node, ScalarNode)
            and node.start_mark.line == node.end_mark.line
            and not (isinstance(value, Mapping | list | tuple))
        ):
            self._splice(node.start_mark.index, node.end_mark.index, scalar(value))
        else:
            self._refuse(path, "already holds a value written over several lines")
        self._check(expected)

    def diff(self) -> str:
        """The edits as a unified diff, as ``git diff`` would show them."""
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.text.splitlines(keepends=True),
                f"a/{self.name}",
                f"b/{self.name}",
            )
        )

    # -- machinery ---------------------------------------------------------------------------

    def _expected(self) -> Any:
        # An empty file (or one holding only comments) reads as null: edits start it as keys.
        return {} if self.data is None else copy.deepcopy(self.data)

    def _set_new(self, path: Sequence[Key], value: Any) -> None:
        """Write ``path[-1]: value`` into its mapping, creating missing parents, or replace an
        empty value (``key:``, ``key: []``) on its own line."""
        node = self._node(path)
        if node is not None:
            self._rewrite_empty(path, node, value)
            return
        depth = len(path) - 1
        ancestor = self._node(path[:depth]) if depth else self._root()
        while depth and ancestor is None:
            depth -= 1
            ancestor = self._node(path[:depth]) if depth else self._root()
        nested = value
        for key in reversed(path[depth + 1 :]):
            nested = {key: nested}
        if depth and ancestor is not None and _is_empty(ancestor):
            self._rewrite_empty(path[:depth], ancestor, {path[depth]: nested})
        elif ancestor is None:  # an empty file
            self._splice(
                len(self.text), len(self.text), joined(entry(path[0], nested, 0, 2), self.text, len(self.text))
            )
        elif isinstance(ancestor, MappingNode):
            self._set_new_in(ancestor, path[: depth + 1], nested)
        else:
            self._refuse(path[:depth], "is not a block of keys")

    def _rewrite_empty(self, path: Sequence[Key], node: Node, value: Any) -> None:
        key_node = self._key_node(path)
        if key_node is None or node.end_mark.line != key_node.start_mark.line:
            self._refuse(path, "already holds a value written over several lines")
        assert key_node is not None
        line_start = self.text.rfind("\n", 0, key_node.start_mark.index) + 1
        line_end = _line_after(self.text, node.end_mark.index)
        rest = self.text[node.end_mark.index : line_end].rstrip("\n")
        comment = re.search(r"\s+#.*$", rest)
        lines = entry(path[-1], value, key_node.start_mark.column, self._child_offset(path[:-1]))
        lines[0] += comment.group(0) if comment else ""
        newline = "\n" if self.text[line_start:line_end].endswith("\n") else ""
        self._splice(line_start, line_end, "\n".join(lines) + newline)

    def _set_new_in(self, parent: MappingNode, path: Sequence[Key], value: Any) -> None:
        if parent.flow_style:
            close = self.text.rindex("}", 0, parent.end_mark.index)
            sep = ", " if parent.value else ""
            self._splice(close, close, f"{sep}{scalar(path[-1])}: {flow(value)}")
            return
        last_key, last_value = parent.value[-1]
        at = _line_after(self.text, _content_end(last_value))
        lines = entry(path[-1], value, last_key.start_mark.column, self._child_offset(path[:-1]))
        self._splice(at, at, joined(lines, self.text, at))

    def _child_offset(self, mapping_path: Sequence[Key]) -> int:
        """How far this file indents a list under its key (2 by default, 0 for ``key:\\n- a``)."""
        node = self._node(mapping_path) if mapping_path else self._root()
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(value_node, SequenceNode) and not value_node.flow_style and value_node.value:
                    key_column: int = key_node.start_mark.column
                    return _dash_column(self.text, value_node.value[0]) - key_column
        return 2

    def _root(self) -> Node | None:
        return yaml.compose(self.text, Loader=yamlsource._Composer)

    def _node(self, path: Sequence[Key]) -> Node | None:
        node = self._root()
        for key in path:
            node = _child(node, key)
            if node is None:
                return None
        return node

    def _key_node(self, path: Sequence[Key]) -> Node | None:
        parent = self._node(path[:-1]) if path[:-1] else self._root()
        if isinstance(parent, MappingNode):
            for key_node, _ in parent.value:
                if isinstance(key_node, ScalarNode) and key_node.value == path[-1]:
                    return key_node
        return None

    def _splice(self, start: int, end: int, new: str) -> None:
        self.text = self.text[:start] + new + self.text[end:]

    def _parse(self, text: str) -> yamlsource.Source:
        try:
            return yamlsource.parse(text, Path(self.name))
        except yamlsource.YamlProblem as exc:
            line = f":{exc.line}" if exc.line else ""
            raise RelanceError(f"{self.name}{line}: {exc.message}; fix the file before relance edits it") from exc

    def _check(self, expected: Any) -> None:
        got = self._parse(self.text).data
        if got != expected:
            raise RelanceError(
                f"{self.name}: relance could not edit this file without changing other lines; "
                "nothing was written. Make the change by hand."
            )
        self.data = got

    def _refuse(self, path: Sequence[Key], why: str) -> NoReturn:
        where = ".".join(str(k) for k in path) or "the file"
        raise RelanceError(f"{self.name}: cannot edit '{where}': it {why}; nothing was written")


def _walk(data: Any, path: Sequence[Key], create: bool = False) -> Any:
    for key in path:
        if isinstance(data, dict) and create and data.get(key) is None:
            data[key] = {}
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            raise RelanceError(f"cannot edit '{'.'.join(map(str, path))}': no such place in the file") from None
    return data


def _child(node: Node | None, key: Key) -> Node | None:
    if isinstance(node, MappingNode) and isinstance(key, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                found: Node = value_node
                return found
    if isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        item: Node = node.value[key]
        return item
    return None


def _is_empty(node: Node) -> bool:
    if isinstance(node, ScalarNode):
        return node.style is None and node.value in ("", "~", "null", "Null", "NULL")
    return isinstance(node, SequenceNode | MappingNode) and bool(node.flow_style) and not node.value


def _content_end(node: Node) -> int:
    """Where the last character of ``node``'s own text ends (a block collection's end mark
    lies past the comments and blank lines that follow it)."""
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1][1])
    if isinstance(node, SequenceNode) and not node.flow_style and node.value:
        return _content_end(node.value[-1])
    return node.end_mark.index


def _line_after(text: str, index: int) -> int:
    """The start of the line after the one holding ``index`` (or the end of the text)."""
    if index > 0 and text[index - 1] == "\n":
        return index  # a block scalar's end already sits at a line start
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _dash_column(text: str, item: Node) -> int:
    start = text.rfind("\n", 0, item.start_mark.index) + 1
    dash = text.rfind("-", start, item.start_mark.index)
    return dash - start if dash >= 0 else max(item.start_mark.column - 2, 0)


def _dash_line_start(text: str, item: Node, line_start: int) -> int:
    if "-" in text[line_start : item.start_mark.index]:
        return line_start
    previous = text.rfind("\n", 0, line_start - 1) + 1  # ``-`` alone on the line before
    return previous


def edit_file(path: Path) -> YamlEdit:
    """Start editing ``path`` (read as UTF-8); write the result with :func:`save`."""
    try:
        return YamlEdit(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise RelanceError(f"{path}: cannot read the file ({exc}); nothing was written") from exc


def save(path: Path, edit: YamlEdit) -> bool:
    """Write the edited text atomically; False when nothing changed."""
    if edit.text == edit.original:
        return False
    write_atomic(path, edit.text.encode("utf-8"))
    return True
