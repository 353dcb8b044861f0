"""Starting points: a commented case-file skeleton, the published JSON Schemas, a new letters repository."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from generator import shardflow
from generator.cases import CONFIG_NAME
from generator.errors import RelanceError, UsageProblem
from generator.models import Case, Config

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_CASE_DESCRIPTION = (
    "Un dossier de relance : créancier, débiteur, factures, paiements, historique daté et lettres "
    'à produire. Montants entre guillemets ("1500.00"), dates AAAA-MM-JJ. — One relance case '
    "file: creditor, debtor, invoices, payments, dated history and letters to produce. Amounts "
    "quoted, dates YYYY-MM-DD."
)
_CONFIG_DESCRIPTION = (
    "La configuration d'un dépôt de lettres : cabinets, parties réutilisées, valeurs par défaut, "
    "ajouts aux tables de taux. — A letters repository's config: firms, shared parties, "
    "defaults, additions to the rate tables."
)
_SCHEMAS: dict[bool, tuple[type[Case | Config], str, str, str]] = {
    False: (Case, "urn:relance:schema:case", "Dossier relance — relance case file", _CASE_DESCRIPTION),
    True: (
        Config,
        "urn:relance:schema:config",
        "Configuration relance.yaml — relance repository config",
        _CONFIG_DESCRIPTION,
    ),
}

CASE_SKELETON = """\
# yaml-language-server: $schema=../schema/case.schema.json
# Dossier de relance — relance case file (one debtor per file).
# Remplacez chaque valeur d'exemple ; `relance validate` dit ce qui manque.
# Replace every example value; `relance validate` says what is missing.
# Montants entre guillemets ("1500.00"), dates AAAA-MM-JJ. Amounts quoted, dates YYYY-MM-DD.

reference: DOSSIER-0001            # référence interne / internal reference

# Créancier : identité complète, ou clé de « parties » dans relance.yaml (creditor: ma-societe).
# Creditor: a full identity, or a key of relance.yaml parties.
creditor:
  name: Créancier Exemple         # une société ajoute legal_form et rcs / a company adds legal_form, rcs
  address: ["1 rue de l'Exemple", "69001 Lyon"]
  siren: "123456782"               # le vôtre : 9 chiffres, clé vérifiée / yours: 9 digits, checked
  # iban: "FR76 ..."               # pour le paiement / where to pay
  signatory: {name: Prénom Nom, title: Gérant}

# Qui écrit : creditor, recovery_firm (mandat écrit, art. R124-3 CPCE) ou lawyer.
# Who writes: creditor, recovery_firm (written mandate) or lawyer.
sender: creditor

debtor:
  kind: business                   # business (B2B) | consumer (B2C : ni pénalités ni 40 €)
  name: Débiteur Exemple SAS
  address: ["2 avenue de l'Exemple", "69002 LYON"]
  # attention: {civility: Madame, name: Prénom Nom}

terms:
  late_penalty_rate: null          # null = taux BCE + 10 points (art. L441-10 C. com.) / "12.00" if agreed

invoices:
  - number: "F-0001"
    issued: 2026-01-15
    due: 2026-02-14
    amount: "1200.00"              # TTC / including tax
    label: Prestation à décrire

# Paiements reçus / payments received:
#   - {date: 2026-03-02, amount: "200.00", invoice: "F-0001"}
payments: []

# Historique daté, dans l'ordre / dated history, in order:
#   - {date: 2026-02-20, type: letter, letter: relance_1, channel: email}
#   - {date: 2026-03-05, type: call, contact: Prénom Nom}
#   - {date: 2026-03-05, type: promise, promised_date: 2026-03-15, amount: "1200.00"}
events: []

# Lettres à produire / letters to produce: rappel, relance_1, relance_2, derniere_relance,
# mise_en_demeure, confirmation_promesse, echeancier.
letters:
  - type: relance_1
    date: 2026-02-20
"""

CONFIG_TEMPLATE = """\
# yaml-language-server: $schema=schema/config.schema.json
# Configuration du dépôt de lettres — letters repository config (see `relance schema --config`).

# Cabinets qui écrivent pour leurs clients / firms writing for their clients:
firms: {}
#   recouvrement:
#     role: recovery_firm            # société de recouvrement (art. R124-2 CPCE)
#     name: Cabinet Exemple Recouvrement SAS
#     address: ["10 rue de l'Exemple", "69003 Lyon"]
#     siren: "123456782"
#     insurance: Assureur, police RC professionnelle n° ...
#     declaration: Procureur de la République près le TJ de Lyon, déclaration du ...
#   avocat:
#     role: lawyer
#     name: Cabinet Exemple Avocats
#     address: ["5 quai de l'Exemple", "69002 Lyon"]
#     bar: Barreau de Lyon

