"""The annotators' loop through a real Label Studio: scan -> export -> import -> annotate -> export
-> apply -> scan again. Not part of CI (it needs a Label Studio server and its ~400 MB install).

    pip install "label-studio==1.23.2" "label-studio-sdk>=2,<3"      # in a separate venv is fine
    python benchmarks/label_studio_roundtrip.py --start [--data sample_data/voice_agent_intents.csv] \\
        [--dataaudit dataaudit]

`--start` starts a fresh Label Studio (its own data folder, port 8089, a legacy API token)
with the `label-studio` command next to this Python, and stops it at the end; without it,
give `--url` and `--token` of a running one.

The "annotator" is this script, through the SDK: it accepts dataaudit's pre-filled suggestion
(`predictions`) for every task that has one, and keeps the rest. Then it downloads the
project's JSON export, applies it with `dataaudit apply`, and scans the cleaned file with
`--baseline`, printing the counts before and after. Label Studio runs with its own Python;
dataaudit is called as a command (`--dataaudit`), so the two need not share a venv.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(list(args), capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8089")
    parser.add_argument("--token", default="0123456789abcdef0123456789abcdef01234567")
    parser.add_argument("--start", action="store_true", help="start (and stop) a local Label Studio")
    parser.add_argument("--data", type=Path, default=REPO / "sample_data" / "voice_agent_intents.csv")
    parser.add_argument("--dataaudit", default="dataaudit", help="the dataaudit command to run")
    parser.add_argument("--embedder", default="none")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ls-roundtrip-"))
    started = time.perf_counter()
    server = start_label_studio(args.url, args.token, work / "label-studio") if args.start else None
    try:
        roundtrip(args, work, started)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


def start_label_studio(url: str, token: str, data: Path) -> subprocess.Popen:
    import os
    import urllib.request

    port = url.rsplit(":", 1)[-1].strip("/")
    command = [str(Path(sys.executable).parent / "label-studio"), "start", "--no-browser", "--port", port,
               "--username", "admin@example.org", "--password", "dataaudit-test", "--user-token", token]
    env = {**os.environ, "LABEL_STUDIO_BASE_DATA_DIR": str(data), "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true"}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(240):  # its first start migrates a new database: a minute or two
        try:
            if urllib.request.urlopen(f"{url}/health", timeout=2).status == 200:
                print(f"Label Studio up after {time.perf_counter() - START:.0f} s")
                return server
        except OSError:
            time.sleep(1)
    server.terminate()
    sys.exit("Label Studio did not start within 4 minutes")


START = time.perf_counter()


def roundtrip(args, work: Path, started: float) -> None:
    from label_studio_sdk import LabelStudio

    run(args.dataaudit, "scan", str(args.data), "--embedder", args.embedder, "--json", str(work / "before.json"), "-q")
    run(args.dataaudit, "export", str(work / "before.json"), "--to", "label-studio", "-o", str(work / "ls"))
    tasks = json.loads((work / "ls" / "tasks.json").read_text(encoding="utf-8"))
    config = (work / "ls" / "label_config.xml").read_text(encoding="utf-8")

    client = LabelStudio(base_url=args.url, api_key=args.token)
    project = client.projects.create(title=f"dataaudit round trip {time.strftime('%H:%M:%S')}", label_config=config)
    client.projects.import_tasks(id=project.id, request=tasks)
    imported = list(client.tasks.list(project=project.id))
    print(f"imported {len(imported)} tasks of {len(tasks)} into project {project.id}")
    assert len(imported) == len(tasks), "every exported task must import"

    annotated = 0
    for task in imported:
        predictions = task.predictions or []
        result = predictions[0]["result"] if predictions and isinstance(predictions[0], dict) else \
            (predictions[0].result if predictions else None)
        if not result:
            result = [{"from_name": "action", "to_name": "text", "type": "choices", "value": {"choices": ["keep"]}}]
        client.annotations.create(id=task.id, result=[{k: r[k] for k in ("from_name", "to_name", "type", "value")}
                                                      for r in result], project=project.id)
        annotated += 1
    print(f"annotated {annotated} tasks (suggestions accepted, the rest kept)")

    exported = b"".join(client.projects.exports.download_sync(id=project.id, export_type="JSON"))
    (work / "export.json").write_bytes(exported)
    cleaned = work / f"cleaned{args.data.suffix}"
    applied = run(args.dataaudit, "apply", str(args.data), str(work / "export.json"), "-o", str(cleaned))
    print(applied.stdout.strip())
    after = run(args.dataaudit, "scan", str(cleaned), "--embedder", args.embedder, "--baseline",
                str(work / "before.json"), "--json", str(work / "after.json"))
    before_count = json.loads((work / "before.json").read_text())["summary"]["effective_clean_count"]
    after_report = json.loads((work / "after.json").read_text())
    print(f"clean count {before_count} -> {after_report['summary']['effective_clean_count']} "
          f"({after_report['summary']['total_rows']} rows); baseline: {after_report['baseline']['new']} new, "
          f"{len(after_report['baseline']['fixed'])} fixed")
    print(f"work folder {work}; {time.perf_counter() - started:.0f} s")
    print(after.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
