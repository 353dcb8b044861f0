"""Find case files, read them and the repository config; a broken file becomes findings."""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator import yamlsource
from generator.errors import Finding, RelanceError, one_line
from generator.events import LetterSent
from generator.models import Case, Config, Creditor, Firm, Sender
from generator.schemaerrors import schema_findings

CONFIG_NAME = "relance.yaml"


@dataclass
class Repository:
    """A letters repository: its root, its config, and where its config came from."""

    root: Path
    config: Config
    config_path: Path | None = None

    @property
    def cases_dir(self) -> Path:
        return self.root / "cases"

    @property
    def templates_dir(self) -> Path:
        return self.root / "letter_templates"


@dataclass
class LoadedCase:
    """A case file read and validated against the schema, with its references resolved."""

    path: Path
    source: yamlsource.Source
    case: Case
    creditor: Creditor
    sender: Sender
    firm: Firm | None
    repo: Repository
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    """Figures worked out once per case and kept for the run (the statement at a date: generator/statement.py)."""

    @property
    def slug(self) -> str:
        """The file name without extension: names the case's output folder, never case data."""
        return self.path.stem

    def line(self, *loc: str | int) -> int | None:
        return self.source.line_of(loc)

    def is_sent(self, index: int) -> bool:
        """Is letter ``index`` of ``letters:`` recorded as sent by a ``letter`` event?"""
        request = self.case.letters[index]
        return any(isinstance(e, LetterSent) and e.records(request) for e in self.case.events)

    def sent_by_us(self, event: LetterSent) -> bool:
        """Did this case's sender write that letter (rather than, say, the creditor before)?"""
        return event.by is None or event.by == self.sender.role


@dataclass
class LoadResult:
    path: Path
    case: LoadedCase | None
    findings: list[Finding] = field(default_factory=list)
    shown: LoadedCase | None = None
    """When only letter requests are invalid: the case without its ``letters:``, for the site to
    show its parties, invoices and history beside the errors. Never checked nor built."""


