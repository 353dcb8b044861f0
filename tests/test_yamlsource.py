"""Parsing YAML: 1.2 scalars, a line for every key and item, refusals located, limits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator import yamlsource


def test_yaml_1_1_surprises_stay_text() -> None:
    source = yamlsource.parse("a: NO\nb: 012\nc: yes\nd: 1_000\ne: 0x1F\nf: on\n", Path("t.yaml"))
    assert source.data == {"a": "NO", "b": "012", "c": "yes", "d": "1_000", "e": "0x1F", "f": "on"}


def test_scalars_resolved_the_yaml_1_2_way() -> None:
    source = yamlsource.parse("a: true\nb: 12\nc: 2024-01-02\nd: 1.5\ne: null\nf: '12'\ng: 2024-02-30\n",
                              Path("t.yaml"))
    assert source.data == {"a": True, "b": 12, "c": dt.date(2024, 1, 2), "d": 1.5, "e": None, "f": "12",
                           "g": "2024-02-30"}


def test_every_key_and_item_has_its_line() -> None:
    source = yamlsource.parse("a:\n  - x: 1\n    y:\n      - 2\n", Path("t.yaml"))
    assert source.line_of(("a", 0, "y", 0)) == 4
    assert source.line_of(("a", 0, "x")) == 2
    assert source.line_of(("a", 0, "missing", 3)) == 2  # falls back to the enclosing item


@pytest.mark.parametrize(
    ("text", "rule", "line", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "yaml.duplicate-key", 3, "key 'a' appears twice in the same block (first on line 1)"),
        ("a: [1\nb: 2\n", "yaml.syntax", 2, "a list opened with [ is not closed"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", "yaml.syntax", 3, "merge keys (<<) are not supported"),
        ("a: !!python/object:os.system x\n", "yaml.syntax", 1, "unsupported tag tag:yaml.org,2002:python/object:os.system"),
        ("a: 1\n---\nb: 2\n", "yaml.syntax", 2, "a case file holds one YAML document, this is a second one"),
    ],
)
def test_bad_yaml_is_refused_with_its_line(text: str, rule: str, line: int | None, message: str) -> None:
    with pytest.raises(yamlsource.YamlProblem) as info:
        yamlsource.parse(text, Path("t.yaml"))
    assert (info.value.rule, info.value.line, info.value.message) == (rule, line, message)


# What libyaml could not read, in a clerk's words and in French; its own words never reach a finding
# for these (the inputs make each of libyaml's problems).
@pytest.mark.parametrize(
    ("text", "line", "english", "french"),
    [
        ("a:\n\tb: 1\n", 2, "a tab, or a value starting with @, ` or %, where YAML cannot read it",
         "une tabulation, ou une valeur commençant par @, ` ou %, là où YAML ne sait pas la lire"),
        ("a: @b\n", 1, "a tab, or a value starting with @, ` or %, where YAML cannot read it",
         "une tabulation, ou une valeur commençant par @, ` ou %, là où YAML ne sait pas la lire"),
        ("a: 1\n\tb: 2\n", 2, "a tab in the indentation", "une tabulation dans le retrait"),
        ("a: b: c\n", 1, "a colon and a space where no key can start: a key indented further than the keys around "
         "it, or a value holding ': '", "un deux-points suivi d’une espace là où aucune clé ne peut commencer : une "
         "clé plus en retrait que ses voisines, ou une valeur contenant ': '"),
        ("a: 1\n  b: 2\n", 2, "a colon and a space where no key can start: a key indented further than the keys "
         "around it, or a value holding ': '", "un deux-points suivi d’une espace là où aucune clé ne peut "
         "commencer : une clé plus en retrait que ses voisines, ou une valeur contenant ': '"),
        ('a: "b" c\n', 1, "this line does not fit in its block: indented unlike the keys around it, or text after a "
         "closing quote", "cette ligne ne s’accorde pas avec son bloc : un retrait différent des clés voisines, ou "
         "du texte après un guillemet fermant"),
        ("- a\nb: 1\n", 2, "this line does not fit in the list above it",
         "cette ligne ne s’accorde pas avec la liste au-dessus"),
        ('a: "b\nc: 2\n', 3, "the file ends inside a quoted text: a quote opened on an earlier line is not closed",
         "le fichier finit dans un texte entre guillemets : un guillemet ouvert sur une ligne précédente n’est pas "
         "fermé"),
        ("a: {b: 1\n", 2, "a block opened with { is not closed", "un bloc ouvert par { n’est pas fermé"),
        ("a: *x\n", 1, "an alias (*name) refers to no anchor (&name) above it",
         "un alias (*nom) ne renvoie à aucune ancre (&nom) au-dessus"),
        ("a: [1,,2]\n", 1, "a list in [ ] or a block in { } is not closed, or holds an empty item",
         "une liste entre [ ] ou un bloc entre { } n’est pas fermé, ou contient un élément vide"),
        ("a: ]\n", 1, "a value starts with a character YAML keeps for itself (] } ,)",
         "une valeur commence par un caractère que YAML se réserve (] } ,)"),
        ('a: "\\q"\n', 1, "a backslash inside double quotes that YAML cannot read",
         "une barre oblique inverse entre guillemets doubles que YAML ne sait pas lire"),
        ("a: 1\nb\n", 3, "a key without its colon, or a text carried over to the next line",
         "une clé sans ses deux-points, ou un texte poursuivi sur la ligne suivante"),
        ("a: |x\n", 1, "text follows a value where the line should end",
         "du texte suit une valeur là où la ligne devrait finir"),
        ("a: &\n", 1, "an anchor (&) or an alias (*) without a name", "une ancre (&) ou un alias (*) sans nom"),
        ("%FOO\na: 1\n", 1, "a line starting with % (a YAML directive)",
         "une ligne commençant par % (une directive YAML)"),
        ("a: 1\n...\nb\n", 3, "text after the end of the document (a line '...')",
         "du texte après la fin du document (une ligne '...')"),
        ("a: &x 1\nb: &x 2\n", 2, "the same anchor (&name) is set twice", "la même ancre (&nom) est posée deux fois"),
    ],
)
def test_yaml_syntax_errors_in_plain_words(text: str, line: int, english: str, french: str) -> None:
    from generator import ruletext
    from generator.errors import Finding

    with pytest.raises(yamlsource.YamlProblem) as info:
        yamlsource.parse(text, Path("t.yaml"))
    problem = info.value
    assert (problem.rule, problem.line, problem.message) == ("yaml.syntax", line, english)
    finding = Finding(problem.rule, "error", Path("t.yaml"), problem.line, None, problem.message, problem.fix)
    assert ruletext.finding_in(finding, "fr").message == french
    assert ruletext.finding_in(finding, "fr").fix != problem.fix  # the fix is in French too


def test_alias_bomb_is_refused() -> None:
    lines = ["a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]"]
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(yamlsource.YamlProblem) as info:
        yamlsource.parse("\n".join(lines) + "\n", Path("t.yaml"))
    assert info.value.rule == "yaml.limit"
    assert info.value.message == "more than 100000 values (anchors and aliases expanding without end?)"


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * (yamlsource.MAX_BYTES + 1), encoding="utf-8")
    with pytest.raises(yamlsource.YamlProblem) as info:
        yamlsource.read(big)
    assert info.value.message == (f"file is {yamlsource.MAX_BYTES + 4} bytes, more than the 1000000 a case file "
                                  "may have (the limit is passed on this line)")
    assert info.value.line == 1


def test_bytes_already_read_give_what_the_file_gives(tmp_path: Path) -> None:
    # relance due hashes each file, then hands its bytes over instead of reading it again.
    case = tmp_path / "c.yaml"
    case.write_text("a:\n  - x: '1'\n    y: 2024-01-02\nb: NO\n", encoding="utf-8")
    read, given = yamlsource.read(case), yamlsource.read(case, case.read_bytes())
    assert (given.data, given.lines) == (read.data, read.lines)
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * (yamlsource.MAX_BYTES + 1), encoding="utf-8")
    with pytest.raises(yamlsource.YamlProblem) as info:
        yamlsource.read(big, big.read_bytes())
    assert (info.value.message, info.value.line) == (f"file is {yamlsource.MAX_BYTES + 4} bytes, more than the "
                                                     "1000000 a case file may have (the limit is passed on this "
                                                     "line)", 1)
