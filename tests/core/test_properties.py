"""Property-based: arbitrary query parameters and path values on every GET URL never give a 500."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides
from tests.core.routes import Route, routes


def parameter_names() -> list[str]:
    """Names the views read from the query string (found in their source) and common ones."""
    names = {"q", "page", "lang", "level", "status", "sort", "format", "next", "score", "p", "o"}
    # The admin's own (ordering, page, "show all", error flag, popups and their target field).
    names |= {"e", "all", "_popup", "_to_field", "_changelist_filters", "_facets"}
    # The reader's options (ReadingOptions.from_query reads them from a dict, not GET.get).
    names |= {"layout", "diac", "translit", "size", "conf", "action", "hl"}
    pattern = re.compile(r"""(?:GET\.get(?:list)?\(|GET\[|_param\(request,\s*)["'](\w+)["']""")
    for path in Path(django_settings.BASE_DIR, "apps").rglob("*.py"):
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


NAMES = parameter_names()
values = (
    st.text(max_size=60)
    | st.sampled_from(
        ["", "0", "-1", "1e9", "99999999999999999999", "NaN", "null", "[]", "ar", "en", "'--",
         "%00", "\x00", "\u202e", "<script>", "a" * 5000, "١٢٣", "*", '"', "OR", "-"]
    )
    | st.integers().map(str)
)  # fmt: skip
queries = st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=8), values, max_size=5)
slugs = st.text(max_size=40) | st.sampled_from(["..", "%2e%2e", "a" * 300, "demo/../admin"])

FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@FAST_HASHER
class GetRobustnessTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        resolution_import(
            ar_paragraphs=ar[:10], en_paragraphs=en[:10], meta=ResolutionMeta(slug="demo")
        )
        cls.admin = User.objects.create_superuser("root", "root@example.org", "long-enough-pw-1")

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # Not in setUpTestData: Django deep-copies those per test, and views cannot be copied.
        cls.get_routes = [r for r in routes() if r.name not in {"admin:logout"}]

    def check(self, client: Client, route: Route, query: dict[str, str], htmx: bool) -> None:
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.get(route.url, query, headers=headers)
        assert response.status_code < 500, (route.url, query, response.status_code)

    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data(), query=queries, htmx=st.booleans())
    def test_public_pages_never_fail(
        self, data: st.DataObject, query: dict[str, str], htmx: bool
    ) -> None:
        """Any parameters on a public page (reader, search, API, exports) give no server error."""
        public = [r for r in self.get_routes if not r.is_admin]
        route = data.draw(st.sampled_from(public))
        self.check(Client(raise_request_exception=False), route, query, htmx)

    @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data(), query=queries)
    def test_admin_pages_never_fail(self, data: st.DataObject, query: dict[str, str]) -> None:
        """Any parameters on an admin page (filters, search, ordering), as superuser, give no 500."""
        client = Client(raise_request_exception=False)
        client.force_login(self.admin)
        route = data.draw(st.sampled_from([r for r in self.get_routes if r.is_admin]))
        self.check(client, route, query, htmx=False)

    @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
    @given(slug=slugs, tail=st.sampled_from(["/", "/export.json", ""]))
    def test_any_resolution_address_is_found_or_not_found(self, slug: str, tail: str) -> None:
        """/r/<anything>/ is the page or a 404, never an error."""
        client = Client(raise_request_exception=False)
        response = client.get(f"/r/{slug}{tail}")
        assert response.status_code in {200, 301, 302, 400, 404}, (slug, response.status_code)
