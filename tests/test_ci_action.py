"""The GitHub Action (action.yml) and its one script (action/run.sh): the metadata is consistent with
the script, and the script runs for real here, in a git repository with a `main` branch and a
pull-request branch, with the environment the runner gives it (GITHUB_*, RUNNER_TEMP, INPUT_*)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
SCRIPT = ROOT / "action" / "run.sh"
CLEAN = ROOT / "sample_data" / "clean_intents.csv"
DATA = "data/train set.csv"  # a space: the script's quoting is tested too
# The change a pull request brings: one text three times with two labels (DA101 and DA201, new).
CONFLICTS = ("please block my lost card now,ambulance_request\nplease block my lost card now!,greeting\n"
             "please block my lost card now,greeting\n")
FAST = "--embedder none"  # no model: each scan takes seconds
BIN = Path(sys.executable).parent  # this environment's dataaudit, as the action's install step leaves it



# ----------------------------------------------------------------------------- action.yml itself

@pytest.fixture(scope="module")
def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def _script_modes() -> set[str]:
    text = SCRIPT.read_text(encoding="utf-8")
    case = text[text.rindex("case ${1:-} in"):]
    return set(re.findall(r"^\s+([a-z]+)\) do_", case, flags=re.M))


def test_every_input_is_used_and_every_reference_declared(action):
    steps_text = yaml.safe_dump(action["runs"]["steps"])
    used = set(re.findall(r"inputs\.([A-Za-z0-9_-]+)", steps_text))
    assert used == set(action["inputs"]), (used, set(action["inputs"]))
    for name, spec in action["inputs"].items():
        assert spec.get("description"), name
        assert spec.get("required") or "default" in spec, f"input {name}: optional without a default"


def test_the_steps_call_the_script_with_its_modes_and_the_inputs_it_reads(action):
    assert action["runs"]["using"] == "composite"
    assert SCRIPT.is_file()
    script = SCRIPT.read_text(encoding="utf-8")
    called, given = set(), set()
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            match = re.fullmatch(r'bash "\$GITHUB_ACTION_PATH/action/run\.sh" ([a-z]+)', step["run"].strip())
            assert match, f"a run step does more than call the script: {step['run']!r}"
            called.add(match[1])
            given |= {k for k in step.get("env", {}) if k.startswith("INPUT_")}
        else:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), step["uses"]
    assert called == _script_modes() == {"install", "scan", "fail"}
    read = set(re.findall(r"\$\{?(INPUT_[A-Z_]+)", script))
    assert read == given, f"the script reads {sorted(read)}, the steps set {sorted(given)}"


def test_the_outputs_are_the_ones_the_scan_step_writes(action):
    script = SCRIPT.read_text(encoding="utf-8")
    written = set(re.findall(r"^\s+write_output ([a-z-]+) ", script, flags=re.M))
    declared = {}
    for name, spec in action["outputs"].items():
        match = re.fullmatch(r"\$\{\{ steps\.scan\.outputs\.([a-z-]+) \}\}", spec["value"])
        assert match and spec.get("description"), name
        declared[name] = match[1]
    assert all(name == step_output for name, step_output in declared.items())
    assert set(declared) == written


def test_the_job_fails_last_after_the_summary_and_the_uploads(action):
    steps = action["runs"]["steps"]
    scan = next(i for i, s in enumerate(steps) if s.get("id") == "scan")
    assert steps[scan]["continue-on-error"] is True  # its failure waits for the uploads
    assert steps[-1]["if"] == "${{ steps.scan.outcome == 'failure' }}"
    assert steps[-1]["env"]["INPUT_EXIT_CODE"] == "${{ steps.scan.outputs.exit-code }}"
    uploads = [s["uses"].split("@")[0] for s in steps[scan + 1:-1]]
    assert uploads == ["github/codeql-action/upload-sarif", "actions/upload-artifact"]


def _action_steps(workflow_steps: list) -> list[dict]:
    return [s for s in workflow_steps if re.fullmatch(r"dataaudit/dataaudit@v\d+", s.get("uses", ""))]


@pytest.mark.parametrize("where", ["examples/ci/dataaudit.yml", "README.md"])
def test_the_example_job_and_the_readme_give_the_action_inputs_it_has(action, where):
    text = (ROOT / where).read_text(encoding="utf-8")
    if where == "README.md":  # the indented ```yaml block of the Pipelines paragraph
        (block,) = re.findall(r"\n  ```yaml\n(.*?)\n  ```\n", text, flags=re.S)
        steps = yaml.safe_load("\n".join(line[2:] for line in block.splitlines()))
    else:
        steps = yaml.safe_load(text)["jobs"]["audit"]["steps"]
        assert steps[0]["uses"].startswith("actions/checkout@")
        outputs = set(re.findall(r"steps\.audit\.outputs\.([a-z-]+)", text))
        outputs |= {o.strip() for o in re.search(r"outputs, for later steps: (.*)\.", text)[1].split(",")}
        assert outputs <= set(action["outputs"]), outputs - set(action["outputs"])
    (step,) = _action_steps(steps)
    given = set(step["with"])
    required = {name for name, spec in action["inputs"].items() if spec.get("required")}
    assert required <= given <= set(action["inputs"])
    # the inputs the comments name (`# config: …` in the job, "also config, fail-on, …" in the README)
    step_text = text.split("uses: dataaudit/dataaudit@")[1].split("\n      - ")[0].split("\n  ```")[0]
    named = set(re.findall(r"#\s*([a-z-]+): ", step_text))
    named |= {name.strip() for also in re.findall(r"also ([a-z, -]+)$", step_text, flags=re.M) for name in also.split(",")}
    assert len(named) >= 3 and named <= set(action["inputs"]), named


# ----------------------------------------------------------------------------- the script, for real

def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True,
                          timeout=60).stdout


def _checkout(tmp_path: Path, change) -> Path:
    """An origin repository whose `main` holds DATA and whose `pr` branch is `change(repo)`, checked out
    as actions/checkout does for a pull request: one commit deep, without origin/main."""
    origin = tmp_path / "origin"
    (origin / "data").mkdir(parents=True)
    shutil.copy(CLEAN, origin / DATA)
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", ".")
    _git(origin, "commit", "-q", "-m", "main")
    _git(origin, "checkout", "-q", "-b", "pr")
    change(origin)
    _git(origin, "add", "-A")
    _git(origin, "commit", "-q", "--allow-empty", "-m", "pr")
    work = tmp_path / "work"
    _git(tmp_path, "clone", "-q", "--depth", "1", "--single-branch", "--branch", "pr", origin.as_uri(), str(work))
    assert "origin/main" not in _git(work, "branch", "-a")  # the script must fetch the base itself
    return work


def _outputs(path: Path) -> dict[str, str]:
    """$GITHUB_OUTPUT as the runner reads it: NAME<<DELIMITER, the lines, DELIMITER."""
    outputs, lines = {}, path.read_text(encoding="utf-8").splitlines()
    while lines:
        name, delimiter = lines.pop(0).split("<<")
        end = lines.index(delimiter)
        outputs[name], lines = "\n".join(lines[:end]), lines[end + 1:]
    return outputs


class Run:
    def __init__(self, done: subprocess.CompletedProcess, runner: Path):
        self.code, self.log = done.returncode, done.stdout + done.stderr
        self.outputs = _outputs(runner / "output")
        self.summary = (runner / "summary.md").read_text(encoding="utf-8")


def _action(work: Path, runner_dir: str, mode: str = "scan", **inputs: str) -> Run:
    """run.sh MODE in the checkout, with the runner's environment and INPUT_<NAME> for each input."""
    runner = work.parent / runner_dir
    (runner / "temp").mkdir(parents=True)
    (runner / "summary.md").write_text("", encoding="utf-8")
    (runner / "output").write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_"))}
    env.update({"PATH": f"{BIN}{os.pathsep}{env['PATH']}", "RUNNER_TEMP": str(runner / "temp"),
                "GITHUB_STEP_SUMMARY": str(runner / "summary.md"), "GITHUB_OUTPUT": str(runner / "output"),
                "GITHUB_BASE_REF": "main"})
    env.update({f"INPUT_{name.upper()}": value for name, value in inputs.items()})
    done = subprocess.run(["bash", str(SCRIPT), mode], cwd=work, env=env, capture_output=True, text=True,
                          timeout=900)
    return Run(done, runner)


