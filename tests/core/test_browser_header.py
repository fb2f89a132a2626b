"""The site header in real Chromium on a phone and a desktop: it fits the width (nothing to
scroll sideways), stays short, and keeps the search and the account within reach, logged in or
out, on the reader, search, review queue and login pages."""

from __future__ import annotations

import base64
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


def edge_fades(page: Page, blank: Page) -> tuple[bool, bool]:
    """Whether the page's link strip fades out at its left and at its right edge, read from the
    pixels of a screenshot of it with its background and links painted black (a fade lets the
    white header through), a few pixels in from each edge. The links themselves must fade: a
    shade drawn under them left their text at full strength."""
    nav = page.locator("header.site .site-nav")
    nav.evaluate(
        """(nav) => { nav.style.setProperty("background", "#000", "important");
             for (const el of [nav, ...nav.querySelectorAll("*")]) {
               el.style.setProperty("color", "#000", "important");
               el.style.setProperty("outline", "none", "important"); } }"""
    )
    png = base64.b64encode(nav.screenshot(animations="allow")).decode()
    # Decoded in a blank page of the same browser (no CSP there, no image library needed here).
    left, right = blank.evaluate(
        """async (png) => {
          const img = new Image();
          img.src = "data:image/png;base64," + png;
          await img.decode();
          const canvas = document.createElement("canvas");
          canvas.width = img.width; canvas.height = img.height;
          const g = canvas.getContext("2d");
          g.drawImage(img, 0, 0);
          const y = Math.floor(img.height / 2);
          const grey = (x) => { const [r, gr, b] = g.getImageData(x, y, 1, 1).data; return (r + gr + b) / 3; };
          return [grey(4), grey(img.width - 5)];
        }""",
        png,
    )
    assert all(v < 40 or v > 128 for v in (left, right)), (left, right)  # faded or plain
    return left > 128, right > 128


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_a_phone_is_shown_that_more_links_follow_off_screen(
    browser: Browser, site: str, screenshot_dir: Path, logged_in: bool
) -> None:
    """At 360 px the review queue's links overflow their strip: they fade out at its far edge
    (the right one left to right, the left one on an Arabic page, right to left), and once
    scrolled to the end the fade moves to the edge the passed links are beyond. The reader's one
    link fits, and its strip does not fade."""
    cookie = session_cookie(site) if logged_in else None
    state = "in" if logged_in else "out"
    for rtl in (False, True):
        direction = "rtl" if rtl else "ltr"
        context = browser.new_context(viewport=PHONE)
        if cookie:
            context.add_cookies([cookie])  # type: ignore[list-item]
        page, blank = context.new_page(), context.new_page()
        for name in ("review", "reader"):
            page.goto(site + PAGES[name])
            if rtl:
                page.evaluate("document.documentElement.dir = 'rtl'")
            nav = page.locator("header.site .site-nav")
            overflows = nav.evaluate("(nav) => nav.scrollWidth > nav.clientWidth")
            assert overflows == (name == "review"), f"{name}, logged {state}, {direction}"
            page.screenshot(
                path=str(screenshot_dir / f"header-hint-{name}-{state}-{direction}.png")
            )
            start = edge_fades(page, blank)
            if name == "reader":
                assert start == (False, False), f"reader, logged {state}, {direction}"
                continue
            assert start == ((True, False) if rtl else (False, True)), f"start, {direction}"
            page.reload()  # the strip was painted black for reading the fade
            if rtl:
                page.evaluate("document.documentElement.dir = 'rtl'")
            nav.evaluate(
                "(nav) => { nav.scrollLeft = getComputedStyle(nav).direction === 'rtl' ? -9999 : 9999; }"
            )
            page.screenshot(
                path=str(screenshot_dir / f"header-hint-{name}-{state}-{direction}-end.png")
            )
            end = edge_fades(page, blank)
            assert end == ((False, True) if rtl else (True, False)), f"end, {direction}"
        context.close()
