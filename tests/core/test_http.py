"""The one same-site check every page uses before linking back to a URL the client sent."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from apps.core.http import same_site


@pytest.mark.parametrize(
    ("url", "secure", "kept"),
    [
        ("/review/demo/?page=2", False, True),
        ("http://testserver/review/demo/", False, True),
        ("https://testserver/review/demo/", True, True),
        # Off the site, or a way off it: the page must not send a reviewer there.
        ("https://evil.example/", False, False),
        ("//evil.example/review/", False, False),
        ("javascript:alert(1)", False, False),
        # Back from HTTPS to plain HTTP would send the session in clear.
        ("http://testserver/review/demo/", True, False),
        ("", False, False),
    ],
)
def test_same_site_keeps_only_this_sites_urls(url: str, secure: bool, kept: bool) -> None:
    request = RequestFactory().get("/", secure=secure)
    assert same_site(request, url) == (url if kept else "")
