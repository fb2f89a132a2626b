"""Small lookups for the review templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.bitext.qa import finding_spans

register = template.Library()


@register.filter
def dictget(mapping: dict[str, Any], key: str) -> Any:
    """mapping[key], or None: `progress|dictget:level`."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def flagged_total(progress: dict[str, Any]) -> int:
    """Flagged links over all levels."""
    return sum(p.flagged for p in progress.values())


# An id no link reaches, reversed once and replaced by each link's id.
_ANY_LINK = 2_147_483_647


@register.simple_tag
def map_boxes(points: list[Any], slug: str) -> SafeString:
    """The alignment map's boxes, each a link to its stretch: built in one pass with one URL
    reverse, as a template loop over a thousand boxes costs more than the page's queries.
    Positions and ids are numbers; the rest is escaped."""
    url = reverse("review:link", args=[slug, _ANY_LINK])
    before, _, after = (escape(part) for part in url.partition(str(_ANY_LINK)))
    boxes = []
    for p in points:
        flag = f'<text class="flag-mark" x="{p.x}" y="{p.y}">×</text>' if p.flagged else ""
        boxes.append(
            f'<a href="{before}{int(p.id)}{after}" target="_top"><rect class="pt '
            f'band-{escape(p.band)} status-{escape(p.status)}" x="{float(p.x)}" y="{float(p.y)}" '
            f'width="{float(p.w)}" height="{float(p.h)}"><title>{escape(p.title)}</title></rect>'
            f"{flag}</a>"
        )
    return mark_safe("".join(boxes))  # every value above is a number or escaped


@register.filter
def marked(text: str, named: list[str]) -> SafeString:
    """The text escaped, with what the link's findings name on its side in <mark>."""
    parts, position = [], 0
    for start, end in finding_spans(text, named) if named else []:
        parts += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # the text is escaped; only <mark> is added
