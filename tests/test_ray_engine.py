"""--engine ray (dataaudit/engine/ray_engine.py) on a real local Ray cluster of 2 CPUs: the same
report as the local engine on the golden runs (the frozen files are the local engine's:
test_golden_reports holds them to them), a folder of shards read as the file they split, and a
clear exit 2 when Ray is missing or its cluster cannot be reached.

The golden runs on Ray: every file run (the sample data, chat, annotators, --against) and, of
each check's case table, its largest case (the most rows: the most of the stages it reads).
Every case would cost CI ~5 minutes for what the engine does not change: a check reads the
same stage values on either engine, and those values are what the file runs compare."""

from __future__ import annotations

import csv
import json
import operator
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import ray

from dataaudit import api
from dataaudit.config import Settings
from dataaudit.engine import RayExecutor, executor_for
from dataaudit.engine.ray_engine import RayWorkers
from dataaudit.errors import ConfigError
from golden_runs import all_runs, close, comparable, file_runs, golden_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "voice_agent_intents.csv"


def _ray_runs() -> dict:
    from test_check_cases import CASES

    runs = all_runs(RayExecutor())
    largest: dict[str, tuple[int, str]] = {}
    for param in CASES:
        code, case = param.values
        size = (len(case["rows"]), case["name"])
        largest[code] = max(largest.get(code, size), size)
    wanted = set(file_runs()) | {f"{code}-{name}" for code, (_, name) in largest.items()}
    return {name: run for name, run in runs.items() if name in wanted}


RUNS = _ray_runs()


