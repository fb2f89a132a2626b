"""The header's account area in real Chromium: after htmx has changed the address in place, "Log
in" and "Log out" come back to the address shown, not to the one the page was loaded at."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import Browser, expect

from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_and_out_come_back_to_the_search_typed_since(
    browser: Browser, live_server: object
) -> None:
    """A student types a search (htmx swaps the results and pushes ?q=…), logs in from the
    header and is back on that search; logging out there again keeps the search."""
    ar, en = demo_sides()
    resolution_import(
        ar_paragraphs=ar[:10], en_paragraphs=en[:10], meta=ResolutionMeta(slug="demo")
    )
    user = User.objects.create_user("rania", "rania@example.org", "Qarar-2025-jeddah")
    user.groups.add(Group.objects.get_or_create(name="Reviewer")[0])
    base = live_server.url  # type: ignore[attr-defined]
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{base}/search/")
    page.fill("#search-q", "occupation")
    expect(page).to_have_url(re.compile(r"/search/\?q=occupation"))
    expect(page.locator("#search-results mark").first).to_be_visible()
    page.click("text=Log in ·")
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.fill("#id_username", "rania")
    page.fill("#id_password", "Qarar-2025-jeddah")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/search/\?q=occupation"))
    expect(page.locator(".account-name")).to_have_text("rania")
    page.fill("#search-q", "mediators")
    expect(page).to_have_url(re.compile(r"/search/\?q=mediators"))
    page.click("text=Log out ·")
    expect(page).to_have_url(re.compile(r"/search/\?q=mediators"))
    expect(page.locator(".account")).to_contain_text("Log in")
    context.close()
