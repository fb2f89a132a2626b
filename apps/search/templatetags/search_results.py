"""Template tags of the search page. The hits, the translations and the facets are written in
Python, not in template loops: with 20 hits, their counterparts, 6 translations and 14 facet links,
the loops' variable lookups, filters, `querystring` copies and autoescaping cost more CPU than the
page's own reads of the corpus (benchmarks/README.md, Search). Every text is escaped here."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from html import escape
from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from apps.search.selectors import Facet, Hit, SearchResult, Translation

register = template.Library()

_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a]")

TITLE_CHARS = 80
FACET_CHARS = 60


def _truncated(text: str, length: int) -> str:
    """What the truncatechars filter makes of text (Truncator's translated ellipsis and
    character counting only when the text is longer than length)."""
    text = unicodedata.normalize("NFC", text)
    if len(text) <= length:
        return text
    return Truncator(text).chars(length)


@register.simple_tag
def hit_list(hits: list[Hit]) -> SafeString:
    """The <li> of each hit: the matched sentence, its counterparts and its source line."""
    out: list[str] = []
    sources: dict[int, str] = {}
    for hit in hits:
        resolution = hit.resolution
        source = sources.get(resolution.pk)
        if source is None:
            title = _truncated(resolution.title_en or resolution.slug, TITLE_CHARS)
            source = f"<bdi>{escape(title)}</bdi></a>\n        "
            if resolution.symbol:
                source += f" · <bdi>{escape(resolution.symbol)}</bdi>"
            sources[resolution.pk] = source
        lang = escape(hit.lang)
        out.append(
            f'\n    <li class="hit" id="hit-{hit.sentence_id}">\n      <div class="pair">\n'
            f'        <p class="match side {lang}" lang="{lang}" dir="{escape(hit.dir)}">'
            f'{hit.highlighted}</p>\n        <div class="counterparts side">\n          '
        )
        for c in hit.counterparts:
            other = escape(c.lang)
            out.append(
                f'<p class="counterpart {other}" lang="{other}" dir="{escape(c.dir)}">'
                f"{c.highlighted}</p>\n          "
            )
        if not hit.counterparts:
            out.append('<p class="missing">No aligned sentence</p>')
        label = escape(hit.margin_label)
        if hit.lang == "ar" and _ARABIC_LETTER_RE.search(label):
            # Isolated right-to-left as the reader's margin shows it: "1-أ", not "أ-1".
            label = f'<bdi lang="ar" dir="rtl">{label}</bdi>'
        out.append(
            '\n        </div>\n      </div>\n      <p class="source meta">'
            f'<a href="{escape(hit.url)}">{source}{" · " + label if label else ""}</p>\n    </li>\n    '
        )
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped or already safe


@register.simple_tag
def translation_list(translations: list[Translation]) -> SafeString:
    """The spotted translations, each in its language and direction with its count: the best
    guess, then "also" the others (most frequent first), so the counts after it read in order."""
    items = [
        f'<span class="tr"><bdi lang="{escape(t.lang)}" dir="{escape(t.dir)}">'
        f'{escape(t.text)}</bdi> <span class="n">{t.count}</span></span>'
        for t in translations
    ]
    if len(items) > 1:
        items[1] = '<span class="also">also</span> ' + items[1]
    return mark_safe("; ".join(items[:2]) + "".join(", " + item for item in items[2:]))  # noqa: S308


def _links(params: Sequence[tuple[str, Sequence[str]]], key: str, values: list[str]) -> list[str]:
    """What `{% querystring key=value page=None %}` makes of the request's parameters for each
    value: key set to value where it stood (or last), page dropped; escaped for an attribute.
    The other parameters are encoded once for all the values."""
    before: list[tuple[str, str]] = []
    after: list[tuple[str, str]] = []
    rest = before
    for name, given in params:
        if name == key:
            rest = after
        elif name != "page":
            rest.extend((name, v) for v in given)
    head = urlencode(before) + "&" if before else ""
    tail = "&" + urlencode(after) if after else ""
    return [escape("?" + head + urlencode([(key, value)]) + tail) for value in values]


def _facet_list(
    label: str, key: str, facets: list[Facet], params: Sequence[tuple[str, Sequence[str]]]
) -> str:
    items = []
    for f, link in zip(facets, _links(params, key, [f.value for f in facets]), strict=True):
        current = ' aria-current="true"' if f.active else ""
        text = escape(f.label)
        if key == "resolution":
            text = f"<bdi>{escape(_truncated(f.label, FACET_CHARS))}</bdi>"
        elif key == "lang":  # each language named in itself: العربية, English
            direction = "rtl" if f.value == "ar" else "ltr"
            text = f'<span lang="{escape(f.value)}" dir="{direction}">{text}</span>'
        items.append(
            f'<li><a href="{link}"{current} hx-get="{link}" hx-target="#search-results"'
            f' hx-swap="outerHTML" hx-push-url="true">{text} <span class="n">{f.count:,}</span></a></li>'
        )
    return f'<ul class="facet" aria-label="{label}">\n      ' + "".join(items) + "\n    </ul>"


@register.simple_tag(takes_context=True)
def facet_lists(context: Any, result: SearchResult) -> SafeString:
    """The language and resolution facets, each a link to this search narrowed to it (counts in
    the English grouping the page uses everywhere: LANGUAGE_CODE is "en")."""
    params = list(context.request.GET.lists())
    out = []
    if result.lang_facets:
        out.append(_facet_list("Language", "lang", result.lang_facets, params))
    if result.resolution_facets:
        out.append(_facet_list("Resolution", "resolution", result.resolution_facets, params))
    return mark_safe("\n    ".join(out))  # noqa: S308 - every text above is escaped
