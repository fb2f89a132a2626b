"""The reading page in real Chromium: layouts, highlighting by mouse and keyboard, the word panel,
the anatomy filter and permalinks, on a desktop and a phone, each with a screenshot."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Locator, Page, expect

from apps.corpus.management.commands.load_demo import demo_meta
from apps.corpus.models import Paragraph, Sentence
from apps.corpus.services import resolution_import
from tests.conftest import shared_path
from tests.reader.test_views import import_udhr

ACTIVE = re.compile(r"\bactive\b")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PHONE_360 = {"width": 360, "height": 740}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server: object) -> str:
    meta, ar, en = demo_meta()
    resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=meta)
    return f"{live_server.url}/r/{meta.slug}/"  # type: ignore[attr-defined]


@pytest.fixture
def udhr(live_server: object) -> str:
    import_udhr()
    return f"{live_server.url}/r/udhr/"  # type: ignore[attr-defined]


def box(page: Page, selector: str) -> dict[str, float]:
    result = page.locator(selector).first.bounding_box()
    assert result is not None, f"{selector} is not displayed"
    return result


def row_sides(page: Page, n: int) -> tuple[dict[str, float] | None, dict[str, float] | None]:
    row = page.locator("#reading-rows .row").nth(n)
    return row.locator(".side.ar").bounding_box(), row.locator(".side.en").bounding_box()


@pytest.mark.parametrize("layout", ["side", "stacked", "ar", "en"])
def test_each_layout_switches_in_place_and_is_remembered(
    page: Page, demo: str, screenshot_dir: Path, layout: str
) -> None:
    """Choosing a layout rearranges the rows without a reload, puts it in the URL, and a later
    visit without the parameter opens in the same layout."""
    page.set_viewport_size(DESKTOP)
    page.goto(demo)
    page.evaluate("window.__sameDocument = true")
    page.locator(f".toolbar label.seg-{layout}").click()
    expect(page.locator("html")).to_have_attribute("data-layout", layout)
    assert page.evaluate("window.__sameDocument") is True  # no navigation happened
    if layout != "side":
        assert f"layout={layout}" in page.url
    page.locator("#reading-rows .row").nth(6).scroll_into_view_if_needed()
    ar, en = row_sides(page, 6)
    if layout == "side":
        assert ar and en and ar["x"] > en["x"] + en["width"] - 1  # Arabic on the right
        assert abs(ar["y"] - en["y"]) < 2  # the row starts level on both sides
    elif layout == "stacked":
        assert ar and en and ar["y"] + ar["height"] <= en["y"] + 1  # Arabic above its English
    elif layout == "ar":
        assert ar and en is None
    else:
        assert en and ar is None
    page.screenshot(path=str(screenshot_dir / f"reader-layout-{layout}.png"))
    page.goto(demo)  # no ?layout=: localStorage remembers
    expect(page.locator("html")).to_have_attribute("data-layout", layout)
    expect(page.locator(f'input[name="layout"][value="{layout}"]')).to_be_checked()


def test_rows_never_drift(page: Page, demo: str) -> None:
    """Side by side, every row's Arabic and English start at the same height, however long."""
    page.set_viewport_size(DESKTOP)
    page.goto(demo)
    tops = page.evaluate(
        """() => Array.from(document.querySelectorAll('#reading-rows .row')).map((row) => [
            row.querySelector('.side.ar').getBoundingClientRect().top,
            row.querySelector('.side.en').getBoundingClientRect().top])"""
    )
    assert len(tops) == 42
    assert all(abs(a - e) < 1 for a, e in tops)


def test_phone_collapses_side_by_side_to_stacked(
    page: Page, demo: str, screenshot_dir: Path
) -> None:
    """On a phone, side by side reads as stacked: Arabic above its English, full width."""
    page.set_viewport_size(PHONE)
    page.goto(demo + "?layout=side")
    row = page.locator("#reading-rows .row").nth(4)
    row.scroll_into_view_if_needed()
    ar, en = row_sides(page, 4)
    assert ar and en and ar["y"] + ar["height"] <= en["y"] + 1
    assert ar["width"] > 300
    # Nothing overflows sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / "reader-phone-stacked.png"))


def test_on_a_phone_the_list_puts_the_arabic_title_under_the_english(
    page: Page, demo: str, screenshot_dir: Path
) -> None:
    """At 360 px the list of resolutions gives each title the screen's width, the Arabic under
    the English, instead of two columns of two or three words a line."""
    page.set_viewport_size(PHONE_360)
    page.goto(demo.split("/r/")[0] + "/")
    english, arabic = box(page, ".resolutions .title-en"), box(page, ".resolutions .title-ar")
    assert arabic["y"] >= english["y"] + english["height"] - 1, (english, arabic)
    assert arabic["width"] > 300 and english["width"] > 300, (english, arabic)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_360["width"]
    page.screenshot(path=str(screenshot_dir / "list-phone.png"))


def test_hovering_an_arabic_clause_highlights_its_english_counterpart(
    page: Page, demo: str, screenshot_dir: Path
) -> None:
    """Hover an Arabic clause of operative paragraph 5: its English clause lights up."""
    page.set_viewport_size(DESKTOP)
    page.goto(demo)
    row = page.locator("#reading-rows .row").nth(7)
    arabic = row.locator(".side.ar .u.cl").first
    tag = arabic.get_attribute("data-l")
    assert tag, "the Arabic clause is on a clause link"
    arabic.scroll_into_view_if_needed()
    arabic.hover()
    counterpart = row.locator(f'.side.en .u.cl[data-l~="{tag}"]').first
    expect(counterpart).to_have_class(ACTIVE)
    expect(arabic).to_have_class(ACTIVE)
    # A clause of another row stays unlit.
    expect(page.locator("#reading-rows .row").nth(9).locator(".u.cl").first).not_to_have_class(
        ACTIVE
    )
    page.screenshot(path=str(screenshot_dir / "reader-hover-clause.png"))


