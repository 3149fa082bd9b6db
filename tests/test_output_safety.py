"""Outputs never destroy an input, are checked before the scan, and are written all-or-nothing."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from dataaudit.embeddings.cache import CACHE_FOLDERS

GOOD_CSV = "text,label\nhow do I reset my pin,pin\nwhere is my card,arrival\nwhere is my card,arrival\n"


@pytest.fixture
def no_scan(monkeypatch):
    """Fails the test if the scan starts: a refused output must be refused before any work."""
    import dataaudit.io.load

    def refuse(*args, **kwargs):
        raise AssertionError("the scan started reading data although an output was unusable")

    monkeypatch.setattr(dataaudit.io.load, "read_raw", refuse)


def _usage_error(result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.mark.parametrize("flag", ["--json", "--html", "--flagged"])
def test_output_onto_the_against_file_is_refused(run_cli, write, flag, no_scan):
    train = write("train.csv", GOOD_CSV)
    evalset = write("eval.csv", "text,label\nwhere is my card,arrival\n")
    before = evalset.read_bytes()
    _usage_error(run_cli("scan", train, "--against", evalset, flag, evalset), "--against file", "never overwrites")
    assert evalset.read_bytes() == before


def test_output_onto_the_against_file_named_in_the_config_is_refused(run_cli, write, tmp_path, no_scan):
    train = write("train.csv", GOOD_CSV)
    evalset = write("eval.csv", "text,label\nwhere is my card,arrival\n")
    config = write("dataaudit.toml", f'against = "{evalset}"\n')
    _usage_error(run_cli("scan", train, "--config", config, "--json", evalset), "--against file")


@pytest.mark.parametrize("flag, name", [("--json", "dataaudit.toml"), ("--html", "dataaudit.toml"),
                                        ("--flagged", "settings.csv")])  # --flagged needs a .csv name
def test_output_onto_the_config_file_is_refused(run_cli, write, tmp_path, flag, name, no_scan):
    train = write("train.csv", GOOD_CSV)
    config = write(name, "threshold = 2\n")
    before = config.read_bytes()
    _usage_error(run_cli("scan", train, "--config", config, flag, config), "--config file")
    assert config.read_bytes() == before


def test_output_onto_the_embedding_cache_is_refused(run_cli, write, tmp_path, no_scan):
    train = write("train.csv", GOOD_CSV)
    cache = tmp_path / "cache"
    cache.mkdir()
    database = cache / "embeddings-v1.sqlite"
    database.write_bytes(b"")
    _usage_error(run_cli("scan", train, "--cache-dir", cache, "--json", database), "embedding cache")
    for folder in CACHE_FOLDERS:  # every folder of cached results
        _usage_error(run_cli("scan", train, "--cache-dir", cache, "--json", cache / folder / "x.npz"), "embedding cache")


def test_output_through_a_symlink_or_hard_link_to_the_input_is_refused(run_cli, write, tmp_path, no_scan):
    train = write("train.csv", GOOD_CSV)
    before = train.read_bytes()
    (tmp_path / "link.json").symlink_to(train)
    os.link(train, tmp_path / "hard.json")
    _usage_error(run_cli("scan", train, "--json", tmp_path / "link.json"), "input file")
    _usage_error(run_cli("scan", train, "--html", tmp_path / "hard.json"), "input file")
    assert train.read_bytes() == before


def test_two_outputs_at_one_path_are_refused(run_cli, write, tmp_path, no_scan):
    train = write("train.csv", GOOD_CSV)
    out = tmp_path / "report.csv"
    _usage_error(run_cli("scan", train, "--json", out, "--flagged", out), "--json and --flagged", "own file")
    (tmp_path / "x").mkdir()
    _usage_error(run_cli("scan", train, "--html", tmp_path / "r.html", "--json", tmp_path / "x" / ".." / "r.html"),
                 "--json and --html")
    assert not out.exists()


@pytest.mark.parametrize("flag", ["--html", "--flagged"])
def test_dash_is_stdout_only_for_json(run_cli, write, tmp_path, flag, monkeypatch, no_scan):
    monkeypatch.chdir(tmp_path)
    train = write("train.csv", GOOD_CSV)
    _usage_error(run_cli("scan", train, flag, "-"), "only --json can write to stdout")
    assert not (tmp_path / "-").exists()


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder nobody can create files in. Root ignores permission bits, so root gets /proc."""
    if os.geteuid() == 0:
        return Path("/proc")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    return folder


def test_missing_or_read_only_output_folder_fails_before_the_scan(run_cli, write, tmp_path, no_scan):
    train = write("train.csv", GOOD_CSV)
    first = tmp_path / "report.json"
    _usage_error(run_cli("scan", train, "--json", first, "--html", tmp_path / "nope" / "r.html"),
                 "does not exist", "--html")
    _usage_error(run_cli("scan", train, "--json", first, "--flagged", _unwritable_folder(tmp_path) / "f.csv"),
                 "Cannot write --flagged")
    assert not first.exists(), "no output is written when another one cannot be"


