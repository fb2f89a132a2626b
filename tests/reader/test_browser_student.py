"""A student's walk through the reader and search in real Chromium, on a 360 px phone and a
1280 px desktop, over the demo resolution, the UDHR and the SDG targets: what they would trip on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from apps.bitext.analyze import stem_word
from apps.corpus.management.commands.load_demo import demo_meta
from apps.corpus.services import resolution_import
from tests.reader.test_views import import_sdg, import_udhr

ACTIVE = re.compile(r"\bactive\b")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def three(live_server: object) -> str:
    """The demo, the whole UDHR and the SDG targets' first 8 keys; the server's address."""
    meta, ar, en = demo_meta()
    resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=meta)
    import_udhr()
    import_sdg("global_targets", "sdg-targets", keys=8)
    return live_server.url  # type: ignore[attr-defined]


SLUGS = ("oic-cfm-ex21-2025-08-25", "udhr", "sdg-targets")

# The room the in-text search box leaves its placeholder, and the placeholder's width in the
# box's own font.
PLACEHOLDER_FIT = """() => {
  const box = document.querySelector('#in-search-q');
  const style = getComputedStyle(box);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  return {
    text: box.placeholder,
    width: context.measureText(box.placeholder).width,
    room: box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
  };
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_in_text_search_shows_its_whole_placeholder(
    page: Page, three: str, screenshot_dir: Path, viewport: str
) -> None:
    """ "Search this resolution" shows its whole example in the box, also on the SDG targets,
    which have no action to take an example from ("Word or phrase · كلمة أو عبارة" was cut to
    "Word or phrase ·" in the desktop's side panel)."""
    page.set_viewport_size(VIEWPORTS[viewport])
    cut = []
    for slug in SLUGS:
        page.goto(f"{three}/r/{slug}/")
        page.evaluate("document.fonts.ready")
        fit = page.evaluate(PLACEHOLDER_FIT)
        assert fit["text"], slug
        if fit["width"] > fit["room"]:
            cut.append((slug, fit))
        page.locator("#in-search-q").screenshot(
            path=str(screenshot_dir / f"student-in-search-{slug}-{viewport}.png")
        )
    assert not cut, cut


# Where each character of an element's text is drawn, left to right by x.
CHARACTER_XS = """(element) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const xs = {};
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (rect.width) xs[node.data[i]] = rect.left;
    }
  }
  return xs;
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_word_help_names_an_sdg_target_as_the_arabic_reads_it(
    page: Page, three: str, screenshot_dir: Path, viewport: str
) -> None:
    """The word panel's other occurrences of الفقر name SDG target 1.a beside its Arabic as the
    Arabic text writes it, "1-أ", read from the right: the 1 right of the أ, as in the reader's
    margin and the search hits (drawn left to right in the English line, it read "أ-1")."""
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{three}/word/?w=الفقر")
    source = page.locator(".kwic-src a", has_text="أ").first
    source.scroll_into_view_if_needed()
    source.screenshot(path=str(screenshot_dir / f"student-word-target-label-{viewport}.png"))
    xs = source.evaluate(CHARACTER_XS)
    assert xs["1"] > xs["أ"], (source.inner_text(), xs)


def sideways(page: Page) -> float:
    """How far the page scrolls sideways, either way (a right-to-left overflow scrolls left)."""
    return page.evaluate(
        "() => (window.scrollTo(-9999, 0), -window.scrollX)"
        " + (window.scrollTo(9999, 0), window.scrollX)"
        " + Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    )


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_reading_each_resolution_never_scrolls_sideways(
    browser: Browser, three: str, screenshot_dir: Path, viewport: str
) -> None:
    """Side by side and stacked, with transliteration, confidence and the largest text, each
    resolution fits the screen's width, and so does it with a word's help open (a tap on a
    clause, then on one of its Arabic words, on the phone; a click on the desktop)."""
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], has_touch=viewport == "phone", is_mobile=viewport == "phone"
    )
    page = context.new_page()
    problems = []
    for slug in SLUGS:
        for options in ("layout=side", "layout=stacked&translit=1&conf=1&size=xl"):
            page.goto(f"{three}/r/{slug}/?{options}")
            if (far := sideways(page)) > 0:
                problems.append(f"{slug}?{options}: scrolls {far} px sideways")
        clause = page.locator("#reading-rows .side.ar .u.cl").nth(3)
        clause.scroll_into_view_if_needed()
        word = clause.locator(".w").first
        if viewport == "phone":
            clause.tap()
            expect(clause).to_have_class(ACTIVE)
            word.tap()
        else:
            word.click()
        expect(page.locator("#panel .word-facts")).to_be_visible()
        page.screenshot(path=str(screenshot_dir / f"student-word-{slug}-{viewport}.png"))
        if (far := sideways(page)) > 0:
            problems.append(f"{slug} with word help open: scrolls {far} px sideways")
    context.close()
    assert not problems, problems


@pytest.mark.parametrize("javascript", [True, False], ids=["live", "no-js"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_arabic_search_with_vowels_and_clitics_finds_the_word(
    browser: Browser, three: str, screenshot_dir: Path, viewport: str, javascript: bool
) -> None:
    """وَبِالفَقْر typed as a student copies it, with its vowels, و, ب and ال, finds الفقر
    ("poverty") in the SDG targets and the UDHR, marked, with "poverty" as its translation, live
    as it is typed or by the plain form without JavaScript; and the results fit the screen."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{three}/search/")
    box = page.locator("#search-q")
    box.fill("وَبِالفَقْر")
    if not javascript:
        box.press("Enter")
    marks = page.locator(".hit .match.ar mark")
    expect(marks.first).to_be_visible()
    assert {stem_word(text) for text in marks.all_inner_texts()} == {stem_word("الفقر")}
    expect(page.locator(".translations .tr").first).to_have_text(re.compile(r"^poverty\b"))
    page.screenshot(path=str(screenshot_dir / f"student-search-{viewport}-{javascript}.png"))
    assert sideways(page) == 0
    context.close()