def test_keyboard_moves_clause_by_clause(page: Page, demo: str, screenshot_dir: Path) -> None:
    """j enters the text, ↓/j and ↑/k move clause by clause in one language, → and ← cross to
    the counterpart; the focused clause has a visible outline and its counterpart is lit."""
    page.set_viewport_size(DESKTOP)
    page.goto(demo)
    page.keyboard.press("j")
    first = page.locator("#reading-rows .side.ar .u.cl").first
    expect(first).to_be_focused()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("j")
    fifth = page.locator("#reading-rows .side.ar .u.cl").nth(4)
    expect(fifth).to_be_focused()
    expect(fifth).to_have_class(ACTIVE)
    outline = fifth.evaluate("(el) => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("k")
    fourth = page.locator("#reading-rows .side.ar .u.cl").nth(3)
    expect(fourth).to_be_focused()
    tag = fourth.get_attribute("data-l")
    page.keyboard.press("ArrowLeft")  # side by side, English is on the left
    focused = page.locator("#reading-rows .u.cl:focus")
    expect(focused).to_have_count(1)
    assert focused.evaluate("(el) => el.closest('.side').lang") == "en"
    assert tag and tag in (focused.get_attribute("data-l") or "").split()
    expect(fourth).to_have_class(ACTIVE)
    expect(page.locator("#status")).to_contain_text("Arabic")
    page.screenshot(path=str(screenshot_dir / "reader-keyboard.png"))


@pytest.mark.parametrize("javascript", [True, False])
def test_tab_reaches_the_text_without_passing_every_jump_link(
    browser: Browser, demo: str, screenshot_dir: Path, javascript: bool
) -> None:
    """By Tab alone, the demo's text came after the in-page search and the 60 "op. 4" jump
    links of the side panel (68 presses on a desktop). Just after the reading options, a "Skip
    to the text" link shows when focused; Enter on it, and the next Tab is in the text."""
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(demo)
    page.locator("#reading-options select[name=size]").focus()
    for _ in range(3 if javascript else 4):  # past Apply, shown without JavaScript
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Skip to the text":
            break
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to the text")
    shown = skip.bounding_box()
    assert shown and shown["width"] > 40 and shown["height"] > 10
    page.screenshot(path=str(screenshot_dir / f"reader-skip-to-text-{javascript}.png"))
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#reading-rows')")
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_tab_reaches_the_text_before_the_panel_shown_after_it(
    browser: Browser, demo: str, screenshot_dir: Path, javascript: bool
) -> None:
    """At 360 px the search and the actions panel are drawn after the text, but Tab went
    there first (the skip link, the search, 60 jump links) before the text. Now Tab goes from
    the legend's "Actions and search" link into the text, and the search comes after the
    text's last stop, as on screen."""
    context = browser.new_context(viewport=PHONE_360, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(demo)
    rows, search = box(page, "#reading-rows"), box(page, "#in-search-q")
    assert search["y"] > rows["y"] + rows["height"] - 1  # drawn after the text
    page.locator(".legend .to-panel").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#reading-rows')"), page.evaluate(
        "document.activeElement.outerHTML.slice(0, 120)"
    )
    page.screenshot(path=str(screenshot_dir / f"reader-phone-tab-to-text-{javascript}.png"))
    page.locator("#in-search-q").focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("!!document.activeElement.closest('#reading-rows')"), page.evaluate(
        "document.activeElement.outerHTML.slice(0, 120)"
    )
    context.close()


def test_word_panel_opens_on_click_and_closes_with_escape(
    page: Page, demo: str, screenshot_dir: Path
) -> None:
    """Clicking ويدين in ¶14 opens the word panel with its transliteration, the morphology note
    and other occurrences with their English; Escape closes it and gives focus back."""
    page.set_viewport_size(DESKTOP)
    page.goto(demo)
    word = page.locator("#reading-rows .side.ar .w", has_text=re.compile("^ويدين$")).first
    word.scroll_into_view_if_needed()
    word.click()
    panel = page.locator("#panel")
    expect(panel).to_be_visible()
    expect(panel.locator(".word-big")).to_have_text("ويدين")
    expect(panel).to_contain_text("wydyn")
    expect(panel.locator(".concordance li").first).to_be_visible()
    expect(panel.locator(".concordance mark.aligned").first).to_contain_text("condemns")
    expect(page.locator("#panel-title")).to_be_focused()
    page.screenshot(path=str(screenshot_dir / "reader-word-panel.png"))
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(page.locator("#reading-rows .u.cl:focus")).to_have_count(1)


def test_word_panel_on_a_phone(page: Page, demo: str, screenshot_dir: Path) -> None:
    """On a phone the word panel is a bottom sheet over the text, closable by its button."""
    page.set_viewport_size(PHONE)
    page.goto(demo)
    word = page.locator("#reading-rows .side.ar .w", has_text=re.compile("^بشدة$")).first
    word.scroll_into_view_if_needed()
    word.click()
    panel = page.locator("#panel")
    expect(panel.locator(".word-big")).to_have_text("بشدة")
    sheet = panel.bounding_box()
    assert sheet and sheet["width"] == PHONE["width"] and sheet["y"] > 100
    page.screenshot(path=str(screenshot_dir / "reader-phone-word-panel.png"))
    panel.locator(".panel-close").click()
    expect(panel).to_be_hidden()


def test_anatomy_filter(page: Page, demo: str, screenshot_dir: Path) -> None:
    """Choosing "condemns" in the side panel shows only the paragraphs that condemn, with the
    action phrase marked in both languages, and the filter is in the URL."""
    page.set_viewport_size(DESKTOP)
    page.goto(demo)
    page.locator(".anatomy a.filter", has_text="condemns").click()
    expect(page).to_have_url(re.compile(r"\?action=condemn$"))
    rows = page.locator("#reading-rows .row")
    expect(rows.first).to_be_visible()
    count = rows.count()
    assert 3 <= count < 42
    for n in range(count):
        row = rows.nth(n)
        expect(row.locator('.side.ar b.act[data-action="condemn"]')).to_have_count(1)
        expect(row.locator('.side.en b.act[data-action="condemn"]')).to_have_count(1)
    expect(page.locator(".filter-note")).to_contain_text(f"{count} of 42")
    page.screenshot(path=str(screenshot_dir / "reader-anatomy-filter.png"))


def test_permalink_opens_scrolled_with_the_unit_highlighted(
    page: Page, demo: str, screenshot_dir: Path
) -> None:
    """/r/<slug>/?hl=s<id>#s<id> (the search page's links) opens at that sentence, lit with
    its English counterpart."""
    sentence = Sentence.objects.get(paragraph__lang="ar", paragraph__index=30, index=0)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{demo}?hl=s{sentence.pk}#s{sentence.pk}")
    unit = page.locator(f"#s{sentence.pk}")
    expect(unit).to_be_in_viewport()
    expect(unit).to_have_class(re.compile(r"\blit\b"))
    row = page.locator("#reading-rows .row", has=unit)
    expect(row.locator(".side.en .u.st.lit").first).to_be_in_viewport()
    page.screenshot(path=str(screenshot_dir / "reader-permalink.png"))


def test_permalink_without_javascript(browser: Browser, demo: str, screenshot_dir: Path) -> None:
    """Without JavaScript a paragraph permalink still scrolls there and marks it (:target)."""
    p = Paragraph.objects.get(lang="en", index=20)
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{demo}#para-{p.pk}")
    target = page.locator(f"#para-{p.pk}")
    expect(target).to_be_in_viewport()
    background = target.evaluate("(el) => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    # And the options form works as a plain GET form.
    page.locator(".toolbar label.seg-stacked").click()
    page.locator(".toolbar .apply").click()
    expect(page).to_have_url(re.compile(r"layout=stacked"))
    expect(page.locator("html")).to_have_attribute("data-layout", "stacked")
    page.screenshot(path=str(screenshot_dir / "reader-no-js.png"))
    context.close()


def test_reading_aids_and_citation(page: Page, demo: str, screenshot_dir: Path) -> None:
    """Transliteration and confidence switch on in place; Cite gives op. para. 5 in both
    languages in the panel."""
    page.set_viewport_size(DESKTOP)
    page.goto(demo)
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("checkbox", name="Transliteration").check()
    expect(page.locator("#reading-rows .translit").first).to_be_visible()
    page.get_by_role("checkbox", name="Confidence").check()
    expect(page.locator("html")).to_have_attribute("data-conf", "on")
    expect(page.locator(".legend-conf")).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True
    assert "translit=1" in page.url and "conf=1" in page.url
    row = page.locator("#reading-rows .row").nth(7)
    row.scroll_into_view_if_needed()
    expect(row.locator(".gutter .score")).to_be_visible()
    row.locator(".gutter .cite").click()
    panel = page.locator("#panel")
    expect(panel).to_contain_text("OIC CFM Ex-21 (Jeddah, 25 Aug 2025), op. para. 5")
    expect(panel).to_contain_text("الفقرة 5 من المنطوق")
    page.screenshot(path=str(screenshot_dir / "reader-aids-cite.png"))


def test_tapping_a_clause_scrolls_its_counterpart_into_view(
    page: Page, demo: str, screenshot_dir: Path
) -> None:
    """Stacked on a short screen, tapping the first Arabic clause of a long paragraph brings its
    English counterpart, below the fold, into view."""
    page.set_viewport_size({"width": 1000, "height": 480})
    page.goto(demo + "?layout=stacked")
    tallest = page.evaluate(
        """() => {
            const heights = Array.from(document.querySelectorAll('#reading-rows .row .side.ar'))
                .map((side) => side.getBoundingClientRect().height);
            return heights.indexOf(Math.max(...heights));
        }"""
    )
    row = page.locator("#reading-rows .row").nth(tallest)
    arabic = row.locator(".side.ar .u.cl").first
    arabic.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    tag = arabic.get_attribute("data-l")
    counterpart = row.locator(f'.side.en .u.cl[data-l~="{tag}"]').first
    expect(counterpart).not_to_be_in_viewport()
    box = arabic.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] - 20, box["y"] + box["height"] / 2)
    expect(counterpart).to_have_class(ACTIVE)
    expect(counterpart).to_be_in_viewport()
    page.screenshot(path=str(screenshot_dir / "reader-stacked-counterpart.png"))


