"""The review desk in a real browser: headless Chromium driven by selenium through chromedriver
(Debian's chromium and chromium-driver, installed by scripts/install-system-deps.sh test).

Without them the tests skip and say why; CI sets JIXIAO_REQUIRE_SHARED=1 (or a machine sets
JIXIAO_REQUIRE_BROWSER=1), which makes their absence a failure."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from reports import FLAWED_REPORT, FLAWED_TARGET_TABLE, GOOD_REPORT

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
CHROMEDRIVER = ("chromedriver", "/usr/lib/chromium/chromedriver")


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("JIXIAO_REQUIRE_BROWSER") == "1" or os.environ.get("JIXIAO_REQUIRE_SHARED") == "1":
        pytest.fail(f"{reason} (JIXIAO_REQUIRE_BROWSER=1 or JIXIAO_REQUIRE_SHARED=1 makes this a failure; "
                    "bash scripts/install-system-deps.sh test and pip install '.[test]' install it)")
    pytest.skip(reason)


def _find(names: tuple[str, ...]) -> str | None:
    for name in names:
        found = shutil.which(name) or (name if os.path.isabs(name) and os.access(name, os.X_OK) else None)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed")
    for needed in ("httpx", "starlette", "uvicorn"):
        try:
            __import__(needed)
        except ImportError:
            _unavailable(f"{needed} (the review extra) is not installed")
    chromium, driver = _find(CHROMIUM), _find(CHROMEDRIVER)
    if chromium is None or driver is None:
        _unavailable(f"no {'chromium' if chromium is None else 'chromedriver'} on this machine "
                     "(Debian: apt install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1400,900", "--lang=zh-CN"):
        options.add_argument(flag)
    session = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    session.set_page_load_timeout(60)
    try:
        yield session
    finally:
        session.quit()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    (reports / "乡镇").mkdir(parents=True)
    (reports / "flawed.txt").write_text(FLAWED_REPORT, encoding="utf-8")
    (reports / "乡镇" / "targets.txt").write_text(FLAWED_TARGET_TABLE, encoding="utf-8")
    (reports / "good.txt").write_text(GOOD_REPORT, encoding="utf-8")
    return reports


def _served(folder: Path) -> Any:
    from jixiao.review.app import Server
    from jixiao.review.desk import Desk

    return Server(Desk(folder, lang="zh", jobs=1), "127.0.0.1", 0).running()


def _wait(browser: Any, condition: Any, timeout: float = 20) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(lambda _: condition())


def _rows(browser: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [row.find_element(By.CSS_SELECTOR, "a.rv-open").text
            for row in browser.find_elements(By.CSS_SELECTOR, "#rv-reports tbody tr")]


def _in_view(browser: Any, element: Any) -> bool:
    return bool(browser.execute_script(
        "var r = arguments[0].getBoundingClientRect();"
        "return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;", element))


def _finding(browser: Any, code: str) -> Any:
    from selenium.webdriver.common.by import By

    return next(item for item in browser.find_elements(By.CSS_SELECTOR, "li.jx-finding")
                if item.find_element(By.CSS_SELECTOR, "code.jx-code").text == code)


def test_filter_open_a_report_follow_a_finding_dismiss_it_and_keep_it_after_an_edit(browser: Any, folder: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    with _served(folder) as url:
        browser.get(url)
        assert sorted(_rows(browser)) == ["flawed.txt", "good.txt", "乡镇/targets.txt"]
        assert "不可评价" in browser.page_source  # a score under its rubric's coverage floor is no number
        charts = browser.find_elements(By.CSS_SELECTOR, ".rv-charts svg")
        assert len(charts) == 4 and all(c.size["width"] > 100 for c in charts)  # drawn, not blocked

        # filter by rule: the selection applies at once (the page's script submits the form)
        Select(browser.find_element(By.NAME, "rule")).select_by_value("I104")
        _wait(browser, lambda: _rows(browser) == ["乡镇/targets.txt"])
        browser.find_element(By.LINK_TEXT, "清除").click()
        _wait(browser, lambda: len(_rows(browser)) == 3)

        # sort by errors, most first
        header = browser.find_element(By.XPATH, "//table[@id='rv-reports']//th[text()='错误']")
        header.click()
        header.click()
        assert _rows(browser)[-1] == "good.txt"

        browser.find_element(By.LINK_TEXT, "flawed.txt").click()
        _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "li.jx-finding"))

        # a finding → its highlight, scrolled to and active; a highlight → its finding
        typo = _finding(browser, "T101")
        typo.find_element(By.CSS_SELECTOR, ".jx-goto").click()
        index = typo.get_attribute("data-finding")
        mark = browser.find_element(By.CSS_SELECTOR, f"mark[data-findings~='{index}']")
        _wait(browser, lambda: "jx-active" in (mark.get_attribute("class") or "") and _in_view(browser, mark))
        assert mark.text == "项目项目"
        other = _finding(browser, "P101")
        browser.find_element(By.CSS_SELECTOR, f"mark[data-findings~='{other.get_attribute('data-finding')}']").click()
        _wait(browser, lambda: "jx-active" in (other.get_attribute("class") or ""))
        assert "jx-active" not in (mark.get_attribute("class") or "")
        typo.send_keys(Keys.ENTER)  # the keyboard does what the mouse does
        _wait(browser, lambda: "jx-active" in (mark.get_attribute("class") or ""))

        # dismissing needs a reason; with one it is recorded
        typo.find_element(By.CSS_SELECTOR, "button[data-status='dismissed']").click()
        _wait(browser, lambda: "理由" in typo.find_element(By.CSS_SELECTOR, ".rv-note").text)
        typo.find_element(By.CSS_SELECTOR, ".rv-reason").send_keys("原文如此，已与单位核实")
        typo.find_element(By.CSS_SELECTOR, "button[data-status='dismissed']").click()
        _wait(browser, lambda: typo.find_element(By.CSS_SELECTOR, ".rv-status").text == "已驳回")
        progress = browser.find_element(By.ID, "rv-progress").text
        assert progress.startswith("1/")

        browser.refresh()
        typo = _finding(browser, "T101")
        assert typo.find_element(By.CSS_SELECTOR, ".rv-status").text == "已驳回"
        assert "jx-state-dismissed" in (typo.get_attribute("class") or "")
        assert typo.find_element(By.CSS_SELECTOR, ".rv-reason").get_attribute("value") == "原文如此，已与单位核实"
        line_before = typo.find_element(By.CSS_SELECTOR, ".jx-where").text

    # the report is edited elsewhere (a paragraph above), and the folder reviewed again
    report = folder / "flawed.txt"
    report.write_text(FLAWED_REPORT.replace("一、部门基本情况\n", "一、部门基本情况\n本报告依据有关规定编制。\n", 1),
                      encoding="utf-8")
    with _served(folder) as url:
        browser.get(url)
        browser.find_element(By.LINK_TEXT, "flawed.txt").click()
        _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "li.jx-finding"))
        typo = _finding(browser, "T101")
        assert typo.find_element(By.CSS_SELECTOR, ".rv-status").text == "已驳回"
        assert typo.find_element(By.CSS_SELECTOR, ".jx-where").text != line_before
        assert all(_finding(browser, code).find_element(By.CSS_SELECTOR, ".rv-status").text == "待审"
                   for code in ("A101", "P101"))
        # the findings page filters by status
        browser.get(url + "findings?status=dismissed")
        rows = browser.find_elements(By.CSS_SELECTOR, "#rv-findings tbody tr")
        assert len(rows) == 1 and "T101" in rows[0].text


def test_a_finding_named_in_the_address_opens_with_its_highlight_active(browser: Any, folder: Path) -> None:
    from selenium.webdriver.common.by import By

    with _served(folder) as url:
        browser.get(url + "findings?rule=I104")
        link = browser.find_element(By.CSS_SELECTOR, "#rv-findings tbody a")
        link.click()
        item = _wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "li.jx-finding.jx-active"))[0]
        assert item.find_element(By.CSS_SELECTOR, "code.jx-code").text == "I104"
        mark = browser.find_element(By.CSS_SELECTOR, "mark.jx-active")
        assert mark.text == "≤35万元" and _in_view(browser, mark)
