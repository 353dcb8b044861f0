"""What libyaml could not read, in a clerk's words: the likely mistake and how to mend it.

libyaml says "did not find expected key"; a clerk needs "this line does not fit in its block".
The problems are libyaml's, as PyYAML reports them (its pure-Python parser, used without
libyaml, words a few of them alike). The French catalogue (``ruletemplates``) reads the texts
returned here.
"""

from __future__ import annotations


def explain(problem: str, context: str) -> tuple[str, str, str]:
    """The rule, message and fix for libyaml's ``problem`` (its own words as the last resort)."""
    if "duplicate anchor" in context:
        return "yaml.syntax", "the same anchor (&name) is set twice", "give each anchor a name of its own"
    if problem == "found character that cannot start any token":
        return (
            "yaml.syntax",
            "a tab, or a value starting with @, ` or %, where YAML cannot read it",
            "indent with spaces, not tabs; put a value starting with @, ` or % in quotes",
        )
    if problem == "found a tab character that violates indentation":
        return "yaml.syntax", "a tab in the indentation", "indent with spaces, not tabs"
    if problem == "mapping values are not allowed in this context":
        return (
            "yaml.syntax",
            "a colon and a space where no key can start: a key indented further than the keys "
            "around it, or a value holding ': '",
            "line the key up with the keys around it, or put the value in quotes",
        )
    if problem == "did not find expected key":
        return (
            "yaml.syntax",
            "this line does not fit in its block: indented unlike the keys around it, or text after a closing quote",
            "line it up with the keys around it; keep a quoted value wholly inside its quotes",
        )
    if problem == "did not find expected '-' indicator":
        return (
            "yaml.syntax",
            "this line does not fit in the list above it",
            "start each item with '- ' lined up with the other items, or line a key up with the keys above the list",
        )
    if problem == "found unexpected end of stream" and "quoted" in context:
        return (
            "yaml.syntax",
            "the file ends inside a quoted text: a quote opened on an earlier line is not closed",
            "close the quote on the line where the text ends",
        )
    if problem == "did not find expected ',' or ']'":
        return "yaml.syntax", "a list opened with [ is not closed", "close it with ] and separate its items with commas"
    if problem == "did not find expected ',' or '}'":
        return (
            "yaml.syntax",
            "a block opened with { is not closed",
            "close it with } and separate its entries with commas",
        )
    if problem == "found undefined alias":
        return (
            "yaml.syntax",
            "an alias (*name) refers to no anchor (&name) above it",
            "write the value out, or put a text starting with * in quotes",
        )
    if problem == "did not find expected node content" and "flow" in context:
        return (
            "yaml.syntax",
            "a list in [ ] or a block in { } is not closed, or holds an empty item",
            "close it with ] or } and separate its items with single commas",
        )
    if problem == "did not find expected node content":
        return "yaml.syntax", "a value starts with a character YAML keeps for itself (] } ,)", "put the value in quotes"
    if problem == "found unknown escape character":
        return (
            "yaml.syntax",
            "a backslash inside double quotes that YAML cannot read",
            "use single quotes, or write the backslash twice",
        )
    if problem == "could not find expected ':'":
        return (
            "yaml.syntax",
            "a key without its colon, or a text carried over to the next line",
            "add ': ' after the key, or put the whole text in quotes",
        )
    if problem == "did not find expected comment or line break":
        return "yaml.syntax", "text follows a value where the line should end", "put the whole value in quotes"
    if problem == "did not find expected alphabetic or numeric character":
        return (
            "yaml.syntax",
            "an anchor (&) or an alias (*) without a name",
            "put a text starting with & or * in quotes",
        )
    if problem == "found unknown directive name":
        return "yaml.syntax", "a line starting with % (a YAML directive)", "put a text starting with % in quotes"
    if problem == "did not find expected <document start>":
        return "yaml.syntax", "text after the end of the document (a line '...')", "remove the '...' line"
    return "yaml.syntax", f"YAML syntax: {problem}", "check indentation, colons and quotes on this line"
