"""Where the files shipped with relance are: built-in templates, assets, rate tables, the legal reference."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def builtin_templates() -> Path:
    """The built-in ``letter_templates`` folder.

    An installed wheel carries it inside the package; a source checkout keeps it at the top
    of the repository, next to ``generator/``.
    """
    packaged = _PACKAGE / "letter_templates"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "letter_templates"


def data_file(name: str) -> Path:
    """A data file shipped in ``generator/data`` (rate tables)."""
    return _PACKAGE / "data" / name


def law_reference() -> Path:
    """``docs/law.md``, the legal reference every rule's source points into.

    A wheel carries it inside the package, a source checkout at the top of the repository.
    """
    packaged = _PACKAGE / "docs" / "law.md"
    return packaged if packaged.is_file() else _PACKAGE.parent / "docs" / "law.md"
