"""The terminal is not the data's to control; closed pipes and Ctrl-C end quietly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# Markup, ANSI/OSC escapes (clear screen, window title, hyperlink, hidden text), a bidi override
# and an emoji code, in ids, labels and texts.
ATTACKS = {
    "markup": "[bold red]shout[/] [/]",
    "clear": "\x1b[2J\x1b[H cleared",
    "title": "\x1b]0;pwned\x07 title",
    "link": "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "hidden": "\x1b[8m hidden \x1b[0m",
    "bidi": "abc\u202edcba",
    "cr": "looks fine\rOVERWRITTEN",
    "emoji": ":thumbs_up: ok",
}
DATA_ESCAPES = ("\x1b[2J", "\x1b]0;", "\x1b]8;", "\x1b[8m", "\u202e", "\r", "\x07")


def _hostile_file(tmp_path: Path) -> Path:
    records = []
    for name, attack in ATTACKS.items():
        for copy in range(2):  # exact duplicates, so each shows up among the examples
            records.append({"id": f"{attack}#{copy}", "text": f"{attack} {name} text", "label": attack})
    path = tmp_path / "hostile.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize("force_terminal", [False, True])
def test_ids_labels_and_texts_are_shown_inert(run_cli, tmp_path, monkeypatch, force_terminal):
    if force_terminal:
        monkeypatch.setenv("FORCE_COLOR", "1")  # rich then writes its own colour codes
        monkeypatch.setenv("COLUMNS", "200")
    path = _hostile_file(tmp_path)
    result = run_cli("scan", path, "--id-col", "id", "--embedder", "none", "--select", "DA101,DA202", "--exit-zero")
    assert result.exit_code == 0, result.output
    shown = result.stdout
    for escape in DATA_ESCAPES:
        assert escape not in shown, f"the data's {escape!r} reached the terminal"
    if not force_terminal:
        assert "\x1b" not in shown
    assert "[bold red]shout[/]" in shown, "markup in the data is printed, not applied"
    assert "␛[2J" in shown and "␛]0;pwned␇" in shown, "control characters are made visible"
    assert "<U+202E>" in shown and "looks fine␍OVERWRITTEN" in shown
    assert ":thumbs_up:" in shown and "👍" not in shown
    assert "[bold red]shout[/] [/]#1" in shown, "row ids are escaped too"


def test_error_messages_quoting_the_data_are_inert(run_cli, write):
    path = write("train.csv", "text,\x1b]0;pwned\x07[bold]lbl\nhello,x\n")
    result = run_cli("scan", path, "--label-col", "missing")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "␛]0;pwned␇[bold]lbl" in result.stderr


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "dataaudit", *args]


def _many_duplicates(tmp_path: Path) -> Path:
    path = tmp_path / "dups.csv"
    lines = ["text,label"] + [f"how do I reset the pin of card {k % 700},pin" for k in range(2100)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_into_a_closed_pipe_ends_quietly_with_the_gate_exit_code(tmp_path):
    path = _many_duplicates(tmp_path)
    args = _cli("scan", str(path), "--json", "-", "--embedder", "none", "--select", "DA1", "--quiet")
    full = subprocess.run(args, capture_output=True, timeout=300)
    assert full.returncode == 1 and len(full.stdout) > 256 * 1024, "more than a pipe buffer holds"
    reader = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout.read(100).startswith(b"{")
    reader.stdout.close()  # what `| head -c 100` does
    stderr = reader.stderr.read().decode()
    assert reader.wait(300) == full.returncode
    assert "Traceback" not in stderr and "internal error" not in stderr and "Exception ignored" not in stderr
    assert stderr.strip().endswith("short of the 1,000 needed before fine-tuning."), stderr


def test_ctrl_c_while_the_cli_is_importing_is_one_line_and_130(monkeypatch, capsys):
    import dataaudit.__main__ as entry

    class InterruptImport:
        def find_spec(self, name, path=None, target=None):
            if name == "dataaudit.cli":
                raise KeyboardInterrupt
            return None

    monkeypatch.delitem(sys.modules, "dataaudit.cli")
    monkeypatch.setattr(sys, "meta_path", [InterruptImport(), *sys.meta_path])
    monkeypatch.setattr(sys, "argv", ["dataaudit", "checks", "list"])

    def exit_now(code):  # os._exit would end the test run itself
        raise SystemExit(code)

    monkeypatch.setattr(os, "_exit", exit_now)
    previous = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(SystemExit) as exit_info:
            entry.run()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert exit_info.value.code == 130
    assert capsys.readouterr().err == "interrupted: no report was written.\n"


def _wait_until_imported(pid: int, library: str, timeout: float = 60) -> None:
    """Wait until the process has loaded an extension module: it is running dataaudit's code."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if library in Path(f"/proc/{pid}/maps").read_text():
                return
        except OSError:
            return
        time.sleep(0.005)


