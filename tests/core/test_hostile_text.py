"""Text is data: markup, bidi overrides and invisible characters in a resolution are shown
escaped and contained on every page (reader, search, exports, admin), and kept exactly."""

from __future__ import annotations

from html.parser import HTMLParser

from django.contrib.auth.models import User
from django.test import Client, TestCase, override_settings

from apps.alignment.selectors import resolution_export
from apps.corpus.models import Clause, Paragraph, Resolution, Sentence
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides
from tests.core.routes import routes

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: reverses the text that follows
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
PAYLOAD = f"{SCRIPT} {IMG} {RLO}gnp.exe{ZERO_WIDTH}"
# Raw forms that must never reach an HTML page: each would run script or inject an element.
RAW = ["<script>alert", "<img src=x", "onerror=alert(1)>", "</script> "]


FAST_HASHER = override_settings(
    # Login tests check passwords dozens of times; the production hasher is slow on purpose.
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
)


class IsolationChecker(HTMLParser):
    """Finds bidi overrides that leak: an RLO reverses the text after it up to the end of its
    block, unless an element with `dir` (or a <bdi>) isolates it. A leak is other text of the
    page (a label, a link, a date) following the override inside the same block."""

    BLOCK = {
        "html", "body", "main", "header", "footer", "nav", "section", "article", "aside",
        "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
        "table", "thead", "tbody", "tr", "td", "th", "caption", "blockquote", "pre", "form",
        "fieldset", "figure", "figcaption", "details", "summary", "title", "textarea", "option",
    }  # fmt: skip
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, isolates its content)
        self.open_override: tuple[int, str] | None = None  # (depth of its block, its text)
        self.leaks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            # dir on <html> or <body> sets the page's direction; it isolates nothing inside.
            isolates = tag == "bdi" or (
                tag not in {"html", "body"} and any(name == "dir" for name, _ in attrs)
            )
            self.stack.append((tag, isolates))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if self.open_override and len(self.stack) <= self.open_override[0]:
            self.open_override = None  # its block ended: the override ends with it

    def _block_depth(self) -> int:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] in self.BLOCK:
                return i
        return 0

    def _isolated_since(self, depth: int) -> bool:
        return any(isolates for _, isolates in self.stack[depth:])

    def handle_data(self, data: str) -> None:
        if self.open_override and data.strip():
            depth, source = self.open_override
            if not self._isolated_since(depth + 1):
                self.leaks.append(f"{source!r} reverses {data.strip()[:30]!r}")
                self.open_override = None
        if RLO in data and not self._isolated_since(0):
            after = data[data.rindex(RLO) :]
            if "\u202c" not in after:
                self.open_override = (self._block_depth(), data.strip()[:30])


@FAST_HASHER
class HostileTextTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        ar = [f"{PAYLOAD} {ar[0]}", *ar[1:6]]
        en = [f"{PAYLOAD} {en[0]}", *en[1:6]]
        cls.resolution = resolution_import(
            ar_paragraphs=ar,
            en_paragraphs=en,
            meta=ResolutionMeta(
                slug="hostile",
                title_en=f"Resolution {PAYLOAD}",
                title_ar=f"قرار {PAYLOAD}",
                symbol=SCRIPT,
                body=IMG,
                session=RLO + "session",
                place=ZERO_WIDTH + "Jeddah",
            ),
        )
        cls.admin = User.objects.create_superuser("root", "root@example.org", "long-enough-pw-1")

    def setUp(self) -> None:
        self.client = Client()
        self.client.force_login(self.admin)

    def test_payload_is_stored_exactly(self) -> None:
        """Nothing is stripped or altered on import: the text is the user's data."""
        first = Paragraph.objects.get(resolution=self.resolution, lang="en", index=0)
        assert first.text.startswith(PAYLOAD)
        assert Resolution.objects.get(slug="hostile").title_en == f"Resolution {PAYLOAD}"

    def test_every_page_escapes_the_payload(self) -> None:
        """Every GET URL (reader, search, exports, admin lists and change pages) escapes it.

        Each URL is also requested with the payload as its query (`?q=`), for pages that echo it.
        """
        pages = 0
        for route in routes():
            for query in ({}, {"q": PAYLOAD, "page": "1"}):
                response = self.client.get(route.url, query)
                assert response.status_code < 500, (route.url, response.status_code)
                content_type = response.get("Content-Type", "")
                body = response.content.decode("utf-8", errors="replace")
                if "html" in content_type:
                    for raw in RAW:
                        assert raw not in body, (route.url, raw)
                    if not route.is_admin:  # Django's own admin templates are not ours
                        checker = IsolationChecker()
                        checker.feed(body)
                        assert checker.leaks == [], (route.url, checker.leaks)
                    pages += 1
                elif response.status_code == 200:
                    # JSON, text and file exports carry the text as data; browsers must not sniff
                    # them into HTML.
                    assert response["X-Content-Type-Options"] == "nosniff", route.url
                    if "javascript" in content_type:  # the admin's translations, never our data
                        assert "alert(1)" not in body, route.url
        assert pages > 20

    def test_reader_shows_the_text_escaped(self) -> None:
        """The reader shows the payload as visible text, escaped, inside its language column."""
        html = self.client.get("/r/hostile/").content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
        assert RLO + "gnp.exe" + ZERO_WIDTH in html

    def test_admin_change_pages_escape_the_payload(self) -> None:
        """The admin's lists and forms of each unit type show the text escaped."""
        for model in (Resolution, Paragraph, Sentence, Clause):
            obj = model.objects.order_by("pk").first()
            opts = model._meta
            for url in (
                f"/admin/{opts.app_label}/{opts.model_name}/",
                f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/",
            ):
                response = self.client.get(url)
                if response.status_code == 404:
                    continue  # this model is not in the admin
                body = response.content.decode()
                assert response.status_code == 200, url
                assert not any(raw in body for raw in RAW), url

    def test_json_export_keeps_the_text_exactly(self) -> None:
        """The JSON export returns the text unaltered, as JSON that no browser renders as HTML."""
        response = self.client.get("/r/hostile/export.json")
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
        data = response.json()
        assert data == resolution_export(self.resolution)
        texts = [p["text"] for p in data["paragraphs"] if p["index"] == 0]
        assert all(text.startswith(PAYLOAD) for text in texts)
        assert data["resolution"]["title_en"] == f"Resolution {PAYLOAD}"
