"""The health check, the bilingual error pages and structured logs."""

from __future__ import annotations

import json
import logging
import re
from unittest import mock

from django.contrib.auth.models import Group, User
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from apps.alignment.models import Link
from apps.core.logging import JsonFormatter, log_event
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides


class HealthCheckTests(TestCase):
    def test_ok_when_the_database_answers(self) -> None:
        """GET /healthz is 200 with the database status, never cached."""
        response = self.client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok"}
        assert "no-cache" in response["Cache-Control"]

    def test_head_is_answered_like_get(self) -> None:
        """A load balancer checking with HEAD gets the same status (it was a 405)."""
        assert self.client.head("/healthz").status_code == 200
        with mock.patch(
            "apps.core.views.connection.cursor", side_effect=OperationalError("connection refused")
        ):
            assert self.client.head("/healthz").status_code == 503
        assert self.client.post("/healthz").status_code == 405

    def test_unavailable_when_the_database_is_down(self) -> None:
        """GET /healthz is 503 when the database cannot be queried."""
        with mock.patch(
            "apps.core.views.connection.cursor", side_effect=OperationalError("connection refused")
        ):
            response = self.client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"] == "unreachable"

    @override_settings(ALLOWED_HOSTS=["example.org"], SECURE_SSL_REDIRECT=True)
    def test_answers_any_host_over_plain_http(self) -> None:
        """The load balancer calls it by address over HTTP; other URLs still check the host."""
        assert self.client.get("/healthz", headers={"host": "10.1.2.3:8000"}).status_code == 200
        assert self.client.get("/", headers={"host": "10.1.2.3:8000"}).status_code == 400


