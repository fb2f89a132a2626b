"""Live search in real Chromium, and the same page with JavaScript switched off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.search.corpus import import_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server: object) -> str:
    import_demo()
    return live_server.url  # type: ignore[attr-defined]


def test_live_search_updates_results_and_url(page: Page, site: str, screenshot_dir) -> None:
    """Typing in the box shows marked hits with their translations and puts the query in the URL."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/search/")
    page.locator("#search-q").fill("احتلال")
    first = page.locator(".hit").first
    expect(first.locator(".match mark").first).to_have_text(re.compile("احتلال"))
    expect(page).to_have_url(re.compile(r"/search/\?q=%D8%A7%D8%AD"))
    expect(first.locator(".counterpart .aligned").first).to_be_visible()
    expect(page.locator(".translations")).to_contain_text("occupation")
    page.screenshot(path=str(screenshot_dir / "search-live.png"))
    # A language facet narrows the results without a page load.
    page.locator("#search-q").fill("احتلال OR occupation")
    page.locator(".facet a", has_text="English").click()
    expect(page).to_have_url(re.compile(r"lang=en"))
    expect(page.locator(".hit .match.en").first).to_be_visible()
    expect(page.locator(".hit .match.ar")).to_have_count(0)


def test_result_link_opens_the_reader_at_the_sentence(page: Page, site: str) -> None:
    page.goto(f"{site}/search/?q=%22occupying+power%22")
    link = page.locator(".hit .source a").first
    href = link.get_attribute("href") or ""
    sentence = re.search(r"#(s\d+)$", href)
    assert sentence and f"?hl={sentence.group(1)}" in href
    link.click()
    expect(page).to_have_url(re.compile(rf"/r/demo/\?hl={sentence.group(1)}#{sentence.group(1)}$"))
    expect(page.locator(f"#{sentence.group(1)}")).to_contain_text("occupying power")


def test_plain_form_without_javascript(browser: Browser, site: str, screenshot_dir) -> None:
    """With JavaScript off, pressing Enter submits the GET form and the results page renders."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/")
    page.locator(".site-search input").fill("condemn")
    page.locator(".site-search input").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=condemn"))
    expect(page.locator(".hit mark").first).to_have_text(re.compile("^condemn", re.I))
    page.screenshot(path=str(screenshot_dir / "search-no-js.png"))
    context.close()


def test_the_form_follows_facets_and_back(page: Page, site: str, screenshot_dir) -> None:
    """A facet chosen in live search shows in the form and stays on when the student types the
    next word; Back brings the previous query back into the box with its results."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/search/")
    page.locator("#search-q").fill("occupation OR احتلال")
    expect(page).to_have_url(re.compile(r"q=occupation"))
    page.locator(".facet a", has_text="English").click()
    expect(page).to_have_url(re.compile(r"lang=en"))
    expect(page.locator('select[name="lang"]')).to_have_value("en")
    page.locator("#search-q").fill("Israeli")
    expect(page).to_have_url(re.compile(r"q=Israeli&lang=en"))
    expect(page.locator(".hit .match.en").first).to_be_visible()
    expect(page.locator(".hit .match.ar")).to_have_count(0)
    page.go_back()
    expect(page).to_have_url(re.compile(r"q=occupation.*&lang=en"))
    expect(page.locator("#search-q")).to_have_value("occupation OR احتلال")
    expect(page.locator(".hit mark").first).to_have_text(re.compile("occupation", re.I))
    page.screenshot(path=str(screenshot_dir / "search-back.png"))


