"""Every command in the documentation runs: each ```bash block of README.md and docs/*.md is run
here, one test per block (its id is `FILE:LINE`, the line of its opening fence).

The conventions the pages follow:

- A fenced block whose language is `bash` (or `sh`, `shell`) is run; other blocks (```text,
  ```json, ```yaml, ```python, ```console, and fences without a language) are not.
- A block preceded by `<!-- illustrative -->` (on the line before its fence; blank lines may sit
  between) is not run: it names files the reader has (`train.csv`), a cluster, a network.
- Each non-empty line that is not a comment (`# ...`) is one command; a line ending in `\\`
  continues on the next.
- A command ending in the comment `# exit N` must exit with status N; every other command must
  exit 0. (The scan of sample_data/voice_agent_intents.csv fails the default gate: `# exit 1`.)
- Set-up commands are not run: a command starting with `python3 -m venv` (or `python -m venv`), or
  whose first word is a pip (`pip`, `pip3`, `.venv/bin/pip`, `python -m pip`). They create an
  environment and install dataaudit into it, which is what .ci/run itself does before the tests
  run; a test installs nothing. The tests run in that environment: its bin folder (this Python's)
  is first on PATH, so `dataaudit` and `.venv/bin/dataaudit` are the one under test (`.venv` in the
  working copy is a link to this environment).

Where they run: bash, in a temporary copy of the repository's sample_data/, tests/data/, examples/
and rules/, and of any other top-level file or folder of the repository a command names
(`benchmarks/...`, `action.yml`), with that copy as the working directory, HF_HUB_OFFLINE=1 and
a timeout of COMMAND_TIMEOUT seconds per command. The blocks of one page share one copy and run
in the page's order, so a block may read what an earlier block of its page wrote (a saved
--json report); running one block alone (-k) first runs the blocks above it on its page. The pages
run in parallel (one thread per page, up to the machine's cores), each test waiting for its block.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the environment under test: CI's own venv, or the developer's
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUN_LANGUAGES = {"bash", "sh", "shell"}
ILLUSTRATIVE = "<!-- illustrative -->"
COMMAND_TIMEOUT = 300
ALWAYS_COPIED = ("sample_data", "tests/data", "examples", "rules")
NEVER_COPIED = {".git", ".venv", "build", "dist", "site", "dataaudit.egg-info", ".ci", ".pytest_cache",
                ".ruff_cache"}
SETUP = re.compile(r"^(python3?\s+-m\s+venv\b|(\S*/)?pip3?\s|python3?\s+-m\s+pip\s)")
EXIT = re.compile(r"\s#\s*exit\s+(\d+)\s*$")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")


@dataclass(frozen=True)
class Command:
    line: int  # where it starts in the page
    text: str
    exit: int  # the status it must exit with


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # of the opening fence, 1-based
    language: str
    illustrative: bool
    body: tuple[str, ...]  # its lines, the fence's indentation removed
    body_line: int  # the line of body[0]

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT).as_posix()}:{self.line}"

    @property
    def runs(self) -> bool:
        return self.language in RUN_LANGUAGES and not self.illustrative

    def commands(self) -> list[Command]:
        commands, pending, start = [], "", 0
        for number, raw in enumerate(self.body, self.body_line):
            line = raw.strip()
            if not pending and (not line or line.startswith("#")):
                continue
            start = start if pending else number
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            text, pending = pending + line, ""
            expected = EXIT.search(text)
            commands.append(Command(start, text, int(expected.group(1)) if expected else 0))
        if pending:
            commands.append(Command(start, pending.rstrip(), 0))
        return commands


def blocks(page: Path) -> list[Block]:
    """The fenced blocks of a Markdown page (fences may be indented, as in a list item)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found, index = [], 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        before = [line.strip() for line in lines[:index] if line.strip()]
        end = index + 1
        while end < len(lines) and not re.match(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$", lines[end]):
            end += 1
        body = tuple(line[indent:] if line[:indent].strip() == "" else line.lstrip() for line in lines[index + 1:end])
        found.append(Block(page, index + 1, opening["lang"].lower(), bool(before) and before[-1] == ILLUSTRATIVE,
                           body, index + 2))
        index = end + 1
    return found


def is_setup(command: str) -> bool:
    return bool(SETUP.match(command.strip()))


RUN = [block for page in PAGES for block in blocks(page) if block.runs]


def _named_entries(commands: list[Command]) -> set[str]:
    """What of the repository the commands name: a top-level folder by a path in it
    (`benchmarks/x.py`: benchmarks/), a top-level file by its name (`action.yml`). Of the package
    (`dataaudit/rules/packs/pii.yaml`) only the path named is copied: a whole copy would be imported
    by `python -m` in place of the environment's."""
    top = {p.name for p in ROOT.iterdir()} - NEVER_COPIED
    named = set()
    for command in commands:
        for word in re.findall(r"[\w.@+-]+(?:/[\w.@+-]*)*", command.text):
            first, slash, _ = word.partition("/")
            if first not in top:
                continue
            if (ROOT / first).is_file():
                named.add(first)
            elif slash and first == "dataaudit":
                path = word.rstrip("/")
                while path and not (ROOT / path).exists():
                    path = path.rpartition("/")[0]
                if path and path != "dataaudit":
                    named.add(path)
            elif slash:
                named.add(first)
    return named


class Workspace:
    """One page's copy of the repository's data, and how far down the page it has run."""

    def __init__(self, root: Path, page: Path):
        self.root = root
        self.page = page
        self.done = 0  # blocks of RUN on this page already run here
        for name in ALWAYS_COPIED:
            self.copy(name)
        (root / ".venv").symlink_to(BIN.parent, target_is_directory=True)  # `.venv/bin/dataaudit` is this one

    def copy(self, name: str) -> None:
        source, target = ROOT / name, self.root / name
        if target.exists() or target.is_symlink() or not source.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target)


