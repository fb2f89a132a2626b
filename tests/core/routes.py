"""Every URL of the URLconf, with its parameters filled from the rows in the test database.

The security and robustness tests walk this list, so an endpoint added later is covered without
anyone remembering to add it to a test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the pattern when the URL has no name
    url: str  # a concrete URL pointing at real rows
    callback: Callable[..., Any]
    model: type[models.Model] | None  # the admin's model, for admin URLs
    template: str = ""  # the URL with "%(param)s" for each parameter, without the leading "/"
    values: tuple[tuple[str, str], ...] = ()  # the parameters' real values in `url`

    def with_value(self, param: str, value: str) -> str:
        """The URL with one parameter set to `value` (as written: percent escapes stay)."""
        return "/" + self.template % {**dict(self.values), param: value}

    @property
    def is_admin(self) -> bool:
        return self.url.startswith("/admin/")


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str, namespace: str, admin_model: Any
) -> Iterator[tuple[str, str, URLPattern, Any]]:
    for entry in patterns:
        regex = prefix + entry.pattern.regex.pattern.lstrip("^").rstrip("$").removesuffix(r"\Z")
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            # A ModelAdmin's URLs: the model is on its views (`model_admin` or the bound method).
            model = admin_model
            for child in entry.url_patterns:
                owner = _model_admin(child) if isinstance(child, URLPattern) else None
                if owner is not None:
                    model = owner.model
                    break
            yield from _walk(entry.url_patterns, regex, full_ns, model)
        else:
            name = f"{namespace}:{entry.name}" if entry.name and namespace else (entry.name or "")
            yield regex, name, entry, admin_model


def _model_admin(pattern: URLPattern) -> Any:
    callback = pattern.callback
    owner = getattr(callback, "model_admin", None)
    if owner is None:
        owner = getattr(getattr(callback, "__wrapped__", None), "__self__", None)
    return owner if hasattr(owner, "model") else None


def _sample_value(param: str, model: type[models.Model] | None) -> str:
    """A real value for a URL parameter: a primary key of the admin's model, a resolution slug..."""
    from apps.corpus.models import Resolution

    if param == "app_label":
        return model._meta.app_label if model else "corpus"
    if param in {"object_id", "pk", "id"} and model is not None:
        obj = model._default_manager.order_by("pk").first()
        return str(obj.pk) if obj else "1"
    if param == "slug" or param.endswith("_slug"):
        resolution = Resolution.objects.order_by("pk").first()
        return resolution.slug if resolution else "missing"
    owner = param.removesuffix("_id").removesuffix("_pk")
    for candidate in apps.get_models():
        if candidate._meta.model_name == owner.replace("_", ""):
            obj = candidate._default_manager.order_by("pk").first()
            return str(obj.pk) if obj else "1"
    if param in {"pk", "id"} or param.endswith(("_id", "_pk")):
        return "1"
    if param == "url":  # the admin's catch-all
        return "no-such-page/"
    return "x"


def routes() -> list[Route]:
    """One concrete URL for every pattern in the URLconf (needs database access)."""
    found: list[Route] = []
    seen: set[str] = set()
    for regex, name, pattern, admin_model in _walk(get_resolver().url_patterns, "", "", None):
        callback = pattern.callback
        model_admin = _model_admin(pattern)
        model = model_admin.model if model_admin is not None else admin_model
        forms = normalize(regex)
        if not forms:
            continue
        template, params = forms[0]
        values = {p: _sample_value(p, model) for p in params}
        if "app_label" in params and model is None:
            # The admin's app index: one of the alternatives in its pattern.
            match = re.search(r"\(\?P<app_label>([^)]*)\)", regex)
            if match:
                values["app_label"] = match.group(1).split("|")[0]
        url = "/" + template % values
        try:
            resolve(url)
        except Resolver404:
            continue
        if url in seen:
            continue
        seen.add(url)
        found.append(
            Route(
                name=name or regex,
                url=url,
                callback=callback,
                model=model,
                template=template,
                values=tuple(values.items()),
            )
        )
    return found
