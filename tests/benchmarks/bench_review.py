"""Review desk benchmark, run by hand (not part of the test suite):

    python tests/benchmarks/bench_review.py [--reports 100] [--opens 20] [--no-browser]

Writes --reports generated reports (tests/python/batch_corpus.py: the genre's kinds in varied
departments, years and figures, a few unreadable files among them) into a temporary folder,
opens the review desk on it and times what an analyst waits for:

- starting: checking and scoring the folder before the first page can be served;
- the overview and a report page over HTTP (httpx): the whole response, and the server's own
  render time from its Server-Timing header; the median and the slowest of --opens reports;
- the same pages in headless Chromium (selenium), from the browser's navigation timing: time to
  first byte, to DOMContentLoaded and to the first contentful paint.

Prints a table and writes tests/benchmarks/results/review.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python"))

from batch_corpus import write_corpus  # noqa: E402

from jixiao.review.app import Server  # noqa: E402
from jixiao.review.desk import Desk  # noqa: E402


def server_ms(response: Any) -> float:
    timing = response.headers.get("server-timing", "")
    return float(timing.split("dur=")[1]) if "dur=" in timing else float("nan")


def http_figures(url: str, numbers: list[int]) -> dict[str, Any]:
    import httpx

    with httpx.Client(base_url=url, timeout=120) as client:
        started = time.perf_counter()
        first = client.get("/")
        first_ms = 1000 * (time.perf_counter() - started)
        overview = []
        for _ in range(5):
            started = time.perf_counter()
            reply = client.get("/")
            overview.append((1000 * (time.perf_counter() - started), server_ms(reply)))
        reports = []
        for number in numbers:
            started = time.perf_counter()
            reply = client.get(f"/report/{number}")
            reports.append((1000 * (time.perf_counter() - started), server_ms(reply), len(reply.content)))
    return {
        "overview_first_ms": round(first_ms, 1),
        "overview_first_server_ms": server_ms(first),
        "overview_median_ms": round(statistics.median(t for t, _ in overview), 1),
        "overview_bytes": len(first.content),
        "report_median_ms": round(statistics.median(t for t, _, _ in reports), 1),
        "report_max_ms": round(max(t for t, _, _ in reports), 1),
        "report_server_median_ms": round(statistics.median(s for _, s, _ in reports), 1),
        "report_median_bytes": int(statistics.median(b for _, _, b in reports)),
    }


NAVIGATION = """
var nav = performance.getEntriesByType('navigation')[0];
var paint = performance.getEntriesByName('first-contentful-paint')[0];
return {ttfb: nav.responseStart - nav.requestStart, dom: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd, fcp: paint ? paint.startTime : null};
"""


def browser_figures(url: str, numbers: list[int]) -> dict[str, Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver") or "chromedriver"),
                              options=options)
    try:
        driver.get(url)  # warm the browser itself once
        driver.get("about:blank")
        driver.get(url)
        overview = driver.execute_script(NAVIGATION)
        pages = []
        for number in numbers:
            driver.get(f"{url}report/{number}")
            pages.append(driver.execute_script(NAVIGATION))
    finally:
        driver.quit()

    def median(key: str) -> float:
        return round(statistics.median(p[key] for p in pages if p[key] is not None), 1)

    return {
        "overview_ttfb_ms": round(overview["ttfb"], 1),
        "overview_dom_ms": round(overview["dom"], 1),
        "overview_fcp_ms": round(overview["fcp"], 1) if overview["fcp"] else None,
        "report_ttfb_median_ms": median("ttfb"),
        "report_dom_median_ms": median("dom"),
        "report_fcp_median_ms": median("fcp"),
        "report_dom_max_ms": round(max(p["dom"] for p in pages), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--opens", type=int, default=20)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-review-") as tmp:
        folder = Path(tmp) / "reports"
        write_corpus(folder, args.reports)
        started = time.perf_counter()
        desk = Desk(folder, lang="zh")
        start_s = time.perf_counter() - started
        findings = sum(len(r.prints) for r in desk.reports)
        step = max(1, len(desk.reports) // args.opens)
        numbers = [r.number for r in desk.reports if not r.result.error][::step][: args.opens]
        with Server(desk, "127.0.0.1", 0).running() as url:
            record: dict[str, Any] = {
                "files": len(desk.reports), "findings": findings, "start_s": round(start_s, 2),
                "http": http_figures(url, numbers),
            }
            if not args.no_browser:
                record["browser"] = browser_figures(url, numbers)
    for section, values in record.items():
        if isinstance(values, dict):
            for key, value in values.items():
                print(f"{section:8} {key:28} {value}")
        else:
            print(f"{section:37} {values}")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "review.json").write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
