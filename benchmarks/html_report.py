"""The HTML report at scale: its size, how long it takes to write, and how fast a browser opens it.

    python benchmarks/html_report.py [--rows 100000] [--copies 0.12] [--typos 0.12] [--runs 5]
                                     [--screenshot docs/html-report-overview.png]

Builds a spliced BANKING77 file (scale.py's generator, with more exact and typo copies, so the
scan has tens of thousands of findings), scans it (`--embedder none`: the duplicate and label
checks; the page's size depends on the findings, not on how they were found), renders the HTML
from the saved JSON (`dataaudit report --html`: wall time, rows/s, peak memory), then opens the
page in headless Chromium `--runs` times, each in a fresh tab: the median time to
DOMContentLoaded, to the load event, and to the page's script having run (`dataaudit-ready`,
search and filters usable). `--screenshot` also saves the sample data's overview, as the README
shows it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_BANKING77, REPO, machine  # noqa: E402
from scale import build  # noqa: E402

DATAAUDIT = [sys.executable, "-m", "dataaudit"]


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and the child's peak RSS (MB) of one command."""
    start = time.perf_counter()
    process = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{process.stderr[-2000:]}")
    return wall, int(process.stderr.strip().splitlines()[-1]) / 1024


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1400",
                     "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def open_times(page: Path, runs: int) -> dict[str, float]:
    driver = browser()
    seen: dict[str, list[float]] = {"dom_content_loaded": [], "load": [], "ready": []}
    try:
        for _ in range(runs):
            driver.get("about:blank")
            driver.get(page.as_uri())
            times = driver.execute_script(
                "var n = performance.getEntriesByType('navigation')[0];"
                "var r = performance.getEntriesByName('dataaudit-ready')[0];"
                "return [n.domContentLoadedEventEnd, n.loadEventEnd, r ? r.startTime : -1];")
            for key, value in zip(seen, times):
                seen[key].append(value / 1000)
    finally:
        driver.quit()
    return {key: round(statistics.median(values), 3) for key, values in seen.items()}


def screenshot(out: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "sample.html"
        # From the repository root, so the page names the file as a user would type it.
        subprocess.run([*DATAAUDIT, "scan", "sample_data/voice_agent_intents.csv", "--html", str(page), "--quiet"],
                       check=False, cwd=REPO)
        driver = browser()
        try:
            driver.set_window_size(1200, 1500)
            driver.get(page.as_uri())
            out.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(out.resolve()))
        finally:
            driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--copies", type=float, default=0.12)
    parser.add_argument("--typos", type=float, default=0.12)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    data = build(args.rows, DEFAULT_BANKING77, copies=args.copies, typos=args.typos)
    saved = data.with_suffix(".json")
    if not saved.exists():
        scan_wall, _ = timed([*DATAAUDIT, "scan", str(data), "--embedder", "none", "--json", str(saved), "-q"])
        print(f"scan: {scan_wall:.1f} s")
    report = json.loads(saved.read_text(encoding="utf-8"))
    page = data.with_suffix(".html")
    render_wall, render_rss = timed([*DATAAUDIT, "report", str(saved), "--html", str(page), "-q"])
    html = page.read_text(encoding="utf-8")
    with_rows = sum(1 for f in report["findings"] if f["rows"])
    result = {"rows": args.rows, "findings": len(report["findings"]), "findings_with_rows": with_rows,
              "findings_in_page": html.count("<article "), "page_mb": round(len(html.encode("utf-8")) / 1e6, 2),
              "render_s": round(render_wall, 2), "render_rows_per_s": round(args.rows / render_wall),
              "render_peak_mb": round(render_rss), **open_times(page, args.runs), "machine": machine()}
    print(json.dumps(result, indent=2))
    if args.screenshot:
        screenshot(args.screenshot)
        print(f"wrote {args.screenshot}")


if __name__ == "__main__":
    main()
