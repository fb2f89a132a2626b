"""Secure by default: production settings, headers, cookies, CSP, CSRF and login on every write."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, TestCase, override_settings

from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides
from tests.core.production import production_env, production_settings, security_overrides
from tests.core.routes import Route, routes

WRITE_METHODS = ("post", "put", "patch", "delete")
# Anyone may POST to these: they are how one logs in and out, and asks for and sets a forgotten
# password (a form that answers 200 with its errors). A logged-in user may change their own
# password. Posting the payload to them still changes nothing (the fingerprints are checked).
LOGIN_ROUTES = {"admin:login", "admin:logout", "login", "logout"} | {
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "password_change",
    "password_change_done",
}
# A payload a careless write endpoint would act on: confirm, delete, pick every row.
PAYLOAD = {
    "status": "confirmed",
    "version": "1",
    "post": "yes",
    "action": "delete_selected",
    "_selected_action": ["1", "2", "3"],
    "text": "changed",
    "ar": "1",
    "en": "1",
}


def import_demo() -> None:
    ar, en = demo_sides()
    resolution_import(ar_paragraphs=ar[:6], en_paragraphs=en[:6], meta=ResolutionMeta(slug="demo"))


def table_fingerprints() -> dict[str, str]:
    """A hash per table of the project's apps and of users, groups and their permissions."""
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_config.name.startswith("apps.")
    ]
    models += [User, User.groups.through, User.user_permissions.through]
    models += [apps.get_model("auth", "Group"), apps.get_model("auth", "Group").permissions.through]
    hashes = {}
    for model in models:
        if model._meta.label == "corpus.CorpusGeneration":
            continue  # a cache stamp that every write bumps (apps.corpus.revisions), not data
        columns = [f.attname for f in model._meta.concrete_fields if f.attname != "revision"]
        digest = hashlib.sha256()
        for row in model._base_manager.order_by("pk").values_list(*columns):
            digest.update(repr(row).encode())
        hashes[model._meta.label] = digest.hexdigest()
    return hashes


def database_fingerprint() -> str:
    """A hash of every row of those tables: any write changes it."""
    return hashlib.sha256(repr(sorted(table_fingerprints().items())).encode()).hexdigest()


FAST_HASHER = override_settings(
    # Login tests check passwords dozens of times; the production hasher is slow on purpose.
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
)


class ProductionSettingsTests(TestCase):
    def test_refuses_to_start_without_a_real_secret_key(self) -> None:
        """DJANGO_DEBUG=0 with no key, the development key or a short key does not start."""
        for key in ("", settings.SECRET_KEY, "django-insecure-" + "k" * 60, "s3cret" * 8):
            with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
                production_settings(DJANGO_SECRET_KEY=key)

    def test_refuses_to_start_without_allowed_hosts(self) -> None:
        """DJANGO_DEBUG=0 without DJANGO_ALLOWED_HOSTS does not start."""
        with pytest.raises(ImproperlyConfigured, match="DJANGO_ALLOWED_HOSTS"):
            production_settings(DJANGO_ALLOWED_HOSTS="")

    def test_production_defaults(self) -> None:
        """Production turns on HTTPS redirect, HSTS for a year and Secure, HttpOnly cookies."""
        values = production_settings()
        assert values["DEBUG"] is False and values["ALLOWED_HOSTS"] == ["example.org"]
        assert values["SECURE_SSL_REDIRECT"] is True
        assert values["SECURE_HSTS_SECONDS"] == 31_536_000
        assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
        assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
        assert values["LOGGING"]["handlers"]["console"]["formatter"] == "json"

    def test_hsts_is_configurable(self) -> None:
        """DJANGO_HSTS_SECONDS and friends change the policy (e.g. a short trial period)."""
        values = production_settings(
            DJANGO_HSTS_SECONDS="300", DJANGO_HSTS_PRELOAD="0", DJANGO_HSTS_INCLUDE_SUBDOMAINS="0"
        )
        assert values["SECURE_HSTS_SECONDS"] == 300
        assert not values["SECURE_HSTS_PRELOAD"] and not values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]

    def test_production_email_goes_by_smtp_from_the_environment(self) -> None:
        """Password reset mail: SMTP with STARTTLS on 587 by default, every part from the
        environment; implicit TLS on 465 with DJANGO_EMAIL_USE_SSL=1; both at once refused."""
        values = production_settings(
            DJANGO_EMAIL_HOST="smtp.example.org",
            DJANGO_EMAIL_HOST_USER="tawazi",
            DJANGO_EMAIL_HOST_PASSWORD="app-password",
            DJANGO_DEFAULT_FROM_EMAIL="Tawazi <no-reply@example.org>",
        )
        assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
        assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("smtp.example.org", 587)
        assert values["EMAIL_USE_TLS"] and not values["EMAIL_USE_SSL"]
        assert (values["EMAIL_HOST_USER"], values["EMAIL_HOST_PASSWORD"]) == (
            "tawazi",
            "app-password",
        )
        assert values["DEFAULT_FROM_EMAIL"] == "Tawazi <no-reply@example.org>"
        assert values["EMAIL_TIMEOUT"] == 10
        ssl = production_settings(DJANGO_EMAIL_USE_SSL="1")
        assert ssl["EMAIL_USE_SSL"] and not ssl["EMAIL_USE_TLS"] and ssl["EMAIL_PORT"] == 465
        with pytest.raises(ImproperlyConfigured, match="DJANGO_EMAIL_USE_TLS"):
            production_settings(DJANGO_EMAIL_USE_SSL="1", DJANGO_EMAIL_USE_TLS="1")

    def test_development_is_unchanged(self) -> None:
        """Without DJANGO_DEBUG=0 (make run) there is no HTTPS redirect and no Secure cookie."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        from unittest import mock

        with mock.patch.dict(os.environ, env, clear=True):
            import runpy

            values = runpy.run_path(str(settings.BASE_DIR / "config" / "settings.py"))
        assert values["DEBUG"] is True and not values["SECURE_SSL_REDIRECT"]
        assert not values["SESSION_COOKIE_SECURE"] and values["SECURE_HSTS_SECONDS"] == 0
        # Password reset mail is printed in the terminal of `make run`, never sent.
        assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"

    def test_check_deploy_is_clean(self) -> None:
        """`manage.py check --deploy` reports nothing with production settings."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(production_env())
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "System check identified no issues" in result.stdout


