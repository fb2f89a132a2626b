"""The review template tags: the alignment map's boxes built in one pass."""

from __future__ import annotations

from django.template import Context, Template
from django.test import SimpleTestCase

from apps.review.selectors import MapPoint
from apps.review.templatetags.review import map_boxes

# The loop the map template ran before map_boxes, kept as the reference markup.
TEMPLATE_LOOP = (
    '{% for p in points %}<a href="{% url \'review:link\' slug p.id %}" target="_top">'
    '<rect class="pt band-{{ p.band }} status-{{ p.status }}" x="{{ p.x }}" y="{{ p.y }}" '
    'width="{{ p.w }}" height="{{ p.h }}"><title>{{ p.title }}</title></rect>'
    '{% if p.flagged %}<text class="flag-mark" x="{{ p.x }}" y="{{ p.y }}">×</text>{% endif %}'
    "</a>{% endfor %}"
)


class MapBoxesTests(SimpleTestCase):
    def test_boxes_are_the_markup_of_the_template_loop(self) -> None:
        """Flagged and confirmed boxes, whole and fractional positions, an escaped title: the
        same bytes the template loop rendered, one link per box."""
        points = [
            MapPoint(7, 0.0, 0.0, 2.0, 12.5, "high", "auto", False, "#1 1:1 score 0.97 auto"),
            MapPoint(8, 2.0, 12.5, 31.3, 2.0, "low", "confirmed", True, "#2 2:0 <b>&amp;</b>"),
            MapPoint(1234, 438.7, 417.2, 1.3, 22.8, "medium", "corrected", True, "#3 1:2"),
        ]
        expected = Template(TEMPLATE_LOOP).render(Context({"points": points, "slug": "oic-21"}))
        assert str(map_boxes(points, "oic-21")) == expected
        assert expected.count('href="/review/oic-21/link/') == 3
        assert expected.count('class="flag-mark"') == 2 and "&lt;b&gt;&amp;amp;" in expected
