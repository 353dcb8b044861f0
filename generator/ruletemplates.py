"""The catalogue of message templates: every message and fix of the rules, from their source.

A rule writes its message as an f-string (``f"amount {invoice.amount} is not above zero"``);
this module reads the rule modules' source (never imports them), finds each ``Problem`` a rule
makes (and the texts of a missing rate, of a schema error) and turns its message and fix into a
``fstrings.Template`` (``amount {amount} is not above zero``), the msgid of
``generator/data/fr.po``. ``ruletext`` uses the catalogue to print findings in French.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.fstrings import Reader, Slot, SourceModule, Template, own_nodes

_PACKAGE = Path(__file__).resolve().parent


# The rule modules; rates.py, whose MissingRate texts become a rule's message and fix; schemaerrors.py,
# whose _explain words the schema errors; fields.py and letters.py, whose Invalid values it quotes;
# yamlsource.py, whose YamlProblem says why a file is not YAML relance reads, and yamlsyntax.py, whose
# explain words libyaml's problems.
def _sources() -> tuple[str, ...]:
    # Every rule module, so that a new one is never left out of the catalogue, and the rate
    # tables' messages (a missing rate is a finding too).
    rules = sorted(p.name for p in (_PACKAGE / "rules").glob("*.py") if p.name not in ("__init__.py", "registry.py"))
    return (
        *(f"rules/{name}" for name in rules),
        "rates.py",
        "schemaerrors.py",
        "fields.py",
        "letters.py",
        "yamlsource.py",
        "yamlsyntax.py",
    )


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


def _problem_texts(reader: Reader, call: ast.Call) -> list[Template]:
    args = list(call.args[1:]) + [k.value for k in call.keywords if k.arg in ("message", "fix")]
    found: list[Template] = []
    for position, arg in enumerate(args):
        if (
            isinstance(arg, ast.Starred)
            and isinstance(arg.value, ast.Call)
            and isinstance(arg.value.func, ast.Name)
            and arg.value.func.id in reader.module.functions
        ):
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
        if (
            _is_call_to(decorator, "rule")
            and isinstance(decorator, ast.Call)
            and isinstance(decorator.args[0], ast.Constant)
        ):
            return str(decorator.args[0].value)
    return None


def _read(catalogue: Catalogue, tree: ast.Module) -> None:
    module = SourceModule(tree)

    def problems(name: str, seen: set[str]) -> Iterator[tuple[Reader, ast.Call]]:
        seen.add(name)
        reader = Reader(module, module.functions[name])
        for node in own_nodes(module.functions[name]):
            if _is_call_to(node, "Problem"):
                assert isinstance(node, ast.Call)
                yield reader, node
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in module.functions
                and node.func.id not in seen
            ):
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
        reader = Reader(module, func)
        for node in own_nodes(func):
            # Texts raised with a missing rate or a bad value of the schema, or listed by missing_soon:
            # the message and the fix, not the rule id an Invalid may name third.
            if _is_call_to(node, "YamlProblem") and isinstance(node, ast.Call):
                # YamlProblem(message, line, fix, rule=...): "yaml.syntax" unless it names another
                named = [k.value for k in node.keywords if k.arg == "rule" and isinstance(k.value, ast.Constant)]
                rule_id = str(named[0].value) if named else "yaml.syntax"
                templates = catalogue.by_rule.setdefault(rule_id, [])
                texts = [node.args[0], *node.args[2:3], *(k.value for k in node.keywords if k.arg == "fix")]
                for arg in texts:
                    templates += [t for t in reader.texts(arg) or [] if t not in templates]
            elif (
                _is_call_to(node, "MissingRate")
                or _is_call_to(node, "Invalid")
                or (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "append"
                    and func.name == "missing_soon"
                )
            ):
                assert isinstance(node, ast.Call)
                for arg in node.args[:2]:
                    catalogue.pool += reader.texts(arg) or []
            # schemaerrors._explain: return "schema.choice", f"'{…}' is not allowed", f"use one of {…}";
            # yamlsyntax.explain alike, with "yaml.syntax"
            elif (
                isinstance(node, ast.Return)
                and isinstance(node.value, ast.Tuple)
                and len(node.value.elts) == 3
                and isinstance(rule := node.value.elts[0], ast.Constant)
                and isinstance(rule.value, str)
                and rule.value.startswith(("schema.", "yaml."))
            ):
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
