"""The rendered letter as the text rules read it (generator/rules/lettertext.py)."""

from __future__ import annotations

from generator.rules.lettertext import fold, plain_text


def test_fold_keeps_length_and_drops_case_accents_apostrophes() -> None:
    assert fold("Frais D\u2019EXÉCUTION\u00a0forcée") == "frais d'execution forcee"
    assert len(fold("Œuvre à l’été")) == len("Œuvre à l’été")


def test_plain_text_keeps_words_apart() -> None:
    assert (
        plain_text(
            "<html><head><title>T</title><style>p{}</style></head><body><p>un<strong>deux</strong>"
            "</p><p>trois\u00a0€\u202f%</p><td>a</td><td>b</td></body></html>"
        )
        == "undeux trois € % a b"
    )