@FAST_HASHER
class HeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()
        cls.admin = User.objects.create_superuser("root", "root@example.org", "long-enough-pw-1")

    def setUp(self) -> None:
        self.production = override_settings(**security_overrides())
        self.production.enable()
        self.addCleanup(self.production.disable)

    def get(self, url: str, client: Client | None = None) -> object:
        return (client or self.client).get(url, secure=True, headers={"host": "example.org"})

    def test_plain_http_redirects_to_https(self) -> None:
        """A plain-HTTP request is redirected to HTTPS; the health check is not."""
        response = self.client.get("/r/demo/", headers={"host": "example.org"})
        assert response.status_code == 301
        assert response["Location"] == "https://example.org/r/demo/"
        assert self.client.get("/healthz", headers={"host": "10.0.0.7:8000"}).status_code == 200

    def test_security_headers_on_every_page(self) -> None:
        """HSTS, nosniff, frame denial, referrer policy and CSP on pages, exports and errors."""
        for url in ("/", "/r/demo/", "/r/demo/export.json", "/no-such-page/", "/admin/login/"):
            response = self.get(url)
            assert response["Strict-Transport-Security"] == (
                "max-age=31536000; includeSubDomains; preload"
            ), url
            assert response["X-Content-Type-Options"] == "nosniff", url
            assert response["X-Frame-Options"] == "DENY", url
            assert response["Referrer-Policy"] == "same-origin", url
            csp = response["Content-Security-Policy"]
            directives = dict(
                (part.split()[0], part.split()[1:]) for part in csp.split(";") if part.strip()
            )
            assert directives["script-src"] == ["'self'"], csp
            assert directives["frame-ancestors"] == ["'none'"], csp
            assert directives["object-src"] == ["'none'"], csp
            assert "'unsafe-inline'" not in directives["default-src"], csp

    def test_cookies_are_secure_and_http_only(self) -> None:
        """The CSRF and session cookies are Secure and HttpOnly, SameSite=Lax."""
        client = Client()
        response = self.get("/admin/login/", client)
        csrf = response.cookies[settings.CSRF_COOKIE_NAME]
        assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
        token = csrf.value
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": "root", "password": "long-enough-pw-1", "csrfmiddlewaretoken": token},
            secure=True,
            headers={"host": "example.org", "referer": "https://example.org/admin/login/"},
        )
        assert response.status_code == 302, response.content[:500]
        session = response.cookies[settings.SESSION_COOKIE_NAME]
        assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"

    def test_no_inline_script_on_any_page(self) -> None:
        """No page needs inline script: every <script> has a src (or is JSON data), no on* handler.

        Walks every GET URL as a superuser, so the CSP's script-src 'self' cannot break a page.
        """
        client = Client()
        client.force_login(self.admin)
        checked = 0
        for route in routes():
            response = self.get(route.url, client)
            if "html" not in response.get("Content-Type", "") or response.status_code >= 400:
                continue
            html = response.content.decode()
            for tag in re.findall(r"<script\b[^>]*>", html, flags=re.I):
                assert "src=" in tag or 'type="application/json"' in tag, (route.url, tag)
            handler = re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, flags=re.I)
            assert handler is None, (route.url, handler and handler.group(0))
            assert "javascript:" not in html.lower(), route.url
            checked += 1
        assert checked >= 10

    def test_every_page_answers_head_as_it_answers_get(self) -> None:
        """HEAD (link checkers, load balancers, curl -I) gets what GET gets, without a body, not
        405 Method Not Allowed: HTTP requires both of every server."""
        client = Client()
        client.force_login(self.admin)
        checked = 0
        for route in routes():
            if self.get(route.url, client).status_code != 200:  # type: ignore[attr-defined]
                continue
            head = client.head(route.url, secure=True, headers={"host": "example.org"})
            assert head.status_code == 200, (route.url, head.status_code)
            assert head.content == b"", route.url
            checked += 1
        assert checked >= 10


