"""Template tags of the search page. The hits are written in Python, not in a template loop: with
20 hits and their counterparts, the loop's variable lookups, filters and autoescaping cost more CPU
than the page's own reads of the corpus (benchmarks/README.md, Search). Every text is escaped here."""

from __future__ import annotations

import unicodedata
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from apps.search.selectors import Hit

register = template.Library()

TITLE_CHARS = 80


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
        out.append(
            '\n        </div>\n      </div>\n      <p class="source meta">'
            f'<a href="{escape(hit.url)}">{source} · ¶ {hit.paragraph_number}</p>\n    </li>\n    '
        )
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped or already safe
