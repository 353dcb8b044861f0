"""libyaml's syntax errors in a clerk's words, in English and in French, each at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import ruletext, yamlsource
from generator.errors import Finding


# What libyaml could not read, in a clerk's words and in French; its own words never reach a finding
# for these (the inputs make each of libyaml's problems).
@pytest.mark.parametrize(
    ("text", "line", "english", "french"),
    [
        (
            "a:\n\tb: 1\n",
            2,
            "a tab, or a value starting with @, ` or %, where YAML cannot read it",
            "une tabulation, ou une valeur commençant par @, ` ou %, là où YAML ne sait pas la lire",
        ),
        (
            "a: @b\n",
            1,
            "a tab, or a value starting with @, ` or %, where YAML cannot read it",
            "une tabulation, ou une valeur commençant par @, ` ou %, là où YAML ne sait pas la lire",
        ),
        ("a: 1\n\tb: 2\n", 2, "a tab in the indentation", "une tabulation dans le retrait"),
        (
            "a: b: c\n",
            1,
            "a colon and a space where no key can start: a key indented further than the keys around "
            "it, or a value holding ': '",
            "un deux-points suivi d’une espace là où aucune clé ne peut commencer : une "
            "clé plus en retrait que ses voisines, ou une valeur contenant ': '",
        ),
        (
            "a: 1\n  b: 2\n",
            2,
            "a colon and a space where no key can start: a key indented further than the keys "
            "around it, or a value holding ': '",
            "un deux-points suivi d’une espace là où aucune clé ne peut "
            "commencer : une clé plus en retrait que ses voisines, ou une valeur contenant ': '",
        ),
        (
            'a: "b" c\n',
            1,
            "this line does not fit in its block: indented unlike the keys around it, or text after a closing quote",
            "cette ligne ne s’accorde pas avec son bloc : un retrait différent des clés voisines, ou "
            "du texte après un guillemet fermant",
        ),
        (
            "- a\nb: 1\n",
            2,
            "this line does not fit in the list above it",
            "cette ligne ne s’accorde pas avec la liste au-dessus",
        ),
        (
            'a: "b\nc: 2\n',
            3,
            "the file ends inside a quoted text: a quote opened on an earlier line is not closed",
            "le fichier finit dans un texte entre guillemets : un guillemet ouvert sur une ligne précédente n’est pas "
            "fermé",
        ),
        ("a: {b: 1\n", 2, "a block opened with { is not closed", "un bloc ouvert par { n’est pas fermé"),
        (
            "a: *x\n",
            1,
            "an alias (*name) refers to no anchor (&name) above it",
            "un alias (*nom) ne renvoie à aucune ancre (&nom) au-dessus",
        ),
        (
            "a: [1,,2]\n",
            1,
            "a list in [ ] or a block in { } is not closed, or holds an empty item",
            "une liste entre [ ] ou un bloc entre { } n’est pas fermé, ou contient un élément vide",
        ),
        (
            "a: ]\n",
            1,
            "a value starts with a character YAML keeps for itself (] } ,)",
            "une valeur commence par un caractère que YAML se réserve (] } ,)",
        ),
        (
            'a: "\\q"\n',
            1,
            "a backslash inside double quotes that YAML cannot read",
            "une barre oblique inverse entre guillemets doubles que YAML ne sait pas lire",
        ),
        (
            "a: 1\nb\n",
            3,
            "a key without its colon, or a text carried over to the next line",
            "une clé sans ses deux-points, ou un texte poursuivi sur la ligne suivante",
        ),
        (
            "a: |x\n",
            1,
            "text follows a value where the line should end",
            "du texte suit une valeur là où la ligne devrait finir",
        ),
        ("a: &\n", 1, "an anchor (&) or an alias (*) without a name", "une ancre (&) ou un alias (*) sans nom"),
        (
            "%FOO\na: 1\n",
            1,
            "a line starting with % (a YAML directive)",
            "une ligne commençant par % (une directive YAML)",
        ),
        (
            "a: 1\n...\nb\n",
            3,
            "text after the end of the document (a line '...')",
            "du texte après la fin du document (une ligne '...')",
        ),
        ("a: &x 1\nb: &x 2\n", 2, "the same anchor (&name) is set twice", "la même ancre (&nom) est posée deux fois"),
    ],
)
def test_yaml_syntax_errors_in_plain_words(text: str, line: int, english: str, french: str) -> None:
    with pytest.raises(yamlsource.YamlProblem) as info:
        yamlsource.parse(text, Path("t.yaml"))
    problem = info.value
    assert (problem.rule, problem.line, problem.message) == ("yaml.syntax", line, english)
    finding = Finding(problem.rule, "error", Path("t.yaml"), problem.line, None, problem.message, problem.fix)
    assert ruletext.finding_in(finding, "fr").message == french
    assert ruletext.finding_in(finding, "fr").fix != problem.fix  # the fix is in French too
