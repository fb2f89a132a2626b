"""Reviewers' accounts: the account area in every page's header, logging out anywhere, a
forgotten password reset by email (Django's views, the locmem outbox), a password changed."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import AsyncClient, Client, TestCase, override_settings
from django.utils import timezone

from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides

# Hashing on purpose slow passwords dozens of times would make these tests slow.
FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
PASSWORD = "Qarar-2025-jeddah"
NEW_PASSWORD = "Mecca-summit-2026"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# A page of each kind a reviewer or student visits (the demo's resolution is imported).
PAGES = [
    "/",
    "/r/demo/?layout=stacked&hl=p3",
    "/search/?q=%D8%A7%D9%84%D8%A7%D8%AD%D8%AA%D9%84%D8%A7%D9%84&lang=ar",
    "/review/",
    "/review/demo/?level=clause",
    "/word/?w=%D8%A7%D9%84%D9%82%D8%AF%D8%B3",
]


def import_demo() -> None:
    ar, en = demo_sides()
    resolution_import(ar_paragraphs=ar[:8], en_paragraphs=en[:8], meta=ResolutionMeta(slug="demo"))


def account_area(html: str) -> str:
    match = re.search(r'<div class="account">.*?</div>', html, re.S)
    assert match is not None, "no account area in the page"
    return match.group(0)


@FAST_HASHER
class AccountAreaTests(TestCase):
    """Every page's header says who is logged in and offers to log in or out."""

    @classmethod
    def setUpTestData(cls) -> None:
        import_demo()
        cls.reviewer = User.objects.create_user("rania", "rania@example.org", PASSWORD)
        cls.reviewer.first_name, cls.reviewer.last_name = "Rania", "Haddad"
        cls.reviewer.save()
        cls.reviewer.groups.add(Group.objects.get(name="Reviewer"))

    def test_anonymous_pages_offer_log_in_back_to_the_same_page(self) -> None:
        """Reader, search, review and word help each link to the login page with ?next= the
        page itself, in English and Arabic, and offer no logout."""
        for page in PAGES:
            with self.subTest(page=page):
                response = self.client.get(page)
                assert response.status_code == 200
                area = account_area(response.content.decode())
                expected = "/login/?next=" + quote(page, safe="/")
                assert f'<a href="{expected}" data-next>Log in · ' in area
                assert "تسجيل الدخول" in area and "logout" not in area

    def test_logging_in_from_the_header_comes_back_to_the_page(self) -> None:
        """The link's next= takes the reviewer back to the search she was reading."""
        page = "/search/?q=occupation&lang=en"
        area = account_area(self.client.get(page).content.decode())
        login = re.search(r'href="(/login/[^"]+)"', area)
        assert login is not None
        response = self.client.post(
            login.group(1).replace("&amp;", "&"),
            {"username": "rania", "password": PASSWORD, "next": "/search/?q=occupation&lang=en"},
        )
        assert response.status_code == 302 and response["Location"] == page

    def test_logged_in_pages_show_the_name_and_log_out(self) -> None:
        """Logged in, every page shows the user's name, a Password link and a Log out button: a
        POST form with its CSRF token that comes back to the page."""
        self.client.force_login(self.reviewer)
        for page in PAGES:
            with self.subTest(page=page):
                area = account_area(self.client.get(page).content.decode())
                assert '<span class="account-name" dir="auto">Rania Haddad</span>' in area
                assert '<form class="logout" method="post" action="/logout/">' in area
                assert 'name="csrfmiddlewaretoken"' in area
                assert (
                    f'<input type="hidden" name="next" value="{page.replace("&", "&amp;")}" data-here>'
                    in area
                )
                assert "Log out · " in area and "تسجيل الخروج" in area
                assert 'href="/password/change/"' in area and "Log in" not in area

    def test_log_out_from_a_reading_page_stays_on_it(self) -> None:
        """Logging out by the header's form (with its token) ends the session and comes back to
        the page, now offering "Log in"; a link's GET does not log anyone out."""
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.reviewer)
        html = client.get("/r/demo/?layout=stacked").content.decode()
        token = TOKEN.search(account_area(html))
        assert token is not None
        assert client.get("/logout/").status_code == 405
        assert "_auth_user_id" in client.session
        response = client.post(
            "/logout/", {"csrfmiddlewaretoken": token.group(1), "next": "/r/demo/?layout=stacked"}
        )
        assert response.status_code == 302 and response["Location"] == "/r/demo/?layout=stacked"
        assert "_auth_user_id" not in client.session
        assert "Rania Haddad" not in client.get("/r/demo/?layout=stacked").content.decode()

    def test_log_out_without_the_token_is_refused(self) -> None:
        """A logout posted from another site (no CSRF token) is refused and logs no one out."""
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.reviewer)
        assert client.post("/logout/", {"next": "/"}).status_code == 403
        assert "_auth_user_id" in client.session

    def test_log_out_does_not_send_anyone_off_the_site(self) -> None:
        """A next= pointing elsewhere is ignored: the logout lands on the list of resolutions."""
        self.client.force_login(self.reviewer)
        response = self.client.post("/logout/", {"next": "https://evil.example/"})
        assert response.status_code == 302 and response["Location"] == "/"

    def test_htmx_fragments_have_no_account_area(self) -> None:
        """The fragments HTMX swaps in are cached for everyone: no name, no login link."""
        self.client.force_login(self.reviewer)
        for page in ("/r/demo/?hl=p3", "/search/?q=occupation"):
            html = self.client.get(page, headers={"HX-Request": "true"}).content.decode()
            assert 'class="account"' not in html and "Rania" not in html

    def test_a_cached_page_never_shows_someone_elses_name(self) -> None:
        """A reading page and a search first rendered for the logged-in reviewer are served to
        an anonymous visitor from the cache, with "Log in" and without her name; and the other
        way round. The answer varies on the cookie, so no shared cache mixes them up either."""
        reviewer = Client()
        reviewer.force_login(self.reviewer)
        visitor = Client()
        for page in ("/r/demo/", "/search/?q=occupation"):
            with self.subTest(page=page):
                mine = reviewer.get(page)
                assert "Rania Haddad" in mine.content.decode()
                with self.assertNumQueries(1):  # the body from the cache
                    theirs = visitor.get(page)
                html = theirs.content.decode()
                assert "Rania Haddad" not in html and "rania" not in html
                assert "Log in · " in account_area(html)
                assert "Cookie" in theirs["Vary"] and "Cookie" in mine["Vary"]
                assert "public" not in theirs.get("Cache-Control", "")
        assert "Rania Haddad" in reviewer.get("/search/?q=occupation").content.decode()

    def test_the_account_area_costs_anonymous_visitors_no_query(self) -> None:
        """Anonymous, a cached search is one query (the corpus generation), as before; logged
        in, the session and the user are read as well."""
        self.client.get("/search/?q=occupation")
        with self.assertNumQueries(1):
            self.client.get("/search/?q=occupation")
        self.client.force_login(self.reviewer)
        with self.assertNumQueries(3):
            self.client.get("/search/?q=occupation")


