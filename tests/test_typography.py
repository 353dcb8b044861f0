"""French typography over a rendered letter (generator/typography.py): what changes, and what never does."""

from __future__ import annotations

import pytest

from generator.rules.lettertext import normalise
from generator.typography import typeset_html, typeset_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("l'expression", "l\u2019expression"),
        ("aujourd'hui, qu'il", "aujourd\u2019hui, qu\u2019il"),
        ("d&#39;échéance", "d\u2019échéance"),  # escaped by the template engine from case data
        ("l\u2019article", "l\u2019article"),  # already typographic
        ("'entre guillemets'", "'entre guillemets'"),  # not inside a word: left as written
    ],
)
def test_apostrophes_inside_a_word_become_typographic(text: str, expected: str) -> None:
    assert typeset_text(text) == expected


def test_markup_and_attributes_keep_their_apostrophes() -> None:
    html = "<p title=\"l'attribut\">l'expression</p><style>a[title='x']{}</style>"
    assert typeset_html(html) == "<p title=\"l'attribut\">l\u2019expression</p><style>a[title='x']{}</style>"


def test_the_text_rules_read_both_apostrophes_alike() -> None:
    assert normalise(typeset_text("l'expression de nos salutations")) == "l'expression de nos salutations"
