"""Render letters to HTML with Jinja: template search path, letter context, checks on the text."""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import jinja2
import markdown
from markupsafe import Markup

from generator import frenchtext
from generator.cases import LoadedCase, Repository
from generator.errors import RelanceError
from generator.models import Instalment, LetterRequest, LetterSent, Party, PaymentPlan, Promise
from generator.resources import builtin_templates
from generator.rules.text import LetterText, plain_text
from generator.statement import INDEMNITY, missed_instalments

TITLES = {
    "rappel": "Rappel d'échéance",
    "relance_1": "Relance",
    "relance_2": "Deuxième relance",
    "derniere_relance": "Dernière relance avant mise en demeure",
    "mise_en_demeure": "Mise en demeure",
    "confirmation_promesse": "Confirmation d'engagement de paiement",
    "echeancier": "Échéancier de paiement",
}
# The final reminder and the formal notice carry the statement of account as an annex.
WITH_ANNEX = frozenset({"derniere_relance", "mise_en_demeure"})
# How a letter recalls an earlier one: "la relance du 20 février 2026".
LETTER_NAMES = {
    "rappel": "rappel d'échéance",
    "relance_1": "relance",
    "relance_2": "deuxième relance",
    "derniere_relance": "dernière relance",
    "mise_en_demeure": "mise en demeure",
    "confirmation_promesse": "confirmation de votre engagement",
    "echeancier": "courrier d'échéancier",
}


# --- figures from the other core modules (replaceable in tests) --------------------------------

class Figures(Protocol):
    def statement(self, loaded: LoadedCase, at: dt.date, *, notice: bool = False) -> Any: ...
    def deadline(self, letter_date: dt.date, days: int, address: list[str]) -> dt.date: ...
    def next_step(self, total: Decimal) -> Any: ...


class CoreFigures:
    """The real computations: statement of account, deadline roll-over, next procedure."""

    def statement(self, loaded: LoadedCase, at: dt.date, *, notice: bool = False) -> Any:
        from generator import statement

        return statement.compute(loaded, at, notice=notice)

    def deadline(self, letter_date: dt.date, days: int, address: list[str]) -> dt.date:
        from generator import deadlines

        return deadlines.deadline(letter_date, days, deadlines.postcode_of(address))

    def next_step(self, total: Decimal) -> Any:
        from generator import procedure

        return procedure.next_step(total)


FIGURES: Figures = CoreFigures()


# --- the Jinja environment ---------------------------------------------------------------------

@dataclass
class _Usage:
    used: list[Path]
    missing: list[Path]


_USAGE: contextvars.ContextVar[_Usage | None] = contextvars.ContextVar("relance_template_usage", default=None)


class _RecordingEnvironment(jinja2.Environment):
    """An environment that notes each template file a render loads, for the incremental build."""

    search: list[Path]

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        template = super().get_template(name, parent, globals)
        self._note(template)
        return template

    def select_template(self, names: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        template = super().select_template(names, parent, globals)
        usage = _USAGE.get()
        if usage is not None and not isinstance(names, jinja2.Undefined):
            for name in names:
                if name == template.name:
                    break
                usage.missing.extend(folder / name for folder in self.search)
        self._note(template)
        return template

    def _note(self, template: jinja2.Template) -> None:
        usage = _USAGE.get()
        if usage is None or template.filename is None:
            return
        path = Path(template.filename)
        if path not in usage.used:
            usage.used.append(path)
        name = template.name or ""
        if not name.startswith("default:"):
            # A file of the same name in a more specific folder would replace this one.
            for folder in self.search:
                if path == folder / name:
                    break
                usage.missing.append(folder / name)


_ENVIRONMENTS: dict[tuple[Path, ...], _RecordingEnvironment] = {}


def environment(search: list[Path]) -> jinja2.Environment:
    """One environment per search path and process (compiled templates are cached in it)."""
    key = tuple(search)
    if key not in _ENVIRONMENTS:
        loader = jinja2.ChoiceLoader([
            jinja2.FileSystemLoader([str(p) for p in search]),
            jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(builtin_templates()))}, delimiter=":"),
        ])
        env = _RecordingEnvironment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                                    trim_blocks=True, lstrip_blocks=True, auto_reload=True)
        env.search = list(search)
        env.filters.update(money=frenchtext.amount, words=frenchtext.amount_in_words,
                           date_long=frenchtext.date_long, date_short=frenchtext.date_short,
                           percent=frenchtext.percent, days=frenchtext.days, cardinal=frenchtext.cardinal,
                           de=frenchtext.de,
                           enumeration=frenchtext.enumeration)
        _ENVIRONMENTS[key] = env
    return _ENVIRONMENTS[key]


# --- rendering ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class RenderedLetter:
    index: int
    type: str
    slug: str
    html: str
    text: LetterText
    title: str
    author: str
    date: dt.date
    templates: tuple[Path, ...]
    attachments: tuple[Path, ...]
    pdfa: bool
    missing: tuple[Path, ...] = ()
    """Template files that were looked for and absent: creating one changes the letter."""