@FAST_HASHER
class PasswordResetTests(TestCase):
    """A reviewer who forgot her password asks for a link by email, sets a new one with it and
    logs in with that; the page never says whether an address has an account."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.reviewer = User.objects.create_user("rania", "rania@example.org", PASSWORD)
        cls.reviewer.groups.add(Group.objects.get(name="Reviewer"))

    def ask(self, email: str) -> object:
        return self.client.post("/password/reset/", {"email": email}, follow=True)

    def emailed_link(self) -> str:
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["rania@example.org"]
        assert "Tawazi" in message.subject and "توازي" in message.subject
        assert "rania" in message.body and "تجاهل هذه الرسالة" in message.body
        link = re.search(r"http://testserver(/password/reset/\S+/\S+/)", message.body)
        assert link is not None, message.body
        return link.group(1)

    def test_the_login_page_links_to_the_reset(self) -> None:
        html = self.client.get("/login/").content.decode()
        assert '<a href="/password/reset/">Forgot your password?</a>' in html
        assert "نسيت كلمة المرور؟" in html

    def test_reset_by_email_then_log_in_with_the_new_password(self) -> None:
        """The emailed link opens a form for the new password; once set, the new password logs
        in on the login page and the old one no longer does."""
        form = self.client.get("/password/reset/")
        assert form.status_code == 200 and "البريد الإلكتروني" in form.content.decode()
        done = self.ask("Rania@Example.org")
        assert done.redirect_chain == [("/password/reset/sent/", 302)]
        assert "Check your email" in done.content.decode()
        link = self.emailed_link()
        # Django moves the token out of the address (so no Referer carries it) to the session.
        opened = self.client.get(link, follow=True)
        assert opened.redirect_chain[-1][0].endswith("/set-password/")
        html = opened.content.decode()
        assert "Set a new password" in html and 'name="new_password2"' in html
        assert "rania" in html
        short = self.client.post(
            opened.redirect_chain[-1][0], {"new_password1": "gaza", "new_password2": "gaza"}
        )
        assert short.status_code == 200 and "This password is too short" in short.content.decode()
        assert "لم تُحفظ كلمة المرور" in short.content.decode()
        saved = self.client.post(
            opened.redirect_chain[-1][0],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            follow=True,
        )
        assert saved.redirect_chain == [("/password/reset/done/", 302)]
        assert "Password set" in saved.content.decode()
        assert "_auth_user_id" not in self.client.session  # not logged in by the link itself
        refused = self.client.post("/login/", {"username": "rania", "password": PASSWORD})
        assert refused.status_code == 200 and "_auth_user_id" not in self.client.session
        response = self.client.post(
            "/login/", {"username": "rania", "password": NEW_PASSWORD, "next": "/review/"}
        )
        assert response.status_code == 302 and response["Location"] == "/review/"
        assert int(self.client.session["_auth_user_id"]) == self.reviewer.pk

    def test_an_address_gets_three_links_an_hour(self) -> None:
        """Someone posting the form over and over for a reviewer's address floods her inbox no
        more than three times an hour; every answer is the same "Check your email" page, and
        another address is not held back."""
        for _ in range(6):
            done = self.ask("rania@example.org")
            assert done.redirect_chain == [("/password/reset/sent/", 302)]
            assert "Check your email" in done.content.decode()
        assert len(mail.outbox) == 3
        User.objects.create_user("omar", "omar@example.org", PASSWORD)
        self.ask("OMAR@example.org")
        assert len(mail.outbox) == 4 and mail.outbox[-1].to == ["omar@example.org"]

    def test_one_client_cannot_spray_reset_emails_over_many_addresses(self) -> None:
        """One client asking for links to twelve reviewers' addresses gets ten sent in the hour,
        then the same "Check your email" page and no email; another client is not held back."""
        addresses = [f"reviewer{n}@example.org" for n in range(12)]
        for n, address in enumerate(addresses):
            User.objects.create_user(f"reviewer{n}", address, PASSWORD)
        for address in addresses:
            done = self.ask(address)
            assert done.redirect_chain == [("/password/reset/sent/", 302)]
            assert "Check your email" in done.content.decode()
        assert [m.to[0] for m in mail.outbox] == addresses[:10]
        other = Client(REMOTE_ADDR="192.0.2.77")
        other.post("/password/reset/", {"email": addresses[11]})
        assert len(mail.outbox) == 11 and mail.outbox[-1].to == [addresses[11]]

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_a_trusted_proxy_clients_are_told_apart_by_the_forwarded_address(self) -> None:
        """Behind one proxy (every request from its address), the client is the address the
        proxy adds to X-Forwarded-For: one reviewer's office using up its requests does not
        stop another's, and a client cannot escape its count by writing the header itself."""
        User.objects.create_user("omar", "omar@example.org", PASSWORD)
        office = {"REMOTE_ADDR": "10.0.0.2"}
        for n in range(10):
            forged = f"198.51.100.{n}, 203.0.113.5"  # the proxy appended the real 203.0.113.5
            self.client.post(
                "/password/reset/",
                {"email": f"x{n}@example.org"},
                HTTP_X_FORWARDED_FOR=forged,
                **office,
            )
        self.client.post(
            "/password/reset/",
            {"email": "rania@example.org"},
            HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.5",
            **office,
        )
        assert mail.outbox == []
        self.client.post(
            "/password/reset/",
            {"email": "omar@example.org"},
            HTTP_X_FORWARDED_FOR="203.0.113.6",
            **office,
        )
        assert [m.to for m in mail.outbox] == [["omar@example.org"]]

    def test_the_link_works_once(self) -> None:
        """Used, the link says it no longer works (in both languages) and offers a new one."""
        self.ask("rania@example.org")
        link = self.emailed_link()
        form = self.client.get(link, follow=True).redirect_chain[-1][0]
        self.client.post(form, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        again = Client().get(link, follow=True)
        html = again.content.decode()
        assert again.status_code == 200 and "This link no longer works" in html
        assert "لم يعد هذا الرابط صالحًا" in html and 'href="/password/reset/"' in html

    def test_a_cut_or_forged_link_changes_nothing(self) -> None:
        """A link with a wrong token, or a garbled user part, is refused with the same page."""
        self.ask("rania@example.org")
        link = self.emailed_link()
        uid = link.split("/")[3]
        for bad in (f"/password/reset/{uid}/cut-short/", "/password/reset/%F0%9F/x-y/"):
            with self.subTest(link=bad):
                response = self.client.get(bad, follow=True)
                assert response.status_code == 200
                assert "This link no longer works" in response.content.decode()
                posted = self.client.post(
                    bad, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
                )
                assert posted.status_code == 200
        self.reviewer.refresh_from_db()
        assert self.reviewer.check_password(PASSWORD)

    def test_an_unknown_address_gets_the_same_answer_and_no_email(self) -> None:
        """Whether an address has an account does not show: the same redirect and page."""
        known = self.ask("rania@example.org")
        mail.outbox.clear()
        unknown = self.ask("nobody@example.org")
        assert unknown.redirect_chain == known.redirect_chain == [("/password/reset/sent/", 302)]
        assert "Check your email" in unknown.content.decode()
        main = re.compile(r"<main.*</main>", re.S)  # around it, each page has its own CSRF token
        assert main.search(unknown.content.decode()).group(0) == main.search(
            known.content.decode()
        ).group(0)
        assert mail.outbox == []

    def test_a_malformed_address_is_asked_again(self) -> None:
        response = self.client.post("/password/reset/", {"email": "rania at example"})
        assert (
            response.status_code == 200
            and "Enter a valid email address." in response.content.decode()
        )
        assert mail.outbox == []

    def test_a_mail_server_that_is_down_is_logged_not_shown(self) -> None:
        """Sending fails (SMTP unreachable): the reviewer sees the usual page, not a 500, and
        the failure is logged for the administrator."""
        with (
            mock.patch(
                "django.core.mail.EmailMultiAlternatives.send",
                side_effect=ConnectionRefusedError("smtp down"),
            ),
            self.assertLogs("django.contrib.auth", level="ERROR") as logs,
        ):
            response = self.ask("rania@example.org")
        assert response.status_code == 200 and "Check your email" in response.content.decode()
        assert "Failed to send password reset email" in logs.output[0]


@FAST_HASHER
class PasswordChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.reviewer = User.objects.create_user("rania", "rania@example.org", PASSWORD)

    def test_anonymous_is_sent_to_log_in_first(self) -> None:
        response = self.client.get("/password/change/")
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=/password/change/"

    def test_a_wrong_current_password_changes_nothing(self) -> None:
        self.client.force_login(self.reviewer)
        response = self.client.post(
            "/password/change/",
            {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        html = response.content.decode()
        assert response.status_code == 200 and "Your old password was entered incorrectly" in html
        assert "لم تُغيَّر كلمة المرور" in html
        self.reviewer.refresh_from_db()
        assert self.reviewer.check_password(PASSWORD)

    def test_change_keeps_this_session_and_ends_the_others(self) -> None:
        """The new password holds; the reviewer stays logged in where she changed it and is
        logged out of her other browser."""
        other = Client()
        other.force_login(self.reviewer)
        self.client.force_login(self.reviewer)
        form = self.client.get("/password/change/").content.decode()
        assert "Change your password" in form and "كلمة المرور الحالية" in form
        response = self.client.post(
            "/password/change/",
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
            follow=True,
        )
        assert response.redirect_chain == [("/password/change/done/", 302)]
        html = response.content.decode()
        assert "Password changed" in html and "rania" in account_area(html)
        assert "rania" in account_area(self.client.get("/review/").content.decode())
        assert "Log in · " in account_area(other.get("/review/").content.decode())
        self.reviewer.refresh_from_db()
        assert self.reviewer.check_password(NEW_PASSWORD)


@FAST_HASHER
class LockoutPageTests(TestCase):
    """A login locked out after repeated failures (django-axes) says so in both languages, in
    the site's layout, with when to try again and how to reset the password."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.reviewer = User.objects.create_user("rania", "rania@example.org", PASSWORD)

    def lock_out(self, url: str, client: Client | None = None, **extra: str) -> object:
        client = client or self.client
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(url, {"username": "rania", "password": "wrong"}, **extra)
        return client.post(url, {"username": "rania", "password": PASSWORD}, **extra)

    def assert_lockout_text(self, html: str) -> None:
        assert "Too many failed logins" in html and "محاولات دخول فاشلة كثيرة" in html
        assert "Try again in 60 minutes" in html and "حاول مرة أخرى بعد 60 دقيقة" in html
        assert '<a href="/password/reset/">Reset it by email</a>' in html
        assert '<a href="/password/reset/">أعد تعيينها بالبريد الإلكتروني</a>' in html
        assert "Account locked" not in html  # django-axes' own English line

    def test_the_login_page_lockout_is_a_bilingual_page(self) -> None:
        """On /login/ the sixth try, even with the right password, gets the site's page (its
        header and footer) with status 429, a Retry-After of an hour and a way back."""
        response = self.lock_out("/login/")
        assert response.status_code == 429
        assert response["Content-Type"].startswith("text/html")
        assert 3540 <= int(response["Retry-After"]) <= 3600
        html = response.content.decode()
        assert '<header class="site">' in html and '<footer class="site">' in html
        self.assert_lockout_text(html)
        assert '<a href="/login/">Back to the login page</a>' in html
        assert "_auth_user_id" not in self.client.session

    def test_the_admin_login_lockout_is_the_same_page(self) -> None:
        """The admin's login locks out with the same page, pointing back to the admin's login."""
        response = self.lock_out("/admin/login/?next=/admin/")
        assert response.status_code == 429
        html = response.content.decode()
        self.assert_lockout_text(html)
        assert '<a href="/admin/login/">Back to the login page</a>' in html

    def test_htmx_gets_the_lines_alone(self) -> None:
        """A login sent by htmx gets the bilingual lines to swap in, not a page in the page."""
        response = self.lock_out("/login/", headers={"HX-Request": "true"})
        html = response.content.decode()
        assert response.status_code == 429 and "<html" not in html and "<header" not in html
        assert html.lstrip().startswith('<section class="error-page" id="lockout"')
        self.assert_lockout_text(html)

    def test_the_page_counts_down_from_the_last_failure(self) -> None:
        """Three quarters of an hour after the last failure, the page says 15 more minutes."""
        from axes.models import AccessAttempt

        self.lock_out("/login/")
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=45))
        response = self.client.post("/login/", {"username": "rania", "password": PASSWORD})
        html = response.content.decode()
        assert response.status_code == 429 and 840 <= int(response["Retry-After"]) <= 900
        assert "Try again in 15 minutes" in html and "بعد 15 دقيقة" in html

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_a_trusted_proxy_each_client_is_locked_out_alone(self) -> None:
        """Behind a proxy every request comes from its address: one client's failures lock out
        that client (as the proxy forwards it), not every reviewer behind the proxy, and writing
        another address into X-Forwarded-For does not get round the lockout."""
        proxy = {"REMOTE_ADDR": "10.0.0.2"}
        locked = self.lock_out("/login/", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
        assert locked.status_code == 429
        forged = self.client.post(
            "/login/",
            {"username": "rania", "password": PASSWORD},
            HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5",
            **proxy,
        )
        assert forged.status_code == 429
        colleague = Client().post(
            "/login/",
            {"username": "rania", "password": PASSWORD},
            HTTP_X_FORWARDED_FOR="203.0.113.6",
            **proxy,
        )
        assert colleague.status_code == 302

    def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(self) -> None:
        """With no proxy configured, X-Forwarded-For is whatever the client wrote: changing it
        does not get round the lockout."""
        self.lock_out("/login/", HTTP_X_FORWARDED_FOR="203.0.113.5")
        again = self.client.post(
            "/login/",
            {"username": "rania", "password": PASSWORD},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
        assert again.status_code == 429


def test_the_arabic_minutes_agree_with_their_number() -> None:
    """The lockout page's "try again in …" reads as Arabic does: one and two minutes in words,
    3 to 10 with the plural, 11 and up with the singular."""
    from apps.core.auth import _arabic_minutes

    assert [_arabic_minutes(n) for n in (1, 2, 3, 10, 11, 60, 103)] == [
        "دقيقة واحدة",
        "دقيقتين",
        "3 دقائق",
        "10 دقائق",
        "11 دقيقة",
        "60 دقيقة",
        "103 دقائق",
    ]


@FAST_HASHER
class LockoutPageUnderAsgiTests(TestCase):
    """Served by an ASGI server (uvicorn, daphne), django-axes' middleware runs its async branch
    and calls the lockout page differently (no original response): the page must be the same
    bilingual 429 as under WSGI, counted from the same failures."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.reviewer = User.objects.create_user("rania", "rania@example.org", PASSWORD)

    async def lock_out(self, url: str, **extra: object) -> object:
        client = AsyncClient()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            await client.post(url, {"username": "rania", "password": "wrong"}, **extra)
        return await client.post(url, {"username": "rania", "password": PASSWORD}, **extra)

    async def test_the_login_page_lockout_is_the_bilingual_page(self) -> None:
        """The sixth try on /login/, with the right password, is refused with the site's page."""
        response = await self.lock_out("/login/")
        assert response.status_code == 429, response.status_code
        assert 3540 <= int(response["Retry-After"]) <= 3600
        html = response.content.decode()
        assert '<header class="site">' in html
        LockoutPageTests.assert_lockout_text(self, html)  # type: ignore[arg-type]
        assert '<a href="/login/">Back to the login page</a>' in html

    async def test_the_admin_login_lockout_is_the_same_page(self) -> None:
        """The admin's login locks out with the same page, pointing back to the admin's login."""
        response = await self.lock_out("/admin/login/?next=/admin/")
        assert response.status_code == 429, response.status_code
        html = response.content.decode()
        LockoutPageTests.assert_lockout_text(self, html)  # type: ignore[arg-type]
        assert '<a href="/admin/login/">Back to the admin login page</a>' in html or (
            '<a href="/admin/login/">Back to the login page</a>' in html
        )

    async def test_htmx_gets_the_lines_alone(self) -> None:
        """A login sent by htmx gets the bilingual lines alone under ASGI too."""
        response = await self.lock_out("/login/", headers={"HX-Request": "true"})
        html = response.content.decode()
        assert response.status_code == 429 and "<header" not in html
        assert html.lstrip().startswith('<section class="error-page" id="lockout"')

    async def test_the_page_counts_down_from_the_last_failure(self) -> None:
        """Three quarters of an hour after the last failure, the page says 15 more minutes."""
        from asgiref.sync import sync_to_async
        from axes.models import AccessAttempt

        await self.lock_out("/login/")
        await sync_to_async(AccessAttempt.objects.update)(
            attempt_time=timezone.now() - timedelta(minutes=45)
        )
        response = await AsyncClient().post("/login/", {"username": "rania", "password": PASSWORD})
        html = response.content.decode()
        assert response.status_code == 429 and 840 <= int(response["Retry-After"]) <= 900
        assert "Try again in 15 minutes" in html and "بعد 15 دقيقة" in html


@FAST_HASHER
class LockoutResponseCallTests(TestCase):
    """django-axes calls the lockout page with (request, response, credentials) under WSGI but
    (request, credentials) under ASGI: both give the same countdown for the user it names."""

    @classmethod
    def setUpTestData(cls) -> None:
        from axes.models import AccessAttempt

        AccessAttempt.objects.create(
            username="rania",
            ip_address="127.0.0.1",
            user_agent="",
            failures_since_start=5,
        )
        # attempt_time is set on creation; the last failure was 45 minutes ago.
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=45))

    def test_credentials_in_second_place_are_read_as_credentials(self) -> None:
        """A login whose username is in the credentials but not the form's fields (a JSON or
        programmatic login) counts down from its own failures whichever way it is called."""
        from django.test import RequestFactory

        from apps.core.auth import lockout_response

        request = RequestFactory().post("/login/", {"user": "rania"})
        credentials = {"username": "rania"}
        wsgi = lockout_response(request, None, credentials)
        asgi = lockout_response(request, credentials)  # type: ignore[arg-type]
        for response in (wsgi, asgi):
            assert response.status_code == 429
            assert 840 <= int(response["Retry-After"]) <= 900, response["Retry-After"]
            assert "Try again in 15 minutes" in response.content.decode()