def _append_conflicts(repo: Path) -> None:
    with open(repo / DATA, "a", encoding="utf-8") as data:
        data.write(CONFLICTS)


@pytest.fixture(scope="module")
def new_findings(tmp_path_factory) -> tuple[Path, Run]:
    """A pull request that adds conflicting duplicates to main's file, given as a glob."""
    work = _checkout(tmp_path_factory.mktemp("new-findings"), _append_conflicts)
    return work, _action(work, "runner", path="data/*.csv", args=FAST)


def test_new_findings_fail_the_scan_with_the_diff_in_the_summary(new_findings):
    _, run = new_findings
    assert run.code == 1, run.log
    report_dir = Path(run.outputs["report-dir"])
    now = json.loads(Path(run.outputs["json"]).read_text(encoding="utf-8"))
    assert Path(run.outputs["json"]) == report_dir / "data__train_set.csv" / "now.json"
    assert now["dataset"]["path"] == DATA and now["baseline"]["new"] > 0
    new_checks = {f["check"] for f in now["findings"] if f["baseline"] == "new"}
    assert {"exact_duplicate", "label_conflict"} <= new_checks
    assert run.outputs["exit-code"] == "1"
    assert run.outputs["clean-count"] == str(now["summary"]["effective_clean_count"])
    assert run.outputs["new-findings"] == str(now["baseline"]["new"])
    (result,) = json.loads(run.outputs["results"])
    assert result == {"path": DATA, "exit_code": 1, "clean_count": now["summary"]["effective_clean_count"],
                      "new_findings": now["baseline"]["new"], "findings": len(now["findings"]),
                      "report_dir": str(report_dir / "data__train_set.csv")}
    # the summary: this file's heading, then `dataaudit diff --markdown` of the two scans
    assert run.summary.startswith(f"### dataaudit: `{DATA}`\n")
    assert "| findings new / unchanged / fixed | | 2 / 0 / 0 |" in run.summary
    assert "New findings by check: exact\\_duplicate 1, label\\_conflict 1." in run.summary
    assert Path(run.outputs["summary"]).read_text(encoding="utf-8") == run.summary
    assert f"::error file={DATA}::dataaudit: 2 new finding(s)" in run.log
    base = json.loads((report_dir / "data__train_set.csv" / "base.json").read_text(encoding="utf-8"))
    assert base["summary"]["total_rows"] == now["summary"]["total_rows"] - 3  # main's copy, from git
    assert (report_dir / "data__train_set.csv" / "flagged.csv").read_text(encoding="utf-8").count(
        "please block my lost card now") >= 2