def test_a_write_that_fails_half_way_replaces_no_output(run_cli, write, tmp_path, monkeypatch):
    import dataaudit.io.atomic as atomic

    train = write("train.csv", GOOD_CSV)
    json_out, html_out = tmp_path / "r.json", tmp_path / "r.html"
    json_out.write_text("old json")
    html_out.write_text("old html")
    real_write = atomic._write_temp
    calls = []

    def disk_full_on_the_second(path, data):
        if Path(path).parent != tmp_path:  # the cache's side entries are written the same way
            return real_write(path, data)
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_write(path, data)

    monkeypatch.setattr(atomic, "_write_temp", disk_full_on_the_second)
    result = run_cli("scan", train, "--embedder", "none", "--json", json_out, "--html", html_out)
    _usage_error(result, "No space left", "Nothing was replaced")
    assert json_out.read_text() == "old json" and html_out.read_text() == "old html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.json", "train.csv"], "no temp file is left"


def test_outputs_to_dev_null_leave_the_device_alone(run_cli, write):
    train = write("train.csv", GOOD_CSV)
    result = run_cli("scan", train, "--embedder", "none", "--json", os.devnull, "--threshold", "1")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


_KILLED_WRITER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    import dataaudit.io.atomic as atomic

    def hang(*args):
        print("staged", flush=True)
        time.sleep(600)

    atomic.os.replace = hang  # killed after the temp file is written, before the rename
    atomic.write_all({Path(sys.argv[1]): "half of a report"})
""")


def test_a_run_killed_while_writing_leaves_no_temp_file_after_the_next_run(run_cli, write, tmp_path):
    train = write("train.csv", GOOD_CSV)
    out = tmp_path / "report.json"
    writer = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(out)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "staged"
    writer.send_signal(signal.SIGKILL)
    writer.wait(30)
    stale = [p.name for p in tmp_path.iterdir() if p.name.startswith(".report.json.dataaudit-")]
    assert stale, "the killed run left its temp file (the situation this test is about)"
    result = run_cli("scan", train, "--embedder", "none", "--json", out, "--threshold", "1")
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["summary"]["total_rows"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "train.csv"]


def test_a_live_runs_temp_file_is_not_removed(tmp_path):
    from dataaudit.io.atomic import remove_stale_temps

    out = tmp_path / "report.json"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f".report.json.dataaudit-{sleeper.pid}.abc123.tmp"
        live.write_text("being written")
        time.sleep(0.05)
        remove_stale_temps(out)
        assert live.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
    remove_stale_temps(out)
    assert not live.exists()


@pytest.fixture
def saved_report(write, tmp_path, run_cli) -> Path:
    saved = tmp_path / "saved.json"
    assert run_cli("scan", write("train.csv", GOOD_CSV), "--embedder", "none", "--json", saved, "-q",
                   "--threshold", "1").exit_code == 0
    return saved


def _unusable_places(tmp_path: Path) -> list[tuple[Path, str]]:
    """(an output path, what the message must say): under a folder nobody can write in, under a
    file, under a folder that does not exist."""
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    return [(_unwritable_folder(tmp_path) / "review" / "deeper", "Cannot"),
            (a_file / "review", "is a file"),
            (tmp_path / "missing" / "out", "does not exist")]


@pytest.mark.parametrize("place", range(3))
def test_every_command_refuses_an_unusable_output_with_exit_2_naming_it(run_cli, write, tmp_path, saved_report,
                                                                         place):
    target, reason = _unusable_places(tmp_path)[place]
    data = write("train.csv", GOOD_CSV)
    decisions = write("decisions.csv", "row_id,decision\n0,drop\n")
    commands = [("scan", data, "--json", target / "r.json"),
                ("scan", data, "--html", target / "r.html"),
                ("scan", data, "--flagged", target / "f.csv"),
                ("report", saved_report, "--html", target / "r.html"),
                ("report", saved_report, "--flagged", target / "f.csv"),
                ("apply", data, decisions, "-o", target / "clean.csv"),
                ("diff", saved_report, saved_report, "--markdown", target / "d.md")]
    for command in commands:
        result = run_cli(*command)
        _usage_error(result, str(target.parent if place == 1 else target).split("/")[-1])
        assert reason in result.stderr or "Cannot" in result.stderr, (command, result.stderr)
    if place != 2:  # export creates its folder (a missing one is fine); the others cannot be created
        result = run_cli("export", saved_report, "--to", "label-studio", "-o", target)
        _usage_error(result, str(target), reason)


def test_export_refuses_an_unwritable_folder_before_reading_the_report(run_cli, tmp_path, monkeypatch):
    import dataaudit.report.json_read as json_read

    def refuse(*args, **kwargs):
        raise AssertionError("the report was read although the output folder was unusable")

    monkeypatch.setattr(json_read, "read_report", refuse)
    result = run_cli("export", tmp_path / "saved.json", "--to", "argilla", "-o", _unwritable_folder(tmp_path) / "x")
    _usage_error(result, "Cannot create -o")