def find_root(start: Path) -> Path:
    """The letters repository containing ``start``: the nearest folder with relance.yaml, else ``start``."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate
    # A bare cases/ folder without config still works with the defaults.
    return folder.parent if folder.name == "cases" else folder


def load_repository(root: Path) -> Repository:
    """Read ``relance.yaml`` at ``root`` (defaults when absent); a broken config is fatal."""
    path = root / CONFIG_NAME
    if not path.is_file():
        return Repository(root=root, config=Config())
    display = _display(path)
    try:
        source = yamlsource.read(path)
    except yamlsource.YamlProblem as exc:
        raise RelanceError(_located(display, exc.line, None, exc.message, exc.fix)) from None
    try:
        config = Config.model_validate(source.data or {})
    except ValidationError as exc:
        lines = [f.render() for f in schema_findings(exc, source, display, Config)]
        raise RelanceError("invalid repository config:\n" + "\n".join(lines)) from None
    return Repository(root=root, config=config, config_path=path)


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Thousands of case files read in a row, with Python's cycle collector paused meanwhile.

    A case file makes thousands of small objects, which go back as soon as its case is done (no
    cycles keep them); the collector would still walk every live object every few hundred
    allocations, a tenth of a cold ``relance due`` on 10 000 files. It resumes, and catches up,
    afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def collect(paths: list[Path], repo: Repository) -> list[Path]:
    """The case files named by ``paths`` (files, or folders searched for *.yaml), sorted."""
    if not paths:
        paths = [repo.cases_dir]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))
        elif path.exists():  # a pipe or a device too: load_case reports it instead of reading it
            found.append(path)
        else:
            raise RelanceError(f"{path}: no such file or folder")
    return sorted(set(found), key=lambda p: str(p))


def load_case(path: Path, repo: Repository, data: bytes | None = None) -> LoadResult:
    """Read one case file (``data``: its bytes, when already read); every problem becomes a finding,
    nothing is raised."""
    display = _display(path)
    if not _utf8_name(display):
        # The name cannot be printed in a report or a page (a file made on another system, in
        # another encoding); shown with replacement marks, and the case is refused until renamed.
        shown = Path(os.fsencode(display).decode("utf-8", "replace"))
        return LoadResult(
            path,
            None,
            [
                Finding(
                    "yaml.filename",
                    "error",
                    shown,
                    None,
                    None,
                    "the file name is not valid UTF-8 text, so reports and the site cannot show it",
                    "rename the file with letters, digits and dashes, e.g. durand.yaml",
                )
            ],
        )
    try:
        source = yamlsource.read(path, data)
    except yamlsource.YamlProblem as exc:
        return LoadResult(path, None, [Finding(exc.rule, "error", display, exc.line, None, exc.message, exc.fix)])
    except OSError as exc:
        return LoadResult(
            path,
            None,
            [
                Finding(
                    "yaml.read",
                    "error",
                    display,
                    None,
                    None,
                    f"cannot read the file: {exc.strerror}",
                    "check permissions",
                )
            ],
        )
    source.path = display
    if not isinstance(source.data, dict):
        return LoadResult(
            path,
            None,
            [
                Finding(
                    "schema.type",
                    "error",
                    display,
                    1,
                    None,
                    "a case file must be a block of keys (creditor:, debtor:, …)",
                    "start from `relance new`",
                )
            ],
        )
    try:
        case = Case.model_validate(source.data)
    except ValidationError as exc:
        found = schema_findings(exc, source, display)
        return LoadResult(path, None, found, _without_letters(source, display, repo, found))
    findings: list[Finding] = []
    creditor = _resolve_creditor(case, repo, source, findings)
    sender, firm = _resolve_sender(case, repo, source, findings)
    if findings or creditor is None:
        return LoadResult(path, None, findings)
    return LoadResult(path, LoadedCase(display, source, case, creditor, sender, firm, repo))


def _without_letters(
    source: yamlsource.Source, display: Path, repo: Repository, findings: list[Finding]
) -> LoadedCase | None:
    if not all(f.field and f.field.startswith("letters[") for f in findings):
        return None
    try:
        case = Case.model_validate({**source.data, "letters": []})
    except ValidationError:
        return None
    others: list[Finding] = []
    creditor = _resolve_creditor(case, repo, source, others)
    sender, firm = _resolve_sender(case, repo, source, others)
    if others or creditor is None:
        return None
    return LoadedCase(display, source, case, creditor, sender, firm, repo)


def _resolve_creditor(
    case: Case, repo: Repository, source: yamlsource.Source, findings: list[Finding]
) -> Creditor | None:
    if isinstance(case.creditor, Creditor):
        return case.creditor
    known = repo.config.parties
    if case.creditor in known:
        return known[case.creditor]
    findings.append(
        Finding(
            "ref.unknown-party",
            "error",
            source.path,
            source.line_of(("creditor",)),
            "creditor",
            f"no party '{case.creditor}' in {CONFIG_NAME}",
            _choices(case.creditor, list(known), f"add it under parties: in {CONFIG_NAME}"),
        )
    )
    return None


def _resolve_sender(
    case: Case, repo: Repository, source: yamlsource.Source, findings: list[Finding]
) -> tuple[Sender, Firm | None]:
    sender = case.sender if isinstance(case.sender, Sender) else Sender(role=case.sender)
    if sender.role == "creditor":
        return sender, None
    if isinstance(sender.firm, Firm):
        return sender, sender.firm
    firms = repo.config.firms
    line = source.line_of(("sender",))
    if sender.firm is None:
        matching = [key for key, firm in firms.items() if firm.role == sender.role]
        if len(matching) == 1:
            return sender, firms[matching[0]]
        # No identity: the checker reports it (rule sender.identity) so the case still loads.
        return sender, None
    if sender.firm in firms:
        return sender, firms[sender.firm]
    findings.append(
        Finding(
            "ref.unknown-firm",
            "error",
            source.path,
            source.line_of(("sender", "firm")) or line,
            "sender.firm",
            f"no firm '{sender.firm}' in {CONFIG_NAME}",
            _choices(sender.firm, list(firms), f"add it under firms: in {CONFIG_NAME}"),
        )
    )
    return sender, None


def _choices(value: str, known: list[str], otherwise: str) -> str:
    close = difflib.get_close_matches(value, known, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"known: {', '.join(sorted(known))}" if known else otherwise


def display_path(path: Path) -> Path:
    """How messages name ``path``: relative to the working directory when below it."""
    return _display(path)


def _utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # the bytes of a non-UTF-8 name, kept by Python as surrogates
        return False
    return True


def _display(path: Path) -> Path:
    """``path`` relative to the working directory when it is below it: shorter messages."""
    if not path.is_absolute():
        return path
    if os.name == "posix" and not str(path).startswith("//"):  # "//x" is a root of its own to pathlib
        # As ``relative_to(Path.cwd())`` on POSIX, whose parts compare as plain strings, without
        # building and splitting two paths per case file (a tenth of a cold ``relance due``).
        text, cwd = str(path), os.getcwd()
        if text == cwd:
            return Path(".")
        prefix = cwd if cwd.endswith("/") else cwd + "/"
        return Path(text[len(prefix) :]) if text.startswith(prefix) else path
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _located(path: Path, line: int | None, fieldname: str | None, message: str, fix: str) -> str:
    where = f"{path}:{line}" if line else str(path)
    what = f" {fieldname}:" if fieldname else ""
    return f"{where}:{what} {one_line(message)}" + (f" ({fix})" if fix else "")
