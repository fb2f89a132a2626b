"""A student's walk through the reader and search in real Chromium, on a 360 px phone and a
1280 px desktop, over the demo resolution, the UDHR and the SDG targets: what they would trip on."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from apps.corpus.management.commands.load_demo import demo_meta
from apps.corpus.services import resolution_import
from tests.reader.test_views import import_sdg, import_udhr

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
