"""Logged in as a reviewer, an editor and a superuser: the nastiest values in every parameter,
form field and header of every URL, GET and POST, never give a 500.

The forms are read from the pages themselves (every <input>, <select>, <textarea> and button a
page offers the role), so a field added later is fuzzed without anyone listing it here. Long
sessions run outside the suite: TAWAZI_FUZZ_FULL=1 tries every NASTIEST value on every page,
TAWAZI_FUZZ_EXAMPLES=2000 raises the examples of the random test below (run with -s: the sweep
prints how many requests each role sent).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from django.contrib.auth.models import Group, User
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from apps.alignment.models import Level, Link
from apps.alignment.services import link_flag
from apps.corpus.admin import KINDS
from apps.corpus.models import Resolution
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.bitext.test_worddoc import zip_bomb
from tests.conftest import demo_sides
from tests.core.routes import Route, routes
from tests.core.test_properties import FAST_HASHER, NAMES, NASTIEST, RAW_INVALID_UTF8

ROLES = ("reviewer", "editor", "superuser")
# In the suite, one value of each kind that broke something once: a NUL (PostgreSQL), a number
# past 64 bits (SQLite's driver), 5,000 digits (int()) and a lone surrogate (UTF-8).
# TAWAZI_FUZZ_FULL=1 tries every NASTIEST value everywhere (minutes per role).
FULL = bool(os.environ.get("TAWAZI_FUZZ_FULL"))
VALUES = NASTIEST if FULL else ["\x00", str(2**63), "9" * 5000, "\ud800"]
# Each field alone: the kinds a field's own parsing trips on.
ALONE = [*NASTIEST[:4], NASTIEST[7], "", "-1"] if FULL else ["\x00", str(2**63), "\ud800", ""]
# Forms each role's sweep must have sent (paths with ids as #).
REVIEW_FORMS = {"/review/demo/link/#/confirm", "/review/demo/link/#/flag", "/login/"}
EDITOR_FORMS = REVIEW_FORMS | {
    "/admin/corpus/resolution/#/align/",
    "/admin/corpus/resolution/#/align/paragraph/#/",
    "/admin/corpus/resolution/import/",
    "/admin/corpus/resolution/#/change/",
    "/admin/alignment/edit/",
    "/admin/corpus/resolution/#/history/#/",
}
FORMS = {
    "reviewer": REVIEW_FORMS | {"/password/change/"},
    "editor": EDITOR_FORMS,
    "superuser": EDITOR_FORMS | {"/admin/auth/user/#/change/", "/admin/auth/user/#/password/",
                                 "/admin/auth/group/add/"},
}  # fmt: skip
# Headers the views read (htmx's, Referer) and ones a proxy or browser sends.
HEADERS = ["HX-Request", "HX-Current-URL", "HX-Target", "HX-Trigger", "HX-History-Restore-Request",
           "Referer", "Accept-Language", "Accept", "User-Agent", "X-Forwarded-For"]  # fmt: skip


def wire(value: str) -> str:
    """A header value as a WSGI server hands it over: the client's UTF-8 bytes (lone
    surrogates as their invalid bytes) read as Latin-1."""
    return value.encode("utf-8", "surrogatepass").decode("latin-1")


def raw(pairs: list[tuple[str, str]]) -> str:
    """A query string or form body as a client sends it: UTF-8, lone surrogates (in names too)
    as their invalid bytes."""
    return "&".join(
        f"{quote(wire(name), safe='', encoding='latin-1')}="
        f"{quote(wire(value), safe='', encoding='latin-1')}"
        for name, value in pairs
    )


def body(pairs: list[tuple[str, str]]) -> bytes:
    """A form body (application/x-www-form-urlencoded)."""
    return raw(pairs).encode("ascii")


class FormReader(HTMLParser):
    """The POST forms of a page: their action, fields (name, value) and submit buttons."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._open = a.get("method", "get").lower() == "post"
            if self._open:
                self.forms.append((a.get("action", ""), [], []))
        elif self._open and tag in {"input", "select", "textarea", "button"} and a.get("name"):
            kind = a.get("type", "submit" if tag == "button" else "text")
            if kind in {"submit", "image"}:
                self.forms[-1][2].append((a["name"], a.get("value", "")))
            else:
                # A box not ticked is offered all the same: fuzzed like the others.
                value = a.get("value", "on" if kind in {"checkbox", "radio"} else "")
                self.forms[-1][1].append((a["name"], value))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = False


