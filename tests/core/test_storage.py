"""Static file URLs in production: the manifest's hashed names, remembered per process, and
new ones after collectstatic rewrites the manifest."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.files.storage import FileSystemStorage

from apps.core.storage import StaticStorage
from tests.core.production import production_settings


def _collect(storage: StaticStorage, root: Path, name: str) -> None:
    source = FileSystemStorage(location=str(root))
    for _original, _processed, error in storage.post_process({name: (source, name)}):
        assert not isinstance(error, Exception), error


def test_production_serves_hashed_urls_and_follows_a_new_manifest(tmp_path: Path) -> None:
    assert (
        production_settings()["STORAGES"]["staticfiles"]["BACKEND"]
        == "apps.core.storage.StaticStorage"
    )
    (tmp_path / "css").mkdir()
    css = tmp_path / "css" / "reader.css"
    css.write_text(".hit { color: #333; }\n")
    storage = StaticStorage(location=str(tmp_path), base_url="/static/")
    _collect(storage, tmp_path, "css/reader.css")
    first = storage.url("css/reader.css")
    assert re.fullmatch(r"/static/css/reader\.[0-9a-f]{12}\.css", first)
    assert storage.url("css/reader.css") == first

    css.write_text(".hit { color: #000; }\n")
    _collect(storage, tmp_path, "css/reader.css")
    second = storage.url("css/reader.css")
    assert re.fullmatch(r"/static/css/reader\.[0-9a-f]{12}\.css", second)
    assert second != first