def test_next_page_opens_at_its_first_hit(page: Page, site: str) -> None:
    """The "Next →" link at the foot of the hits shows the next page from its top, not its foot."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/search/?q=the")
    page.locator("nav.pages a[rel=next]").click()
    expect(page.locator("nav.pages span")).to_have_text(re.compile("^Page 2 of"))
    expect(page.locator(".search-results .count")).to_be_in_viewport()


def test_an_arabic_hit_cites_its_target_as_the_arabic_reader_does(
    page: Page, site: str, screenshot_dir
) -> None:
    """An Arabic hit in SDG target 1.a names it 1-أ, isolated right to left as the Arabic
    reader's margin shows it, and the reader's margin there says the same."""
    from tests.reader.test_views import import_sdg

    import_sdg("global_targets", "sdg-targets", keys=8)
    page.set_viewport_size({"width": 1280, "height": 900})
    # حشد, "mobilization", in the SDG targets (the demo has it too).
    page.goto(f"{site}/search/?q=%D8%AD%D8%B4%D8%AF&lang=ar&resolution=sdg-targets")
    label = page.locator('.hit .source bdi[lang="ar"]')
    expect(label).to_have_text("1-أ")
    assert label.evaluate("el => getComputedStyle(el).direction") == "rtl"
    expect(page.locator(".hit .source")).not_to_contain_text("1.a")
    page.locator(".hit").screenshot(path=str(screenshot_dir / "search-arabic-label.png"))
    page.locator(".hit .source a").click()
    expect(page.locator('.label bdi[lang="ar"]', has_text="1-أ")).to_be_visible()


def test_the_count_on_a_phone_reads_as_a_line_not_a_badge(
    browser: Browser, site: str, screenshot_dir
) -> None:
    """On a phone, "26 sentences" above the hits of الاحتلال is a line of text as large as the
    translations under it; it took the reader's grey count badge (12 px on a full-width bar)."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{site}/search/?q=الاحتلال")
    count = page.locator(".search-results .count")
    expect(count).to_have_text(re.compile(r"^\s*\d+ sentences"))
    size, background = count.evaluate(
        "(el) => [parseFloat(getComputedStyle(el).fontSize), getComputedStyle(el).backgroundColor]"
    )
    translations = page.locator(".translations").evaluate(
        "(el) => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert size >= translations * 0.9, (size, translations)
    assert background == "rgba(0, 0, 0, 0)", background
    page.screenshot(path=str(screenshot_dir / "search-phone-count.png"))
    context.close()


@pytest.mark.parametrize(
    ("width", "javascript"),
    [(768, True), (800, False), (1180, True), (1180, False)],
    ids=["tablet", "tablet-no-js", "laptop", "laptop-no-js"],
)
def test_a_hit_opens_the_reader_below_the_sticky_options(
    browser: Browser, site: str, screenshot_dir, width: int, javascript: bool
) -> None:
    """The reader link of a hit for الاحتلال lands on its sentence, lit, with the sentence and its
    paragraph number below the reading options that stay at the top of the screen, and the
    "Search this resolution" box beside them not under them either. On a 768 px tablet (800 px
    without JavaScript, where Apply takes a line) the options wrap to three lines and covered
    the sentence's first line and its number."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(f"{site}/search/?q=الاحتلال")
    link = page.locator(".hit .source a").first
    unit = re.search(r"#(s\d+)$", link.get_attribute("href") or "")
    assert unit
    link.click()
    target = page.locator(f"#{unit.group(1)}")
    expect(target).to_have_class(re.compile(r"\blit\b") if javascript else re.compile(r"\bst\b"))
    page.wait_for_timeout(300)  # the fragment scroll
    options = page.locator(".toolbar").bounding_box()
    sentence = target.bounding_box()
    label = page.locator("#reading-rows .row", has=target).locator(".gutter .label").bounding_box()
    assert options and sentence and label
    covered = options["y"] + options["height"]
    assert sentence["y"] >= covered, (sentence["y"], covered)
    assert label["y"] >= covered, (label["y"], covered)
    assert sentence["y"] < 900 / 2  # and near the top, not scrolled past
    if width > 1100:
        search = page.locator(".in-search label").bounding_box()
        assert search and search["y"] >= covered, (search["y"], covered)
    page.screenshot(path=str(screenshot_dir / f"search-hit-lands-{width}-js-{javascript}.png"))
    context.close()


def arabic_fonts(page, selector: str) -> set[str]:
    """The fonts Chromium drew the text of the element with (its shadow text too, an input's
    value), as its DevTools report them."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    described = cdp.send("DOM.describeNode", {"nodeId": node, "depth": -1, "pierce": True})["node"]
    backend = [described["backendNodeId"]]
    stack = list(described.get("shadowRoots", []))
    while stack:
        inner = stack.pop()
        backend.append(inner["backendNodeId"])
        stack.extend(inner.get("children", []))
    ids = cdp.send("DOM.pushNodesByBackendIdsToFrontend", {"backendNodeIds": backend})["nodeIds"]
    fonts = set()
    for nid in ids:
        if nid:
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": nid})["fonts"]:
                fonts.add(font["familyName"])
    cdp.detach()
    return fonts


def test_arabic_in_the_form_and_the_facets_is_in_the_arabic_typeface(
    browser: Browser, site: str, screenshot_dir
) -> None:
    """On a phone, the query الاحتلال in the search box and the language facet العربية are drawn
    in Noto Naskh Arabic, as the hits under them: they came out in DejaVu Sans, the system's
    fallback for a Latin typeface that has no Arabic."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{site}/search/?q=الاحتلال")
    expect(page.locator(".facet a").first).to_contain_text("العربية")
    page.evaluate("document.fonts.ready")
    for selector in ("#search-q", ".facet a", ".hit .match.ar"):
        fonts = arabic_fonts(page, selector)
        assert "Noto Naskh Arabic" in fonts and "DejaVu Sans" not in fonts, (selector, fonts)
    page.locator(".search-form").screenshot(path=str(screenshot_dir / "search-arabic-font.png"))
    context.close()


def test_the_header_search_box_is_the_same_on_the_search_page(
    browser: Browser, site: str, screenshot_dir
) -> None:
    """The header's search box keeps its shape, border and typeface on the search page: the
    page's own stylesheet squared it off (4 px corners) in the body's serif, so the header
    changed under the student's eyes between the reader and the results."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    look = """(el) => { const s = getComputedStyle(el);
        return [s.borderTopLeftRadius, s.borderTopColor, s.fontFamily, s.fontSize, s.height]; }"""
    page.goto(f"{site}/r/demo/")
    on_reader = page.locator("header.site .site-search input").evaluate(look)
    page.goto(f"{site}/search/?q=الاحتلال")
    on_search = page.locator("header.site .site-search input").evaluate(look)
    assert on_search == on_reader
    page.locator("header.site").screenshot(path=str(screenshot_dir / "search-header-box.png"))
    context.close()


def test_the_search_forms_menus_and_button_are_in_the_interface_typeface(
    page: Page, site: str
) -> None:
    """The Language menu and the Search button are drawn in the interface's typeface, as the
    header and the reader's own Search button are: they inherited the body's book serif and
    stood out from every other control."""
    family = "(el) => getComputedStyle(el).fontFamily"
    page.goto(f"{site}/r/demo/")
    interface = page.locator(".in-search button").evaluate(family)
    page.goto(f"{site}/search/?q=الاحتلال")
    for selector in (".search-form select", ".search-form button"):
        assert page.locator(selector).first.evaluate(family) == interface, selector


def test_the_address_a_student_shares_carries_only_what_was_chosen(
    browser: Browser, page: Page, site: str
) -> None:
    """Live search with "both" languages puts ?q=occupation in the address, not
    ?q=occupation&lang=; a chosen language is kept. Without JavaScript the form gives the same."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{site}/search/")
    page.locator("#search-q").fill("occupation")
    expect(page.locator(".hit").first).to_be_visible()
    expect(page).to_have_url(f"{site}/search/?q=occupation")
    # Live search asks for that address at once (no redirect on every word typed).
    assert f"{site}/search/?q=occupation&lang=" not in asked
    page.locator('select[name="lang"]').select_option("en")
    expect(page).to_have_url(f"{site}/search/?q=occupation&lang=en")
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{site}/search/")
    plain.locator("#search-q").fill("occupation")
    plain.locator("#search-q").press("Enter")
    expect(plain).to_have_url(f"{site}/search/?q=occupation")
    expect(plain.locator(".hit").first).to_be_visible()
    context.close()
