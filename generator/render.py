"""Render a letter to HTML: pick its template, fill it with the letter context, note what it used.

The template environment is in ``templates``, the context in ``context``; this module puts them
together and says which files a letter's bytes depend on (for the incremental build).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from pathlib import Path

from generator import templates, typography
from generator.cases import LoadedCase, Repository
from generator.context import TITLES, letter_context
from generator.errors import RelanceError
from generator.rules.lettertext import LetterText, plain_text


@dataclass(frozen=True)
class PdfInput:
    """What the PDF writer needs of a letter: small and picklable, for the worker processes."""

    slug: str
    html: str
    title: str
    author: str
    date: dt.date
    attachments: tuple[Path, ...]  # invoice PDFs embedded in a PDF/A-3 letter
    pdfa: bool


@dataclass(frozen=True)
class RenderedLetter(PdfInput):
    """A letter rendered: the writer's input, plus its plain text and the files it was made from."""

    index: int
    type: str
    text: LetterText
    templates: tuple[Path, ...]
    missing: tuple[Path, ...] = ()
    """Template files that were looked for and absent: creating one changes the letter."""

    def pdf_input(self) -> PdfInput:
        """The writer's input alone (the text and its statement stay in this process)."""
        return PdfInput(**{f.name: getattr(self, f.name) for f in fields(PdfInput)})


def template_names(letter_type: str, role: str, kind: str) -> list[str]:
    """Most specific first: ``letters/mise_en_demeure.lawyer.consumer.html`` … ``letters/mise_en_demeure.html``."""
    return [
        f"letters/{letter_type}.{role}.{kind}.html",
        f"letters/{letter_type}.{role}.html",
        f"letters/{letter_type}.{kind}.html",
        f"letters/{letter_type}.html",
    ]


class Renderer:
    """Renders the letters of cases of one repository (its templates first, then the built-in set)."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.env = templates.environment(self.search_path())
        self._letter_assets: list[Path] | None = None  # looked up once per renderer (per build)

    def search_path(self) -> list[Path]:
        """Template folders, most specific first."""
        return templates.search_path(self.repo)

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
        with templates.recording() as usage:
            template = self.env.select_template(names)
            html = typography.typeset_html(template.render(context))
        text = LetterText(
            plain_text(html),
            context["statement"],
            context["deadline"],
            context["next_step"],
            template.filename or template.name or names[-1],
        )
        assets = self.letter_assets()
        return RenderedLetter(
            index=index,
            type=letter.type,
            slug=f"{letter.date.isoformat()}-{letter.type}",
            html=html,
            text=text,
            title=f"{TITLES[letter.type]} — {loaded.case.debtor.name}",
            author=context["sender"].name,
            date=letter.date,
            templates=tuple(usage.used + assets),
            attachments=_attachments(loaded, index),
            pdfa=letter.pdfa,
            missing=tuple(dict.fromkeys(p for p in usage.missing if p not in usage.used)),
        )


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
            raise RelanceError(
                f"{where}: '{invoice.pdf}' is outside the repository (give a path relative to the repository root)"
            )
        if not path.is_file():
            raise RelanceError(f"{where}: no file '{invoice.pdf}' (give a path relative to the repository root)")
        found.append(path)
    return tuple(found)
