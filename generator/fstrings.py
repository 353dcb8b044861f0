"""Message templates read from the f-strings of a module's source, which is never imported.

A message written ``f"amount {invoice.amount} is not above zero"`` becomes the :class:`Template`
``amount {amount} is not above zero``: each ``{…}`` a :class:`Slot` named after the value it
prints. :class:`Reader` follows what a message is made of inside its function: a name assigned
a phrase, ``a if … else b``, ``+``, a helper of the same module returning phrases, a list of
phrases joined; such a part keeps those phrases as its choices (``{why}``, ``{note}``).
``ruletemplates`` says which calls of which modules are messages.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    """A ``{name}`` of a template: a value, one of several phrases, or a list of phrases."""

    name: str
    choices: tuple[Template, ...] = ()
    joiner: str | None = None  # ``", ".join(f"..." for ...)``: the choices are the items


@dataclass(frozen=True)
class Template:
    parts: tuple[str | Slot, ...]

    @property
    def msgid(self) -> str:
        return "".join(
            p.replace("{", "{{").replace("}", "}}") if isinstance(p, str) else "{" + p.name + "}" for p in self.parts
        )

    @functools.cached_property
    def wordy(self) -> bool:
        """Has words of its own to translate (``""`` or ``"{a}{b}"`` has none)."""
        return any(isinstance(p, str) and re.search(r"[A-Za-z]", p) for p in self.parts)

    def pattern(self, groups: bool) -> str:
        out = []
        for index, part in enumerate(self.parts):
            if isinstance(part, str):
                out.append(re.escape(part))
                continue
            if part.choices:
                inner = "|".join(f"(?:{choice.pattern(False)})" for choice in part.choices)
                if part.joiner is not None:  # one item, then more after the joiner
                    inner = f"(?:{inner})(?:{re.escape(part.joiner)}(?:{inner}))*"
            else:
                inner = ".*?"
            out.append(f"(?P<g{index}>{inner})" if groups else f"(?:{inner})")
        return "".join(out)

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern(True), re.S)


# --- Reading a module's source --------------------------------------------------------------


class SourceModule:
    def __init__(self, tree: ast.Module) -> None:
        self.functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
        # Methods too (RateTables raises MissingRate), kept apart: a call names a module function.
        self.methods = [
            node
            for cls in tree.body
            if isinstance(cls, ast.ClassDef)
            for node in cls.body
            if isinstance(node, ast.FunctionDef)
        ]

    def returns(self, name: str) -> list[ast.expr]:
        return [
            node.value
            for node in own_nodes(self.functions[name])
            if isinstance(node, ast.Return) and node.value is not None
        ]


@functools.cache
def own_nodes(func: ast.FunctionDef) -> tuple[ast.AST, ...]:
    """The nodes of ``func``'s body, not those of functions or lambdas defined inside it.

    Kept per function: reading the catalogue walks the same functions hundreds of times, and it
    is read at the first finding or missing rate of every run (``relance due`` included)."""
    found: list[ast.AST] = []
    stack: list[ast.AST] = list(func.body)
    while stack:
        node = stack.pop()
        found.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))
    return tuple(found)


def _name(expr: ast.expr) -> str:
    if isinstance(expr, ast.Name):
        return expr.id.strip("_")
    if isinstance(expr, ast.Attribute):
        return expr.attr.strip("_")
    if isinstance(expr, ast.Subscript):
        return _name(expr.value)
    if isinstance(expr, ast.BinOp):
        return _name(expr.left)
    if isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Name):
            return func.id.strip("_")
        if isinstance(func, ast.Attribute):
            if func.attr == "join" and expr.args:
                return _name(expr.args[0])
            if func.attr in ("isoformat", "strip"):
                return _name(func.value)
            if func.attr == "get" and expr.args and isinstance(expr.args[0], ast.Constant):
                return str(expr.args[0].value)  # error.get('input'): "input"
            if isinstance(func.value, ast.Name) and func.value.id == "frenchtext" and expr.args:
                return _name(expr.args[0])  # frenchtext.amount(total): "total"
            return func.attr.strip("_")
    if isinstance(expr, ast.GeneratorExp | ast.ListComp):
        return _name(expr.generators[0].iter)
    return "value"


class Reader:
    def __init__(self, module: SourceModule, func: ast.FunctionDef) -> None:
        self.module, self.func = module, func
        self.depth = 0

    def assigned(self, name: str) -> list[ast.expr]:
        """The values the function assigns to ``name`` (``fix = ... if ... else ...``)."""
        values: list[ast.expr] = []
        for node in own_nodes(self.func):
            if isinstance(node, ast.Assign):
                if any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                    values.append(node.value)
            elif (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and node.target.id == name
                and node.value is not None
            ):
                values.append(node.value)
        return values

    def texts(self, expr: ast.expr) -> list[Template] | None:
        """The templates ``expr`` may evaluate to, or None when it is a value, not a phrase."""
        if isinstance(expr, ast.Constant):
            if expr.value is None:  # "why = ... if ... else None": no text on that branch
                return []
            return [Template((expr.value,))] if isinstance(expr.value, str) else None
        if isinstance(expr, ast.JoinedStr):
            return [self.joined(expr)]
        if isinstance(expr, ast.IfExp):
            body, orelse = self.texts(expr.body), self.texts(expr.orelse)
            return body + orelse if body is not None and orelse is not None else None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            left, right = self.texts(expr.left), self.texts(expr.right)
            if left is None or right is None:
                return None
            return [_concat(a, b) for a in left for b in right]
        if isinstance(expr, ast.Name):
            values = self.assigned(expr.id)
            found = [self.texts(value) for value in values]
            if values and all(f is not None for f in found):
                return [t for f in found if f is not None for t in f]
            return None
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in self.module.functions:
            return self.call(expr.func.id, None)
        return None

    def items(self, expr: ast.expr) -> list[Template] | None:
        """The phrases a list joined into a message may hold: a comprehension's element, or what
        the function appends to the list (``missing.append(f"amount {…}")``)."""
        if isinstance(expr, ast.GeneratorExp | ast.ListComp):
            element = expr.elt
            loop = expr.generators[0]
            if (
                isinstance(element, ast.Name)
                and isinstance(loop.target, ast.Name)
                and element.id == loop.target.id
                and isinstance(loop.iter, ast.Tuple)
            ):
                found = [self.texts(e) for e in loop.iter.elts]
                return [t for f in found if f for t in f] if all(found) else None
            return self.texts(element)
        if isinstance(expr, ast.Name):
            appended = [
                node.args[0]
                for node in own_nodes(self.func)
                if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "append"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == expr.id
                and node.args
            ]
            values = appended or self.assigned(expr.id)
            found = [self.texts(v) if appended else self.items(v) for v in values]
            return [t for f in found if f for t in f] if values and all(found) else None
        return None

    def call(self, name: str, position: int | None) -> list[Template] | None:
        if self.depth > 4:
            return None
        reader = Reader(self.module, self.module.functions[name])
        reader.depth = self.depth + 1
        found: list[Template] = []
        for value in self.module.returns(name):
            if position is not None:
                if not isinstance(value, ast.Tuple) or position >= len(value.elts):
                    return None
                value = value.elts[position]
            texts = reader.texts(value)
            if texts is None:
                return None
            found.extend(texts)
        return found or None

    def joined(self, expr: ast.JoinedStr) -> Template:
        parts: list[str | Slot] = []
        used: dict[str, str] = {}
        for value in expr.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
                continue
            assert isinstance(value, ast.FormattedValue)
            inner = value.value
            source = ast.unparse(inner)
            base = name = _name(inner)
            number = 2
            while name in used and used[name] != source:
                name, number = f"{base}{number}", number + 1
            used[name] = source
            parts.append(self.slot(name, inner))
        return _merge(parts)

    def slot(self, name: str, inner: ast.expr) -> Slot:
        if (
            isinstance(inner, ast.Name)
            and len(values := self.assigned(inner.id)) == 1
            and isinstance(values[0], ast.Call)
        ):
            inner = values[0]  # numbers = ", ".join(...)
        if (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Attribute)
            and inner.func.attr == "join"
            and isinstance(inner.func.value, ast.Constant)
            and inner.args
        ):
            items = self.items(inner.args[0])
            if items:
                return Slot(name, tuple(items), str(inner.func.value.value))
        if isinstance(inner, ast.Name) and not self.assigned(inner.id):
            texts = self.looped(inner.id)
        else:
            texts = self.texts(inner)
        return Slot(name, tuple(texts) if texts else ())

    def looped(self, name: str) -> list[Template] | None:
        """``for prefix, party, note in _party_sources(ctx)`` (or ``(prefix, _, note), = [p for p in
        _party_sources(ctx) if …]``): the ``note`` the helper yields."""
        for node in own_nodes(self.func):
            if isinstance(node, ast.For):
                target, source = node.target, node.iter
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, source = node.targets[0], node.value
                if isinstance(target, ast.Tuple) and len(target.elts) == 1:
                    target = target.elts[0]  # (a, b, c), = [...]
            else:
                continue
            helpers = [
                call.func.id
                for call in ast.walk(source)
                if isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id in self.module.functions
            ]
            if isinstance(target, ast.Tuple) and helpers:
                names = [t.id if isinstance(t, ast.Name) else "" for t in target.elts]
                if name not in names:
                    continue
                helper = self.module.functions[helpers[0]]
                reader = Reader(self.module, helper)
                found: list[Template] = []
                for inner in own_nodes(helper):
                    if (
                        isinstance(inner, ast.Yield)
                        and isinstance(inner.value, ast.Tuple)
                        and len(inner.value.elts) == len(names)
                    ):
                        texts = reader.texts(inner.value.elts[names.index(name)])
                        if texts is None:
                            return None
                        found += [t for t in texts if t not in found]
                return found or None
        return None


def _merge(parts: Sequence[str | Slot]) -> Template:
    merged: list[str | Slot] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return Template(tuple(merged) or ("",))


def _concat(left: Template, right: Template) -> Template:
    return _merge([*left.parts, *right.parts])
