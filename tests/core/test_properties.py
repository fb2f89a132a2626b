"""Property-based: arbitrary query parameters and path values on every GET URL never give a 500."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

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
# The values a database driver chokes on, tried on every run in every parameter (not left to
# chance): a NUL byte (PostgreSQL refuses it in text), integers past 32 and 64 bits (bigint
# columns), lone surrogates (not encodable as UTF-8; sent as the bytes a client would send),
# invalid UTF-8, and a 10,000-character value.
NASTIEST = [
    "\x00",
    "ويدين\x00",
    "99999999999999999999",
    str(2**63),
    str(-(2**63) - 1),
    str(2**31),
    "9" * 5000,  # past Python's int() digit limit
    "\ud800",
    "\udcff\udcfe",
    "a" * 10_000,
]
RAW_INVALID_UTF8 = "%FF%C0%80"


def raw_query(pairs: list[tuple[str, str]]) -> str:
    """A query string as a client sends it: UTF-8, lone surrogates as their (invalid) bytes."""
    return "&".join(
        f"{quote(name, safe='')}={quote(value.encode('utf-8', 'surrogatepass'), safe='')}"
        for name, value in pairs
    )


values = (
    st.text(max_size=60)
    | st.sampled_from(
        ["", "0", "-1", "1e9", "99999999999999999999", "NaN", "null", "[]", "ar", "en", "'--",
         "%00", "\x00", "\u202e", "<script>", "a" * 5000, "١٢٣", "*", '"', "OR", "-"]
    )
    | st.integers().map(str)
    | st.sampled_from([v for v in NASTIEST if not ("\ud800" <= v[:1] <= "\udfff")])
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

    def nastiest_queries(self, names: list[str]) -> list[str]:
        """Every nasty value in all parameters at once, then a NUL and a 64-bit overflow in
        each of `names` alone (a view that refuses one parameter cannot hide another)."""
        queries = [raw_query([(name, value) for name in NAMES]) for value in NASTIEST]
        queries.append("&".join(f"{name}={RAW_INVALID_UTF8}" for name in NAMES))
        queries += [raw_query([(name, value)]) for value in NASTIEST[:4] for name in names]
        return queries

    def assert_no_server_error(
        self, client: Client, routes: list[Route], names: list[str], htmx: bool = False
    ) -> None:
        failures = []
        headers = {"HX-Request": "true"} if htmx else {}
        for route in routes:
            alone = names if not route.is_admin or route.name.endswith("changelist") else []
            for query in self.nastiest_queries(alone):
                response = client.get(f"{route.url}?{query}", headers=headers)
                if response.status_code >= 500:
                    failures.append((route.url, query[:120], response.status_code))
        assert failures == [], failures[:10]

    def test_the_nastiest_values_never_fail_on_public_pages(self) -> None:
        """NUL bytes, integers past 64 bits, lone surrogates and 10,000 characters in every
        parameter of every public page (page and htmx fragment) give no server error."""
        client = Client(raise_request_exception=False)
        public = [r for r in self.get_routes if not r.is_admin]
        self.assert_no_server_error(client, public, NAMES)
        self.assert_no_server_error(client, public, [], htmx=True)

    def test_the_nastiest_values_never_fail_on_admin_pages(self) -> None:
        """The same values in every parameter of every admin page, as superuser."""
        client = Client(raise_request_exception=False)
        client.force_login(self.admin)
        admin = [r for r in self.get_routes if r.is_admin]
        # Each alone on the change lists, where the admin reads its own (ordering, filters...).
        self.assert_no_server_error(client, admin, ["q", "o", "p", "e", "_to_field", "all"])

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
