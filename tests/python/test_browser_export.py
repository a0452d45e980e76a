"""The HTML export in a real browser: Debian's headless chromium, driven by selenium through
chromium-driver, opens the page from a file (no server, no network), searches, filters, sorts,
opens a report, follows a finding to its place in the full text and back.

Skipped with the reason when chromium, chromium-driver or selenium is missing, unless
JIXIAO_REQUIRE_BROWSER=1 or JIXIAO_REQUIRE_SHARED=1 (CI) makes that a failure."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from batch_corpus import write_corpus

import jixiao as jx


def _missing() -> str:
    reasons = []
    try:
        import selenium  # noqa: F401
    except ImportError:
        reasons.append("selenium is not installed (pip install -e '.[test]')")
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        reasons.append("chromium and chromium-driver are not installed (scripts/install-system-deps.sh test)")
    return "; ".join(reasons)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = _missing()
    if missing:
        if "1" in (os.environ.get("JIXIAO_REQUIRE_BROWSER"), os.environ.get("JIXIAO_REQUIRE_SHARED")):
            pytest.fail(f"the browser tests cannot run: {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(shutil.which("chromium"))
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1000"):
        options.add_argument(argument)
    # The driver Debian installs beside its chromium: selenium fetches nothing.
    driver = webdriver.Chrome(service=Service(executable_path=str(shutil.which("chromedriver"))), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[jx.BatchResult, Path]:
    paths, _ = write_corpus(tmp_path_factory.mktemp("reports"), 12)
    batch = jx.check_many(paths, jobs=2, rubric="auto", progress=False)
    target = tmp_path_factory.mktemp("page") / "review.html"
    batch.to_html(target)
    return batch, target


def visible_rows(driver: Any) -> list[Any]:
    from selenium.webdriver.common.by import By

    return [row for row in driver.find_elements(By.CSS_SELECTOR, "#overview-table tbody tr") if row.is_displayed()]


def test_the_page_searches_filters_and_sorts_offline(browser: Any, page: tuple[jx.BatchResult, Path]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    batch, target = page
    browser.get(target.as_uri())
    assert len(visible_rows(browser)) == len(batch)
    assert browser.find_element(By.ID, "shown").text == f"{len(batch)} / {len(batch)}"
    files = batch.files
    name = Path(files["path"].iloc[4]).name
    search = browser.find_element(By.ID, "search")
    search.send_keys(name)
    rows = visible_rows(browser)
    assert [r.find_element(By.CSS_SELECTOR, "td:nth-child(2)").text for r in rows] == [name]
    search.clear()
    search.send_keys(" ")  # an input event with an empty query shows everything again
    assert len(visible_rows(browser)) == len(batch)

    Select(browser.find_element(By.ID, "filter-severity")).select_by_value("error")
    with_errors = int((batch.files["error_count"] > 0).sum())
    assert len(visible_rows(browser)) == with_errors
    Select(browser.find_element(By.ID, "filter-severity")).select_by_value("")
    code = batch.findings["code"].value_counts().index[-1]  # a rule few reports have
    Select(browser.find_element(By.ID, "filter-code")).select_by_value(code)
    assert len(visible_rows(browser)) == batch.findings.loc[batch.findings["code"] == code, "path"].nunique()
    Select(browser.find_element(By.ID, "filter-code")).select_by_value("")
    Select(browser.find_element(By.ID, "filter-status")).select_by_value("unreadable")
    assert len(visible_rows(browser)) == sum(1 for r in batch if r.error)
    Select(browser.find_element(By.ID, "filter-status")).select_by_value("")

    total = next(th for th in browser.find_elements(By.CSS_SELECTOR, "#overview-table th") if th.text == "总分")
    total.click()
    column = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#overview-table th")].index("总分") + 1
    shown = [r.find_element(By.CSS_SELECTOR, f"td:nth-child({column})").text for r in visible_rows(browser)]
    numbers = [float(t) for t in shown if t and t != "不可评价"]
    assert numbers == sorted(numbers) and len(numbers) == int(batch.files["total"].notna().sum())
    total.click()
    shown = [r.find_element(By.CSS_SELECTOR, f"td:nth-child({column})").text for r in visible_rows(browser)]
    assert [float(t) for t in shown if t and t != "不可评价"] == sorted(numbers, reverse=True)


def test_a_report_opens_and_its_findings_lead_to_the_full_text_and_back(
    browser: Any, page: tuple[jx.BatchResult, Path]
) -> None:
    from selenium.webdriver.common.by import By

    batch, target = page
    browser.get(target.as_uri())
    number = next(i for i, r in enumerate(batch, start=1) if not r.error and len(r.check) >= 2)
    browser.find_element(By.CSS_SELECTOR, f"a.open-report[href='#file-{number}']").click()
    overview = browser.find_element(By.ID, "overview-view")
    report = browser.find_element(By.ID, f"file-{number}")
    assert report.is_displayed() and not overview.is_displayed()
    others = [s for s in browser.find_elements(By.CSS_SELECTOR, "section.report") if s.is_displayed()]
    assert others == [report]
    entry = report.find_element(By.CSS_SELECTOR, "li.jx-finding a.jx-goto")
    entry.click()  # the finding's entry beside the text: its highlight becomes active, in view
    marks = report.find_elements(By.CSS_SELECTOR, "mark.jx-active")
    assert marks and all(m.is_displayed() for m in marks)
    other = report.find_elements(By.CSS_SELECTOR, "mark[data-findings]")[-1]
    other.click()  # and back: a highlight activates its entry
    index = other.get_attribute("data-findings").split(" ")[0]
    active = report.find_element(By.CSS_SELECTOR, "li.jx-finding.jx-active")
    assert active.get_attribute("data-finding") == index
    assert report.is_displayed()
    report.find_element(By.CSS_SELECTOR, "a[href='#overview']").click()
    assert overview.is_displayed() and not report.is_displayed()