@pytest.fixture(scope="module", autouse=True)
def local_cluster():
    """One local Ray for the module (the scans reuse the running one, as a driver on a cluster does)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.mark.parametrize("name", sorted(RUNS))
def test_the_ray_engine_gives_the_local_report(name):
    report = RUNS[name]()
    assert report["run"]["engine"] == "ray"  # comparable() leaves the run block out: timings and the engine
    close(comparable(report), json.loads(golden_file(name).read_text(encoding="utf-8")))


def test_the_report_says_which_engine_ran(tmp_path):
    report = api.audit(SAMPLE, Settings(embedder="none", engine="ray"))
    assert report.run.engine == "ray"
    assert {name for name, _ in report.run.stages} >= {"normalized", "text_groups"}
    assert api.audit(SAMPLE, Settings(embedder="none")).run.engine == "local"


def _without_run(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("run")
    for check in data["checks"]:
        check.pop("seconds", None)
    return data


def test_the_cli_scans_with_ray_and_writes_the_local_json(run_cli, tmp_path):
    local, on_ray = tmp_path / "local.json", tmp_path / "ray.json"
    assert run_cli("scan", SAMPLE, "--json", local, "-q").exit_code == 1
    result = run_cli("scan", SAMPLE, "--engine", "ray", "--json", on_ray, "-q")
    assert result.exit_code == 1, result.output
    assert json.loads(on_ray.read_text(encoding="utf-8"))["run"]["engine"] == "ray"
    assert _without_run(on_ray) == _without_run(local)
    assert "Ray" not in result.stderr and "WARNING" not in result.stderr  # Ray's own notices stay out


def _parquet_shards(folder: Path, rows: int) -> Path:
    import pandas as pd

    frame = pd.read_csv(SAMPLE, dtype=object, keep_default_na=False)
    folder.mkdir()
    for k, start in enumerate(range(0, len(frame), rows)):
        pq.write_table(pa.Table.from_pandas(frame.iloc[start:start + rows], preserve_index=False),
                       folder / f"part-{k:03d}.parquet")
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), folder.parent / "whole.parquet")
    return folder


def _same_but_where(a, b) -> None:
    assert a.dataset.path != b.dataset.path
    _same_but_where_and_when(replace(a, dataset=b.dataset), b)


def test_a_folder_of_parquet_shards_is_read_by_ray_data_as_the_file_they_split(tmp_path):
    folder = _parquet_shards(tmp_path / "shards", 100)
    settings = Settings(embedder="none", engine="ray")
    sharded, whole = api.audit(folder, settings), api.audit(tmp_path / "whole.parquet", settings)
    assert sharded.dataset.rows == 342 and sharded.dataset.format == "parquet"
    assert sharded.dataset.sha256 != whole.dataset.sha256  # of the shards' bytes
    _same_but_where(sharded, whole)


def test_a_folder_of_jsonl_shards_reads_chat_records_as_one_file(tmp_path, data_dir):
    lines = (data_dir / "openai_chat_toy.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    folder = tmp_path / "chat"
    folder.mkdir()
    (folder / "b.jsonl").write_text("".join(lines[len(lines) // 2:]), encoding="utf-8")
    (folder / "a.jsonl").write_text("".join(lines[: len(lines) // 2]).rstrip("\n"), encoding="utf-8")  # no last newline
    settings = Settings(embedder="none", engine="ray", threshold=1)
    sharded, whole = api.audit(folder, settings), api.audit(data_dir / "openai_chat_toy.jsonl", settings)
    assert sharded.dataset.format == whole.dataset.format == "openai-chat"
    _same_but_where(sharded, whole)


@pytest.mark.parametrize("files, message", [
    ({}, "no shards"),
    ({"a.parquet": b"PAR1", "b.jsonl": b"{}\n"}, "one kind per folder"),
    ({"notes.txt": b"x"}, "one kind per folder"),
])
def test_a_folder_that_is_not_shards_is_a_clear_error(run_cli, tmp_path, files, message):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    result = run_cli("scan", folder, "--engine", "ray")
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_without_ray_a_folder_is_a_directory_error_that_names_the_engine(run_cli, tmp_path):
    result = run_cli("scan", _parquet_shards(tmp_path / "shards", 100))
    assert result.exit_code == 2 and "is a directory" in result.stderr and "--engine ray" in result.stderr


# Task functions from an importable module: a Ray worker imports a task's function by name.
def test_ray_workers_run_tasks_on_the_cluster_with_shared_inputs_put_once():
    shared = np.arange(10) * 3
    tasks = {k: (shared, k) for k in range(4)}
    assert dict(RayWorkers(2).each(operator.getitem, tasks)) == {k: 3 * k for k in range(4)}
    assert list(RayWorkers(1).each(operator.getitem, tasks)) == []  # one process: the caller runs them


def test_a_task_that_raises_raises_its_own_error_here():
    with pytest.raises(ZeroDivisionError):
        dict(RayWorkers(2).each(operator.truediv, {0: (1, 0), 1: (1, 1)}))


def test_the_settings_choose_the_executor():
    assert isinstance(executor_for(Settings(engine="ray", ray_address="auto")), RayExecutor)
    assert executor_for(Settings(engine="ray", ray_address="auto")).address == "auto"
    assert executor_for(Settings()).name == "local"


@pytest.mark.parametrize("flags, message", [
    (["--ray-address", "auto"], "--ray-address names the Ray cluster of --engine ray"),
    (["--engine", "spark"], "'spark' is not one of"),
])
def test_engine_flags_that_contradict_are_exit_2(run_cli, flags, message):
    result = run_cli("scan", SAMPLE, *flags)
    assert result.exit_code == 2 and message in result.stderr


def test_an_unknown_engine_in_the_settings_file_is_exit_2(run_cli, tmp_path):
    config = tmp_path / "dataaudit.toml"
    config.write_text('engine = "spark"\n', encoding="utf-8")
    result = run_cli("scan", SAMPLE, "--config", config)
    assert result.exit_code == 2 and "engine must be one of local, ray" in result.stderr


def test_the_engine_comes_from_the_settings_file(run_cli, tmp_path):
    config = tmp_path / "dataaudit.toml"
    config.write_text('engine = "ray"\nembedder = "none"\n', encoding="utf-8")
    out = tmp_path / "r.json"
    assert run_cli("scan", SAMPLE, "--config", config, "--json", out, "-q").exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["run"]["engine"] == "ray"


def test_without_ray_installed_the_engine_is_exit_2_saying_how_to_install_it(run_cli, monkeypatch):
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as it does without the extra
    with pytest.raises(ConfigError, match=r'pip install "dataaudit\[ray\]"'):
        RayExecutor().workers()
    result = run_cli("scan", SAMPLE, "--engine", "ray")
    assert result.exit_code == 2 and 'pip install "dataaudit[ray]"' in result.stderr


@pytest.mark.parametrize("address, message", [
    ("127.0.0.1:9", "could not reach the Ray cluster at 127.0.0.1:9: nothing answers there"),
    ("ray://127.0.0.1:9", "could not reach the Ray cluster at ray://127.0.0.1:9: nothing answers there"),
    ("headnode", "--ray-address headnode is not an address"),
])
def test_an_unreachable_cluster_is_exit_2_at_once_naming_it(address, message):
    """A fresh process (this one already has Ray). Ray itself waits minutes on a closed port."""
    result = subprocess.run([sys.executable, "-m", "dataaudit", "scan", str(SAMPLE), "--engine", "ray",
                             "--ray-address", address, "-q"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_the_exact_groups_group_by_gives_the_local_groups(monkeypatch):
    """The hash shuffle (engine/ray_stages.py), run however small the file, on the sample data."""
    from dataaudit.engine import ray_stages

    monkeypatch.setattr(ray_stages, "GROUP_BY_FROM", 0)
    on_ray = api.audit(SAMPLE, Settings(embedder="none", engine="ray"))
    assert on_ray.run.engine == "ray" and any(name == "text_groups" for name, _ in on_ray.run.stages)
    _same_but_where_and_when(api.audit(SAMPLE, Settings(embedder="none")), on_ray)


def _same_but_where_and_when(a, b) -> None:
    a, b = a.__dict__.copy(), b.__dict__.copy()
    a.pop("run"), b.pop("run")
    assert a == b


def test_a_hash_two_texts_share_is_split_by_text():
    from dataaudit.engine.ray_stages import _in_order

    normalized = ["b", "a", "", "b", "c", "a", "c"]
    at, first = np.array([0, 3, 1, 5, 4, 6]), np.array([0, 0, 1, 1, 1, 1])  # a and c collide under row 1
    groups = _in_order(at, first, normalized)
    assert groups.texts == ["b", "a", "c"] and groups.rows == [[0, 3], [1, 5], [4, 6]]


def test_the_lsh_group_by_gives_the_local_pairs(monkeypatch):
    """Bands emitted, hash-shuffled by bucket, candidates verified as a map: the local pairs, pair for
    pair, on 2,500 distinct realistic texts (BANKING77-like requests with typo'd copies)."""
    from dataaudit.engine import ray_stages
    from dataaudit.similarity import minhash_lsh, near_pairs
    from dataaudit.workers import Workers

    monkeypatch.setattr(ray_stages, "GROUP_BY_FROM", 0)
    import random

    rng = random.Random(5)
    with (ROOT / "tests" / "data" / "banking77_slice.csv").open(encoding="utf-8", newline="") as handle:
        base = [row["text"].lower() for row in csv.DictReader(handle)]
    texts = list(dict.fromkeys(base))
    while len(texts) < 2_500:
        words = rng.choice(base).split(" ")
        k = rng.randrange(len(words))
        words[k] = words[k][::-1] if rng.random() < 0.5 else words[k] + rng.choice("aeiou")
        texts = list(dict.fromkeys([*texts, " ".join(words)]))
    sigs = minhash_lsh.signatures(texts)
    local = near_pairs.lsh_pairs(texts, sigs, 0.8, None, Workers(1))
    assert len(local) > 100
    assert ray_stages.lsh_pairs_on_ray(texts, sigs, 0.8, None, None) == local


def _recombined(path: Path, rows: int) -> Path:
    """rows labelled requests, each the start of one request and the end of another of the same
    label (tests/data's BANKING77 and Hinglish-TOP rows): past the size where the local executor
    embeds in its worker pool, with near and semantic duplicates as real files have them."""
    import random

    by_label: dict[str, list[str]] = {}
    for name, text_col, label_col in (("banking77_10_labels.csv", "text", "category"),
                                      ("hinglish_top_800.csv", "text", "label")):
        with (ROOT / "tests" / "data" / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                by_label.setdefault(row[label_col], []).append(row[text_col])
    rng = random.Random(11)
    labels = sorted(label for label, texts in by_label.items() if len(texts) >= 2)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        for _ in range(rows):
            label = rng.choice(labels)
            a, b = (t.split(" ") for t in rng.sample(by_label[label], 2))
            writer.writerow([" ".join(a[: max(1, len(a) // 2)] + b[len(b) // 2:]), label])
    return path


def test_past_the_local_worker_pool_the_ray_report_is_the_local_one_byte_for_byte(run_cli, tmp_path):
    """5,000 rows with the default embedder: the local executor embeds them in its pool of
    one-thread workers, Ray in its actors; the same vectors, so the same report, to the byte."""
    path = _recombined(tmp_path / "recombined.csv", 5_000)
    local, on_ray = tmp_path / "local.json", tmp_path / "ray.json"
    assert run_cli("scan", path, "--json", local, "-q", "--exit-zero", "--no-cache").exit_code == 0
    assert run_cli("scan", path, "--engine", "ray", "--json", on_ray, "-q", "--exit-zero", "--no-cache").exit_code == 0
    report = json.loads(local.read_text(encoding="utf-8"))
    assert report["summary"]["total_rows"] == 5_000 and any(f["code"] == "DA103" for f in report["findings"])
    assert _without_run(on_ray) == _without_run(local)
