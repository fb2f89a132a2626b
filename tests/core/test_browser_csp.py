"""The Content Security Policy in real Chromium: pages, htmx and the admin run with nothing
blocked, and a script smuggled into the text does not run."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import ConsoleMessage, Page

from apps.corpus.management.commands.load_demo import demo_meta
from apps.corpus.models import Resolution
from apps.corpus.services import ResolutionMeta, resolution_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_csp_violation_and_no_injected_script_runs(
    page: Page, live_server: object, screenshot_dir: Path
) -> None:
    """Reader, search, review and admin pages load under the CSP with no violation reported and
    no console error (a missing file, such as the /favicon.ico the admin's pages once made the
    browser ask for); a paragraph holding <script> and an onerror image does not execute."""
    meta, ar, en = demo_meta()
    resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=meta)
    hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    resolution_import(
        ar_paragraphs=[ar[3] + hostile],
        en_paragraphs=[en[3] + hostile],
        meta=ResolutionMeta(slug="hostile", title_en="Hostile " + hostile),
    )
    User.objects.create_superuser("root", "root@example.org", "long-enough-pw-1")
    base = live_server.url  # type: ignore[attr-defined]
    violations: list[str] = []
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")
        elif message.type == "error":
            errors.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.wait_for_load_state("networkidle")
    page.fill("#id_username", "root")
    page.fill("#id_password", "long-enough-pw-1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    urls = [
        "/",
        f"/r/{meta.slug}/",
        "/r/hostile/",
        "/search/?q=%D8%BA%D8%B2%D8%A9",
        "/search/?q=ceasefire",
        "/review/",
        f"/review/{meta.slug}/",
        "/admin/",
        "/admin/auth/user/",
        "/admin/corpus/resolution/",
        f"/admin/corpus/resolution/{Resolution.objects.get(slug=meta.slug).pk}/align/",
    ]
    for url in urls:
        response = page.goto(base + url)
        assert response is not None and response.status < 400, url
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned === undefined"), url
    page.goto(f"{base}/r/hostile/")
    page.screenshot(path=str(screenshot_dir / "csp-hostile-reader.png"), full_page=True)
    assert "<script>window.__pwned" in page.inner_text("body")  # shown as text, not run
    assert violations == [], violations
    assert errors == [], errors
