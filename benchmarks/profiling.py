"""``--profile`` for the benchmark scripts: cProfile over one step, then the share of each part.

Each function's own time goes to the part its file belongs to (the letter templates, the rules,
the statement, WeasyPrint…). Time spent in a function of no part (a builtin, ``re``, a shared
helper such as ``frenchtext``) goes to its callers, in proportion to what each caller spent in
it, up the call graph until a part is found: so ``re.sub`` called by a text rule counts as
text rules, and a date formatted for a template as template rendering.
"""

from __future__ import annotations

import cProfile
import pstats
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# (part, the path fragments of its files); the first match wins, so the specific comes first.
PARTS: list[tuple[str, tuple[str, ...]]] = [
    ("rendered-text rules", ("generator/rules/text.py", "generator/rules/lettertext.py", "generator/rules/wording.py")),
    ("data rules", ("generator/rules/", "generator/facts.py", "generator/prescription.py")),
    (
        "statement",
        (
            "generator/statement.py",
            "generator/accrual.py",
            "generator/interest.py",
            "generator/rates.py",
            "generator/deadlines.py",
            "generator/latepayment.py",
            "holidays/",
        ),
    ),
    ("hashing and manifest", ("generator/manifest.py", "generator/outcomes.py", "hashlib", "json/")),
    ("worklist (due, the site's index)", ("generator/worklist.py", "generator/due", "generator/i18n.py")),
    ("site pages", ("generator/site.py", "/site/")),
    (
        "PDF writing and font subsetting",
        ("pydyf/", "weasyprint/pdf/", "fontTools/", "pypdf/", "generator/dossier.py", "weasyprint/text/fonts.py"),
    ),
    (
        "WeasyPrint layout",
        (
            "weasyprint/",
            "tinycss2/",
            "cssselect2/",
            "html5lib/",
            "webencodings/",
            "pyphen/",
            "PIL/",
            "generator/pdf.py",
        ),
    ),
    (
        "template rendering",
        (
            "generator/render.py",
            "generator/context.py",
            "generator/templates.py",
            "generator/typography.py",
            "generator/court.py",
            "jinja2/",
            "markupsafe/",
            "markdown/",
            "letter_templates/",
            "/letters/",
            "/partials/",
            ".html",
        ),
    ),
    (
        "loading (YAML, schema)",
        (
            "generator/yamlsource.py",
            "generator/cases.py",
            "generator/models.py",
            "generator/fields.py",
            "generator/bounds.py",
            "yaml/",
            "pydantic",
        ),
    ),
    ("process start and imports", ("<frozen importlib", "importlib/", "site-packages/_distutils_hack")),
]
OTHER = "other"

Func = tuple[str, int, str]


def part_of(func: Func) -> str | None:
    """The part a function's own time belongs to, or None to give it to its callers."""
    filename = func[0]
    if filename in ("~", "") or filename.startswith("<built-in") or filename.startswith("<string>"):
        return None
    for part, fragments in PARTS:
        if any(fragment in filename for fragment in fragments):
            return part
    return None


def shares(stats: pstats.Stats) -> dict[str, float]:
    """Seconds per part, every second of own time placed once."""
    raw: dict[Func, Any] = stats.stats  # type: ignore[attr-defined]
    memo: dict[Func, dict[str, float]] = {}

    def split(func: Func, depth: int = 0) -> dict[str, float]:
        """How one second of ``func``'s time divides among parts."""
        if func in memo:
            return memo[func]
        part = part_of(func)
        if part is not None:
            memo[func] = {part: 1.0}
            return memo[func]
        memo[func] = {OTHER: 1.0}  # a cycle or a root: placed as "other" unless callers say more
        callers = raw[func][4] if func in raw else {}
        total = sum(edge[3] for edge in callers.values())  # cumulative time through each caller
        if depth > 60 or not callers or total <= 0:
            return memo[func]
        result: dict[str, float] = defaultdict(float)
        for caller, edge in callers.items():
            for name, weight in split(caller, depth + 1).items():
                result[name] += weight * edge[3] / total
        memo[func] = dict(result)
        return memo[func]

    seconds: dict[str, float] = defaultdict(float)
    for func, (_cc, _nc, own, _cum, _callers) in raw.items():
        for name, weight in split(func).items():
            seconds[name] += own * weight
    return dict(seconds)


def table(seconds: dict[str, float], title: str) -> str:
    """The shares as a Markdown table, the largest first."""
    total = sum(seconds.values()) or 1.0
    lines = [
        f"{title}: {total:.2f} s of CPU (process time) under cProfile",
        "",
        "| part | seconds | share |",
        "|---|---:|---:|",
    ]
    for name, value in sorted(seconds.items(), key=lambda item: -item[1]):
        lines.append(f"| {name} | {value:.2f} | {100 * value / total:.1f} % |")
    return "\n".join(lines)


@contextmanager
def profiled(enabled: bool, title: str, dump: Path | None = None) -> Iterator[None]:
    """Profile the ``with`` block when ``enabled``; print the share table (and dump the stats)."""
    if not enabled:
        yield
        return
    # CPU time, not wall time: the machine may be shared, and waiting for a core is no one's share.
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        stats = pstats.Stats(profile)
        if dump is not None:
            stats.dump_stats(str(dump))
        print(table(shares(stats), title))
        print()


def profile_call(enabled: bool, title: str, run: Callable[[], object]) -> object:
    with profiled(enabled, title):
        return run()


def add_option(parser: Any) -> None:
    parser.add_argument(
        "--profile",
        action="store_true",
        help="run the measured steps once under cProfile and print the share of each part",
    )
    parser.add_argument(
        "--profile-dump",
        type=Path,
        default=None,
        help="with --profile, also write the pstats file here (read it with python -m pstats)",
    )
