"""Session cookies as a client may forge them: a key the app never issued is no session, on
every database (PostgreSQL refuses a NUL byte in a text parameter; SQLite stores it)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, TestCase

from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides


class ForgedSessionCookieTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        resolution_import(
            ar_paragraphs=ar[:4], en_paragraphs=en[:4], meta=ResolutionMeta(slug="demo")
        )

    def test_a_nul_byte_in_the_session_cookie_is_an_anonymous_visit(self) -> None:
        """`Cookie: sessionid="\\000…"` (an octal escape, which cookie parsing turns into a NUL
        byte) gets the page as a visitor who is not logged in, not a server error."""
        client = Client(raise_request_exception=False)
        cookie = f'{settings.SESSION_COOKIE_NAME}="\\000abcdefghijklmnop"'
        response = client.get("/r/demo/", HTTP_COOKIE=cookie)
        assert response.status_code == 200, response.status_code
        assert "Log in" in response.content.decode()
        admin = client.get("/admin/", HTTP_COOKIE=cookie)
        assert admin.status_code == 302 and admin["Location"].startswith("/admin/login/")

    def test_a_forged_key_of_other_characters_is_no_session(self) -> None:
        """Keys the app never issues (not lowercase letters and digits) are no session, and a
        login then works and issues a real key."""
        User.objects.create_user("rania", "rania@example.org", "Qarar-2025-jeddah")
        client = Client(raise_request_exception=False)
        for forged in ("a\x00bcdefghijkl", "ABCDEFGHIJKLMNOP", "é" * 32, "9" * 40):
            client.cookies[settings.SESSION_COOKIE_NAME] = forged
            response = client.get("/review/")
            assert response.status_code in {200, 302}, (forged, response.status_code)
        response = client.post("/login/", {"username": "rania", "password": "Qarar-2025-jeddah"})
        assert response.status_code == 302
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        assert key.isalnum() and key == key.lower() and len(key) == 32
