"""Requests no HTTP server should pass on: refused as a bad request before any view or
database query, whichever server is in front (gunicorn refuses them itself)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client, TestCase, override_settings

from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides

FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@FAST_HASHER
class NulByteInHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        resolution_import(
            ar_paragraphs=ar[:4], en_paragraphs=en[:4], meta=ResolutionMeta(slug="demo")
        )
        User.objects.create_user("rania", "rania@example.org", "Qarar-2025-jeddah")

    def test_a_failed_login_with_a_nul_byte_in_its_user_agent_is_a_bad_request(self) -> None:
        """django-axes records a failed login's User-Agent and Accept headers; with a NUL byte
        in one (which PostgreSQL cannot store) the login is refused as a bad request (400),
        not a server error, and nothing is recorded."""
        from axes.models import AccessAttempt

        client = Client(raise_request_exception=False)
        for header in ("HTTP_USER_AGENT", "HTTP_ACCEPT"):
            for url in ("/login/", "/admin/login/"):
                response = client.post(
                    url, {"username": "rania", "password": "wrong"}, **{header: "Mozilla\x00/5.0"}
                )
                assert response.status_code == 400, (header, url, response.status_code)
        assert not AccessAttempt.objects.exists()

    def test_a_page_asked_for_with_a_nul_byte_in_a_header_is_a_bad_request(self) -> None:
        """Any page: the same 400 whatever the header, and the same page without the byte."""
        client = Client(raise_request_exception=False)
        for header in ("HTTP_REFERER", "HTTP_HX_CURRENT_URL", "HTTP_ACCEPT_LANGUAGE"):
            response = client.get("/r/demo/", **{header: "ar\x00"})
            assert response.status_code == 400, (header, response.status_code)
        assert client.get("/r/demo/", HTTP_ACCEPT_LANGUAGE="ar").status_code == 200
