"""Benchmark: ``relance validate`` on many generated case files against a bare ``yaml.safe_load``.

Generates N varied, realistic case files (1 to 8 invoices, payments, a dated history, one or two
letters) in a temporary letters repository, then times, best of K runs:

* the peer: ``yaml.safe_load`` of every file, nothing else (PyYAML's default, pure Python loader),
  and the same parse with libyaml (``yaml.CSafeLoader``), the fastest bare parse, when available;
* relance's validation of the same files with the data rules (``with_text=False``);
* and, when the renderer is available, with the rules on the rendered text too.

Goals: data validation within 2 × the libyaml parse, with the text rules within 3 × (ratios of CPU
time, against both peers). Usage::

    python benchmarks/validate_bench.py --cases 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from profiling import add_option, profiled

from generator import validate as core

AS_OF = dt.date(2026, 11, 23)
LAST_LETTER = dt.date(2026, 6, 30)  # rate tables end with 2026-H1: letters with figures stay before
LADDER = [("relance_1", 5), ("relance_2", 15), ("derniere_relance", 30), ("mise_en_demeure", 45)]

CONFIG = """\
firms:
  recouvrement:
    role: recovery_firm
    name: Cabinet Exemple Recouvrement SAS
    address: ["27 rue Servient", "69003 Lyon"]
    siren: "922818661"
    insurance: Assureur, police RC professionnelle n° 1
    declaration: Procureur de la République près le TJ de Lyon, 12 mars 2024
  avocats:
    role: lawyer
    name: Cabinet Exemple Avocats
    address: ["14 quai Jules Courmont", "69002 Lyon"]
    bar: Barreau de Lyon
parties:
  client:
    name: Client Exemple SAS
    address: ["8 rue des Lilas", "69003 Lyon"]
    siren: "537915662"
    iban: FR76 1686 6515 7017 4034 1419 181
    signatory: {name: Claire Morel, title: Gérante}
"""

TOWNS = [
    "69003 Lyon",
    "42000 Saint-Étienne",
    "38000 Grenoble",
    "74000 Annecy",
    "73000 Chambéry",
    "69100 Villeurbanne",
    "38200 Vienne",
    "42300 Roanne",
    "01000 Bourg-en-Bresse",
    "26000 Valence",
]
STREETS = [
    "rue de la République",
    "avenue Jean Jaurès",
    "boulevard des Belges",
    "rue Victor Hugo",
    "chemin des Vignes",
    "place Bellecour",
    "rue du Commerce",
    "allée des Tilleuls",
]
LABELS = [
    "Prestation de conseil",
    "Travaux de menuiserie",
    "Impression de brochures",
    "Transport",
    "Maintenance informatique",
    "Création graphique",
    "Fournitures de bureau",
    "Location de matériel",
]
NAMES = ["Durand", "Lefèvre", "Moreau", "Girard", "Roux", "Fournier", "Garnier", "Chevalier", "Rey"]


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _party(rnd: random.Random, index: int, consumer: bool) -> dict[str, Any]:
    name = rnd.choice(NAMES)
    civility, first = rnd.choice(
        [("Madame", "Claire"), ("Monsieur", "Paul"), ("Madame", "Sophie"), ("Monsieur", "Marc")]
    )
    party: dict[str, Any] = {
        "kind": "consumer" if consumer else "business",
        "name": f"{first} {name}"
        if consumer
        else f"{name} {rnd.choice(['SAS', 'SARL', 'EURL', '& Fils SARL'])} {index}",
        "address": [f"{rnd.randint(1, 180)} {rnd.choice(STREETS)}", rnd.choice(TOWNS)],
    }
    if consumer:
        party["civility"] = civility
    else:
        party["attention"] = {"civility": civility, "name": f"{first} {name}"}
    return party


def case_data(rnd: random.Random, index: int) -> dict[str, Any]:
    """One realistic case: unpaid invoices, perhaps payments, the ladder so far, the next letter."""
    consumer = rnd.random() < 0.2
    sender = rnd.choices(["creditor", "recovery_firm", "lawyer"], [8, 1, 1])[0]
    first_issue = dt.date(2025, 1, 1) + dt.timedelta(days=rnd.randint(0, 380))
    invoices = []
    for n in range(rnd.choices([1, 2, 3, 5, 8], [45, 25, 15, 10, 5])[0]):
        issued = first_issue + dt.timedelta(days=30 * n + rnd.randint(0, 10))
        amount = Decimal(rnd.randint(12_000, 2_500_000)) / 100
        invoices.append(
            {
                "number": f"F-{issued.year}-{index:05d}-{n + 1}",
                "issued": issued,
                "due": issued + dt.timedelta(days=30),
                "amount": _money(amount),
                "label": rnd.choice(LABELS),
            }
        )
    due = max(invoice["due"] for invoice in invoices)
    steps = [(kind, due + dt.timedelta(days=offset + rnd.randint(0, 6))) for kind, offset in LADDER]
    steps = [(kind, day) for kind, day in steps if day <= LAST_LETTER]
    done = rnd.randint(0, max(len(steps) - 1, 0))
    events: list[dict[str, Any]] = [
        {"date": day, "type": "letter", "letter": kind, "channel": "post", "reference": f"R-{index}-{k}"}
        for k, (kind, day) in enumerate(steps[:done])
    ]
    payments = []
    if events and rnd.random() < 0.3:
        first = invoices[0]
        payments.append(
            {
                "date": events[0]["date"] + dt.timedelta(days=2),
                "amount": _money(Decimal(first["amount"]) / 4),
                **({"invoice": first["number"]} if rnd.random() < 0.5 else {}),
            }
        )
    if events and rnd.random() < 0.3:
        events.append(
            {
                "date": events[-1]["date"] + dt.timedelta(days=3),
                "type": "call",
                "contact": "Service comptable",
                "note": "Rappel téléphonique, paiement annoncé.",
            }
        )
    case: dict[str, Any] = {"reference": f"BENCH-{index:05d}", "creditor": "client"}
    if sender == "recovery_firm":
        mandate = {"reference": f"M-{index}", "date": first_issue}
        case["sender"] = {"role": "recovery_firm", "mandate": mandate}
    elif sender == "lawyer":
        case["sender"] = "lawyer"
    case.update({"debtor": _party(rnd, index, consumer), "invoices": invoices})
    if payments:
        case["payments"] = payments
    if events:
        case["events"] = events
    if done < len(steps):
        kind, day = steps[done]
        letter: dict[str, Any] = {"type": kind, "date": day}
        if kind == "mise_en_demeure":
            letter.update({"deadline_days": rnd.choice([8, 10, 15]), "channel": "lrar"})
        case["letters"] = [letter]
    return case


def write_cases(folder: Path, count: int, seed: int) -> list[Path]:
    """Write ``count`` case files (and a relance.yaml) under ``folder``; return their paths."""
    rnd = random.Random(seed)
    (folder / "relance.yaml").write_text(CONFIG, encoding="utf-8")
    cases_dir = folder / "cases"
    cases_dir.mkdir()
    paths = []
    for index in range(count):
        path = cases_dir / f"case-{index:05d}.yaml"
        text = yaml.safe_dump(case_data(rnd, index), allow_unicode=True, sort_keys=False, width=110)
        path.write_text(f"# Dossier généré n° {index}\n{text}", encoding="utf-8")
        paths.append(path)
    return paths


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds of the run with the least CPU time of ``repeat``.

    Everything runs in this process, on one core: its CPU time is what the work costs, whatever
    else the machine is doing; the ratios are taken on it.
    """
    times = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        run()
        times.append((time.process_time() - cpu, time.perf_counter() - start))
    cpu, wall = min(times)
    return wall, cpu