@pytest.mark.parametrize("delay", [0.0, 0.1, 0.4, 1.0, 2.0])
def test_ctrl_c_at_any_moment_is_one_line_and_130(tmp_path, delay):
    sample = Path(__file__).parents[1] / "sample_data" / "voice_agent_intents.csv"
    child = subprocess.Popen(_cli("scan", str(sample), "--no-cache", "--json", str(tmp_path / "r.json")),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    _wait_until_imported(child.pid, "_multiarray_umath")  # numpy: imports are under way
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == 130, stderr.decode()
    assert stderr.decode() == "interrupted: no report was written.\n"
    assert not (tmp_path / "r.json").exists() and not list(tmp_path.glob(".r.json*"))



# Some libraries catch everything (ruamel.yaml wraps an import in a bare `except:`); a Ctrl-C that
# lands there is swallowed. This program stands in for one: it swallows a real SIGINT before the
# scan starts, or after it has finished and before the report is written.
SWALLOWING_SCAN = """
import os, signal, sys, time
import dataaudit.api, dataaudit.__main__ as entry
real_audit = dataaudit.api.audit

def swallow():
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)
    except:  # the library's bare except
        pass

def audit(*args, **kwargs):
    if moment == "before":
        swallow()
        return real_audit(*args, **kwargs)
    report = real_audit(*args, **kwargs)
    swallow()
    return report

dataaudit.api.audit = audit
moment = sys.argv.pop(1)
sys.argv = ["dataaudit", *sys.argv[1:]]
entry.run()
"""


@pytest.mark.parametrize("moment", ["before", "after"])
@pytest.mark.parametrize("quiet", [False, True])
def test_ctrl_c_swallowed_by_a_library_still_stops_the_scan_before_any_report(tmp_path, moment, quiet):
    sample = Path(__file__).parents[1] / "sample_data" / "voice_agent_intents.csv"
    report = tmp_path / "r.json"
    args = ["scan", str(sample), "--no-cache", "--embedder", "none", "--json", str(report)]
    # Started with Ctrl-C's default action, as from a shell: a test run may have left SIGINT ignored,
    # and an ignored signal is inherited (the CLI then leaves it ignored, as under nohup).
    done = subprocess.run([sys.executable, "-c", SWALLOWING_SCAN, moment, *args, *(["--quiet"] if quiet else [])],
                          capture_output=True, timeout=300,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert done.returncode == 130, done.stderr.decode()
    if moment == "before" or quiet:
        assert done.stderr.decode() == "interrupted: no report was written.\n"
    else:  # the scan's progress, then the one line
        assert done.stderr.decode().endswith(" s\ninterrupted: no report was written.\n"), done.stderr.decode()
    assert not report.exists() and not list(tmp_path.glob(".r.json*"))


# Every C0 control a JSONL string can carry as an escape (NUL, VT, FF, BS, ...), in ids, labels and texts.
C0_CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n"] + ["\x7f"]


def test_c0_controls_are_shown_as_pictures_in_the_terminal_and_the_html(run_cli, tmp_path):
    records = []
    for n, control in enumerate(C0_CONTROLS):
        for copy in range(2):
            records.append({"id": f"id{control}{n}#{copy}", "text": f"text {n} with{control}inside",
                            "label": f"label{control}{n % 3}"})
    path = tmp_path / "controls.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert "\\u0000" in path.read_text()  # the file holds escapes; the loader turns them into raw controls
    html = tmp_path / "report.html"
    result = run_cli("scan", path, "--id-col", "id", "--embedder", "none", "--select", "DA101", "--exit-zero",
                     "--html", html)
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    for shown, where in ((result.stdout, "terminal"), (page, "HTML")):
        raw = sorted({repr(c) for c in shown if (ord(c) < 0x20 and c not in "\t\n\r") or c == "\x7f"})
        assert not raw, f"raw control characters reached the {where}: {raw}"
    assert "with␀inside" in page and "with␋inside" in page and "id␀0#0" in page and "label␀0" in page
    assert "with␀inside" in result.stdout