def _shape(text: str) -> str:
    """A field name or button value with its ids taken out ("v-41" → "v-#")."""
    return re.sub(r"\d+", "#", text)


def page_forms(html: str, url: str) -> list[tuple[str, list[tuple[str, str]], bool]]:
    """Each submission a page's POST forms offer: the form's fields with one of its buttons
    (one button of each kind: "confirm:41" stands for every row's Confirm), and whether it is
    the form's first."""
    reader = FormReader()
    reader.feed(html)
    submissions = []
    for action, fields, buttons in reader.forms:
        target = urlsplit(action)
        # Off-site, or logging out (which would end the sweep's session).
        if (action and (target.scheme or target.netloc)) or "logout" in target.path:
            continue
        kinds = {(name, _shape(value)): (name, value) for name, value in reversed(buttons)}
        for k, button in enumerate(kinds.values() or [None]):
            fields_and_button = fields + ([button] if button else [])
            submissions.append((urljoin(url, action), fields_and_button, k == 0))
    return submissions


@FAST_HASHER
class LoggedInRobustnessTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        # Row 1 of every table is not one of the roles: POSTs to /admin/auth/user/1/… change a
        # bystander, not the session's own user.
        User.objects.create_user("bystander", "by@example.org", "long-enough-pw-1")
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar[:10], en_paragraphs=en[:10], meta=ResolutionMeta(slug="demo")
        )
        cls.users = {
            "reviewer": User.objects.create_user("reviewer", password="long-enough-pw-1"),
            "editor": User.objects.create_user("editor", is_staff=True, password="long-pw-1x"),
            "superuser": User.objects.create_superuser("root", "root@example.org", "long-pw-1x"),
        }
        cls.users["reviewer"].groups.add(Group.objects.get(name="Reviewer"))
        cls.users["editor"].groups.add(Group.objects.get(name="Editor"))
        link = Link.objects.of(cls.resolution).at(Level.SENTENCE).order_by("position").first()
        assert link is not None
        link_flag(
            resolution=cls.resolution,
            link_id=link.pk,
            version=link.version,
            user=cls.users["editor"],
            note="the number differs",
            flagged=True,
        )

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # Logging out ends the session the sweep runs in; deleting rows empties later pages.
        cls.all_routes = [r for r in routes() if not r.name.endswith(("logout", "_delete"))]
        # The pages that differ once logged in (the reader and search pages are the same for
        # everyone: tests/core/test_properties.py tries them), all of them with TAWAZI_FUZZ_FULL.
        cls.own_routes = [
            r
            for r in cls.all_routes
            if FULL or not r.name.startswith(("reader:", "search:", "healthz"))
        ]
        # The editor's other levels (their rows have shift arrows) and a history version.
        align = reverse("admin:corpus_resolution_align", kwargs={"pk": cls.resolution.pk})
        version = cls.resolution.history.order_by("history_id").first()  # type: ignore[attr-defined]
        extra = [f"{align}?level=sentence", f"{align}?level=clause&page=2"][: 2 if FULL else 1]
        extra.append(f"/admin/corpus/resolution/{cls.resolution.pk}/history/{version.pk}/")
        cls.own_routes += [Route(name=url, url=url, callback=print, model=None) for url in extra]

    def client_for(self, role: str) -> Client:
        client = Client(raise_request_exception=False)
        client.force_login(self.users[role])
        return client

    def failures_of(
        self, client: Client, method: str, url: str, data: bytes | str = b"", **headers: str
    ) -> list[tuple[str, str, str, int]]:
        if method == "GET":
            response = client.get(url, headers=headers)
        else:
            response = client.post(
                url, data, content_type="application/x-www-form-urlencoded", headers=headers
            )
        self.sent += 1
        if response.status_code >= 500:
            shown = data if isinstance(data, str) else data.decode()
            return [(method, url[:150], shown[:150], response.status_code)]
        return []

    def sweep_routes(self, role: str) -> list[Any]:
        """Every URL, GET and POST, the nastiest values in all parameters at once, with and
        without HX-Request."""
        client = self.client_for(role)
        failures: list[Any] = []
        queries = [raw([(name, value) for name in NAMES]) for value in VALUES]
        queries.append("&".join(f"{name}={RAW_INVALID_UTF8}" for name in NAMES))
        for route in self.own_routes:
            # The superuser's admin GETs are tried in test_properties.py.
            get = FULL or role != "superuser" or not route.is_admin
            for query in queries:
                for htmx in ({}, {"HX-Request": "true"}) if get else ():
                    failures += self.failures_of(client, "GET", f"{route.url}?{query}", **htmx)
                failures += self.failures_of(client, "POST", f"{route.url}?{query}", query)
        return failures

    def sweep_forms(self, role: str) -> list[Any]:
        """Every POST form a page offers the role: each field alone, then all together, set to
        each nasty value, the other fields as the page drew them."""
        client = self.client_for(role)
        failures: list[Any] = []
        for route in self.own_routes:
            response = client.get(route.url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for action, fields, first in page_forms(response.content.decode(), route.url):
                self.forms_sent.add(_shape(urlsplit(action).path))
                names = {name for name, _ in fields if name != "csrfmiddlewaretoken"}
                for value in VALUES:
                    every = [(n, value if n in names else v) for n, v in fields]
                    failures += self.failures_of(client, "POST", action, body(every))
                # One field of each shape alone ("v-41" for every row's version), with the
                # form's first button (each button with TAWAZI_FUZZ_FULL: a re-align each time).
                if not (first or FULL):
                    continue
                for name in {_shape(n): n for n in sorted(names, reverse=True)}.values():
                    for value in ALONE:
                        one = [(n, value if n == name else v) for n, v in fields]
                        failures += self.failures_of(client, "POST", action, body(one))
        return failures

    def sweep_headers(self, role: str) -> list[Any]:
        """Every URL with each nasty value in every header the views read, GET and POST (an
        htmx click with a version, as the review buttons send)."""
        client = self.client_for(role)
        failures: list[Any] = []
        for route in self.own_routes:
            for value in VALUES if FULL else ["\x00", "\ud800"]:
                headers = {name: wire(value) for name in HEADERS}
                failures += self.failures_of(client, "GET", route.url, **headers)
                if FULL or route.name.startswith("review:"):
                    headers["HX-Request"] = "true"
                    failures += self.failures_of(client, "POST", route.url, b"version=1", **headers)
        return failures

    def test_reviewer(self) -> None:
        """A reviewer: queue, link pages, confirm/flag/undo, exports, what the admin shows."""
        self.check("reviewer")

    def test_editor(self) -> None:
        """An editor: also the alignment editor, paragraph text, import and the admin."""
        self.check("editor")

    def test_superuser(self) -> None:
        """A superuser: every admin page and form (users, groups, django-axes' logs)."""
        self.check("superuser")

    def check(self, role: str) -> None:
        self.sent, self.forms_sent = 0, set()
        failures = self.sweep_routes(role) + self.sweep_forms(role) + self.sweep_headers(role)
        assert failures == [], failures[:10]
        # The sweep reached the role's own forms (a page that stopped offering them, or a
        # sweep logged out half-way, would pass without trying anything).
        assert FORMS[role] <= self.forms_sent, FORMS[role] - self.forms_sent
        if FULL:
            print(f"{role}: {self.sent} requests")


FUZZ_EXAMPLES = int(os.environ.get("TAWAZI_FUZZ_EXAMPLES", "40"))
nasty_text = st.text(max_size=40) | st.sampled_from(
    [*NASTIEST, "", "0", "-1", "٣", "²", "1.5", "1e9", "NaN", "confirm:", "shift:1:ar:prev",
     "split:1", "undo:1", "merge", "link", "realign", "keep", "../", "//evil.example", "%00"]
)  # fmt: skip


@FAST_HASHER
class RandomLoggedInTests(TestCase):
    """Random forms: a role, a URL and a jumble of the editor's and reviewer's field names (with
    real link ids in them) and nasty values."""

    @classmethod
    def setUpTestData(cls) -> None:
        LoggedInRobustnessTests.setUpTestData.__func__(cls)  # type: ignore[attr-defined]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.all_routes = [r for r in routes() if not r.name.endswith(("logout", "_delete"))]

    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data(), role=st.sampled_from(ROLES), htmx=st.booleans())
    def test_random_forms_never_fail(self, data: st.DataObject, role: str, htmx: bool) -> None:
        """Any form sent to any URL by any role gives no server error."""
        ids = [str(k) for k in Link.objects.values_list("pk", flat=True)]
        id_ = st.sampled_from(ids) | nasty_text
        name = (
            st.sampled_from(["action", "sel", "version", "note", "flagged", "next", "text",
                             "link", "token", "save", "kind", "slug", "drawn-focus", "drawn-sel",
                             "focus", "level", "page"])  # fmt: skip
            | st.builds(lambda p, i: p + i, st.sampled_from(
                ["v-", "edge-v-", "below-v-", "split-ar-", "split-en-", "drawn-split-ar-"]), id_)
            | st.text(max_size=10)
        )  # fmt: skip
        value = nasty_text | st.builds(
            lambda a, i: f"{a}:{i}",
            st.sampled_from(["confirm", "undo", "unlink", "split", "shift"]),
            id_,
        )
        route = data.draw(st.sampled_from(self.all_routes))
        pairs = data.draw(st.lists(st.tuples(name, value), max_size=12))
        query = data.draw(st.lists(st.tuples(name, value), max_size=3))
        client = Client(raise_request_exception=False)
        client.force_login(self.users[role])
        headers = {"HX-Request": "true"} if htmx else {}
        url = f"{route.url}?{raw(query)}" if query else route.url
        response = client.post(
            url, body(pairs), content_type="application/x-www-form-urlencoded", headers=headers
        )
        assert response.status_code < 500, (role, url, pairs, response.status_code)
        response = client.get(url, headers=headers)
        assert response.status_code < 500, (role, url, response.status_code)


