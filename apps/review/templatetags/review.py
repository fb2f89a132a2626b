"""Small lookups for the review templates."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def dictget(mapping: dict[str, Any], key: str) -> Any:
    """mapping[key], or None: `progress|dictget:level`."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def flagged_total(progress: dict[str, Any]) -> int:
    """Flagged links over all levels."""
    return sum(p.flagged for p in progress.values())