# Identités réutilisées par les dossiers (creditor: ma-societe) / identities shared by cases:
parties: {}
#   ma-societe:
#     name: Ma Société SARL
#     address: ["1 rue de l'Exemple", "69001 Lyon"]
#     siren: "123456782"
#     iban: "FR76 ..."
#     signatory: {name: Prénom Nom, title: Gérant}

defaults:
  deadline_days: 8                   # délai laissé pour payer / days given to pay
  schedule:                          # jours après l'échéance / days after the due date
    rappel: -5
    relance_1: 5
    relance_2: 15
    derniere_relance: 30
    mise_en_demeure: 45
"""

TEMPLATES_README = """\
# Modèles de lettres — letter templates

Ce dossier remplace, fichier par fichier, les modèles livrés avec relance : un fichier placé
ici sous le même chemin qu'un modèle intégré (par exemple `letters/relance_1.html` ou
`assets/letter.css`) est utilisé à sa place ; les autres restent ceux de relance.

This folder overrides the built-in templates file by file: a file here with the same path as a
built-in one (e.g. `letters/relance_1.html`, `assets/letter.css`) is used instead of it; every
other file still comes from relance.

Après toute modification, `relance validate` relit le texte rendu de chaque lettre : une mention
obligatoire supprimée par erreur bloque la lettre. After any change, `relance validate` checks the
rendered text of every letter, so a required mention removed by mistake blocks the letter.
"""

GITIGNORE = "/output/\n"

WORKFLOW = """\
# Vérifie chaque dossier et produit les lettres à chaque push ; output/ est gardé même en cas d'erreur.
# Checks every case and builds the letters on every push and pull request. output/ is kept as an
# artifact even when a check fails, so a reviewer sees which letters are blocked and why; the run's
# summary lists them, and on a pull request the letters that differ from the base branch.
name: relance

on:
  push:
  pull_request:

permissions:
  contents: read

env:
  # The relance these letters are checked with, pinned: `relance init --install SPEC` wrote it.
  RELANCE_INSTALL: @INSTALL@

jobs:
  letters:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the base branch too, to compare a pull request's letters with it
@SETUP@
      - name: Install relance
        id: install
        run: python -m pip install "$RELANCE_INSTALL"
      - name: Check the cases
        run: relance validate --format github
      - name: Check the archive of letters sent
        if: ${{ !cancelled() && steps.install.outcome == 'success' }}
        run: relance verify
      - name: Build the letters
        if: ${{ !cancelled() && steps.install.outcome == 'success' }}
        run: relance build
      - name: Summary
        if: ${{ !cancelled() && steps.install.outcome == 'success' }}
        env:
          BASE_REF: ${{ github.base_ref }}
        run: relance summary ${BASE_REF:+--base "origin/$BASE_REF"} >> "$GITHUB_STEP_SUMMARY"
      - uses: actions/upload-artifact@v4
        if: ${{ !cancelled() }}
        with:
          name: letters
          path: output/
"""


MODELINE = "# yaml-language-server: $schema="
CASE_SCHEMA = "schema/case.schema.json"


def new_case(path: Path | None) -> str:
    """The case-file skeleton; written to ``path`` when given (never over an existing file).

    The modeline points at the repository's schema from wherever the file is, so a case in
    ``cases/clients/acme/`` is checked by the editor like one in ``cases/``.
    """
    if path is None:
        return CASE_SKELETON
    _write_new(path, skeleton_for(path))
    return f"wrote {path}\n"


def skeleton_for(path: Path) -> str:
    """The skeleton whose modeline reaches ``schema/case.schema.json`` from ``path``'s folder."""
    folder = path.resolve().parent
    target = os.path.relpath(_repository_root(folder) / CASE_SCHEMA, folder)
    first, rest = CASE_SKELETON.split("\n", 1)
    assert first.startswith(MODELINE)
    return f"{MODELINE}{Path(target).as_posix()}\n{rest}"


def _repository_root(folder: Path) -> Path:
    """The nearest folder with relance.yaml; else the one holding the nearest ``cases/``; else the parent."""
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate
    for candidate in (folder, *folder.parents):
        if candidate.name == "cases":
            return candidate.parent
    return folder.parent


def schema_text(config: bool = False) -> str:
    """The JSON Schema of case files (or of relance.yaml), as deterministic text."""
    model, schema_id, title, description = _SCHEMAS[config]
    schema: dict[str, Any] = _standard(model.model_json_schema())
    schema.update({"$schema": SCHEMA_DIALECT, "$id": schema_id, "title": title, "description": description})
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _standard(node: Any) -> Any:
    """The schema in standard JSON Schema keywords only.

    Pydantic adds OpenAPI's ``discriminator`` beside the ``oneOf`` of event types; strict
    validators (ajv by default) refuse unknown keywords, and the ``oneOf`` already says the same:
    each event type has its own ``const`` ``type`` and requires it, so exactly one branch matches.
    """
    if isinstance(node, dict):
        return {key: _standard(value) for key, value in node.items() if key != "discriminator"}
    if isinstance(node, list):
        return [_standard(value) for value in node]
    return node


