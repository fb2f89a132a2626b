"""Clause highlighting in real Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides

ACTIVE = re.compile(r"\bactive\b")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server: object) -> str:
    ar, en = demo_sides()
    resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo"))
    return f"{live_server.url}/r/demo/"  # type: ignore[attr-defined]


def test_hovering_an_arabic_clause_highlights_its_english_counterpart(
    page: Page, demo: str, screenshot_dir
) -> None:
    """Hover an Arabic clause of operative paragraph 5: its English clause lights up."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(demo)
    row = page.locator("section.row").nth(5)
    arabic = row.locator(".side.ar .u.cl").first
    tag = arabic.get_attribute("data-l")
    assert tag, "the Arabic clause is on a clause link"
    arabic.scroll_into_view_if_needed()
    arabic.hover()
    counterpart = row.locator(f'.side.en .u.cl[data-l~="{tag}"]').first
    expect(counterpart).to_have_class(ACTIVE)
    expect(arabic).to_have_class(ACTIVE)
    # A clause of another row stays unlit.
    expect(page.locator("section.row").nth(7).locator(".u.cl").first).not_to_have_class(ACTIVE)
    page.screenshot(path=str(screenshot_dir / "reader-hover-clause.png"))
