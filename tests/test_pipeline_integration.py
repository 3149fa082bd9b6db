"""The pre-commit hook in the repo, run as written: the same command, in a shell, against real files.
(The GitHub Action and its example job: tests/test_ci_action.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "voice_agent_intents.csv"
CLEAN = ROOT / "sample_data" / "clean_intents.csv"


def _shell(command: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"  # this venv's dataaudit
    return subprocess.run(["bash", "-e", "-c", command], env={**os.environ, **env, "PATH": path}, cwd=cwd,
                          capture_output=True, text=True, timeout=600)


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
