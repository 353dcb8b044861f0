"""``relance new``, ``schema`` and ``init``: skeletons that load, published schemas, a new repository."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from generator import __version__, cases, scaffold
from generator.cli import cli
from generator.errors import RelanceError, UsageProblem
from generator.models import Config

INIT_FILES = [
    ".github/workflows/relance-shards.yml",
    ".github/workflows/relance.yml",
    ".gitignore",
    "cases/exemple.yaml",
    "letter_templates/README.md",
    "relance.yaml",
    "schema/case.schema.json",
    "schema/config.schema.json",
]


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# --- new ---------------------------------------------------------------------------------------


def test_new_without_path_returns_the_skeleton() -> None:
    assert scaffold.new_case(None) == scaffold.CASE_SKELETON
    assert scaffold.CASE_SKELETON.startswith("# yaml-language-server: $schema=../schema/case.schema.json\n")


def test_new_writes_a_case_that_loads_without_any_finding(tmp_path: Path) -> None:
    path = tmp_path / "cases" / "dupont.yaml"
    assert scaffold.new_case(path) == f"wrote {path}\n"
    result = cases.load_case(path, cases.Repository(root=tmp_path, config=Config()))
    assert result.findings == []
    assert result.case is not None
    case = result.case.case
    assert (case.invoices[0].number, str(case.invoices[0].amount)) == ("F-0001", "1200.00")
    assert [letter.type for letter in case.letters] == ["relance_1"]


def test_new_skeleton_mentions_every_top_level_key() -> None:
    data = yaml.safe_load(scaffold.CASE_SKELETON)
    assert list(data) == [
        "reference",
        "creditor",
        "sender",
        "debtor",
        "terms",
        "invoices",
        "payments",
        "events",
        "letters",
    ]


def test_new_skeleton_validates_against_the_json_schema() -> None:
    data = yaml.safe_load(scaffold.CASE_SKELETON)
    data = json.loads(json.dumps(data, default=lambda d: d.isoformat()))
    schema = json.loads(scaffold.schema_text())
    assert [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)] == []


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "dupont.yaml"
    path.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(RelanceError) as caught:
        scaffold.new_case(path)
    assert caught.value.message == f"{path}: already exists; choose another file name or remove it first"
    assert path.read_text(encoding="utf-8") == "keep me\n"


def test_cli_new_prints_writes_and_refuses(tmp_path: Path) -> None:
    runner = CliRunner()
    printed = runner.invoke(cli, ["new"])
    assert (printed.exit_code, printed.output) == (0, scaffold.CASE_SKELETON)
    path = tmp_path / "a.yaml"
    written = runner.invoke(cli, ["new", str(path)])
    assert (written.exit_code, written.output) == (0, f"wrote {path}\n")
    again = runner.invoke(cli, ["new", str(path)])
    assert again.exit_code == 1
    assert again.output == f"Error: {path}: already exists; choose another file name or remove it first\n"


# --- schema ------------------------------------------------------------------------------------


@pytest.mark.parametrize("config", [False, True])
def test_schema_is_deterministic_and_described(config: bool) -> None:
    text = scaffold.write_schema(None, config=config)
    assert text == scaffold.schema_text(config) and text.endswith("}\n")
    schema = json.loads(text)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == ("urn:relance:schema:config" if config else "urn:relance:schema:case")
    assert schema["title"].startswith("Configuration relance.yaml" if config else "Dossier relance")
    assert schema["additionalProperties"] is False
    assert text == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_written_to_a_path(tmp_path: Path) -> None:
    path = tmp_path / "schema" / "config.schema.json"
    assert scaffold.write_schema(path, config=True) == f"wrote {path}\n"
    assert path.read_text(encoding="utf-8") == scaffold.schema_text(config=True)


def test_schema_requires_the_key_fields() -> None:
    schema = json.loads(scaffold.schema_text())
    assert schema["required"] == ["creditor", "debtor", "invoices"]
    assert schema["$defs"]["Invoice"]["required"] == ["number", "issued", "due", "amount"]


# --- init --------------------------------------------------------------------------------------


def test_init_creates_the_tree(tmp_path: Path) -> None:
    target = tmp_path / "lettres"
    message = scaffold.init_repository(target)
    assert _files(target) == INIT_FILES
    assert message == (
        f"created a letters repository in {target}:\n"
        "  relance.yaml\n  cases/exemple.yaml\n  schema/case.schema.json\n"
        "  schema/config.schema.json\n  letter_templates/README.md\n  .gitignore\n"
        "  .github/workflows/relance.yml\n  .github/workflows/relance-shards.yml\n"
        f"the CI workflow installs relance=={__version__} (another with relance init --install SPEC)\n"
        "next: edit relance.yaml, copy cases/exemple.yaml for each debtor, then run\n"
        f"  cd {target} && relance validate && relance build\n"
    )
    repo = cases.load_repository(target)
    assert repo.config.defaults.deadline_days == 8
    assert (target / ".gitignore").read_text(encoding="utf-8") == "/output/\n"
    assert (target / "schema" / "case.schema.json").read_text(encoding="utf-8") == scaffold.schema_text()


def _workflow(root: Path) -> dict:
    return yaml.safe_load((root / ".github/workflows/relance.yml").read_text(encoding="utf-8"))


def test_init_ci_workflow_validates_builds_summarizes_and_uploads(tmp_path: Path) -> None:
    scaffold.init_repository(tmp_path)
    workflow = _workflow(tmp_path)
    assert workflow["env"] == {"RELANCE_INSTALL": f"relance=={__version__}"}
    steps = workflow["jobs"]["letters"]["steps"]
    assert [step.get("name", step.get("uses")) for step in steps] == [
        "actions/checkout@v4",
        "actions/setup-python@v5",
        "WeasyPrint system libraries",
        "Install relance",
        "Check the cases",
        "Check the archive of letters sent",
        "Build the letters",
        "Summary",
        "actions/upload-artifact@v4",
    ]
    runs = {step["name"]: step["run"] for step in steps if "run" in step}
    assert runs["Install relance"] == 'python -m pip install "$RELANCE_INSTALL"'
    assert runs["Check the cases"] == "relance validate --format github"
    assert runs["Check the archive of letters sent"] == "relance verify"
    assert runs["Build the letters"] == "relance build"
    assert runs["Summary"] == 'relance summary ${BASE_REF:+--base "origin/$BASE_REF"} >> "$GITHUB_STEP_SUMMARY"'
    # The archive check, build, summary and upload run after a failed check, so the blocked letters
    # are there to see.
    after = "${{ !cancelled() && steps.install.outcome == 'success' }}"
    assert [step.get("if") for step in steps[4:]] == [None, after, after, after, "${{ !cancelled() }}"]
    assert steps[-1]["with"] == {"name": "letters", "path": "output/"}
    assert steps[0]["with"] == {"fetch-depth": 0}


def test_init_writes_a_sharded_workflow_a_matrix_of_builds_then_one_merge(tmp_path: Path) -> None:
    scaffold.init_repository(tmp_path, install="it's==1.0")
    workflow = yaml.safe_load((tmp_path / ".github/workflows/relance-shards.yml").read_text(encoding="utf-8"))
    assert workflow["env"] == {"RELANCE_INSTALL": "it's==1.0", "SHARDS": 4}
    assert list(workflow[True]) == ["workflow_dispatch"]  # by hand only: it never doubles the main run
    shard, merge = workflow["jobs"]["shard"], workflow["jobs"]["merge"]
    assert shard["strategy"]["matrix"]["shard"] == list(range(1, workflow["env"]["SHARDS"] + 1))
    runs = {step["name"]: step["run"] for step in shard["steps"] if "run" in step}
    assert 'relance build --shard "$SHARD/$SHARDS" --out "shard-$SHARD"' in runs["Build one slice of the cases"]
    upload = shard["steps"][-1]
    assert upload["with"]["path"] == "shard-${{ matrix.shard }}/" and upload["with"]["include-hidden-files"] is True
    assert merge["needs"] == "shard"
    assert [s["with"] for s in merge["steps"] if s.get("uses") == "actions/download-artifact@v4"] == [
        {"pattern": "shard-*", "path": "shards/"}
    ]
    assert {step["name"]: step["run"] for step in merge["steps"] if "run" in step}[
        "Join the slices into one site"
    ] == "relance merge shards/shard-* --out output"
    assert merge["steps"][-1]["with"] == {"name": "letters", "path": "output/"}


@pytest.mark.parametrize(
    "spec",
    [
        "relance==0.1.0",
        "./dist/relance-0.1.0-py3-none-any.whl",
        "../dist/relance-0.1.0.tar.gz",
        "https://example.org/releases/v0.1.0/relance-0.1.0-py3-none-any.whl",
        "relance @ git+https://example.org/relance.git@v0.1.0",
        "relance @ git+https://example.org/o/relance@3f2a9c1",
        "it's==1.0",
    ],
)
def test_init_writes_a_pinned_install_spec(tmp_path: Path, spec: str) -> None:
    scaffold.init_repository(tmp_path, install=spec)
    assert _workflow(tmp_path)["env"]["RELANCE_INSTALL"] == spec


@pytest.mark.parametrize(
    "spec",
    [
        "relance",
        "relance>=0.1",
        "relance~=0.1",
        "",
        "relance @ git+https://example.org/relance.git",
        "relance @ git+ssh://git@example.org/relance.git",
    ],
)
def test_init_refuses_an_unpinned_install_spec(tmp_path: Path, spec: str) -> None:
    with pytest.raises(UsageProblem) as caught:
        scaffold.init_repository(tmp_path, install=spec)
    assert caught.value.message == (
        f"--install '{spec}' is not pinned: CI would install whatever relance is newest (fix: give a version, "
        f"a wheel or a git tag, e.g. --install 'relance=={__version__}', --install "
        "./relance-0.1.0-py3-none-any.whl or --install 'relance @ git+https://example.org/relance.git@v0.1.0')"
    )
    assert list(tmp_path.iterdir()) == []


def test_cli_init_passes_the_install_spec(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "r"), "--install", "relance==9.9.9"])
    assert result.exit_code == 0, result.output
    assert _workflow(tmp_path / "r")["env"]["RELANCE_INSTALL"] == "relance==9.9.9"
    refused = CliRunner().invoke(cli, ["init", str(tmp_path / "s"), "--install", "relance"])
    assert refused.exit_code == 2


def test_init_refuses_an_existing_repository(tmp_path: Path) -> None:
    (tmp_path / "relance.yaml").write_text("defaults: {}\n", encoding="utf-8")
    with pytest.raises(RelanceError) as caught:
        scaffold.init_repository(tmp_path)
    assert caught.value.message == (
        f"{tmp_path}: already a letters repository (relance.yaml exists); "
        "choose an empty folder or edit the existing one"
    )
    assert _files(tmp_path) == ["relance.yaml"]


def test_init_keeps_existing_files_and_completes_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc", encoding="utf-8")
    (tmp_path / "letter_templates").mkdir()
    (tmp_path / "letter_templates" / "README.md").write_text("ours\n", encoding="utf-8")
    message = scaffold.init_repository(tmp_path)
    assert "  .gitignore (output/ added)\n" in message
    assert "  letter_templates/README.md (already there, kept)\n" in message
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.pyc\n/output/\n"
    assert (tmp_path / "letter_templates" / "README.md").read_text(encoding="utf-8") == "ours\n"


def test_cli_init_then_validate_exits_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    target = tmp_path / "lettres"
    created = runner.invoke(cli, ["init", str(target)])
    assert created.exit_code == 0, created.output
    assert created.output.startswith(f"created a letters repository in {target}:\n")
    again = runner.invoke(cli, ["init", str(target)])
    assert again.exit_code == 1
    monkeypatch.chdir(target)
    result = runner.invoke(cli, ["validate", "--as-of", dt.date(2026, 11, 23).isoformat()])
    assert result.exit_code == 0, result.output


# --- the modeline of new case files -----------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "modeline"),
    [
        ("cases/a.yaml", "../schema/case.schema.json"),
        ("cases/clients/a.yaml", "../../schema/case.schema.json"),
        ("cases/clients/acme/2026/a.yaml", "../../../../schema/case.schema.json"),
    ],
)
def test_new_points_at_the_schema_from_any_sub_folder(tmp_path: Path, where: str, modeline: str) -> None:
    scaffold.init_repository(tmp_path)
    path = tmp_path / where
    scaffold.new_case(path)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={modeline}"
    # The editor resolves it against the file's folder: it must land on the schema init wrote.
    assert (path.parent / modeline).resolve() == (tmp_path / "schema" / "case.schema.json").resolve()
    assert path.read_text(encoding="utf-8").split("\n", 1)[1] == scaffold.CASE_SKELETON.split("\n", 1)[1]


def test_new_finds_the_repository_from_a_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scaffold.init_repository(tmp_path)
    (tmp_path / "cases" / "clients").mkdir()
    monkeypatch.chdir(tmp_path / "cases" / "clients")
    scaffold.new_case(Path("acme") / "a.yaml")
    text = (tmp_path / "cases" / "clients" / "acme" / "a.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/case.schema.json\n")


def test_new_without_a_config_uses_the_folder_above_cases(tmp_path: Path) -> None:
    path = tmp_path / "cases" / "deep" / "a.yaml"
    scaffold.new_case(path)
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schema/case.schema.json\n"
    )