def test_on_a_touch_phone_the_first_tap_lights_the_counterpart_and_the_second_opens_help(
    browser: Browser, demo: str, screenshot_dir: Path
) -> None:
    """A phone has no hover: tapping an Arabic clause lights it and brings its English counterpart
    into view without the word sheet covering it; tapping a word of that clause again opens the
    word's help."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(demo)
    row = page.locator("#reading-rows .row").nth(7)
    arabic = row.locator(".side.ar .u.cl").first
    arabic.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    word = arabic.locator(".w").first
    tag = arabic.get_attribute("data-l")
    counterpart = row.locator(f'.side.en .u.cl[data-l~="{tag}"]').first

    word.tap()
    expect(counterpart).to_have_class(ACTIVE)
    expect(counterpart).to_be_in_viewport()
    expect(page.locator("#panel")).to_be_hidden()
    expect(page.locator("#status")).to_contain_text("tap a word again")
    page.screenshot(path=str(screenshot_dir / "reader-phone-tap-clause.png"))

    word.tap()
    expect(page.locator("#panel .word-big")).to_have_text(word.inner_text())
    page.screenshot(path=str(screenshot_dir / "reader-phone-tap-word.png"))
    context.close()


def text_left(page: Page, selector: str, text: str) -> float:
    """The left edge on screen of the first occurrence of text inside the element."""
    return float(
        page.locator(selector).evaluate(
            """(el, text) => {
                const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    const at = node.data.indexOf(text);
                    if (at < 0) continue;
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + text.length);
                    return range.getBoundingClientRect().left;
                }
                throw new Error(text + " not found");
            }""",
            text,
        )
    )


def test_arabic_citation_reads_right_to_left_around_a_latin_symbol(
    page: Page, udhr: str, screenshot_dir: Path
) -> None:
    """The UDHR's Arabic citation, "A/RES/217 A (III) (باريس، 10 ديسمبر 1948)، الفقرة 5 من
    الديباجة", names Paris in Arabic (it was "Paris" in Latin letters) and reads from the right:
    the symbol first, then Paris, then the day, then the month; left to the browser, the Latin
    symbol's run took the bracket after it and the brackets swapped places."""
    page.set_viewport_size(DESKTOP)
    page.goto(udhr)
    row = page.locator("#reading-rows .row").filter(has_text="ولما كانت الدول الأعضاء")
    row.locator(".gutter .cite").click()
    quote = "#panel #cite-ar"
    expect(page.locator(quote)).to_have_text(
        "A/RES/217 A (III) (باريس، 10 ديسمبر 1948)، الفقرة 5 من الديباجة"
    )
    lefts = [text_left(page, quote, t) for t in ("A/RES", "باريس", "10", "ديسمبر", "الفقرة")]
    assert lefts == sorted(lefts, reverse=True), lefts  # each further left than the one before
    page.locator(quote).screenshot(path=str(screenshot_dir / "reader-cite-arabic-bidi.png"))


