"""The CI job example and the pre-commit hook in the repo, run as written: the same commands,
in a shell, against real files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "voice_agent_intents.csv"
CLEAN = ROOT / "sample_data" / "clean_intents.csv"


def _shell(command: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # this venv's dataaudit
    return subprocess.run(["bash", "-e", "-c", command], env={**os.environ, **env, "PATH": path}, cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load((ROOT / "examples" / "ci" / "dataaudit.yml").read_text(encoding="utf-8"))


def _steps(workflow: dict) -> dict[str, str]:
    return {step["name"]: step["run"] for step in workflow["jobs"]["audit"]["steps"] if "run" in step}


def test_the_ci_job_fails_only_on_new_findings_and_writes_a_summary(workflow, tmp_path):
    steps = _steps(workflow)
    assert steps["Install dataaudit"].startswith("pip install")  # the one step the test does not run
    work = tmp_path / "repo"
    (work / "data").mkdir(parents=True)
    shutil.copy(SAMPLE, work / "data" / "train.csv")
    env = {**{k: str(v) for k, v in workflow["env"].items()}, "RUNNER_TEMP": str(tmp_path),
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "GITHUB_BASE_REF": "main"}
    base = _shell(steps["Scan the main branch's data"], env, work)
    assert base.returncode == 0, base.stderr  # no git history here: the step falls back to the file itself
    same = _shell(steps["Scan this change, failing on new findings only"], env, work)
    assert same.returncode == 0, same.stdout + same.stderr  # the gate fails on the count, but nothing is new
    with open(work / "data" / "train.csv", "a", encoding="utf-8") as data:  # the change brings a duplicate
        data.write("please block my lost card now,talk_to_agent,asha_01\nplease block my lost card now!,"
                   "talk_to_agent,asha_02\n")
    changed = _shell(steps["Scan this change, failing on new findings only"], env, work)
    assert changed.returncode == 1, changed.stdout + changed.stderr
    summary = _shell(steps["Summary"], env, work)
    assert summary.returncode == 0, summary.stderr
    markdown = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert markdown.startswith("### dataaudit:") and "New findings by check" in markdown
    assert (tmp_path / "flagged.csv").exists() and (tmp_path / "now.json").exists()


def test_the_pre_commit_hook_runs_its_entry_on_the_files(tmp_path):
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    import re

    files = [SAMPLE, CLEAN]
    assert all(re.search(hook["files"], str(f)) for f in files)
    command = " ".join([hook["entry"], *hook["args"]])
    failing = _shell(f"{command} {' '.join(map(str, files))}", {}, tmp_path)
    assert failing.returncode == 1  # the voice sample is far below the default 1,000
    assert failing.stdout.count("FAIL:") == 2 and str(CLEAN) in failing.stdout
    passing = _shell(f"{command} --threshold 100 {CLEAN}", {}, tmp_path)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "PASS: 143 clean examples of 143" in passing.stdout
