"""Where the files shipped with relance are: built-in templates, assets, rate tables, the legal reference."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from generator import __version__

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


@functools.cache
def code_identity() -> str:
    """The relance version and a digest of relance's own code, as one build input.

    A change to the code that renders letters must render them again even before the version
    number moves (a development checkout, a patched install).
    """
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