def write_requests(route: Route) -> list[tuple[str, dict[str, object]]]:
    """The writes tried on each URL: each method, as a form and as an HTMX request."""
    tried: list[tuple[str, dict[str, object]]] = []
    for method in WRITE_METHODS:
        tried.append((method, {}))
        tried.append((method, {"headers": {"HX-Request": "true"}}))
    return tried


@FAST_HASHER
class WritePermissionTests(TestCase):
    """Every URL that accepts a write refuses it without login, permission and CSRF token.

    The URLs come from the URLconf, so a new endpoint is covered as soon as it exists.
    """

    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()
        cls.reader = User.objects.create_user("reader", "reader@example.org", "long-enough-pw-2")
        cls.staff = User.objects.create_user(
            "staff", "staff@example.org", "long-enough-pw-3", is_staff=True
        )
        cls.admin = User.objects.create_superuser("root", "root@example.org", "long-enough-pw-1")

    def test_routes_are_found(self) -> None:
        """The walk finds the reader, the admin and the health check (so the tests bite)."""
        names = {route.name for route in routes()}
        assert {"reader:resolution", "admin:index", "healthz"} <= names
        assert any(name.startswith("admin:corpus_") or "corpus" in name for name in names) or (
            "admin:auth_user_change" in names
        )

    def test_no_view_is_csrf_exempt(self) -> None:
        """No view opts out of CSRF protection."""
        exempt = [r.name for r in routes() if getattr(r.callback, "csrf_exempt", False)]
        assert exempt == []

    def assert_refused(self, client: Client, who: str) -> None:
        before = database_fingerprint()
        for route in routes():
            if route.name in LOGIN_ROUTES:
                continue
            for method, extra in write_requests(route):
                response = getattr(client, method)(route.url, PAYLOAD, **extra)
                ok = response.status_code in {302, 400, 401, 403, 404, 405, 429}
                if response.status_code == 302:
                    # Only to the login page: a redirect elsewhere may mean the write was done.
                    ok = "login" in response["Location"]
                assert ok, f"{who} {method.upper()} {route.url} -> {response.status_code}"
        assert database_fingerprint() == before, f"a {who} write changed the database"

    def test_anonymous_writes_are_refused(self) -> None:
        """Anonymous POST/PUT/PATCH/DELETE to any URL is refused and changes nothing."""
        self.assert_refused(Client(), "anonymous")

    def test_reader_writes_are_refused(self) -> None:
        """A logged-in user without permissions can write nothing."""
        client = Client()
        client.force_login(self.reader)
        self.assert_refused(client, "reader")

    def test_staff_without_permissions_writes_are_refused(self) -> None:
        """A staff user with no model permissions can write nothing through the admin."""
        client = Client()
        client.force_login(self.staff)
        before = database_fingerprint()
        for route in routes():
            if route.name in LOGIN_ROUTES or "password_change" in route.name:
                continue
            response = client.post(route.url, PAYLOAD)
            # The admin may answer with a page ("you have no permission", its index); what
            # matters is that nothing was written.
            assert response.status_code in {200, 302, 400, 403, 404, 405}, (route.url, response)
        assert database_fingerprint() == before

    def test_every_write_needs_a_csrf_token(self) -> None:
        """Even a superuser's write, plain or HTMX, is refused (403) without the CSRF token."""
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.admin)
        before = database_fingerprint()
        for route in routes():
            for method, extra in write_requests(route):
                response = getattr(client, method)(route.url, PAYLOAD, **extra)
                assert response.status_code in {403, 405}, (method, route.url, response)
                if response.status_code == 403:
                    assert b"CSRF" in response.content, (method, route.url)
        assert database_fingerprint() == before