def template_names(letter_type: str, role: str, kind: str) -> list[str]:
    """Most specific first: ``letters/mise_en_demeure.lawyer.consumer.html`` … ``letters/mise_en_demeure.html``."""
    return [f"letters/{letter_type}.{role}.{kind}.html", f"letters/{letter_type}.{role}.html",
            f"letters/{letter_type}.{kind}.html", f"letters/{letter_type}.html"]


class Renderer:
    """Renders the letters of cases of one repository (its templates first, then the built-in set)."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.env = environment(self.search_path())
        self._letter_assets: list[Path] | None = None  # looked up once per renderer (per build)

    def search_path(self) -> list[Path]:
        """Template folders, most specific first."""
        folders = [self.repo.templates_dir.resolve()] if self.repo.templates_dir.is_dir() else []
        return folders + [builtin_templates().resolve()]

    def asset(self, name: str) -> Path:
        """``assets/<name>`` from the first template folder that has it (a repository may restyle)."""
        for folder in self.search_path():
            if (folder / "assets" / name).is_file():
                return folder / "assets" / name
        raise RelanceError(f"assets/{name}: not found in {', '.join(map(str, self.search_path()))}")

    def letter_assets(self) -> list[Path]:
        """The letters' stylesheet and every file of its fonts folder: inputs of every letter's PDF."""
        if self._letter_assets is None:
            css = self.asset("letter.css")
            fonts = css.parent / "fonts"
            self._letter_assets = [css, *sorted(p for p in fonts.rglob("*") if p.is_file())]
        return self._letter_assets

    def render_letter(self, loaded: LoadedCase, index: int, *, assets_href: str | None) -> RenderedLetter:
        letter = loaded.case.letters[index]
        context = letter_context(loaded, index)
        context["assets_href"] = assets_href
        names = template_names(letter.type, loaded.sender.role, loaded.case.debtor.kind)
        usage = _Usage([], [])
        token = _USAGE.set(usage)
        try:
            template = self.env.select_template(names)
            html = template.render(context)
        finally:
            _USAGE.reset(token)
        text = LetterText(plain_text(html), context["statement"], context["deadline"], context["next_step"],
                          template.filename or template.name or names[-1])
        assets = self.letter_assets()
        return RenderedLetter(
            index=index, type=letter.type, slug=f"{letter.date.isoformat()}-{letter.type}", html=html, text=text,
            title=f"{TITLES[letter.type]} — {loaded.case.debtor.name}", author=context["sender"].name,
            date=letter.date, templates=tuple(usage.used + assets), attachments=_attachments(loaded, index),
            pdfa=letter.pdfa, missing=tuple(dict.fromkeys(p for p in usage.missing if p not in usage.used)))


def _attachments(loaded: LoadedCase, index: int) -> tuple[Path, ...]:
    """The invoice PDFs to embed; a path is case data, so it must stay inside the repository."""
    if not loaded.case.letters[index].pdfa:
        return ()
    root = loaded.repo.root.resolve()
    found = []
    for number, invoice in enumerate(loaded.case.invoices):
        if invoice.pdf is None:
            continue
        path = (root / invoice.pdf).resolve()
        where = f"{loaded.path}:{loaded.line('invoices', number, 'pdf') or '?'}: invoices[{number}].pdf"
        if not path.is_relative_to(root):
            raise RelanceError(f"{where}: '{invoice.pdf}' is outside the repository "
                               "(give a path relative to the repository root)")
        if not path.is_file():
            raise RelanceError(f"{where}: no file '{invoice.pdf}' (give a path relative to the repository root)")
        found.append(path)
    return tuple(found)


# --- the letter context ----------------------------------------------------------------------------

def letter_context(loaded: LoadedCase, index: int) -> dict[str, Any]:
    """Everything a template may use, computed once: parties, figures, dates, history, phrases."""
    case, letter = loaded.case, loaded.case.letters[index]
    role = loaded.sender.role
    if role != "creditor" and loaded.firm is None:
        raise RelanceError(f"{loaded.path}:{loaded.line('sender') or '?'}: sender: no identity for the "
                           f"{role.replace('_', ' ')} (define it under firms: in relance.yaml)")
    sender: Party = loaded.firm if loaded.firm is not None else loaded.creditor
    past = history(loaded, letter)
    _require_history(loaded, index, past)
    statement = FIGURES.statement(loaded, letter.date, notice=letter.type == "mise_en_demeure")
    days = letter.deadline_days or loaded.repo.config.defaults.deadline_days
    deadline = FIGURES.deadline(letter.date, days, case.debtor.address)
    payee: Party = loaded.firm if loaded.firm is not None and loaded.firm.iban else loaded.creditor
    channel = letter.channel or ("lrar" if letter.type == "mise_en_demeure" else "post")
    return {
        "type": letter.type, "index": index, "letter": letter, "title": TITLES[letter.type],
        "case": case, "debtor": case.debtor, "creditor": loaded.creditor, "firm": loaded.firm,
        "sender": sender, "role": role, "b2b": case.debtor.kind == "business", "terms": case.terms,
        "invoices": case.invoices, "statement": statement, "deadline": deadline, "deadline_days": days,
        "next_step": FIGURES.next_step(statement.total), "place": letter.place or town(sender.address),
        "date": letter.date, "channel": channel, "reference": letter_reference(loaded, index),
        "file_reference": loaded.sender.reference or case.reference, "mandate": loaded.sender.mandate,
        "signatory": sender.signatory, "salutation": salutation(case.debtor), "payee": payee,
        "history": past, "paragraph": paragraph_html(letter.paragraph),
        "with_annex": letter.type in WITH_ANNEX, "letter_names": LETTER_NAMES, "indemnity_unit": INDEMNITY,
    }


def town(address: list[str]) -> str:
    """``"69003 Lyon Cedex 03"`` → ``"Lyon"``: the place a letter is written from."""
    last = address[-1].strip()
    match = re.fullmatch(r"(?:F-)?\d{5}\s+(.+?)(?:\s+cedex(?:\s+\d+)?)?", last, flags=re.IGNORECASE)
    return match.group(1) if match else last


def salutation(debtor: Any) -> str:
    civility = debtor.attention.civility if debtor.attention is not None else debtor.civility
    return f"{civility}," if civility else "Madame, Monsieur,"


def letter_reference(loaded: LoadedCase, index: int) -> str:
    """The reference printed on the letter: its own, else the case's (or file's) plus the date."""
    letter = loaded.case.letters[index]
    if letter.reference:
        return letter.reference
    base = loaded.sender.reference or loaded.case.reference or loaded.slug
    return f"{base}-{letter.date:%Y%m%d}"


@dataclass(frozen=True)
class History:
    """What happened before this letter, as the letter recalls it."""

    letters: tuple[LetterSent, ...]  # sent by this case's sender
    others: tuple[LetterSent, ...]  # sent by someone else, e.g. the creditor before a firm took over
    first_letter: LetterSent | None
    payments: tuple[Any, ...]
    promise: Promise | None
    promise_broken: bool
    plan: PaymentPlan | None
    plan_missed: tuple[Instalment, ...]


def history(loaded: LoadedCase, letter: LetterRequest) -> History:
    case = loaded.case
    # The letter itself may already be recorded as sent (same day, same type): it is not history.
    sent = tuple(e for e in case.events
                 if isinstance(e, LetterSent) and e.date <= letter.date and not e.records(letter))
    sent = tuple(sorted(sent, key=lambda e: e.date))
    payments = tuple(sorted((p for p in case.payments if p.date <= letter.date), key=lambda p: p.date))
    promises = [e for e in case.events if isinstance(e, Promise) and e.date <= letter.date]
    promise = max(promises, key=lambda e: e.date) if promises else None
    broken = False
    if promise is not None and promise.promised_date < letter.date:
        paid = sum((p.amount for p in payments if promise.date <= p.date <= promise.promised_date), Decimal(0))
        broken = paid < promise.amount
    plans = [e for e in case.events if isinstance(e, PaymentPlan) and e.date <= letter.date]
    plan = max(plans, key=lambda e: e.date) if plans else None
    if loaded.sender.role == "recovery_firm":
        # A firm's follow-ups recall the firm's own first letter, never the creditor's reminders.
        first = loaded.firm_first_letter()
        first_letter = first[1] if first and first[1].date < letter.date else None
    else:
        first_letter = next((e for e in sent if loaded.sent_by_us(e)), None)
    ours = tuple(e for e in sent if loaded.sent_by_us(e))
    others = tuple(e for e in sent if not loaded.sent_by_us(e))
    return History(ours, others, first_letter, payments, promise, broken, plan,
                   missed_instalments(plan, payments, letter.date) if plan else ())


def _require_history(loaded: LoadedCase, index: int, past: History) -> None:
    letter = loaded.case.letters[index]
    where = f"{loaded.path}:{loaded.line('letters', index) or '?'}: letters[{index}]"
    if letter.type == "confirmation_promesse" and past.promise is None:
        raise RelanceError(f"{where}: a confirmation_promesse confirms a promise, and none is recorded "
                           "on or before the letter date (add a 'type: promise' event)")
    if letter.type == "echeancier" and past.plan is None:
        raise RelanceError(f"{where}: an echeancier sets out a payment plan, and none is recorded on or "
                           "before the letter date (add a 'type: payment_plan' event)")


_MARKDOWN_OFF = {
    "inline": ("html", "entity", "link", "image_link", "image_reference", "reference", "short_reference",
               "short_image_ref", "autolink", "automail"),
    "block": ("reference",),
    "pre": ("html_block",),
}


def paragraph_html(text: str | None) -> Markup | None:
    """The case's free paragraph: Markdown emphasis and lists only; raw HTML, links and images stay text."""
    if not text:
        return None
    md = markdown.Markdown()
    for name in _MARKDOWN_OFF["inline"]:
        md.inlinePatterns.deregister(name)
    for name in _MARKDOWN_OFF["block"]:
        md.parser.blockprocessors.deregister(name)
    for name in _MARKDOWN_OFF["pre"]:
        md.preprocessors.deregister(name)
    return Markup(md.convert(text))
