"""Run the steps of the workflow ``relance init`` wrote, read from its YAML, the way GitHub Actions would.

Usage: python .ci/run_workflow.py REPOSITORY [--base-ref BRANCH]

Each ``run:`` step runs with ``bash --noprofile --norc -eo pipefail`` in REPOSITORY, with the
workflow's and the step's ``env`` (``${{ github.base_ref }}`` filled in), ``GITHUB_WORKSPACE`` and a
``GITHUB_STEP_SUMMARY`` file, and its ``if:`` decided from the outcomes so far. The ``uses:`` steps
stand for what this machine already provides: checkout is REPOSITORY itself (a git work tree),
setup-python is the ``python`` first on PATH (the fresh environment .ci/run made), and
upload-artifact checks that its ``path`` exists and lists what it would upload. ``sudo`` is
provided when missing and the user is root, as on a GitHub runner.

Prints one line per step and writes ``.ci-outcome.json`` in REPOSITORY (step outcomes, the summary
text); exits 1 when the job would have failed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def condition(expr: str | None, failed: bool, outcomes: dict[str, str]) -> bool:
    """The ``if:`` expressions relance's workflow uses; anything else is refused, not guessed."""
    if expr is None:
        return not failed
    text = EXPRESSION.fullmatch(expr.strip())
    body = text.group(1) if text else expr.strip()
    result = True
    for part in (p.strip() for p in body.split("&&")):
        if part in ("!cancelled()", "always()"):
            continue
        if part == "success()":
            result = result and not failed
            continue
        step = re.fullmatch(r"steps\.([\w-]+)\.outcome == '(\w+)'", part)
        if step is None:
            raise SystemExit(f"run-workflow: cannot evaluate 'if: {expr}' here; extend .ci/run_workflow.py")
        result = result and outcomes.get(step.group(1)) == step.group(2)
    return result


def substitute(value: str, context: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1) not in context:
            raise SystemExit(f"run-workflow: unknown expression {match.group(0)}")
        return context[match.group(1)]

    return EXPRESSION.sub(one, value)


def main(repo: Path, base_ref: str) -> int:
    workflow = yaml.safe_load((repo / ".github/workflows/relance.yml").read_text(encoding="utf-8"))
    [job] = workflow["jobs"].values()
    context = {"github.base_ref": base_ref}
    work = Path(tempfile.mkdtemp(prefix="relance-runner-"))
    summary = work / "step-summary.md"
    summary.touch()
    env = dict(
        os.environ, GITHUB_ACTIONS="true", CI="true", GITHUB_WORKSPACE=str(repo), GITHUB_STEP_SUMMARY=str(summary)
    )
    if shutil.which("sudo") is None and os.geteuid() == 0:
        (work / "bin").mkdir()
        (work / "bin" / "sudo").write_text('#!/bin/sh\nexec "$@"\n', encoding="utf-8")
        (work / "bin" / "sudo").chmod(0o755)
        env["PATH"] = f"{work / 'bin'}{os.pathsep}{env['PATH']}"
    env.update({k: substitute(str(v), context) for k, v in (workflow.get("env") or {}).items()})
    failed = False
    outcomes: dict[str, str] = {}
    record: list[dict[str, Any]] = []
    for number, step in enumerate(job["steps"], 1):
        name = step.get("name") or step.get("uses") or step["run"].splitlines()[0]
        if not condition(step.get("if"), failed, outcomes):
            outcome = "skipped"
        elif "uses" in step:
            outcome = uses(step, repo)
        else:
            step_env = dict(env, **{k: substitute(str(v), context) for k, v in (step.get("env") or {}).items()})
            script = work / f"step-{number}.sh"
            script.write_text(substitute(step["run"], context), encoding="utf-8")
            print(f"run-workflow: --- {name}", file=sys.stderr, flush=True)
            code = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=repo, env=step_env, check=False
            ).returncode
            outcome = "success" if code == 0 else "failure"
        if outcome == "failure" and not step.get("continue-on-error"):
            failed = True
        if "id" in step:
            outcomes[step["id"]] = outcome
        record.append({"name": name, "outcome": outcome})
        print(f"run-workflow: {outcome:8} {name}", file=sys.stderr, flush=True)
    result = {"steps": record, "failed": failed, "summary": summary.read_text(encoding="utf-8")}
    (repo / ".ci-outcome.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(work)
    return 1 if failed else 0


def uses(step: dict[str, Any], repo: Path) -> str:
    action = step["uses"].split("@")[0]
    if action == "actions/checkout":
        return "success" if (repo / ".git").exists() else "failure"
    if action == "actions/setup-python":
        found = subprocess.run(["python", "-c", "import sys; sys.exit(sys.version_info < (3, 11))"], check=False)
        return "success" if found.returncode == 0 else "failure"
    if action == "actions/upload-artifact":
        path = repo / step["with"]["path"]
        files = sorted(p.relative_to(repo).as_posix() for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        print(f"run-workflow: artifact {step['with']['name']}: {len(files)} files", file=sys.stderr)
        return "success" if files else "failure"
    raise SystemExit(f"run-workflow: no stand-in for {step['uses']}; extend .ci/run_workflow.py")


if __name__ == "__main__":
    args = sys.argv[1:]
    base = ""
    if "--base-ref" in args:
        at = args.index("--base-ref")
        base = args[at + 1]
        del args[at : at + 2]
    sys.exit(main(Path(args[0]).resolve(), base))
