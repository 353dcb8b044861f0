"""``relance build --shard K/N`` and ``relance merge``: stable slices, one site the same bytes as one build."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import RelanceError, UsageProblem
from generator.shard import SHARD_NAME, Shard, slice_of

DEMO = Path(__file__).resolve().parent.parent  # the repository: its demo cases and archive
AS_OF = "2026-11-23"


def test_a_shard_is_written_k_slash_n() -> None:
    assert Shard.parse("2/4") == Shard(2, 4)
    assert Shard.parse(" 1 / 1 ") == Shard(1, 1)
    assert str(Shard(3, 8)) == "3/8"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2", "--shard 2: write it K/N, e.g. --shard 2/4 (the 2nd of 4 slices)"),
        ("a/b", "--shard a/b: write it K/N, e.g. --shard 2/4 (the 2nd of 4 slices)"),
        ("0/4", "--shard 0/4: K must be between 1 and N (here N is 4), e.g. --shard 1/4 … --shard 4/4"),
        ("5/4", "--shard 5/4: K must be between 1 and N (here N is 4), e.g. --shard 1/4 … --shard 4/4"),
        ("1/0", "--shard 1/0: K must be between 1 and N (here N is 0), e.g. --shard 1/4 … --shard 4/4"),
    ],
)
def test_a_wrong_shard_says_how_to_write_it(text: str, message: str) -> None:
    with pytest.raises(UsageProblem) as caught:
        Shard.parse(text)
    assert caught.value.message == message


def test_a_case_keeps_its_slice_when_cases_are_added_and_whatever_the_checkout() -> None:
    names = [f"cases/client-{n:04d}.yaml" for n in range(400)]
    before = {name: slice_of(Path("/a/repo") / name, Path("/a/repo"), 4) for name in names[:300]}
    after = {name: slice_of(Path("/elsewhere/r") / name, Path("/elsewhere/r"), 4) for name in names}
    assert all(after[name] == shard for name, shard in before.items())
    sizes = [list(after.values()).count(k) for k in (1, 2, 3, 4)]
    assert all(60 <= size <= 140 for size in sizes), sizes  # about a quarter each
    # The slice is a hash of the relative path: pinned, so a change that would move cases is seen.
    assert slice_of(Path("/r/cases/durand.yaml"), Path("/r"), 4) == 3
    assert slice_of(Path("/r/cases/sub/durand.yaml"), Path("/r"), 4) == 4
    digest = hashlib.sha256(b"cases/durand.yaml").digest()
    assert int.from_bytes(digest[:8], "big") % 4 + 1 == 3


def _tree(folder: Path) -> dict[str, str]:
    """Every file's hash but the manifest's (it records mtimes by design) and the shard record."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in (".relance-manifest.json", SHARD_NAME)
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo repository, built once whole and once in three shards."""
    root = tmp_path_factory.mktemp("demo")
    for name in ("cases", "archive"):
        shutil.copytree(DEMO / name, root / name)
    shutil.copy(DEMO / "relance.yaml", root / "relance.yaml")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        runner = CliRunner()
        whole = runner.invoke(cli, ["build", "--as-of", AS_OF, "--out", "single", "-j", "2"])
        assert whole.exit_code == 0, whole.output
        for k in (1, 2, 3):
            part = runner.invoke(cli, ["build", "--as-of", AS_OF, "--shard", f"{k}/3", "-j", "2"])
            assert part.exit_code == 0, part.output
    return root


def test_each_shard_builds_its_own_cases_into_its_own_folder(demo: Path) -> None:
    records = [json.loads((demo / f"output-shard-{k}-of-3" / SHARD_NAME).read_text("utf-8")) for k in (1, 2, 3)]
    assert [(r["shard"], r["of"], r["as_of"], r["paths"]) for r in records] == [
        (1, 3, AS_OF, []),
        (2, 3, AS_OF, []),
        (3, 3, AS_OF, []),
    ]
    assert sum(r["cases"] for r in records) == len(list((demo / "cases").glob("*.yaml")))
    folders = [{p.name for p in (demo / f"output-shard-{k}-of-3" / "cases").iterdir()} for k in (1, 2, 3)]
    assert set().union(*folders) == {p.name for p in (demo / "single" / "cases").iterdir()}
    assert sum(len(f) for f in folders) == len(set().union(*folders))  # no case in two shards


def test_merge_makes_the_site_of_a_single_build_byte_for_byte(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(demo)
    result = CliRunner().invoke(
        cli, ["merge", "output-shard-3-of-3", "output-shard-1-of-3", "output-shard-2-of-3", "--out", "merged"]
    )
    assert result.exit_code == 0, result.output
    assert " 0 built," in f" {result.output}"  # nothing rendered again: every letter came from a shard
    single, merged = _tree(demo / "single"), _tree(demo / "merged")
    assert merged == single
    assert any(name.endswith(".pdf") for name in merged)
    manifest = json.loads((demo / "merged" / ".relance-manifest.json").read_text("utf-8"))
    assert sorted(manifest["outputs"]) == sorted(
        json.loads((demo / "single" / ".relance-manifest.json").read_text("utf-8"))["outputs"]
    )
    again = CliRunner().invoke(cli, ["build", "--as-of", AS_OF, "--out", "merged"])  # the one manifest serves
    assert again.exit_code == 0 and " 0 built," in f" {again.output}", again.output


def test_shards_built_in_two_checkouts_merge_without_rendering_again(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A CI matrix's jobs need not check the repository out at the same path: inputs inside it
    # are recorded relative to it.
    other = tmp_path / "elsewhere" / "letters"
    for name in ("cases", "archive"):
        shutil.copytree(demo / name, other / name)
    shutil.copy(demo / "relance.yaml", other / "relance.yaml")
    monkeypatch.chdir(other)
    part = CliRunner().invoke(cli, ["build", "--as-of", AS_OF, "--shard", "2/3", "-j", "2"])
    assert part.exit_code == 0, part.output
    manifest = (other / "output-shard-2-of-3" / ".relance-manifest.json").read_text("utf-8")
    assert str(other) not in manifest
    assert json.loads(manifest)["cases"] and all(name.startswith("cases/") for name in json.loads(manifest)["cases"])
    monkeypatch.chdir(demo)
    result = CliRunner().invoke(
        cli,
        [
            "merge",
            "output-shard-1-of-3",
            str(other / "output-shard-2-of-3"),
            "output-shard-3-of-3",
            "--out",
            "merged-two-checkouts",
        ],
    )
    assert result.exit_code == 0, result.output
    assert " 0 built," in f" {result.output}"
    assert _tree(demo / "merged-two-checkouts") == _tree(demo / "single")


def test_a_repository_moved_with_its_output_renders_nothing_again(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a CI cache restores output/ into a new workspace.
    moved = tmp_path / "workspace" / "letters"
    for name in ("cases", "archive", "single"):
        shutil.copytree(demo / name, moved / name)
    shutil.copy(demo / "relance.yaml", moved / "relance.yaml")
    monkeypatch.chdir(moved)
    again = CliRunner().invoke(cli, ["build", "--as-of", AS_OF, "--out", "single"])
    assert again.exit_code == 0, again.output
    assert " 0 built," in f" {again.output}", again.output
    assert _tree(moved / "single") == _tree(demo / "single")


def test_merge_refuses_a_missing_shard_a_folder_not_sharded_and_a_full_target(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import merge

    monkeypatch.chdir(demo)
    with pytest.raises(RelanceError) as caught:
        merge.merge([Path("output-shard-1-of-3"), Path("output-shard-3-of-3")], Path("m1"))
    assert caught.value.message == (
        "relance merge: missing shard 2 (3 shards in all); give each output of --shard 1/3 … 3/3 once"
    )
    with pytest.raises(RelanceError) as caught:
        merge.merge([Path("output-shard-1-of-3")] * 2 + [Path("output-shard-3-of-3")], Path("m1"))
    assert caught.value.message == (
        "relance merge: missing shard 2, shard 1 given twice (3 shards in all); give "
        "each output of --shard 1/3 … 3/3 once"
    )
    with pytest.raises(RelanceError) as caught:
        merge.merge([Path("single")], Path("m1"))
    assert caught.value.message == (
        "single: not the output of a sharded build (no .relance-shard.json); build it "
        "with relance build --shard K/N --out DIR"
    )
    with pytest.raises(RelanceError) as caught:
        merge.merge([Path(f"output-shard-{k}-of-3") for k in (1, 2, 3)], Path("single"))
    assert caught.value.message == "single: not empty; merge into a new folder (relance merge … --out NEW)"
    assert not Path("m1").exists()