def bare_parse(paths: list[Path]) -> None:
    for path in paths:
        yaml.safe_load(path.read_text(encoding="utf-8"))


def bare_parse_libyaml(paths: list[Path]) -> None:
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="number of case files (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure; the best counts")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--no-text", action="store_true", help="skip the run with the rendered-text rules")
    add_option(parser)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="relance-bench-") as tmp:
        root = Path(tmp)
        paths = write_cases(root, args.cases, args.seed)
        if args.profile:
            core.validate([root / "cases"], AS_OF, root=root, with_text=not args.no_text)  # imports, compiles
            with profiled(
                True,
                f"relance validate, {args.cases} cases{'' if args.no_text else ', with the rendered-text rules'}",
                args.profile_dump,
            ):
                core.validate([root / "cases"], AS_OF, root=root, with_text=not args.no_text)
            return 0
        size = sum(p.stat().st_size for p in paths)
        folder = [root / "cases"]
        reports = core.validate(folder, AS_OF, root=root, with_text=False)
        errors = sum(len(r.errors) for r in reports)
        warnings = sum(len(r.warnings) for r in reports)
        print(
            f"{args.cases} case files, {size / 1e6:.1f} MB, {size // args.cases} bytes on average; "
            f"data rules: {errors} errors, {warnings} warnings; best of {args.repeat}"
        )

        peers = {"safe_load": best_of(args.repeat, lambda: bare_parse(paths))}
        if hasattr(yaml, "CSafeLoader"):
            peers["CSafeLoader"] = best_of(args.repeat, lambda: bare_parse_libyaml(paths))
        print(
            f"  {'':<32} {'wall':>10} {'CPU':>10} {'CPU a case':>11}"
            + "".join(f"  {'x ' + name:<14}" for name in peers)
        )
        for name, seconds in peers.items():
            _line(f"{name} (peer)", seconds, args.cases, peers)
        data = best_of(args.repeat, lambda: core.validate(folder, AS_OF, root=root, with_text=False))
        _line("relance validate, data rules", data, args.cases, peers)
        if not args.no_text and _has_renderer():
            text = best_of(args.repeat, lambda: core.validate(folder, AS_OF, root=root, with_text=True))
            _line("relance validate, + text rules", text, args.cases, peers)
        ratio = data[1] / min(cpu for _, cpu in peers.values())
        print(
            f"goal: data validation <= 2 x the fastest bare parse (CPU): {'met' if ratio <= 2 else 'NOT met'} "
            f"({ratio:.2f} x)"
        )
    return 0


def _line(label: str, seconds: tuple[float, float], count: int, peers: dict[str, tuple[float, float]]) -> None:
    wall, cpu = seconds
    ratios = "".join(f"  {cpu / peer[1]:>12.2f}  " for peer in peers.values())
    print(f"  {label:<32} {wall:8.2f} s {cpu:8.2f} s {1000 * cpu / count:8.2f} ms{ratios}")


def _has_renderer() -> bool:
    try:
        import generator.render  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    raise SystemExit(main())
