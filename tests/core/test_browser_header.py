"""The site header in real Chromium on a phone and a desktop: it fits the width (nothing to
scroll sideways), stays short, and keeps the search and the account within reach, logged in or
out, on the reader, search, review queue and login pages."""

from __future__ import annotations

from itertools import product
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client
from playwright.sync_api import Browser, Page

from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
LANDSCAPE = {"width": 740, "height": 360}
DESKTOP = {"width": 1280, "height": 800}
PAGES = {
    "reader": "/r/demo/",
    "search": "/search/?q=%D8%A7%D9%84%D8%A7%D8%AD%D8%AA%D9%84%D8%A7%D9%84",
    "review": "/review/demo/",
    "login": "/login/",
}


@pytest.fixture
def site(live_server: object) -> str:
    ar, en = demo_sides()
    resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo"))
    return live_server.url  # type: ignore[attr-defined]


def session_cookie(base: str) -> dict[str, str]:
    """The session cookie of a logged-in reviewer with a long Arabic name."""
    user = User.objects.create_user("rania", "rania@example.org", "Qarar-2025-jeddah")
    user.first_name, user.last_name = "رانية", "الحدّاد"
    user.save()
    user.groups.add(Group.objects.get_or_create(name="Reviewer")[0])
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base,
    }


def header_metrics(page: Page) -> dict[str, float]:
    return page.evaluate(
        """() => {
          const header = document.querySelector("header.site").getBoundingClientRect();
          const search = document.querySelector(".site-search input").getBoundingClientRect();
          const account = document.querySelector(".account").getBoundingClientRect();
          return {
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            // how far the page scrolls sideways, to the left (right to left) or to the right
            sideways: (window.scrollTo(-9999, 0), window.scrollX) + (window.scrollTo(9999, 0), window.scrollX),
            height: header.height,
            searchLeft: search.left, searchRight: search.right, searchWidth: search.width,
            accountLeft: account.left, accountRight: account.right,
          };
        }"""
    )


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_the_header_fits_a_phone_and_a_desktop(
    browser: Browser, site: str, screenshot_dir: Path, logged_in: bool
) -> None:
    """On a phone (360 px, or 740 px held sideways) the header is two short lines (the brand and
    the search, then the page's links and the account) and nothing scrolls sideways, left to
    right or mirrored right to left; at 1280 px it is one line. The search box and the account
    area stay on screen either way."""
    cookie = session_cookie(site) if logged_in else None
    state = "in" if logged_in else "out"
    problems: list[str] = []
    for label, viewport in (("phone", PHONE), ("landscape", LANDSCAPE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport)
        if cookie:
            context.add_cookies([cookie])  # type: ignore[list-item]
        page = context.new_page()
        for (name, path), rtl in product(PAGES.items(), (False, True)):
            page.goto(site + path)
            if rtl:  # as an Arabic page would be: the header mirrored
                page.evaluate("document.documentElement.dir = 'rtl'")
            direction = "rtl" if rtl else "ltr"
            shot = f"header-{name}-{label}-{state}-{direction}.png"
            page.screenshot(path=str(screenshot_dir / shot))
            m = header_metrics(page)
            where = f"{name} on a {label}, logged {state}, {direction}: {m}"
            if m["overflow"] > 0 or m["sideways"] != 0:
                problems.append(f"{where}: the page scrolls sideways")
            if m["height"] > {"phone": 104, "landscape": 104, "desktop": 64}[label]:
                problems.append(f"{where}: the header is too tall")
            if not (m["searchLeft"] >= 0 and m["searchRight"] <= viewport["width"]):
                problems.append(f"{where}: the search box is off screen")
            if m["searchWidth"] < (200 if label == "desktop" else 120):
                problems.append(f"{where}: the search box is too narrow")
            if not (m["accountLeft"] >= 0 and m["accountRight"] <= viewport["width"]):
                problems.append(f"{where}: the account area is off screen")
            if logged_in and not page.locator(".account").get_by_role("button").is_visible():
                problems.append(f"{where}: no Log out button")
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_on_a_phone_every_link_of_the_header_is_on_screen(
    browser: Browser, site: str, screenshot_dir: Path, logged_in: bool
) -> None:
    """At 360 px the review queue's links (Review, the resolution's symbol, Read, Export, and
    "Log in to review" when logged out) wrap onto a second line, all of them in sight, left to
    right and mirrored right to left: none is off in a strip that scrolls sideways (Read and
    Export were, behind a fade). The header stays two short lines, under 104 px."""
    cookie = session_cookie(site) if logged_in else None
    state = "in" if logged_in else "out"
    problems: list[str] = []
    context = browser.new_context(viewport=PHONE)
    if cookie:
        context.add_cookies([cookie])  # type: ignore[list-item]
    page = context.new_page()
    for path, rtl in product(("/review/demo/", "/review/demo/export/"), (False, True)):
        page.goto(site + path)
        if rtl:
            page.evaluate("document.documentElement.dir = 'rtl'")
        direction = "rtl" if rtl else "ltr"
        page.screenshot(path=str(screenshot_dir / f"header-links-{state}-{direction}.png"))
        nav = page.locator("header.site .site-nav")
        links = nav.get_by_role("link")
        names = links.all_inner_texts()
        expected = ["Review", "demo", "Read", "Export"] + (
            [] if logged_in else ["Log in to review"]
        )
        assert names == expected, (path, names)
        where = f"{path}, logged {state}, {direction}"
        if nav.evaluate("(nav) => nav.scrollWidth > nav.clientWidth + 1"):
            problems.append(f"{where}: the links scroll sideways in their strip")
        for name, link in zip(names, links.all(), strict=True):
            box = link.bounding_box()
            assert box is not None, (where, name)
            if box["x"] < 0 or box["x"] + box["width"] > PHONE["width"] + 0.5:
                problems.append(f"{where}: {name!r} is off screen at x={box['x']:.0f}")
        height = header_metrics(page)["height"]
        if height > 104:
            problems.append(f"{where}: the header is {height:.0f} px tall")
    context.close()
    assert not problems, "\n".join(problems)