@FAST_HASHER
@FAST_HASHER
class RoleTests(TestCase):
    """Each role can change only what it is for: reviewers the links' review state, editors the
    corpus; neither can touch users, groups or permissions, whatever they POST wherever."""

    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()
        groups = apps.get_model("auth", "Group").objects
        cls.reviewer = User.objects.create_user("reviewer", password="long-enough-pw-4")
        cls.editor = User.objects.create_user("editor", password="long-enough-pw-5", is_staff=True)
        if groups.filter(name="Reviewer").exists():
            cls.reviewer.groups.add(groups.get(name="Reviewer"))
            cls.editor.groups.add(groups.get(name="Editor"))

    def post_everywhere(self, user: User) -> set[str]:
        """POST (plain and HTMX) to every URL as user; return the tables that changed."""
        client = Client()
        client.force_login(user)
        before = table_fingerprints()
        for route in routes():
            if route.name in LOGIN_ROUTES or "password_change" in route.name:
                continue
            for extra in ({}, {"headers": {"HX-Request": "true"}}):
                response = client.post(route.url, PAYLOAD, **extra)
                assert response.status_code < 500, (user.username, route.url, response)
        after = table_fingerprints()
        return {label for label in before if before[label] != after[label]}

    def test_reviewer_changes_only_review_state(self) -> None:
        """A reviewer's writes reach links and the edit log (with its index of the reviews
        edits left), nothing else."""
        changed = self.post_everywhere(self.reviewer)
        assert changed <= {"alignment.Link", "alignment.Edit", "alignment.LinkReview"}, changed
        if any(route.name.startswith("review:") for route in routes()):
            # ...and they do reach them: the matrix is not vacuous.
            assert "alignment.Edit" in changed

    def test_editor_cannot_touch_accounts(self) -> None:
        """An editor (staff, Editor group) cannot change users, groups or permissions."""
        changed = self.post_everywhere(self.editor)
        assert not {label for label in changed if label.startswith("auth.")}, changed
        assert not User.objects.filter(username="editor", is_superuser=True).exists()


class LoginThrottleTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.admin = User.objects.create_superuser("root", "root@example.org", "long-enough-pw-1")

    def login(self, password: str) -> object:
        return self.client.post(
            "/admin/login/?next=/admin/", {"username": "root", "password": password}
        )

    def test_admin_login_locks_out_after_repeated_failures(self) -> None:
        """After five wrong passwords even the right one is refused (429) for that address."""
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert self.login("wrong").status_code == 200
        assert self.login("wrong").status_code == 429
        response = self.login("long-enough-pw-1")
        assert response.status_code == 429
        assert "_auth_user_id" not in self.client.session
        # Another address is not locked out by this one's failures.
        other = Client(REMOTE_ADDR="192.0.2.9")
        ok = other.post(
            "/admin/login/?next=/admin/", {"username": "root", "password": "long-enough-pw-1"}
        )
        assert ok.status_code == 302

    def test_a_very_long_username_is_a_failed_login_like_any_other(self) -> None:
        """A pasted paragraph as the username (a server error on PostgreSQL, whose column holds
        255 characters) is refused with the form, recorded cut to fit, and still locked out."""
        from axes.models import AccessAttempt

        pasted = "تدين بشدة استمرار العدوان " * 40
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            response = self.client.post("/admin/login/", {"username": pasted, "password": "x"})
            assert response.status_code == 200
            assert "Please enter the correct username and password" in response.content.decode()
        attempt = AccessAttempt.objects.get()
        assert attempt.username == pasted[:255] and attempt.failures_since_start == 4
        locked = self.client.post("/admin/login/", {"username": pasted, "password": "x"})
        assert locked.status_code == 429

    def test_success_before_the_limit_resets_the_count(self) -> None:
        """A successful login clears earlier failures."""
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.login("wrong")
        assert self.login("long-enough-pw-1").status_code == 302
        self.client.logout()
        assert self.login("wrong").status_code == 200

    def test_the_site_login_for_reviewers_is_throttled_like_the_admins(self) -> None:
        """The login page reviewers use (/login/) counts failures with the admin's: after five
        wrong passwords there, the right one is refused (429) on both."""
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            response = self.client.post("/login/", {"username": "root", "password": "wrong"})
            assert response.status_code == 200
            assert "Please enter a correct username and password" in response.content.decode()
        assert (
            self.client.post("/login/", {"username": "root", "password": "wrong"}).status_code
            == 429
        )
        right = {"username": "root", "password": "long-enough-pw-1"}
        assert self.client.post("/login/", right).status_code == 429
        assert self.login("long-enough-pw-1").status_code == 429
        assert "_auth_user_id" not in self.client.session
