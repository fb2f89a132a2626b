"""The production static-file storage: WhiteNoise's compressed manifest, with each file's URL
computed once per process. The manifest does not change while the server runs, yet Django works
every `{% static %}` out afresh (manifest look-up, URL join, quoting: ~30 µs each, five on every
page); `collectstatic` rewrites the manifest, so it empties the memo."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage

MEMO = 1024


class StaticStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]  # untyped
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool], str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        key = (str(name), force)
        url = self._urls.get(key)
        if url is None:
            url = super().url(name, force)
            if len(self._urls) >= MEMO:
                self._urls.clear()
            self._urls[key] = url
        return url

    def post_process(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