def test_copied_arabic_citation_reads_right_to_left_in_an_english_paragraph(
    browser: Browser, udhr: str, screenshot_dir: Path
) -> None:
    """Copy Arabic puts the UDHR's Arabic citation on the clipboard so that, pasted into an
    English (left-to-right) paragraph, it still reads from the right: symbol, Paris, day, month,
    paragraph; the bare text it copied before read "A/RES" first from the left there."""
    context = browser.new_context(
        viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto(udhr)
    row = page.locator("#reading-rows .row").filter(has_text="ولما كانت الدول الأعضاء")
    row.locator(".gutter .cite").click()
    copy = page.locator('#panel button[data-copy="#cite-ar"]')
    expect(copy).to_have_text("Copy Arabic")
    copy.click()
    expect(copy).to_have_text("Copied")
    pasted = page.evaluate(
        """async () => {
            const p = document.createElement("p");
            p.id = "pasted";
            p.dir = "ltr";
            p.lang = "en";
            p.textContent = "As the Declaration says: " + await navigator.clipboard.readText();
            document.querySelector("#panel-body").append(p);
            return p.textContent;
        }"""
    )
    assert "باريس" in pasted
    lefts = [text_left(page, "#pasted", t) for t in ("A/RES", "باريس", "10", "ديسمبر", "الفقرة")]
    assert lefts == sorted(lefts, reverse=True), lefts
    assert text_left(page, "#pasted", "As the") < min(lefts)  # the English comes first
    page.locator("#pasted").screenshot(path=str(screenshot_dir / "reader-cite-pasted-ltr.png"))
    context.close()


def test_margin_numbers_each_language_where_they_differ(
    browser: Browser, udhr: str, screenshot_dir: Path
) -> None:
    """On a phone, the UDHR row of "Whereas Member States…" is marked Arabic pre. 5 and English
    pre. 6, side by side in the row's bar; English only shows just "pre. 6"."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(udhr)
    row = page.locator("#reading-rows .row").filter(has_text="ولما كانت الدول الأعضاء")
    label = row.locator(".gutter .label")
    label.scroll_into_view_if_needed()
    expect(label).to_have_text(re.compile(r"^\s*ar pre\. 5\s+en pre\. 6\s*$"))
    ar, en = label.locator(".label-ar").bounding_box(), label.locator(".label-en").bounding_box()
    assert ar and en and abs(ar["y"] - en["y"]) < 2 and en["x"] >= ar["x"] + ar["width"]
    page.screenshot(path=str(screenshot_dir / "reader-phone-two-numbers.png"))
    page.goto(udhr + "?layout=en")
    label.scroll_into_view_if_needed()
    expect(label.locator(".label-ar")).to_be_hidden()
    assert label.inner_text().strip() == "pre. 6"
    page.screenshot(path=str(screenshot_dir / "reader-phone-english-number.png"))
    context.close()


def test_printing_shows_the_text_without_the_controls(
    page: Page, demo: str, screenshot_dir: Path
) -> None:
    """A printed resolution is its title and both languages side by side: no toolbar, action
    list or search box to fill in on paper."""
    page.set_viewport_size(DESKTOP)
    page.goto(demo)
    page.emulate_media(media="print")
    for control in [".toolbar", ".anatomy", ".in-search", "header.site"]:
        expect(page.locator(control)).to_be_hidden()
    ar, en = row_sides(page, 6)
    assert ar and en and ar["x"] > en["x"]
    page.screenshot(path=str(screenshot_dir / "reader-print.png"))


@pytest.mark.parametrize("layout", ["side", "ar", "en"])
def test_sdg_goals_and_targets_read_by_their_un_numbers(
    page: Page, live_server: object, screenshot_dir: Path, layout: str
) -> None:
    """A goal reads as one entry, its short name in bold over its title with the number once
    (Arabic on the right, level with the English); the targets' margin says 1.1, 1.a, and
    beside the Arabic 1-1, 1-أ."""
    from tests.reader.test_views import import_sdg

    import_sdg("global_goals", "sdg-goals", keys=8)
    import_sdg("global_targets", "sdg-targets", keys=8)
    base = live_server.url  # type: ignore[attr-defined]
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/r/sdg-goals/?layout={layout}")
    rows = page.locator("#reading-rows .row")
    name, title = rows.nth(0), rows.nth(1)
    expect(name.locator(".gutter .label")).to_be_visible()
    expect(name.locator(".gutter .label")).to_have_text("1")
    expect(title.locator(".gutter .label")).to_be_hidden()
    shown = "ar" if layout == "ar" else "en"
    weight = name.locator(f".side.{shown} .para").evaluate("p => getComputedStyle(p).fontWeight")
    assert int(weight) >= 700
    title_weight = title.locator(f".side.{shown} .para").evaluate(
        "p => getComputedStyle(p).fontWeight"
    )
    assert int(title_weight) < 700
    # The title sits right under its name, nearer than the next goal's name under the title.
    name_text = name.locator(f".side.{shown} .para").bounding_box()
    title_text = title.locator(f".side.{shown} .para").bounding_box()
    next_text = rows.nth(2).locator(f".side.{shown} .para").bounding_box()
    assert name_text and title_text and next_text
    within = title_text["y"] - (name_text["y"] + name_text["height"])
    between = next_text["y"] - (title_text["y"] + title_text["height"])
    assert 0 <= within < between
    if layout == "side":
        ar, en = row_sides(page, 0)
        assert ar and en and ar["x"] > en["x"] and abs(ar["y"] - en["y"]) < 2
    page.screenshot(path=str(screenshot_dir / f"reader-sdg-goals-{layout}.png"))
    page.goto(f"{base}/r/sdg-targets/?layout={layout}")
    labels = page.locator("#reading-rows .row .gutter .label").all_inner_texts()
    en = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b", "2.1"]
    ar = ["1-1", "1-2", "1-3", "1-4", "1-5", "1-أ", "1-ب", "2-1"]
    shown = {"en": en, "ar": ar, "side": [f"ar {a}\nen {e}" for a, e in zip(ar, en, strict=True)]}
    assert labels[:8] == shown[layout]
    page.screenshot(path=str(screenshot_dir / f"reader-sdg-targets-{layout}.png"))


def test_a_goal_is_cited_once_and_a_target_as_a_target(
    page: Page, live_server: object, screenshot_dir: Path
) -> None:
    """A goal's entry has one Cite, under its number, citing "Goal 1"; target 1.a's Cite gives
    "A/RES/70/1, target 1.a" and, read from the right, "A/RES/70/1، الغاية 1-أ"."""
    from tests.reader.test_views import import_sdg

    import_sdg("global_goals", "sdg-goals", keys=4)
    import_sdg("global_targets", "sdg-targets", keys=8)
    base = live_server.url  # type: ignore[attr-defined]
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/r/sdg-goals/")
    rows = page.locator("#reading-rows .row")
    expect(rows.nth(1).locator(".gutter .cite")).to_have_count(0)
    expect(page.locator("#reading-rows .gutter .cite")).to_have_count(2)
    rows.nth(0).locator(".gutter .cite").click()
    expect(page.locator("#cite-en")).to_have_text("A/RES/70/1, Goal 1")
    expect(page.locator("#cite-ar")).to_have_text("A/RES/70/1، الهدف 1")
    page.goto(f"{base}/r/sdg-targets/")
    page.locator("#reading-rows .row").nth(5).locator(".gutter .cite").click()
    expect(page.locator("#cite-en")).to_have_text("A/RES/70/1, target 1.a")
    expect(page.locator("#cite-ar")).to_have_text("A/RES/70/1، الغاية 1-أ")
    page.screenshot(path=str(screenshot_dir / "reader-sdg-target-cite.png"))


def covered_lines(page: Page, selector: str) -> list[str]:
    """The lines of an inline unit that are off screen or under the status line at the foot."""
    return page.locator(selector).first.evaluate(
        """(el) => {
            const status = document.getElementById("status").getBoundingClientRect();
            return Array.from(el.getClientRects()).filter((line) =>
                line.top < 0 || line.bottom > window.innerHeight ||
                (status.height > 0 && line.bottom > status.top && line.top < status.bottom &&
                 line.right > status.left && line.left < status.right)
            ).map((line) => `${Math.round(line.left)},${Math.round(line.top)}`);
        }"""
    )


def test_a_tapped_clause_s_counterpart_is_not_under_the_status_line(
    browser: Browser, demo: str, screenshot_dir: Path
) -> None:
    """On a phone, tapping the second Arabic clause of op. 5 (والكارثة الإنسانية غير المسبوقة)
    brings "and the unprecedented humanitarian disaster," into view whole: none of its lines
    is left under the "1 English clause" line at the foot of the screen."""
    context = browser.new_context(viewport=PHONE_360, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(demo)
    row = page.locator("#reading-rows .row").nth(7)
    first, second = row.locator(".side.ar .u.cl").nth(0), row.locator(".side.ar .u.cl").nth(1)
    first.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    first.locator(".w").first.tap()
    second.locator(".w").first.tap()
    tag = (second.get_attribute("data-l") or "").split()[0]
    counterpart = f'#reading-rows .row:nth-child(n) .side.en .u.cl[data-l~="{tag}"]'
    expect(page.locator(counterpart).first).to_have_class(ACTIVE)
    expect(page.locator(counterpart).first).to_contain_text("humanitarian disaster")
    expect(page.locator("#status")).to_contain_text("English clause")
    page.wait_for_timeout(700)  # the smooth scroll
    assert covered_lines(page, counterpart) == []
    page.screenshot(path=str(screenshot_dir / "reader-phone-tap-second-clause.png"))
    context.close()


def test_the_keyboard_brings_each_clause_in_clear_of_the_status_line(
    page: Page, demo: str, screenshot_dir: Path
) -> None:
    """Going down clause by clause from the top with j and ↓, each focused clause is wholly on
    screen and not under the status line: the seventh, "This was stated in the resolution
    issued by the 21st…" (¶ 2), sat on the screen's lower edge, half cut off."""
    page.set_viewport_size(DESKTOP)
    page.goto(demo)
    page.keyboard.press("j")
    for n in range(1, 12):
        page.keyboard.press("ArrowDown")
        focused = "#reading-rows .u.cl:focus"
        expect(page.locator(focused)).to_have_count(1)
        page.wait_for_timeout(100)
        assert covered_lines(page, focused) == [], f"clause {n + 1}"
    page.screenshot(path=str(screenshot_dir / "reader-keyboard-clear-of-status.png"))


def test_on_a_phone_tapping_in_the_word_sheet_keeps_the_clause_lit(
    browser: Browser, demo: str, screenshot_dir: Path
) -> None:
    """On a phone, with the help on القائمة open (op. 5), tapping inside the sheet (its "For the
    site's administrator" fold) leaves the clause and its English counterpart lit: the tap's
    emulated mouse-out cleared them, as if a pointer had left the text."""
    context = browser.new_context(viewport=PHONE_360, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(demo)
    row = page.locator("#reading-rows .row").nth(7)
    clause = row.locator(".side.ar .u.cl").first
    clause.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    word = clause.locator(".w", has_text=re.compile("^القائمة$"))
    word.tap()
    word.tap()
    expect(page.locator("#panel .word-big")).to_have_text("القائمة")
    expect(clause).to_have_class(ACTIVE)
    page.locator("#panel summary").tap()
    expect(page.locator("#panel details")).to_have_attribute("open", "")
    expect(clause).to_have_class(ACTIVE)
    expect(page.locator("#reading-rows .side.en .u.active").first).to_be_attached()
    page.screenshot(path=str(screenshot_dir / "reader-phone-tap-in-sheet.png"))
    context.close()


def test_on_a_desktop_the_word_panel_opens_beside_the_arabic_not_over_it(
    page: Page, demo: str, screenshot_dir: Path
) -> None:
    """Side by side at 1280 px, clicking القائمة in op. 5 opens its help in the panel at the
    right with the word, its clause and the clause's English counterpart still in sight to the
    left of it: the panel covered the whole Arabic column, the word clicked included. Closing
    the panel gives the text its width back."""
    page.set_viewport_size(DESKTOP)
    page.goto(demo)
    row = page.locator("#reading-rows .row").nth(7)
    word = row.locator(".side.ar .w", has_text=re.compile("^القائمة$")).first
    word.scroll_into_view_if_needed()
    word.click()
    panel = page.locator("#panel")
    expect(panel.locator(".word-big")).to_have_text("القائمة")
    page.wait_for_timeout(300)
    edge = box(page, "#panel")["x"]
    clause = row.locator(".side.ar .u.cl").first
    tag = (clause.get_attribute("data-l") or "").split()[0]
    counterpart = row.locator(f'.side.en .u.cl[data-l~="{tag}"]').first
    for what in (word, clause, counterpart):
        where = what.bounding_box()
        assert where and where["x"] + where["width"] <= edge, (where, edge)
        expect(what).to_be_in_viewport()
    ar, en = row_sides(page, 7)
    assert ar and en and ar["x"] > en["x"]  # still side by side
    page.screenshot(path=str(screenshot_dir / "reader-word-panel-beside.png"))
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    ar_after, _ = row_sides(page, 7)
    assert ar_after and ar_after["x"] + ar_after["width"] > edge


@pytest.mark.parametrize("layout", ["side", "stacked"])
def test_at_400_percent_zoom_nothing_scrolls_sideways(
    page: Page, demo: str, screenshot_dir: Path, layout: str
) -> None:
    """A 1280 px window zoomed to 400 % is 320 CSS px wide: the reading page reflows into it
    with nothing to scroll sideways (WCAG 1.4.10); the "Search this resolution" box pushed it
    5 px wider."""
    page.set_viewport_size({"width": 320, "height": 256})
    page.goto(f"{demo}?layout={layout}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.locator(".in-search").scroll_into_view_if_needed()
    button = box(page, ".in-search button")
    assert button["x"] + button["width"] <= 320
    page.screenshot(path=str(screenshot_dir / f"reader-zoom-400-{layout}.png"))


def test_on_a_tablet_the_word_sheet_leaves_the_word_in_sight(
    browser: Browser, demo: str, screenshot_dir: Path
) -> None:
    """On a 1024 px tablet held sideways, the second tap on القائمة (op. 5) opens its help at
    the right and the text, now Arabic above English, moves left of it: the word, its clause
    and the English counterpart stay in sight; the panel covered the Arabic column."""
    context = browser.new_context(
        viewport={"width": 1024, "height": 768}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(demo)
    row = page.locator("#reading-rows .row").nth(7)
    clause = row.locator(".side.ar .u.cl").first
    clause.evaluate("(el) => el.scrollIntoView({block: 'center'})")
    word = clause.locator(".w", has_text=re.compile("^القائمة$"))
    word.tap()
    word.tap()
    expect(page.locator("#panel .word-big")).to_have_text("القائمة")
    page.wait_for_timeout(300)
    edge = box(page, "#panel")["x"]
    tag = (clause.get_attribute("data-l") or "").split()[0]
    counterpart = row.locator(f'.side.en .u.cl[data-l~="{tag}"]').first
    for what in (word, clause):
        where = what.bounding_box()
        assert where and where["x"] + where["width"] <= edge, (where, edge)
        expect(what).to_be_in_viewport()
    where = counterpart.bounding_box()
    assert where and where["x"] + where["width"] <= edge, (where, edge)
    page.screenshot(path=str(screenshot_dir / "reader-tablet-word-sheet.png"))
    context.close()


def text_under_status(page: Page) -> list[str]:
    """The words of the page, outside the status line and the panel, that are under the status
    line at the foot of the screen."""
    return page.evaluate(
        """() => {
            const status = document.getElementById("status").getBoundingClientRect();
            if (!status.height) return [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            const under = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (!node.data.trim() || node.parentElement.closest("#status, #panel")) continue;
                const range = document.createRange();
                range.selectNodeContents(node);
                for (const line of range.getClientRects()) {
                    if (line.bottom > status.top && line.top < status.bottom &&
                        line.right > status.left && line.left < status.right) {
                        under.push(node.data.trim());
                        break;
                    }
                }
            }
            return under;
        }"""
    )


def test_on_a_phone_the_end_of_the_page_scrolls_clear_of_the_status_line(
    browser: Browser, demo: str, screenshot_dir: Path
) -> None:
    """On a 360 px phone, with op. 39 (وكلّف) tapped and "1 English clause · tap a word again
    for its help" at the foot, the page scrolled to its end leaves no text under that line: the
    footer's "parallel Arabic and English" sat under it, out of reach."""
    context = browser.new_context(viewport=PHONE_360, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(demo)
    clause = page.locator("#reading-rows .row").last.locator(".side.ar .u.cl").first
    clause.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    clause.locator(".w").first.tap()
    expect(page.locator("#status")).to_contain_text("English clause")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(300)
    assert text_under_status(page) == []
    page.screenshot(path=str(screenshot_dir / "reader-phone-status-page-end.png"))
    context.close()


def test_on_a_phone_a_tapped_clause_low_on_the_screen_is_not_left_under_the_status_line(
    browser: Browser, demo: str, screenshot_dir: Path
) -> None:
    """On a 360 px phone, tapping "and the unprecedented humanitarian disaster," (op. 5) on the
    last line of the screen lights it and its Arabic above it, and neither is then under the
    "1 Arabic clause" line that appears at the foot: the tapped clause stayed under it."""
    context = browser.new_context(viewport=PHONE_360, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(demo)
    row = page.locator("#reading-rows .row").nth(7)
    english = row.locator(".side.en .u.cl", has_text="humanitarian disaster").first
    # Its first line on the screen's last line of text.
    english.evaluate(
        """(el) => {
            const line = el.getClientRects()[0];
            window.scrollBy(0, line.bottom - window.innerHeight + 4);
        }"""
    )
    box = english.evaluate("(el) => el.getClientRects()[0].toJSON()")
    assert box["bottom"] > PHONE_360["height"] - 40
    page.touchscreen.tap(box["left"] + 20, box["top"] + box["height"] / 2)
    expect(english).to_have_class(ACTIVE)
    expect(page.locator("#status")).to_contain_text("Arabic clause")
    page.wait_for_timeout(700)  # the smooth scroll
    tag = (english.get_attribute("data-l") or "").split()[0]
    arabic = f'#reading-rows .side.ar .u.cl[data-l~="{tag}"]'
    assert covered_lines(page, arabic) == []
    assert covered_lines(page, f"#{english.get_attribute('id')}") == []
    page.screenshot(path=str(screenshot_dir / "reader-phone-tap-low-clause.png"))
    context.close()


def test_on_a_desktop_the_clause_the_panel_is_about_stays_lit_over_the_panel(
    page: Page, demo: str, screenshot_dir: Path
) -> None:
    """Side by side at 1280 px, after clicking القائمة in op. 5 the pointer moves onto its help
    in the panel: the clause and its English counterpart stay lit (they went out as the pointer
    left the text). Hovering another clause lights that one; back on the panel, the clause the
    panel is about is lit again; closing the panel leaves it lit as the focused clause."""
    page.set_viewport_size(DESKTOP)
    page.goto(demo)
    row = page.locator("#reading-rows .row").nth(7)
    clause = row.locator(".side.ar .u.cl").first
    word = clause.locator(".w", has_text=re.compile("^القائمة$"))
    word.scroll_into_view_if_needed()
    word.click()
    panel = page.locator("#panel")
    expect(panel.locator(".word-big")).to_have_text("القائمة")
    page.wait_for_timeout(800)  # the text reflows beside the panel
    tag = (clause.get_attribute("data-l") or "").split()[0]
    counterpart = row.locator(f'.side.en .u.cl[data-l~="{tag}"]').first
    sheet = box(page, "#panel")
    page.mouse.move(sheet["x"] + sheet["width"] / 2, sheet["y"] + 200, steps=8)
    page.wait_for_timeout(200)
    expect(clause).to_have_class(ACTIVE)
    expect(counterpart).to_have_class(ACTIVE)
    expect(page.locator("#status")).to_contain_text("English clause")
    page.screenshot(path=str(screenshot_dir / "reader-panel-keeps-clause-lit.png"))

    other = row.locator(".side.ar .u.cl").nth(2)
    other.hover()
    expect(other).to_have_class(ACTIVE)
    expect(clause).not_to_have_class(ACTIVE)
    page.mouse.move(sheet["x"] + sheet["width"] / 2, sheet["y"] + 200, steps=8)
    expect(clause).to_have_class(ACTIVE)
    expect(other).not_to_have_class(ACTIVE)

    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(clause).to_have_class(ACTIVE)


def unlit_gaps(page: Page) -> tuple[int, list[str]]:
    """The spaces between two lit clauses on one line, and those of them not lit: white gaps in
    the band. A space is lit where a lit clause's box covers it on its line."""
    checked, gaps = page.evaluate(
        """() => {
            let checked = 0;
            const gaps = [];
            document.querySelectorAll("#reading-rows .u.active").forEach((el) => {
                const next = el.nextElementSibling;
                const between = el.nextSibling;
                if (!next || !next.matches(".u.active") || between === next) return;
                if (between.nodeType !== Node.TEXT_NODE || between.data.trim()) return;
                const range = document.createRange();
                range.selectNodeContents(between);
                const lit = [...el.getClientRects(), ...next.getClientRects()];
                for (const space of range.getClientRects()) {
                    if (space.width < 0.5) continue;  // the space a line ends on
                    checked += 1;
                    const middle = (space.top + space.bottom) / 2;
                    const covered = lit.some((box) => box.top < middle && box.bottom > middle &&
                        box.left <= space.left + 0.5 && box.right >= space.right - 0.5);
                    if (!covered) gaps.push(`${el.id}|${next.id} ${space.width.toFixed(1)}px`);
                }
            });
            return [checked, gaps];
        }"""
    )
    return checked, gaps


def split_counterparts(page: Page, lang: str) -> list[tuple[str, str]]:
    """Clauses in lang that share a link with the next clause of their sentence, each with a
    clause of the other language on that link: (the other's selector, the clause's)."""
    pairs = page.evaluate(
        """(lang) => {
            const pairs = [];
            for (const el of document.querySelectorAll(`#reading-rows .side.${lang} .u.cl`)) {
                const next = el.nextElementSibling;
                const tags = (el.dataset.l || "").split(/\\s+/).filter(Boolean);
                if (!next || !next.matches(".u.cl")) continue;
                const tag = tags.find((t) => (next.dataset.l || "").split(/\\s+/).includes(t));
                const side = lang === "ar" ? "en" : "ar";
                const there = tag && el.closest(".row").querySelector(
                    `.side.${side} .u.cl[data-l~="${tag}"]`);
                if (there) pairs.push([there.id, el.id]);
            }
            return pairs;
        }""",
        lang,
    )
    return [(f"#{other}", f"#{first}") for other, first in pairs]


@pytest.mark.parametrize(
    ("viewport", "lang"),
    [(DESKTOP, "ar"), (DESKTOP, "en"), (PHONE_360, "ar"), (PHONE_360, "en")],
    ids=["desktop-ar", "desktop-en", "phone-ar", "phone-en"],
)
def test_two_lit_clauses_side_by_side_read_as_one_band(
    page: Page, demo: str, screenshot_dir: Path, viewport: dict[str, int], lang: str
) -> None:
    """Hovering a clause whose counterpart is two clauses of one sentence (op. 1's Arabic and
    English, the preamble's English...) lights those two as one band, in either direction, side
    by side and wrapped on a phone: the space between them was a white gap."""
    page.set_viewport_size(viewport)
    page.emulate_media(reduced_motion="reduce")  # counterparts come in at once, not gliding
    page.goto(demo)
    pairs = split_counterparts(page, lang)
    assert len(pairs) >= 3
    spaces = 0
    for other, lit in pairs[:8]:
        page.locator(other).scroll_into_view_if_needed()
        # Hover is not chased for 700 ms after a scroll to a counterpart (reader.js's clock, which
        # a loaded machine can stretch past a fixed wait); then the pointer comes from outside.
        for _attempt in range(10):
            page.wait_for_timeout(750)
            page.mouse.move(1, 1)
            page.locator(other).hover()
            if ACTIVE.search(page.locator(lit).get_attribute("class") or ""):
                break
        expect(page.locator(lit)).to_have_class(ACTIVE)
        checked, gaps = unlit_gaps(page)
        assert gaps == [], other
        spaces += checked
        if checked == 1 and spaces == 1:
            device = "phone" if viewport is PHONE_360 else "desktop"
            para = page.locator(lit).locator("xpath=ancestor::p")
            para.screenshot(path=str(screenshot_dir / f"reader-band-{device}-{lang}.png"))
    assert spaces >= 2  # spaces within a line were looked at, not only line ends
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


# A point of the screen, between top and bottom, on nothing a click does something with: no
# clause, link, button, field, the options, the anatomy or the panel.
_BLANK_POINT = """([top, bottom]) => {
    const busy = "#reading-rows .u, a, button, input, select, label, summary, .toolbar, .anatomy, #panel, #status";
    for (let y = top + 4; y < bottom - 4; y += 6) {
        for (let x = 4; x < window.innerWidth - 4; x += 6) {
            const el = document.elementFromPoint(x, y);
            if (el && !el.closest(busy) && !el.matches("html, body")) return [x, y];
        }
    }
    return null;
}"""


def blank_point(page: Page, top: float, bottom: float) -> tuple[float, float]:
    point = page.evaluate(_BLANK_POINT, [top, bottom])
    assert point, f"no blank point between {top} and {bottom}"
    return point[0], point[1]


_FOOTER_TEXT_BOTTOM = """() => {
    const text = document.createRange();
    text.selectNodeContents(document.querySelector("footer.site p"));
    return text.getBoundingClientRect().bottom;
}"""


def end_of_page(page: Page) -> dict[str, float]:
    """Scrolled by hand to the end: the page's height, and the room between the footer's text
    and the status line (or the screen's foot while the line is hidden)."""
    return page.evaluate(
        """() => {
            window.scrollTo(0, document.documentElement.scrollHeight);
            const text = document.createRange();
            text.selectNodeContents(document.querySelector("footer.site p"));
            const status = document.getElementById("status").getBoundingClientRect();
            const foot = status.height ? status.top : window.innerHeight;
            return {height: document.documentElement.scrollHeight,
                    room: foot - text.getBoundingClientRect().bottom};
        }"""
    )


@pytest.mark.parametrize(
    ("device", "lang"),
    [("desktop", "ar"), ("desktop", "en"), ("phone", "ar"), ("phone", "en")],
)
def test_the_room_kept_for_the_status_line_goes_with_it(
    browser: Browser, demo: str, screenshot_dir: Path, device: str, lang: str
) -> None:
    """With op. 39's first clause lit (وكلّف / "Requests") and the page scrolled to its end, the
    status line's going leaves the page where it is under a mouse, the footer included, and
    once the reader has scrolled up the page ends again where it ended before anything was lit
    (about 40 px of blank stayed at its end for good). On a phone, whose taps light nothing by
    passing over it, the blank goes with the line at once: it stayed until the reader scrolled
    up, and nothing is lit where the page comes to rest."""
    phone = device == "phone"
    context = browser.new_context(
        viewport=PHONE_360 if phone else DESKTOP, has_touch=phone, is_mobile=phone
    )
    page = context.new_page()
    page.goto(demo)
    before = end_of_page(page)
    clause = page.locator("#reading-rows .row").last.locator(f".side.{lang} .u.cl").first
    clause.evaluate("(el) => el.scrollIntoView({block: 'center'})")
    if phone:
        clause.tap()
    else:
        clause.hover()
    expect(clause).to_have_class(ACTIVE)
    expect(page.locator("#status")).not_to_be_empty()
    page.wait_for_timeout(700)  # the smooth scroll
    lit_at_end = end_of_page(page)
    assert lit_at_end["room"] >= 0  # the footer's text is clear of the line
    footer = box(page, "footer.site p")
    x, y = blank_point(page, 0, footer["y"])
    if phone:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.move(x, y, steps=4)
    expect(page.locator("#status")).to_be_empty()
    expect(page.locator("#reading-rows .u.active")).to_have_count(0)
    page.wait_for_timeout(300)
    if phone:  # the page ends where it did before the tap that lit, the footer at the foot
        assert page.evaluate("document.documentElement.scrollHeight") == before["height"]
        assert page.evaluate("scrollY + innerHeight") == before["height"]
        text = page.evaluate(_FOOTER_TEXT_BOTTOM)
        assert 0 <= PHONE_360["height"] - text == before["room"]
        expect(page.locator("#reading-rows .u.active")).to_have_count(0)
    else:
        assert box(page, "footer.site p")["y"] == footer["y"]  # nothing moved under the pointer
    page.screenshot(path=str(screenshot_dir / f"reader-status-room-gone-{device}-{lang}.png"))
    page.evaluate("window.scrollBy(0, -400)")
    page.wait_for_timeout(100)
    assert end_of_page(page) == before
    context.close()


def test_the_room_kept_for_the_status_line_follows_it_when_the_phone_turns(
    browser: Browser, demo: str, screenshot_dir: Path
) -> None:
    """On a 320 px phone, "1 English clause · tap a word again for its help" for op. 39 takes
    two lines; turned sideways it takes one, and turned back two again: each time the page ends
    just clear of it, as it does on a phone held that way from the start. Turned sideways the
    page ended a line lower than it needed; turned back, a line too short, the footer's last
    line behind the status line."""
    portrait, landscape = {"width": 320, "height": 640}, {"width": 640, "height": 320}

    def lit_end(viewport: dict[str, int], turned: dict[str, int] | None) -> tuple[float, int]:
        context = browser.new_context(viewport=viewport, has_touch=True, is_mobile=True)
        page = context.new_page()
        page.goto(demo)
        clause = page.locator("#reading-rows .row").last.locator(".side.ar .u.cl").first
        clause.evaluate("(el) => el.scrollIntoView({block: 'center'})")
        clause.locator(".w").first.tap()
        expect(page.locator("#status")).to_contain_text("tap a word again")
        page.wait_for_timeout(700)
        if turned:
            page.set_viewport_size(turned)
            page.wait_for_timeout(200)
        room = end_of_page(page)["room"]
        lines = page.locator("#status").evaluate(
            "(el) => { const r = document.createRange(); r.selectNodeContents(el);"
            " return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size; }"
        )
        name = f"{viewport['width']}-{turned['width'] if turned else 'held'}"
        page.screenshot(path=str(screenshot_dir / f"reader-status-room-turned-{name}.png"))
        context.close()
        return room, lines

    held_portrait, two = lit_end(portrait, None)
    held_landscape, one = lit_end(landscape, None)
    assert (two, one) == (2, 1)
    turned_landscape, _ = lit_end(portrait, landscape)
    turned_portrait, _ = lit_end(landscape, portrait)
    assert abs(turned_landscape - held_landscape) <= 1, (turned_landscape, held_landscape)
    assert abs(turned_portrait - held_portrait) <= 1, (turned_portrait, held_portrait)


def test_with_the_word_panel_open_a_click_on_blank_space_closes_it_and_puts_the_light_out(
    browser: Browser, demo: str, screenshot_dir: Path
) -> None:
    """With the help on القائمة (op. 5) open, a click on blank space closes the panel and leaves
    nothing lit, with a mouse at 1280 px as with a finger at 360 px (beside the sheet): the
    click lit the panel's clause again and the panel stayed."""
    for device in ("desktop", "phone"):
        phone = device == "phone"
        context = browser.new_context(
            viewport=PHONE_360 if phone else DESKTOP, has_touch=phone, is_mobile=phone
        )
        page = context.new_page()
        page.goto(demo)
        row = page.locator("#reading-rows .row").nth(7)
        clause = row.locator(".side.ar .u.cl").first
        clause.evaluate("(el) => el.scrollIntoView({block: 'start'})")
        word = clause.locator(".w", has_text=re.compile("^القائمة$"))
        if phone:
            word.tap()
            word.tap()
        else:
            word.click()
        panel = page.locator("#panel")
        expect(panel.locator(".word-big")).to_have_text("القائمة")
        page.wait_for_timeout(800)  # the text reflows beside the panel
        expect(clause).to_have_class(ACTIVE)
        x, y = blank_point(page, 0, box(page, "#panel")["y"] if phone else DESKTOP["height"])
        page.screenshot(path=str(screenshot_dir / f"reader-panel-before-blank-click-{device}.png"))
        if phone:
            page.touchscreen.tap(x, y)
        else:
            page.mouse.click(x, y)
        expect(panel).to_be_hidden()
        page.wait_for_timeout(300)
        expect(page.locator("#reading-rows .u.active")).to_have_count(0)
        expect(page.locator("#status")).to_be_empty()
        page.screenshot(path=str(screenshot_dir / f"reader-panel-blank-click-{device}.png"))
        context.close()


@pytest.mark.parametrize("field", ["#in-search-q", ".site-search input"])
def test_on_a_phone_tapping_a_search_field_keeps_the_word_panel(
    browser: Browser, demo: str, screenshot_dir: Path, field: str
) -> None:
    """At 360 px, with the help on القائمة (op. 5) open, tapping this resolution's search field
    (below the text) or the site's (in the header) focuses it and leaves the sheet open: any
    tap outside the sheet threw it away. (At 1280 px the panel covers the site's field and
    hides the resolution's.)"""
    context = browser.new_context(viewport=PHONE_360, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(demo)
    clause = page.locator("#reading-rows .row").nth(7).locator(".side.ar .u.cl").first
    clause.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    word = clause.locator(".w", has_text=re.compile("^القائمة$"))
    word.tap()
    word.tap()
    panel = page.locator("#panel")
    expect(panel.locator(".word-big")).to_have_text("القائمة")
    search = page.locator(field)
    # Scrolled by hand to a little below the top of the screen, clear of the sheet.
    search.evaluate("(el) => window.scrollBy(0, el.getBoundingClientRect().top - 60)")
    page.wait_for_timeout(300)
    shown = search.bounding_box()
    assert shown and shown["y"] > 0 and shown["y"] + shown["height"] < box(page, "#panel")["y"]
    page.touchscreen.tap(shown["x"] + 10, shown["y"] + shown["height"] / 2)
    expect(search).to_be_focused()
    page.wait_for_timeout(300)
    expect(panel).to_be_visible()
    expect(panel.locator(".word-big")).to_have_text("القائمة")
    name = "site" if "site" in field else "resolution"
    page.screenshot(path=str(screenshot_dir / f"reader-phone-panel-kept-by-{name}-search.png"))
    context.close()


def test_text_scrolled_by_hand_under_a_still_pointer_brings_nothing_in(
    page: Page, demo: str, screenshot_dir: Path
) -> None:
    """Arabic above English at 1280 px, the pointer resting on the text: each turn of the wheel
    scrolls the page by exactly that much, though clauses whose counterpart is off screen pass
    under the pointer and light: the page jumped by itself to bring such a counterpart in."""
    page.set_viewport_size(DESKTOP)
    page.goto(demo + "?layout=stacked")
    page.locator("#reading-rows .row").nth(5).scroll_into_view_if_needed()
    page.mouse.move(500, 600)
    page.wait_for_timeout(800)
    moves = []
    lit = set()
    for _ in range(30):
        y = page.evaluate("scrollY")
        page.mouse.wheel(0, 120)
        page.wait_for_timeout(250)
        moves.append(page.evaluate("scrollY") - y)
        lit.add(page.evaluate("document.querySelector('#reading-rows .u.active')?.id"))
    assert moves == [120] * 30
    assert len(lit) > 10  # what passes under the pointer lights
    page.screenshot(path=str(screenshot_dir / "reader-wheel-under-still-pointer.png"))


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_on_a_phone_a_clause_scrolled_under_the_status_line_stays_there_till_scrolled_on(
    browser: Browser, demo: str, screenshot_dir: Path, lang: str
) -> None:
    """On a 360 px phone, op. 39's last clause tapped and then scrolled by hand under the status
    line: nothing moves by itself, the clause stays lit; scrolled on by the line's height its
    first line reads clear of it."""
    context = browser.new_context(viewport=PHONE_360, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(demo)
    clause = page.locator("#reading-rows .row").last.locator(f".side.{lang} .u.cl").last
    clause.evaluate("(el) => el.scrollIntoView({block: 'center'})")
    clause.tap()
    expect(page.locator("#status")).to_contain_text("English" if lang == "ar" else "Arabic")
    page.wait_for_timeout(700)
    line = box(page, "#status")
    lit = clause.evaluate("(el) => el.getClientRects()[0].toJSON()")
    page.evaluate(f"window.scrollBy(0, {lit['top'] - line['y'] - 4})")  # its first line under it
    y = page.evaluate("scrollY")
    selector = f"#{clause.get_attribute('id')}"
    assert covered_lines(page, selector) != []
    page.wait_for_timeout(800)
    assert page.evaluate("scrollY") == y
    expect(clause).to_have_class(ACTIVE)
    page.screenshot(path=str(screenshot_dir / f"reader-phone-scrolled-under-status-{lang}.png"))
    page.evaluate(f"window.scrollBy(0, {PHONE_360['height'] - line['y'] + 4})")
    page.wait_for_timeout(200)
    first = clause.evaluate("(el) => el.getClientRects()[0].toJSON()")
    assert first["top"] >= 0 and first["bottom"] <= box(page, "#status")["y"]
    context.close()


def test_on_a_desktop_the_end_of_the_page_lets_the_last_clause_read_clear_of_the_status_line(
    page: Page, demo: str, screenshot_dir: Path
) -> None:
    """Side by side at 1280 px, with the last clause of op. 39 lit by the pointer, the page
    scrolled by hand to its end shows that clause clear of the status line."""
    page.set_viewport_size(DESKTOP)
    page.goto(demo)
    clause = page.locator("#reading-rows .row").last.locator(".side.en .u.cl").last
    clause.scroll_into_view_if_needed()
    clause.hover()
    expect(page.locator("#status")).not_to_be_empty()
    page.mouse.wheel(0, 5000)
    page.wait_for_timeout(300)
    assert page.evaluate("scrollY + innerHeight") >= page.evaluate(
        "document.documentElement.scrollHeight - 1"
    )
    expect(clause).to_have_class(ACTIVE)
    assert covered_lines(page, f"#{clause.get_attribute('id')}") == []
    page.screenshot(path=str(screenshot_dir / "reader-desktop-end-clear-of-status.png"))


def test_on_a_phone_the_address_bar_coming_back_moves_nothing_at_the_end_of_the_page(
    browser: Browser, demo: str, screenshot_dir: Path
) -> None:
    """On a 360 px phone at the end of the page, just after the status line has gone (and the
    room it had with it), the screen growing 10 px shorter (the address bar coming back) leaves
    the footer where it is on the screen: the page dropped 37 px when a resize took the room
    back."""
    context = browser.new_context(viewport=PHONE_360, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(demo)
    clause = page.locator("#reading-rows .row").last.locator(".side.ar .u.cl").first
    clause.evaluate("(el) => el.scrollIntoView({block: 'center'})")
    clause.tap()
    expect(page.locator("#status")).not_to_be_empty()
    page.wait_for_timeout(700)
    end_of_page(page)
    footer = box(page, "footer.site p")
    page.touchscreen.tap(*blank_point(page, 0, footer["y"]))
    expect(page.locator("#status")).to_be_empty()
    page.wait_for_timeout(300)
    footer = box(page, "footer.site p")
    page.set_viewport_size({"width": 360, "height": 730})
    page.wait_for_timeout(300)
    assert box(page, "footer.site p")["y"] == footer["y"]
    page.screenshot(path=str(screenshot_dir / "reader-phone-address-bar-at-end.png"))
    context.close()


@pytest.fixture
def udhr_whole(live_server: object) -> str:
    """The whole UDHR imported from its "UDHR in Unicode" text files, as the README says."""
    folder = shared_path("corpus", "udhr")
    call_command(
        *("import_resolution", "--arabic", str(folder / "udhr_arb.txt")),
        *("--english", str(folder / "udhr_eng.txt"), "--slug", "udhr", "--no-progress"),
        *("--symbol", "A/RES/217 A (III)", "--date", "1948-12-10", "--place", "Paris"),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    return f"{live_server.url}/r/udhr/"  # type: ignore[attr-defined]


def reading_row(page: Page, text: str) -> Locator:
    """The reading row holding a paragraph that is exactly text ("Article 13", "المادة 13")."""
    paragraph = page.locator(".para").filter(has_text=re.compile(rf"^\s*{re.escape(text)}\s*$"))
    return page.locator("#reading-rows .row").filter(has=paragraph).first


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_udhr_reads_as_its_source_prints_it(
    browser: Browser, udhr_whole: str, screenshot_dir: Path, device: str
) -> None:
    """The UDHR as a reader sees it at its preamble's end and Articles 1, 2 and 13: "Now,
    therefore, The General Assembly" and the "Preamble" heading carry no number, the articles
    sit under "Articles" / "المواد" (not "Operative part"), Article 1 is "المادة 1" / "Art. 1",
    Article 2's paragraphs its first and second, Article 13's numbered (1) and (2) in each
    language's form; hovering (tapping, on a phone) an English clause of Article 13(1) lights
    its Arabic counterpart."""
    phone = device == "phone"
    context = browser.new_context(
        viewport=PHONE_360 if phone else DESKTOP, has_touch=phone, is_mobile=phone
    )
    page = context.new_page()
    page.goto(udhr_whole)

    for heading in ("Preamble", "Now, therefore,"):
        row = reading_row(page, heading)
        permalink = row.locator(".gutter .label")
        expect(permalink).to_have_text("Permalink")  # for a screen reader, not shown:
        shown = permalink.bounding_box()
        assert shown is None or shown["width"] * shown["height"] <= 1, heading
        expect(row.locator(".gutter .cite")).to_have_count(0)
    proclaims = page.locator("#reading-rows .row").filter(has_text="Proclaims this Universal")
    expect(proclaims.locator(".gutter .label")).to_have_text("op. 1")

    articles = page.locator("h2.part-articles")
    expect(articles).to_have_text(re.compile(r"Articles\s+المواد"))
    expect(page.locator("h2.part")).to_have_count(3)  # framing, operative, articles
    article_1 = reading_row(page, "Article 1")
    article_1.scroll_into_view_if_needed()
    expect(articles).to_be_in_viewport()
    assert box(page, "h2.part-articles")["y"] < article_1.bounding_box()["y"]  # type: ignore[index]
    assert box(page, "h2.part-operative")["y"] < proclaims.bounding_box()["y"]  # type: ignore[index]
    gutter = article_1.locator(".gutter .label")
    expect(gutter.locator(".label-ar")).to_have_text(re.compile(r"ar\s+المادة 1$"))
    expect(gutter.locator(".label-en")).to_have_text(re.compile(r"en\s+Art\. 1$"))
    expect(article_1.locator(".side.en .para")).to_have_css("font-weight", "700")
    furthermore = page.locator("#reading-rows .row").filter(has_text="Furthermore, no distinction")
    expect(furthermore.locator(".gutter .label")).to_have_text(
        re.compile(r"ar\s+المادة 2 ¶ 2\s+en\s+Art\. 2 ¶ 2")
    )
    page.screenshot(path=str(screenshot_dir / f"reader-udhr-articles-{device}.png"))

    article_13 = reading_row(page, "Article 13")
    article_13.scroll_into_view_if_needed()
    movement = page.locator("#reading-rows .row").filter(has_text="freedom of movement")
    ar, en = movement.locator(".gutter .label-ar"), movement.locator(".gutter .label-en")
    expect(ar).to_have_text(re.compile(r"ar\s+المادة 13 \(1\)$"))
    expect(en).to_have_text(re.compile(r"en\s+Art\. 13\(1\)$"))
    ar_box, en_box = ar.bounding_box(), en.bounding_box()
    assert ar_box and en_box
    if phone:  # the two numbers side by side in the row's bar
        assert abs(ar_box["y"] - en_box["y"]) < 2 and en_box["x"] > ar_box["x"]
    else:  # stacked in the gutter between the columns
        assert en_box["y"] > ar_box["y"]
    english = movement.locator(".side.en .u.cl").first
    tag = english.get_attribute("data-l")
    assert tag, "Article 13(1)'s English clause is on a clause link"
    counterpart = movement.locator(f'.side.ar .u.cl[data-l~="{tag}"]').first
    english.scroll_into_view_if_needed()
    if phone:
        english.tap()
    else:
        english.hover()
    expect(counterpart).to_have_class(ACTIVE)
    expect(counterpart).to_contain_text("حرية النقل")
    page.screenshot(path=str(screenshot_dir / f"reader-udhr-article-13-{device}.png"))
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_360])
def test_tab_onto_a_heading_s_permalink_shows_what_it_is(
    browser: Browser, udhr_whole: str, screenshot_dir: Path, viewport: dict[str, int]
) -> None:
    """A heading or the opening formula has no number in the margin, so its permalink had
    nothing to show: past "Skip to the text" the UDHR's first Tab stop, its title's permalink,
    was drawn as a dot. Focused, it shows its name, as the skip link does, and hides again."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(udhr_whole)
    if viewport == DESKTOP:
        page.locator(".skip-inline").focus()
        page.keyboard.press("Enter")
    else:  # the text comes next after the legend's last link, Tab following the drawn order
        page.locator(".to-panel").focus()
    page.keyboard.press("Tab")
    title = page.locator(":focus")
    expect(title).to_have_text("Permalink")
    shown = title.bounding_box()
    assert shown and shown["width"] > 40 and shown["height"] > 10, shown
    formula = reading_row(page, "Now, therefore,").locator(".gutter .label")
    formula.focus()
    shown = formula.bounding_box()
    assert shown and shown["width"] > 40 and shown["height"] > 10, shown
    page.screenshot(path=str(screenshot_dir / f"reader-heading-permalink-{viewport['width']}.png"))
    page.locator("#reading-options select[name=size]").focus()
    hidden = formula.bounding_box()
    assert hidden is None or hidden["width"] * hidden["height"] <= 1, hidden
    context.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_framing_heading_names_the_adoption_note(
    browser: Browser, udhr: str, screenshot_dir: Path, device: str
) -> None:
    """Above the UDHR's adoption note (اعتُمد بموجب قرار الجمعية العامة 217 ألف…) the heading
    reads "Framing text" / "النص المصاحب" with what that is, in English and in Arabic, on one
    line beside it on a desktop; a phone keeps the two headings and leaves the notes out."""
    phone = device == "phone"
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP, has_touch=phone, is_mobile=phone
    )
    page = context.new_page()
    page.goto(udhr)
    heading = page.locator("h2.part-framing")
    expect(heading.locator(".part-en")).to_have_text("Framing text")
    expect(heading.locator(".part-ar")).to_have_text("النص المصاحب")
    notes = heading.locator(".part-note")
    if phone:
        expect(notes.first).to_be_hidden()
        expect(notes.last).to_be_hidden()
    else:
        expect(notes.first).to_have_text(re.compile("note of its adoption"))
        expect(notes.last).to_have_text(re.compile("بيان اعتماده"))
        english, arabic = notes.first.bounding_box(), notes.last.bounding_box()
        assert english and arabic and abs(english["y"] - arabic["y"]) < 8  # side by side
        title = box(page, "h2.part-framing .part-en")
        assert english["x"] > title["x"] + title["width"]
        assert (
            arabic["x"] + arabic["width"]
            <= box(page, "h2.part-framing")["x"] + box(page, "h2.part-framing")["width"] + 1
        )  # within the heading
    heading.screenshot(path=str(screenshot_dir / f"reader-framing-heading-{device}.png"))
    context.close()
