"""The HTML report in headless Chromium: highlights, filters, tooltips, hostile input, phone width."""

import shutil
import tempfile
from pathlib import Path

import pytest

from rhetoric import Finding, Report, analyze
from rhetoric.cli import main
from rhetoric.report import html_report

ROOT = Path(__file__).parents[1]
SEED = ROOT / "data" / "texts" / "seed.txt"
ARTIFACTS = ROOT / "tests" / "artifacts"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1280,900")


def _find(*names: str) -> str | None:
    return next((p for p in map(shutil.which, names) if p), None)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium with a fresh profile, driven by selenium through the system chromedriver."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    binary = _find("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    driver_path = _find("chromedriver")
    if not binary or not driver_path:
        pytest.skip("no Chromium and chromedriver found (Debian: apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="rhetoric-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _open(browser, path: Path) -> None:
    browser.get(path.resolve().as_uri())


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    """The seed's report as the command line writes it, with the report it was built from."""
    out = tmp_path_factory.mktemp("report") / "seed.html"
    assert main(["report", str(SEED), "-o", str(out)]) == 0
    return out, analyze(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gold_page(tmp_path_factory, seed_gold):
    """The seed's report with its gold findings: every category present, overlapping spans."""
    out = tmp_path_factory.mktemp("gold") / "gold.html"
    out.write_text(html_report(seed_gold, name="seed.txt", encoding="utf-8"), encoding="utf-8")
    return out


def _visible_heads(browser, category: str) -> int:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#text mark.hl.c-' + arguments[0] + '[id]'))"
        ".filter(m => getComputedStyle(m).borderBottomColor !== 'rgba(0, 0, 0, 0)' && m.tabIndex === 0).length",
        category)


def test_seed_report_highlights_every_finding_and_loads_nothing(browser, seed_page):
    path, report = seed_page
    _open(browser, path)
    heads = browser.execute_script("return document.querySelectorAll('#text mark.hl[id]').length")
    focusable = browser.execute_script("return document.querySelectorAll('#text mark.hl[tabindex=\"0\"]').length")
    assert heads == focusable == len(report)
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert browser.find_element("id", "shown").text == f"{len(report)} of {len(report)} findings highlighted"
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "seed-report.png"))


def test_unticking_a_category_hides_its_highlights_only(browser, gold_page, seed_gold):
    _open(browser, gold_page)
    quotes = sum(f.category == "quote" for f in seed_gold)
    framing = sum(f.category == "framing" for f in seed_gold)
    assert _visible_heads(browser, "quote") == quotes > 0
    browser.find_element("css selector", "input[data-filter=category][value=c-quote]").click()
    assert _visible_heads(browser, "quote") == 0
    assert _visible_heads(browser, "framing") == framing
    assert browser.find_element("id", "shown").text.startswith(f"{len(seed_gold) - quotes} of ")
    label = browser.find_element("css selector", "input[value=l-quote-scare]")
    assert not label.is_enabled()
    browser.find_element("css selector", "input[value=c-quote]").click()
    assert _visible_heads(browser, "quote") == quotes
    browser.find_element("css selector", "input[value=l-quote-scare]").click()
    assert _visible_heads(browser, "quote") == quotes - sum(f.label == "scare" for f in seed_gold)


def test_keyboard_focus_on_a_highlight_shows_its_explanation(browser, gold_page, seed_gold):
    from selenium.webdriver.common.keys import Keys

    _open(browser, gold_page)
    last_box = browser.find_elements("css selector", "input[data-filter]")[-1]
    browser.execute_script("arguments[0].focus()", last_box)
    browser.switch_to.active_element.send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("id") == "f1"
    tip = browser.find_element("id", "tip")
    assert tip.is_displayed()
    first = seed_gold[0]
    assert first.message and first.message in tip.text and first.label in tip.text
    described = browser.find_element("id", active.get_attribute("aria-describedby"))
    assert first.message in described.get_attribute("textContent")
    active.send_keys(Keys.ESCAPE)
    assert not tip.is_displayed()


def test_hovering_a_russian_source_finding_shows_message_rule_and_source(browser, gold_page, seed_gold):
    from selenium.webdriver.common.action_chains import ActionChains

    _open(browser, gold_page)
    n, f = next((n, f) for n, f in enumerate(seed_gold, 1) if f.category == "mt" and f.source)
    mark = browser.find_element("id", f"f{n}")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    ActionChains(browser).move_to_element(mark).perform()
    tip = browser.find_element("id", "tip")
    assert tip.is_displayed()
    assert f.message in tip.text and f.source in tip.text and f.rule in tip.text


def test_hostile_text_stays_text_in_the_browser(browser, tmp_path):
    text = ('<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"></style>'
            '<svg onload="window.pwned = 3"></svg> ]]> "so-called" end')
    start = text.index('"so-called"')
    f = Finding(start, start + 11, text[start:start + 11], "quote", "scare", "test.scare", '<b onclick="x()">why</b>')
    report = Report(text, (f,))
    path = tmp_path / "hostile.html"
    path.write_text(html_report(report, name="<b>x</b>"), encoding="utf-8")
    _open(browser, path)
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.execute_script("return document.getElementById('text').textContent") == text
    assert browser.execute_script("return document.querySelectorAll('#text img, #text svg, #text script, b').length") == 0
    assert browser.execute_script("return document.querySelectorAll('#text mark.hl[id]').length") == 1


def test_phone_width_has_no_horizontal_scrolling(browser, gold_page):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 375, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    try:
        _open(browser, gold_page)
        assert browser.execute_script("return document.documentElement.clientWidth") == 375
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 375
        browser.execute_script("document.getElementById('f1').focus()")
        assert browser.execute_script("return document.getElementById('tip').getBoundingClientRect().right") <= 375
        ARTIFACTS.mkdir(exist_ok=True)
        assert browser.save_screenshot(str(ARTIFACTS / "seed-report-375px.png"))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
