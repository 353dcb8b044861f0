"""The message templates of the rules, read from the f-strings of their source.

A rule writes its message as an f-string (``f"amount {invoice.amount} is not above zero"``);
this module reads the rule modules' source (never imports them) and turns each message and fix
of a ``Problem`` into a :class:`Template` (``amount {amount} is not above zero``), the msgid of
``generator/data/fr.po``. A part of a template that is itself one of a few phrases (``{why}``,
``{note}``, a list of phrases joined) keeps those phrases as its choices. ``ruletext`` uses the
templates to print findings in French.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# The rule modules; rates.py, whose MissingRate texts become a rule's message and fix; schemaerrors.py,
# whose _explain words the schema errors; fields.py and letters.py, whose Invalid values it quotes.
def _sources() -> tuple[str, ...]:
    # Every rule module, so that a new one is never left out of the catalogue, and the rate
    # tables' messages (a missing rate is a finding too).
    rules = sorted(p.name for p in (_PACKAGE / "rules").glob("*.py") if p.name not in ("__init__.py", "registry.py"))
    return (*(f"rules/{name}" for name in rules), "rates.py", "schemaerrors.py", "fields.py", "letters.py")


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
        return "".join(p.replace("{", "{{").replace("}", "}}") if isinstance(p, str) else "{" + p.name + "}"
                       for p in self.parts)

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


@dataclass
class Catalogue:
    """Every template of the rules: per rule id, and a pool for texts passed around as values."""

    by_rule: dict[str, list[Template]] = field(default_factory=dict)
    pool: list[Template] = field(default_factory=list)

    def all_templates(self) -> Iterator[Template]:
        """Every template and every phrase inside one, once each, in source order."""
        seen: set[str] = set()
        stack = [t for ts in self.by_rule.values() for t in ts] + self.pool
        while stack:
            template = stack.pop(0)
            if template.msgid in seen:
                continue
            seen.add(template.msgid)
            yield template
            stack[:0] = [c for p in template.parts if isinstance(p, Slot) for c in p.choices]


# --- Reading the rules' source ----------------------------------------------------------------

class _Module:
    def __init__(self, tree: ast.Module) -> None:
        self.functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
        # Methods too (RateTables raises MissingRate), kept apart: a call names a module function.
        self.methods = [node for cls in tree.body if isinstance(cls, ast.ClassDef)
                        for node in cls.body if isinstance(node, ast.FunctionDef)]

    def returns(self, name: str) -> list[ast.expr]:
        return [node.value for node in _own_nodes(self.functions[name])
                if isinstance(node, ast.Return) and node.value is not None]


@functools.cache
def _own_nodes(func: ast.FunctionDef) -> tuple[ast.AST, ...]:
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


class _Reader:
    def __init__(self, module: _Module, func: ast.FunctionDef) -> None:
        self.module, self.func = module, func
        self.depth = 0

    def assigned(self, name: str) -> list[ast.expr]:
        """The values the function assigns to ``name`` (``fix = ... if ... else ...``)."""
        values: list[ast.expr] = []
        for node in _own_nodes(self.func):
            if isinstance(node, ast.Assign):
                if any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                    values.append(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) \
                    and node.target.id == name and node.value is not None:
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
            if isinstance(element, ast.Name) and isinstance(loop.target, ast.Name) \
                    and element.id == loop.target.id and isinstance(loop.iter, ast.Tuple):
                found = [self.texts(e) for e in loop.iter.elts]
                return [t for f in found if f for t in f] if all(found) else None
            return self.texts(element)
        if isinstance(expr, ast.Name):
            appended = [node.args[0] for node in _own_nodes(self.func)
                        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "append" and isinstance(node.func.value, ast.Name)
                        and node.func.value.id == expr.id and node.args]
            values = appended or self.assigned(expr.id)
            found = [self.texts(v) if appended else self.items(v) for v in values]
            return [t for f in found if f for t in f] if values and all(found) else None
        return None

    def call(self, name: str, position: int | None) -> list[Template] | None:
        if self.depth > 4:
            return None
        reader = _Reader(self.module, self.module.functions[name])
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
        if isinstance(inner, ast.Name) and len(values := self.assigned(inner.id)) == 1 \
                and isinstance(values[0], ast.Call):
            inner = values[0]  # numbers = ", ".join(...)
        if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and inner.func.attr == "join" \
                and isinstance(inner.func.value, ast.Constant) and inner.args:
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
        for node in _own_nodes(self.func):
            if isinstance(node, ast.For):
                target, source = node.target, node.iter
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, source = node.targets[0], node.value
                if isinstance(target, ast.Tuple) and len(target.elts) == 1:
                    target = target.elts[0]  # (a, b, c), = [...]
            else:
                continue
            helpers = [call.func.id for call in ast.walk(source) if isinstance(call, ast.Call)
                       and isinstance(call.func, ast.Name) and call.func.id in self.module.functions]
            if isinstance(target, ast.Tuple) and helpers:
                names = [t.id if isinstance(t, ast.Name) else "" for t in target.elts]
                if name not in names:
                    continue
                helper = self.module.functions[helpers[0]]
                reader = _Reader(self.module, helper)
                found: list[Template] = []
                for inner in _own_nodes(helper):
                    if isinstance(inner, ast.Yield) and isinstance(inner.value, ast.Tuple) \
                            and len(inner.value.elts) == len(names):
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


def _problem_texts(reader: _Reader, call: ast.Call) -> list[Template]:
    args = list(call.args[1:]) + [k.value for k in call.keywords if k.arg in ("message", "fix")]
    found: list[Template] = []
    for position, arg in enumerate(args):
        if isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Call) \
                and isinstance(arg.value.func, ast.Name) and arg.value.func.id in reader.module.functions:
            for index in (0, 1):
                found += reader.call(arg.value.func.id, index) or []
        else:
            found += reader.texts(arg) or []
        del position
    return found


def _is_call_to(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name


def _rule_id(func: ast.FunctionDef) -> str | None:
    for decorator in func.decorator_list:
        if _is_call_to(decorator, "rule") and isinstance(decorator, ast.Call) \
                and isinstance(decorator.args[0], ast.Constant):
            return str(decorator.args[0].value)
    return None


def _read(catalogue: Catalogue, tree: ast.Module) -> None:
    module = _Module(tree)

    def problems(name: str, seen: set[str]) -> Iterator[tuple[_Reader, ast.Call]]:
        seen.add(name)
        reader = _Reader(module, module.functions[name])
        for node in _own_nodes(module.functions[name]):
            if _is_call_to(node, "Problem"):
                assert isinstance(node, ast.Call)
                yield reader, node
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in module.functions and node.func.id not in seen:
                callee = node.func.id
                if any(_is_call_to(n, "Problem") for n in ast.walk(module.functions[callee])):
                    # A helper making the Problem: phrases passed to it are translated as values.
                    for arg in node.args:
                        catalogue.pool += reader.texts(arg) or []
                yield from problems(callee, seen)

    for name, func in module.functions.items():
        rule_id = _rule_id(func)
        if rule_id is not None:
            templates = catalogue.by_rule.setdefault(rule_id, [])
            for reader, call in problems(name, set()):
                templates += [t for t in _problem_texts(reader, call) if t not in templates]
    for func in [*module.functions.values(), *module.methods]:
        reader = _Reader(module, func)
        for node in _own_nodes(func):
            # Texts raised with a missing rate or a bad value of the schema, or listed by missing_soon:
            # the message and the fix, not the rule id an Invalid may name third.
            if _is_call_to(node, "MissingRate") or _is_call_to(node, "Invalid") or (
                    isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "append" and func.name == "missing_soon"):
                assert isinstance(node, ast.Call)
                for arg in node.args[:2]:
                    catalogue.pool += reader.texts(arg) or []
            # schemaerrors._explain: return "schema.choice", f"'{…}' is not allowed", f"use one of {…}"
            elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 3 \
                    and isinstance(rule := node.value.elts[0], ast.Constant) and isinstance(rule.value, str) \
                    and rule.value.startswith("schema."):
                templates = catalogue.by_rule.setdefault(rule.value, [])
                for arg in node.value.elts[1:]:
                    templates += [t for t in reader.texts(arg) or [] if t not in templates]


@functools.cache
def catalogue() -> Catalogue:
    found = Catalogue()
    for name in _sources():
        path = _PACKAGE / name
        if path.is_file():  # an installation without sources prints English
            _read(found, ast.parse(path.read_text(encoding="utf-8")))
    return found