def run_command(command: Command, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "HF_HUB_OFFLINE": "1",
           "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(["bash", "-c", command.text], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=COMMAND_TIMEOUT)


def run_block(block: Block, workspace: Workspace) -> list[str]:
    """Run a block's commands in order; the failures, each with its command and output."""
    commands = block.commands()
    for name in _named_entries(commands):
        workspace.copy(name)
    failures = []
    for command in commands:
        if is_setup(command.text):
            continue
        try:
            result = run_command(command, workspace.root)
        except subprocess.TimeoutExpired:
            failures.append(f"{block.page.name}:{command.line}: `{command.text}` ran past {COMMAND_TIMEOUT} s")
            continue
        if result.returncode != command.exit:
            failures.append(f"{block.page.name}:{command.line}: `{command.text}` exited {result.returncode}, "
                            f"expected {command.exit}\n--- stdout\n{result.stdout[-3000:]}\n--- stderr\n"
                            f"{result.stderr[-3000:]}")
    return failures


class Pages:
    """Runs the pages at once, each page's blocks in order in its own workspace (a scan is seconds of
    imports, on one core: the pages in parallel keep the file's time near that of its longest page).
    Only the pages of the selected tests run, each down to its last selected block."""

    def __init__(self, selected: list[Block], tmp_path_factory):
        wanted: dict[Path, int] = {}
        for block in selected:
            on_page = [b for b in RUN if b.page == block.page]
            wanted[block.page] = max(wanted.get(block.page, 0), on_page.index(block) + 1)
        workers = max(1, min(len(wanted), os.cpu_count() or 2, 8))
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="docs-page")
        self.results: dict[Block, Future] = {}
        for page, count in wanted.items():
            blocks_here = [b for b in RUN if b.page == page][:count]
            futures = {b: Future() for b in blocks_here}
            self.results.update(futures)
            self.pool.submit(self._run_page, page, blocks_here, futures, tmp_path_factory)

    @staticmethod
    def _run_page(page: Path, blocks_here: list[Block], futures: dict[Block, Future], tmp_path_factory) -> None:
        try:
            workspace = Workspace(tmp_path_factory.mktemp(page.stem), page)
        except BaseException as exc:
            for future in futures.values():
                future.set_exception(exc)
            return
        for block in blocks_here:
            started = time.monotonic()
            try:
                failures = run_block(block, workspace)
            except BaseException as exc:  # noqa: BLE001 - handed to the block's test
                futures[block].set_exception(exc)
                continue
            futures[block].set_result((failures, time.monotonic() - started))

    def result(self, block: Block) -> tuple[list[str], float]:
        return self.results[block].result()


@pytest.fixture(scope="module")
def pages(request, tmp_path_factory):
    selected = [item.callspec.params["block"] for item in request.session.items
                if getattr(item, "originalname", None) == "test_the_documented_commands_run"
                and item.module is sys.modules[__name__]]
    runner = Pages(selected, tmp_path_factory)
    yield runner
    runner.pool.shutdown(wait=True, cancel_futures=True)


@pytest.mark.parametrize("block", RUN, ids=[b.id for b in RUN])
def test_the_documented_commands_run(block, pages, record_property):
    failures, seconds = pages.result(block)
    record_property("seconds", round(seconds, 1))
    assert not failures, "\n\n".join(failures)


# ----------------------------------------------------------------------------- the conventions themselves

def test_the_conventions(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("\n".join([
        "# t", "", "```bash", "dataaudit --version", "# a comment", "", "dataaudit scan x.csv \\",
        "    --quiet   # exit 2", "python3 -m venv .venv && .venv/bin/pip install .", "```", "",
        "<!-- illustrative -->", "", "```bash", "dataaudit scan train.csv", "```", "",
        "- a list item:", "", "  ```sh", "  echo hi", "  ```", "", "```text", "$ not run", "```", "",
    ]) + "\n", encoding="utf-8")
    found = blocks(page)
    assert [(b.line, b.language, b.illustrative, b.runs) for b in found] == [
        (3, "bash", False, True), (14, "bash", True, False), (20, "sh", False, True), (24, "text", False, False)]
    commands = found[0].commands()
    assert [(c.line, c.text, c.exit) for c in commands] == [
        (4, "dataaudit --version", 0), (7, "dataaudit scan x.csv  --quiet   # exit 2", 2),
        (9, "python3 -m venv .venv && .venv/bin/pip install .", 0)]
    assert [is_setup(c.text) for c in commands] == [False, False, True]
    assert [c.text for c in found[2].commands()] == ["echo hi"]
    assert is_setup(".venv/bin/pip install '.[test]'") and is_setup("pip install dataaudit")
    assert not is_setup("dataaudit scan pip.csv")


def test_every_page_has_closed_fences():
    """An unclosed fence would hide the rest of the page from this test (and from the site)."""
    for page in PAGES:
        open_fence = None
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            match = FENCE.match(line)
            if open_fence is None and match:
                open_fence = (number, match["fence"])
            elif open_fence and re.match(rf"^\s*{re.escape(open_fence[1][0])}{{{len(open_fence[1])},}}\s*$", line):
                open_fence = None
        assert open_fence is None, f"{page.name}:{open_fence[0]}: the fence is never closed"
