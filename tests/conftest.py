"""Shared fixtures: run the CLI in-process, write input files into tmp_path."""

from __future__ import annotations

import os

# No test may reach the network for a model: set before anything imports huggingface_hub.
os.environ["HF_HUB_OFFLINE"] = "1"
# Embeddings are cached per test session, never in the user's cache folder.
import tempfile  # noqa: E402

os.environ["DATAAUDIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="dataaudit-test-cache-")

from pathlib import Path
from typing import Callable, Union

import pytest
from click.testing import CliRunner, Result

from dataaudit.cli import main

pytest.register_assert_rewrite("cli_results", "programs")  # helpers whose asserts should explain themselves

DATA_DIR = Path(__file__).parent / "data"
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "voice_agent_intents.csv"


@pytest.fixture
def data_dir() -> Path:
    """The checked-in fixture files (tests/data)."""
    return DATA_DIR


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """run_cli("scan", path, "--json", "-") -> click Result.

    click >= 8.2 keeps stdout and stderr apart: result.stdout, result.stderr, and
    result.output (both, interleaved). Arguments may be Paths; they are passed as str.
    Exceptions are caught by the runner (result.exception) so a test can assert that
    nothing escaped as a traceback.
    """
    runner = CliRunner()

    def invoke(*args: Union[str, os.PathLike], input: Union[str, bytes, None] = None) -> Result:
        return runner.invoke(main, [os.fspath(a) for a in args], input=input, catch_exceptions=True)

    return invoke


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """write("train.csv", "text,label\\n...") -> Path in tmp_path.

    str content is written as UTF-8 unless `encoding` is given; bytes are written as is.
    Text is written byte-exact (no newline translation).
    """

    def _write(name: str, content: Union[str, bytes], encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode(encoding)
        path.write_bytes(data)
        return path

    return _write


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory) -> Path:
    """The sample data scanned once (`--embedder none --json`): a saved report that tests read
    (export, report, diff), never change."""
    path = tmp_path_factory.mktemp("sample-scan") / "report.json"
    result = CliRunner().invoke(main, ["scan", str(SAMPLE), "--embedder", "none", "--json", str(path), "-q"])
    assert result.exit_code == 1, result.output
    return path