def write_schema(path: Path | None, config: bool = False) -> str:
    """Write the JSON Schema to ``path`` (replacing it: it is generated), or return it."""
    text = schema_text(config)
    if path is None:
        return text
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise RelanceError(
            f"{path}: cannot write the schema: {exc.strerror} (check the folder exists and is writable)"
        ) from None
    return f"wrote {path}\n"


def default_install() -> str:
    """The pip requirement of the running relance, pinned to its version."""
    from generator import __version__

    return f"relance=={__version__}"


def check_install(spec: str) -> str:
    """``spec`` if pip can install exactly one relance from it; an unpinned name is refused.

    A name alone (or with a range) would let every CI run take whatever is newest, so two runs of
    the same commit could check letters with different rules.
    """
    text = spec.strip()
    if "git+" in text:
        # A git URL is pinned by the tag or commit after its last '@' (git+https://…/relance@v0.1.0).
        pinned = "@" in text.rsplit("git+", 1)[1].rsplit("/", 1)[-1]
    else:
        pinned = "==" in text or text.endswith((".whl", ".tar.gz", ".zip"))
    if not text or "\n" in text or not pinned:
        raise UsageProblem(
            f"--install '{spec}' is not pinned: CI would install whatever relance is newest "
            f"(fix: give a version, a wheel or a git tag, e.g. --install '{default_install()}', "
            "--install ./relance-0.1.0-py3-none-any.whl or "
            "--install 'relance @ git+https://example.org/relance.git@v0.1.0')"
        )
    return text


def workflow(install: str) -> str:
    """The CI workflow, installing relance from ``install`` (a pip requirement)."""
    return shardflow.filled(WORKFLOW, _quoted(install))


def _quoted(install: str) -> str:
    return "'" + install.replace("'", "''") + "'"  # a YAML single-quoted scalar


def init_files(install: str | None = None) -> dict[str, str]:
    """Every file a new letters repository starts with, by relative path."""
    return {
        CONFIG_NAME: CONFIG_TEMPLATE,
        "cases/exemple.yaml": CASE_SKELETON,
        "schema/case.schema.json": schema_text(config=False),
        "schema/config.schema.json": schema_text(config=True),
        "letter_templates/README.md": TEMPLATES_README,
        ".gitignore": GITIGNORE,
        ".github/workflows/relance.yml": workflow(install or default_install()),
        ".github/workflows/relance-shards.yml": shardflow.shard_workflow(_quoted(install or default_install())),
    }


def init_repository(directory: Path, install: str | None = None) -> str:
    """Create a letters repository in ``directory``; files already there are kept untouched.

    ``install`` is what the CI workflow gives pip (default: this relance's version, pinned).
    """
    install = check_install(install) if install is not None else default_install()
    if (directory / CONFIG_NAME).exists():
        raise RelanceError(
            f"{directory}: already a letters repository ({CONFIG_NAME} exists); "
            "choose an empty folder or edit the existing one"
        )
    created: list[str] = []
    kept: list[str] = []
    for name, text in init_files(install).items():
        target = directory / name
        if name == ".gitignore" and target.is_file():
            if _ensure_line(target, "/output/"):
                created.append(f"{name} (output/ added)")
            else:
                kept.append(name)
        elif target.exists():
            kept.append(name)
        else:
            _write_new(target, text)
            created.append(name)
    lines = [f"created a letters repository in {directory}:"]
    lines += [f"  {name}" for name in created]
    lines += [f"  {name} (already there, kept)" for name in kept]
    lines += [
        f"the CI workflow installs {install} (another with relance init --install SPEC)",
        "next: edit relance.yaml, copy cases/exemple.yaml for each debtor, then run",
        f"  cd {directory} && relance validate && relance build",
    ]
    return "\n".join(lines) + "\n"


def _ensure_line(path: Path, line: str) -> bool:
    """Append ``line`` to a text file unless present; True when it was added."""
    text = path.read_text(encoding="utf-8")
    if line in text.splitlines() or line.strip("/") in (entry.strip("/") for entry in text.splitlines()):
        return False
    path.write_text(text + ("" if text.endswith("\n") or not text else "\n") + line + "\n", encoding="utf-8")
    return True


def _write_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text``; an existing file is a user mistake, never overwritten."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RelanceError(f"{path.parent}: cannot create the folder: {exc.strerror}") from None
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise RelanceError(f"{path}: already exists; choose another file name or remove it first") from None
    except OSError as exc:
        raise RelanceError(f"{path}: cannot write: {exc.strerror} (check the folder is writable)") from None
