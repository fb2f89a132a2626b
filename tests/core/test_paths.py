"""Hostile values in the path and unusual methods on every URL of the project (walked from the
URL resolver, tests/core/routes.py), as anonymous, reader and editor: never a server error.

Query strings, form fields and headers are swept in test_properties.py and test_logged_in.py;
this covers what they leave: each path parameter (a resolution's slug, a link's, paragraph's or
admin object's id) set to an unknown, huge, negative, empty, control-character or non-UTF-8
value, paging past both ends, and PUT, PATCH, DELETE, OPTIONS and TRACE.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.test import Client, TestCase

from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides
from tests.core.routes import routes
from tests.core.test_properties import FAST_HASHER

ROLES = ("anonymous", "reader", "editor")
# In the path, as a client writes it: unknown, past 32 and 64 bits and far past, zero and
# negative, empty, too long, a NUL, invalid UTF-8, an encoded slash and dot-dot, Arabic.
PATH_VALUES = [
    "no-such-resolution",
    "0",
    str(2**31),
    str(2**63),
    "9" * 40,
    "-1",
    "",
    "a" * 400,
    "%00",
    "%FF%FE",
    "%2e%2e%2f",
    "%D9%88%D9%8A%D8%AF%D9%8A%D9%86",
]
PAGES = ["-1", "0", "1.5", "99999", str(2**63), "9" * 40, "", "%FF"]
METHODS = ("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


@FAST_HASHER
class HostilePathTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        resolution_import(
            ar_paragraphs=ar[:10], en_paragraphs=en[:10], meta=ResolutionMeta(slug="demo")
        )
        editor = User.objects.create_user("edna", is_staff=True)
        editor.groups.add(Group.objects.get(name="Editor"))
        cls.users = {"reader": User.objects.create_user("rita"), "editor": editor}

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # Logging out ends the session the sweep runs in; deleting rows empties later pages.
        cls.all_routes = [r for r in routes() if not r.name.endswith(("logout", "_delete"))]

    def client_for(self, role: str) -> Client:
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(self.users[role])
        return client

    def failures(self, client: Client, method: str, url: str) -> list[tuple[str, str, int]]:
        response = client.generic(
            method, url, b"version=1&note=%00", content_type="application/x-www-form-urlencoded"
        )
        return [(method, url[:120], response.status_code)] if response.status_code >= 500 else []

    def test_routes_have_parameters_to_try(self) -> None:
        """The walk finds the parameterised URLs (a sweep over none would pass trying nothing)."""
        params = {name for route in self.all_routes for name, _ in route.values}
        assert {"slug", "link_id", "object_id"} <= params, params

    def test_hostile_path_values_never_fail(self) -> None:
        """Each parameter of each URL set to each hostile value, GET and POST, in each role."""
        for role in ROLES:
            client = self.client_for(role)
            found: list[tuple[str, str, int]] = []
            for route in self.all_routes:
                for param, _ in route.values:
                    for value in PATH_VALUES:
                        url = route.with_value(param, value)
                        found += self.failures(client, "GET", url)
                        found += self.failures(client, "POST", url)
            assert found == [], (role, found[:10])

    def test_paging_past_both_ends_never_fails(self) -> None:
        """page and p (the admin's) negative, zero, fractional, past the last page and past 64
        bits, on every URL, in each role."""
        for role in ROLES:
            client = self.client_for(role)
            found: list[tuple[str, str, int]] = []
            for route in self.all_routes:
                for page in PAGES:
                    found += self.failures(client, "GET", f"{route.url}?page={page}&p={page}")
            assert found == [], (role, found[:10])

    def test_other_methods_never_fail(self) -> None:
        """PUT, PATCH, DELETE, OPTIONS and TRACE on every URL are refused (or answered), in
        each role; none changes a resolution."""
        for role in ROLES:
            client = self.client_for(role)
            found: list[tuple[str, str, int]] = []
            for route in self.all_routes:
                for method in METHODS:
                    found += self.failures(client, method, route.url)
            assert found == [], (role, found[:10])
        assert self.client.get("/r/demo/").status_code == 200