class ErrorPageTests(TestCase):
    def test_not_found_page_is_bilingual(self) -> None:
        """An unknown address gets a 404 page in English and Arabic, each with lang and dir."""
        response = self.client.get("/r/no-such-resolution/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Page not found" in html and "الصفحة غير موجودة" in html
        assert '<div lang="ar" dir="rtl">' in html and 'href="/"' in html

    def test_forbidden_page_says_why_in_both_languages(self) -> None:
        """A reader who posts a confirm gets a 403 page that gives the view's reason (not a bare
        "403 Forbidden") in English and Arabic, and the link stays unconfirmed."""
        ar, en = demo_sides()
        resolution = resolution_import(
            ar_paragraphs=ar[:4], en_paragraphs=en[:4], meta=ResolutionMeta(slug="demo")
        )
        link = Link.objects.of(resolution).order_by("pk").first()
        assert link is not None
        client = Client()
        client.force_login(User.objects.create_user("reader"))
        response = client.post(f"/review/demo/link/{link.pk}/confirm", {"version": 1})
        assert response.status_code == 403
        html = response.content.decode()
        assert "Confirming and flagging links needs the Reviewer role." in html
        assert "غير مسموح" in html and '<div lang="ar" dir="rtl">' in html
        link.refresh_from_db()
        assert link.version == 1

    def test_bad_request_page_is_bilingual(self) -> None:
        """A filter the admin does not offer (a 400) gets a page in English and Arabic."""
        client = Client()
        client.force_login(User.objects.create_superuser("root", "root@example.org", "pw-12345"))
        response = client.get("/admin/alignment/edit/", {"resolution__body__exact": "x"})
        assert response.status_code == 400
        html = response.content.decode()
        assert "Bad request" in html and "طلب غير صالح" in html and "Nothing was changed" in html

    @override_settings(ROOT_URLCONF="tests.core.boom_urls")
    def test_server_error_page_is_bilingual_and_logged(self) -> None:
        """An exception gives the bilingual 500 page and an ERROR log entry with the traceback."""
        client = Client(raise_request_exception=False)
        with self.assertLogs("django.request", level="ERROR") as logs:
            response = client.get("/boom/")
        assert response.status_code == 500
        html = response.content.decode()
        assert "Server error" in html and "خطأ في الخادم" in html
        assert "disk on fire" not in html
        assert "RuntimeError: disk on fire" in logs.output[0]

    @override_settings(ROOT_URLCONF="tests.core.boom_urls")
    def test_a_locked_database_gets_a_try_again_page(self) -> None:
        """A save that could not get SQLite's write lock in time (a long import held it) gets a
        bilingual 503 "try again" page with Retry-After, not the server error page."""
        client = Client(raise_request_exception=False)
        with self.assertLogs("apps.core.middleware", level="WARNING") as logs:
            response = client.post("/locked/")
        assert response.status_code == 503 and response["Retry-After"] == "10"
        html = response.content.decode()
        assert "try again" in html and "يرجى المحاولة مرة أخرى" in html
        assert "Server error" not in html
        assert "database busy: POST /locked/" in logs.output[0]

    @override_settings(ROOT_URLCONF="tests.core.boom_urls")
    def test_server_error_page_survives_a_broken_template(self) -> None:
        """If the 500 template itself fails, a plain bilingual text answer is still given."""
        client = Client(raise_request_exception=False)
        with (
            mock.patch("apps.core.views.loader.render_to_string", side_effect=ValueError("x")),
            self.assertLogs("django.request", level="ERROR"),
        ):
            response = client.get("/boom/")
        assert response.status_code == 500
        assert "Server error" in response.content.decode()


class StaleTokenTests(TestCase):
    """A reviewer's page stays open while they log out and in again in another tab; the page's
    CSRF token no longer holds. Confirm by HTMX gets a few bilingual lines in the item's place
    telling them to reload; the same form without JavaScript gets the whole bilingual page."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        resolution = resolution_import(
            ar_paragraphs=ar[:4], en_paragraphs=en[:4], meta=ResolutionMeta(slug="demo")
        )
        cls.link = Link.objects.of(resolution).order_by("position").first()
        cls.reviewer = User.objects.create_user("rania")
        cls.reviewer.groups.add(Group.objects.get(name="Reviewer"))

    def stale_token(self, client: Client) -> str:
        """The token on the review page, made stale by logging in again (in another tab)."""
        client.force_login(self.reviewer)
        page = client.get("/review/demo/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        client.logout()
        client.force_login(self.reviewer)
        return token.group(1)

    def confirm(self, client: Client, token: str, **headers: str) -> HttpResponse:
        url = reverse("review:link-confirm", args=["demo", self.link.pk])
        data = {"version": 1, "csrfmiddlewaretoken": token, "next": "/review/demo/"}
        return client.post(url, data, headers=headers)

    def test_by_htmx_the_item_says_to_reload_the_page(self) -> None:
        """The answer is a fragment (no <html>, not Django's "Forbidden (403)" page) in the
        item's place, in English and Arabic, linking to the page the reviewer is on."""
        client = Client(enforce_csrf_checks=True)
        token = self.stale_token(client)
        response = self.confirm(
            client,
            token,
            **{
                "HX-Request": "true",
                "HX-Target": f"link-{self.link.pk}",
                "HX-Current-URL": "http://testserver/review/demo/?page=2",
            },
        )
        html = response.content.decode()
        assert response.status_code == 403 and "<html" not in html and "Forbidden" not in html
        assert f'<div class="refused" id="link-{self.link.pk}" role="alert">' in html
        assert '<a href="http://testserver/review/demo/?page=2">Reload the page</a>' in html
        assert "Nothing was saved" in html and "أعد تحميل الصفحة" in html
        assert '<p class="error" lang="ar" dir="rtl">' in html
        self.link.refresh_from_db()
        assert self.link.status == "auto" and self.link.version == 1

    def test_a_reload_link_to_another_site_is_not_offered(self) -> None:
        """HX-Current-URL is the client's word: a link off the site is left out, the advice kept."""
        client = Client(enforce_csrf_checks=True)
        token = self.stale_token(client)
        response = self.confirm(
            client, token, **{"HX-Request": "true", "HX-Current-URL": "https://evil.example/"}
        )
        html = response.content.decode()
        assert response.status_code == 403 and "evil.example" not in html
        assert "Reload the page (log in again if asked)" in html

    def test_without_javascript_the_whole_bilingual_page(self) -> None:
        """The plain form post gets a page of the site in both languages, with a way back."""
        client = Client(enforce_csrf_checks=True)
        token = self.stale_token(client)
        response = self.confirm(client, token, Referer="http://testserver/review/demo/")
        html = response.content.decode()
        assert response.status_code == 403 and "<html" in html
        assert "Page out of date" in html and "الصفحة قديمة" in html
        assert '<a href="http://testserver/review/demo/">Back to the page you were on</a>' in html
        assert '<div lang="ar" dir="rtl">' in html
        # Reloaded, the page has a token that works again.
        fresh = client.get("/review/demo/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', fresh)
        assert token is not None
        assert self.confirm(client, token.group(1)).status_code == 302
        self.link.refresh_from_db()
        assert self.link.status == "confirmed"

    def test_another_refusal_by_htmx_is_a_fragment_too(self) -> None:
        """A PermissionDenied answered to an HTMX request (a staff user without the Editor role
        on the import page) is the view's reason in a few lines; without HTMX, the full page."""
        client = Client()
        client.force_login(User.objects.create_user("sami", is_staff=True))
        url = reverse("admin:corpus_resolution_import")
        fragment = client.get(url, headers={"HX-Request": "true"})
        html = fragment.content.decode()
        assert fragment.status_code == 403 and "<html" not in html
        assert "Importing resolutions needs the Editor role." in html and "لم يُغيَّر شيء" in html
        page = client.get(url)
        assert page.status_code == 403 and "<html" in page.content.decode()
        assert "Importing resolutions needs the Editor role." in page.content.decode()

    def test_a_refusal_gives_its_reason_in_arabic_too(self) -> None:
        """The Arabic lines give the same reason as the English ones (not a general line), in
        the HTMX fragment and on the page, each with a login link back to the refused page."""
        client = Client()
        client.force_login(User.objects.create_user("sami", is_staff=True))
        url = reverse("admin:corpus_resolution_import")
        login = "/login/?next=/admin/corpus/resolution/import/"
        fragment = client.get(
            url, headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{url}"}
        ).content.decode()
        page = client.get(url).content.decode()
        for html in (fragment, page):
            assert "استيراد القرارات يحتاج إلى دور المحرّر." in html
            assert "ليس لحسابك إذن" not in html
            assert f'<a href="{login}">log in with another account</a>' in html
            assert f'<a href="{login}">سجّل الدخول بحساب آخر</a>' in html

    def test_a_refused_post_offers_to_log_in_back_to_the_page_it_came_from(self) -> None:
        """A reader's refused confirm (a POST-only URL) offers to log in with another account
        and come back to the review page the form was on, not to the confirm URL (a 405)."""
        client = Client()
        client.force_login(User.objects.create_user("reader"))
        url = reverse("review:link-confirm", args=["demo", self.link.pk])
        response = client.post(
            url, {"version": 1}, headers={"Referer": "http://testserver/review/demo/?page=2"}
        )
        html = response.content.decode()
        assert response.status_code == 403
        assert "تأكيد الروابط والتعليم عليها يحتاج إلى دور المراجع." in html
        assert (
            '<a href="/login/?next=/review/demo/%3Fpage%3D2">log in with another account</a>'
            in html
        )
        offsite = client.post(url, {"version": 1}, headers={"Referer": "https://evil.example/x"})
        assert "evil.example" not in offsite.content.decode()
        assert '<a href="/login/">log in with another account</a>' in offsite.content.decode()

    def test_a_refusal_of_a_very_long_address_still_says_why(self) -> None:
        """A refused page whose address is over 16 KB (a pasted search in the query string; a
        login link back to it would be a redirect Django refuses to build, a server error) gets
        the bilingual 403 with a plain login link, by HTMX and without, GET and POST."""
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.create_user("sami", is_staff=True))
        url = reverse("admin:corpus_resolution_import") + "?q=" + "احتلال" * 3_000
        page = client.get(url)
        fragment = client.get(
            url, headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{url}"}
        )
        confirm = reverse("review:link-confirm", args=["demo", self.link.pk])
        post = client.post(confirm, {"version": 1}, headers={"Referer": f"http://testserver{url}"})
        for response in (page, fragment, post):
            html = response.content.decode()
            assert response.status_code == 403, response.status_code
            assert "needs the " in html and "يحتاج إلى دور" in html
            assert '<a href="/login/">log in with another account</a>' in html


class JsonLogTests(TestCase):
    def test_event_fields_become_json_keys(self) -> None:
        """log_event writes one JSON object with the event name and its fields."""
        logger = logging.getLogger("apps.test")
        with self.assertLogs("apps.test", level="INFO") as logs:
            log_event(logger, "resolution.imported", slug="demo", paragraphs=84)
        line = JsonFormatter().format(logs.records[0])
        entry = json.loads(line)
        assert entry["event"] == "resolution.imported"
        assert entry["slug"] == "demo" and entry["paragraphs"] == 84
        assert entry["level"] == "INFO" and entry["logger"] == "apps.test"
        assert "\n" not in line

    def test_exceptions_are_kept(self) -> None:
        """An error's traceback is in the entry, Arabic text unescaped."""
        logger = logging.getLogger("apps.test")
        with self.assertLogs("apps.test", level="ERROR") as logs:
            try:
                raise ValueError("نص غير صالح")
            except ValueError:
                logger.exception("import failed")
        entry = json.loads(JsonFormatter().format(logs.records[0]))
        assert "ValueError: نص غير صالح" in entry["exception"]
