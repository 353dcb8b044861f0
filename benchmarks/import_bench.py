"""Benchmark: ``relance import`` on many generated e-invoices.

Generates N invoices from one seller to one buyer — a third each as Factur-X PDFs, CII and UBL
files, written by the ``factur-x`` library's own generator — in a temporary letters repository,
then times, best of K runs:

* reading every file into a record (``einvoice.read``: PDF extraction, schema check, terms);
* the peer: the library's own ``parse_ubl_cii_xml`` on the same XML (its default XSD check on);
* importing them all into a new case (reading, checks, PDF copies, one YAML edit, the write);
* importing them all again into that case (every invoice unchanged, nothing written);
* adding one more invoice to the case that now holds N invoices.

Usage::

    python benchmarks/import_bench.py --invoices 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import shutil
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import facturx

from generator import einvoice, einvoicexml, importer


def _builder() -> ModuleType:
    # The tests' sample builder: the same invoices the tests import, in bulk.
    path = Path(__file__).resolve().parent.parent / "tests" / "einvoicebuilder.py"
    spec = importlib.util.spec_from_file_location("einvoicebuilder", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate(folder: Path, count: int) -> list[Path]:
    builder = _builder()
    makers: list[Callable[..., Path]] = [builder.facturx_pdf, builder.cii, builder.ubl]
    suffixes = [".pdf", ".xml", ".xml"]
    paths = []
    for n in range(count):
        issued = dt.date(2026, 1, 1) + dt.timedelta(days=n % 150)
        excl = Decimal(100 + (n * 37) % 9000).quantize(Decimal("0.01"))
        kind = n % 3
        paths.append(
            makers[kind](
                folder,
                f"inv-{n:05d}{suffixes[kind]}",
                number=f"F-2026-{n:05d}",
                issued=issued,
                due=issued + dt.timedelta(days=30),
                excl_tax=str(excl),
                vat=str((excl * Decimal("0.2")).quantize(Decimal("0.01"))),
                item=f"Prestation n° {n}",
            )
        )
    return paths


def best(repeat: int, action: Callable[[], object], setup: Callable[[], object] = lambda: None) -> tuple[float, float]:
    """(wall, CPU) seconds of the fastest run: on a shared machine the CPU time is the steadier."""
    times = []
    for _ in range(repeat):
        setup()
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="relance-import-bench-") as tmp:
        root = Path(tmp) / "repo"
        (root / "cases").mkdir(parents=True)
        (root / "relance.yaml").write_text("defaults: {deadline_days: 8}\n", encoding="utf-8")
        inbox = Path(tmp) / "inbox"
        start = time.perf_counter()
        files = generate(inbox, args.invoices)
        print(f"generated {len(files)} e-invoices in {time.perf_counter() - start:.1f} s")
        case = root / "cases" / "bench.yaml"
        # The peer recompiles the UBL schema for every file (about 0.1 s each): timed on a sample.
        sample = files[: min(len(files), 150)]
        xml = [einvoicexml.xml_from_pdf(p, p.read_bytes()) if p.suffix == ".pdf" else p.read_bytes() for p in sample]

        def fresh() -> None:
            case.unlink(missing_ok=True)
            shutil.rmtree(root / "invoices", ignore_errors=True)

        def imported(**kw: object) -> importer.ImportResult:
            result = importer.import_invoices(files, **kw)  # type: ignore[arg-type]
            assert not result.failed, importer.format_result(result)
            return result

        einvoice.read(files[2])  # compile the schemas once, as any run of relance does
        rows = [
            ("read every file (einvoice.read)", best(args.repeat, lambda: [einvoice.read(p) for p in files])),
            (f"peer: parse_ubl_cii_xml ({len(sample)})", best(1, lambda: [facturx.parse_ubl_cii_xml(x) for x in xml])),
            ("import into a new case", best(args.repeat, lambda: imported(new_case=case), fresh)),
        ]
        fresh()
        imported(new_case=case)
        size = case.stat().st_size
        rows.append(("import again (all unchanged)", best(args.repeat, lambda: imported(case=case))))
        extra = _builder().cii(Path(tmp) / "extra", "one.xml", number="F-2026-EXTRA")
        text = case.read_text(encoding="utf-8")
        rows.append(
            (
                "add 1 invoice to the full case",
                best(
                    args.repeat,
                    lambda: importer.import_invoices([extra], case=case),
                    lambda: case.write_text(text, encoding="utf-8"),
                ),
            )
        )
        print(f"case file: {size} bytes, {args.invoices} invoices\n")
        print(f"{'step':34} {'wall':>9} {'CPU':>9} {'CPU per invoice':>16}")
        for name, (wall, cpu) in rows:
            count = 1 if name.startswith("add 1") else len(sample) if name.startswith("peer") else len(files)
            print(f"{name:34} {wall:8.2f}s {cpu:8.2f}s {cpu / count * 1000:13.2f} ms")


if __name__ == "__main__":
    main()