def test_the_findings_go_to_code_scanning_as_sarif_one_category_per_file(new_findings):
    work, run = new_findings
    (path,) = Path(run.outputs["sarif-dir"]).iterdir()  # the upload step's folder: one file per data file
    sarif = json.loads(path.read_text(encoding="utf-8"))
    now = json.loads(Path(run.outputs["json"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    (sarif_run,) = sarif["runs"]
    assert sarif_run["automationDetails"]["id"] == f"dataaudit/{DATA}/"  # the upload's category
    assert len(sarif_run["results"]) == len(now["findings"])
    lines = (work / DATA).read_text(encoding="utf-8").splitlines()
    for result in sarif_run["results"]:
        physical = result["locations"][0]["physicalLocation"]
        assert unquote(physical["artifactLocation"]["uri"]) == DATA  # relative to the checkout, as uploaded
        assert result["baselineState"] == "new"
        assert lines[physical["region"]["startLine"] - 1].startswith("please block my lost card now")


def test_a_branch_that_changes_nothing_passes_and_fail_on_gate_fails_on_the_count(tmp_path):
    work = _checkout(tmp_path, lambda repo: (repo / "README.md").write_text("docs only\n", encoding="utf-8"))
    unchanged = _action(work, "runner-new", path=DATA, args=FAST)
    assert unchanged.code == 0, unchanged.log  # the sample is below the 1,000 gate, but nothing is new
    assert unchanged.outputs["exit-code"] == "0" and unchanged.outputs["new-findings"] == "0"
    assert "| findings new / unchanged / fixed | | 0 / 0 / 0 |" in unchanged.summary
    # fail-on gate, a config file and quoted args: paths with spaces, and args split as shell words
    (work / "ci settings").mkdir()
    (work / "ci settings" / "dataaudit.toml").write_text("threshold = 200\n", encoding="utf-8")
    gate = _action(work, "runner-gate", path=f"  ./{DATA}  \n", config="ci settings/dataaudit.toml",
                   args="--embedder 'none'", fail_on="gate")
    assert gate.code == 1, gate.log  # 143 clean rows, short of the config's 200, though nothing is new
    assert f"::error file=./{DATA}::dataaudit: the gate failed" in gate.log
    assert "| gate (threshold 200) | fail | fail |" in gate.summary


def test_a_file_new_on_the_branch_has_every_finding_new_beside_an_unchanged_one(tmp_path):
    def add_file(repo: Path) -> None:
        shutil.copy(CLEAN, repo / "data" / "new.csv")
        with open(repo / "data" / "new.csv", "a", encoding="utf-8") as data:
            data.write(CONFLICTS)

    work = _checkout(tmp_path, add_file)
    run = _action(work, "runner", path="data/*.csv\ndata/new.csv", args=FAST)  # new.csv twice: scanned once
    assert run.code == 1, run.log  # the worst file's code
    results = {r["path"]: r for r in json.loads(run.outputs["results"])}
    assert list(results) == ["data/new.csv", DATA]  # the glob's order
    assert results["data/new.csv"]["exit_code"] == 1 and results[DATA]["exit_code"] == 0
    assert results["data/new.csv"]["new_findings"] == results["data/new.csv"]["findings"] == 2
    assert results[DATA]["new_findings"] == 0
    assert run.outputs["new-findings"] == "2"
    assert run.outputs["clean-count"] == str(results["data/new.csv"]["clean_count"] + results[DATA]["clean_count"])
    assert run.outputs["json"].splitlines() == [f"{r['report_dir']}/now.json" for r in results.values()]
    new = json.loads((Path(results["data/new.csv"]["report_dir"]) / "now.json").read_text(encoding="utf-8"))
    assert new.get("baseline") is None  # nothing to compare with: every finding counts as new
    part = run.summary.split("### dataaudit: `data/new.csv`\n")[1].split("### dataaudit:")[0]
    assert "_new on this branch (`main` has no copy): every finding is new._" in part
    assert "New findings by check: exact\\_duplicate 1, label\\_conflict 1." in part
    assert f"### dataaudit: `{DATA}`" in run.summary
    sarif = sorted(Path(run.outputs["sarif-dir"]).iterdir())
    categories = [json.loads(f.read_text(encoding="utf-8"))["runs"][0]["automationDetails"]["id"] for f in sarif]
    assert categories == ["dataaudit/data/new.csv/", f"dataaudit/{DATA}/"]  # by file name
    never = _action(work, "runner-never", path="data/new.csv", args=FAST, fail_on="never", sarif="false")
    assert never.code == 0 and never.outputs["new-findings"] == "2", never.log
    assert never.outputs["sarif-dir"] == "" and not list(Path(never.outputs["report-dir"]).rglob("*.sarif"))


def test_a_missing_file_fails_with_dataaudits_error_in_the_log_and_the_summary(tmp_path):
    work = _checkout(tmp_path, lambda repo: None)
    run = _action(work, "runner", path="data/missing.csv", args=FAST)
    assert run.code == 2, run.log
    assert "error: File not found: data/missing.csv" in run.log
    assert "::error file=data/missing.csv::dataaudit scan stopped (exit 2)" in run.log
    assert "The scan stopped (exit 2):" in run.summary and "File not found: data/missing.csv" in run.summary
    assert run.outputs["exit-code"] == "2" and run.outputs["clean-count"] == "" and run.outputs["json"] == ""


@pytest.mark.parametrize("inputs, message", [
    ({"path": "data/*.tsv"}, "the pattern 'data/*.tsv' matches no file"),
    ({"path": "\n \n"}, "no data file given"),
    ({"path": DATA, "fail_on": "sometimes"}, "'sometimes' is not one of new, gate, never"),
    ({"path": DATA, "base_ref": "no-such-branch"}, "base-ref: 'no-such-branch' is neither a branch"),
    ({"path": DATA, "args": "--embedder 'none"}, "args: cannot split into shell words (an unclosed quote?)"),
    ({"path": DATA, "sarif": "yes"}, "sarif: 'yes' is not true or false"),
])
def test_the_actions_own_bad_input_is_exit_2_with_the_reason(tmp_path, inputs, message):
    work = _checkout(tmp_path, lambda repo: None)
    run = _action(work, "runner", **{"args": FAST, **inputs})
    assert run.code == 2 and "::error::dataaudit action: " in run.log and message in run.log, run.log


@pytest.mark.parametrize("code, expected", [("2", 2), ("1", 1), ("3", 3), ("", 1)])
def test_the_last_step_exits_with_the_scans_code(tmp_path, code, expected):
    (tmp_path / "work").mkdir()
    run = _action(tmp_path / "work", "runner", mode="fail", exit_code=code)
    assert run.code == expected and "::error::dataaudit failed" in run.log


def test_install_needs_a_spec_or_the_actions_checkout(tmp_path):
    (tmp_path / "work").mkdir()
    run = _action(tmp_path / "work", "runner", mode="install", install="")  # and no GITHUB_ACTION_PATH
    assert run.code == 2 and "no install spec and no GITHUB_ACTION_PATH" in run.log, run.log
