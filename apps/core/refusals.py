"""Refusals (403) that say why in both languages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class Refused(PermissionDenied):
    """PermissionDenied with its reason in English (the message) and in Arabic (`ar`): the 403
    page and the HTMX fragment (apps.core.views.permission_denied) show both. A plain
    PermissionDenied, Django's own included, gets a general line in each language instead."""

    def __init__(self, en: str, ar: str) -> None:
        super().__init__(en)
        self.ar = ar