def hostile_files() -> dict[str, bytes]:
    """Files an editor might upload by mistake or an attacker on purpose."""
    ar, en = demo_sides()
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    tmx = (
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY l0 "ha">{dtd}]><tmx version="1.4">'
        '<header srclang="ar" datatype="plaintext" segtype="paragraph" adminlang="en" '
        'creationtool="x" creationtoolversion="1" o-tmf="x"/><body><tu>'
        '<tuv xml:lang="ar"><seg>{ar}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv>'
        "</tu></body></tmx>"
    )
    not_word = io.BytesIO()
    with zipfile.ZipFile(not_word, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    return {
        "empty": b"",
        "binary": bytes(range(256)) * 64,
        "nul": b"\x00" * 4096,
        "nul in text": ("\n".join(ar[:3] + en[:3])).replace(" ", "\x00", 5).encode(),
        "windows-1256": ("\n".join(ar[:3] + en[:3])).encode("cp1256", "replace"),
        "utf-16 without BOM": ("\n".join(ar[:3] + en[:3])).encode("utf-16-le"),
        "invalid utf-8": b"\xff\xc0\x80" + ar[0].encode(),
        "one enormous line": ("a" * 600_000 + "\n" + en[0]).encode(),
        "billion laughs": tmx.format(dtd=laughs, ar="&l9;", en=en[0]).encode(),
        "external entity": tmx.format(
            dtd='<!ENTITY x SYSTEM "file:///etc/passwd">', ar="&x;", en=en[0]
        ).encode(),
        "external DTD": tmx.format(dtd="", ar=ar[0], en=en[0])
        .replace("[<!ENTITY", ' SYSTEM "http://example.org/tmx14.dtd" [<!ENTITY')
        .encode(),
        "zip bomb": zip_bomb(17 * 1024 * 1024),
        "not a zip": b"%PDF-1.7\n" + b"\x00" * 1024,
        "empty zip": b"PK\x05\x06" + b"\x00" * 18,
        "zip, not Word": not_word.getvalue(),
        "yaml, nested": b"a:\n  b: c\n",
        "yaml, NUL key": "\x00: نص\n".encode(),
    }


@FAST_HASHER
@override_settings(TAWAZI_MAX_UPLOAD_BYTES=1024 * 1024)
class HostileUploadTests(TestCase):
    """The import form, as an editor: every kind of import, every hostile file in each of its
    file fields, under names that are themselves hostile, is a message on the form (or a
    preview), never a 500, and nothing is stored."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.editor = User.objects.create_user("editor", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editor"))

    def test_hostile_files_give_a_message_not_a_server_error(self) -> None:
        """Empty, binary, NUL-filled, wrongly encoded, too large, XML bombs and external
        entities, zip bombs and files that are not what their kind says."""
        client = Client(raise_request_exception=False)
        client.force_login(self.editor)
        url = reverse("admin:corpus_resolution_import")
        files = hostile_files()
        files["over the limit"] = b"a" * (1024 * 1024 + 1)
        names = {"tmx": "x.tmx", "docx": "x.docx", "keyed": "x.yml"}
        failures = []
        for kind, _ in KINDS:
            slots = ["file"] if kind in {"bilingual", "tmx"} else ["file_ar", "file_en"]
            for label, data in files.items():
                # Hostile names too (a NUL, 300 Arabic letters), with the first files.
                hostile_names = (
                    ["\x00.txt", "ا" * 300 + ".docx"] if label in {"empty", "binary"} else []
                )
                for filename in [names.get(kind, "x.txt"), *hostile_names]:
                    fields: dict[str, Any] = {"kind": kind, "slug": "hostile"}
                    for slot in slots:
                        handle = io.BytesIO(data)
                        handle.name = filename
                        fields[slot] = handle
                    response = client.post(url, fields)
                    html = response.content.decode(errors="replace")
                    answered = 'class="errorlist' in html or "Preview: nothing is saved" in html
                    if response.status_code != 200 or not answered:
                        failures.append((kind, label, filename[:20], response.status_code))
        # A refusal that says why on the form, or the preview of what could be read.
        assert failures == [], failures[:10]
        assert not Resolution.objects.exists()

    def test_the_preview_saved_with_nasty_details_is_refused_or_saved_whole(self) -> None:
        """After a preview, Save with a nasty value in any field of the form it shows (and a
        forged token) redraws the form or saves the whole resolution: never a 500, never a
        resolution without its links."""
        client = Client(raise_request_exception=False)
        client.force_login(self.editor)
        url = reverse("admin:corpus_resolution_import")
        ar, en = demo_sides()

        def previewed() -> list[tuple[str, str]]:
            handle = io.BytesIO("\n".join(ar[:2] + en[:2]).encode())
            handle.name = "excerpt.txt"
            slug = f"excerpt-{Resolution.objects.count()}"
            preview = client.post(url, {"kind": "bilingual", "slug": slug, "file": handle})
            [(_, fields, _)] = [f for f in page_forms(preview.content.decode(), url) if f[0] == url]
            assert any(name == "token" for name, _ in fields), fields
            return fields

        fields = previewed()
        failures = []
        saved = 0
        for name in sorted({n for n, _ in fields} - {"csrfmiddlewaretoken", "save"}):
            for value in [*VALUES, "", "2025-02-30", "a" * 10_000]:
                sent = [(n, value if n == name else v) for n, v in fields]
                response = client.post(
                    url, body(sent), content_type="application/x-www-form-urlencoded"
                )
                if response.status_code >= 500:
                    failures.append((name, value[:20], response.status_code))
                elif response.status_code == 302:  # saved: a new preview for the next value
                    saved += 1
                    fields = previewed()
        assert failures == [], failures[:10]
        assert saved == Resolution.objects.count() > 0
        for resolution in Resolution.objects.all():
            assert resolution.links.exists() and resolution.paragraphs.count() == 4
