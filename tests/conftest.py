"""Shared fixtures: the shared corpus beside the checkout, the demo resolution, and Chromium."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from unittest import mock
from xml.etree import ElementTree

import pytest

from apps.bitext.document import UnitLink
from apps.bitext.keyed import read_keyed

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from apps.corpus.models import Resolution

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TAWAZI_SHARED_DIR", REPO.parent / "shared"))
DEMO_FILE = REPO / "fixtures" / "oic-cfm-ex21-2025-08-25.ar-en.txt"
CHROMIUM = Path("/usr/bin/chromium")


def shared_path(*parts: str) -> Path:
    """A file of ../shared, or skip (fail in CI, where it must be there)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("TAWAZI_REQUIRE_SHARED"):
            pytest.fail(f"{path} is missing and TAWAZI_REQUIRE_SHARED is set")
        pytest.skip(f"{path} not found: the shared corpus is not beside this checkout")
    return path


def aligner_linking_a_sentence_twice(module: ModuleType) -> Any:
    """A patch of module's align_document with an aligner that, by a bug, puts its first
    two-sided sentence link in twice (the database refuses a unit in two links)."""
    align_document = module.align_document

    def twice(*args: Any, **kwargs: Any) -> list[UnitLink]:
        found = align_document(*args, **kwargs)
        first = next(u for u in found if u.level == "sentence" and u.ar and u.en)
        return [*found, replace(first)]

    return mock.patch.object(module, "align_document", twice)


def demo_sides() -> tuple[list[str], list[str]]:
    """The demo resolution's 42 Arabic and 42 English paragraphs."""
    lines = [line for line in DEMO_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[:42], lines[42:]


def demo_with_editor() -> tuple[Resolution, User]:
    """The demo's first eight paragraphs imported as "demo", and Edna, a staff user in the
    Editor group (for setUpTestData)."""
    from django.contrib.auth.models import Group, User

    from apps.corpus.services import ResolutionMeta, resolution_import

    ar, en = demo_sides()
    resolution = resolution_import(
        ar_paragraphs=ar[:8], en_paragraphs=en[:8], meta=ResolutionMeta(slug="demo")
    )
    editor = User.objects.create_user("edna", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    return resolution, editor


def udhr_opening() -> tuple[list[str], list[str]]:
    """The UDHR's Arabic adoption note and preamble (10 paragraphs) and its English preamble
    (10): the English has "Whereas it is essential to promote the development of friendly
    relations between nations," which the Arabic lacks, so they number the preamble differently."""
    ns = {"u": "http://www.unhchr.ch/udhr"}
    sides = []
    for name in ("udhr_arb.xml", "udhr_eng.xml"):
        root = ElementTree.parse(shared_path("corpus", "udhr", name)).getroot()
        paras = root.findall("u:note/u:para", ns) + root.findall("u:preamble/u:para", ns)
        sides.append([" ".join("".join(p.itertext()).split()) for p in paras])
    return sides[0], sides[1]


def sdg_yaml(name: str, lang: str) -> dict[str, str]:
    """One of the shared SDG files ("global_targets", "ar") as {key: text}, in file order, read
    as the importer reads it (apps.bitext.keyed)."""
    path = shared_path("corpus", "sdg", f"{name}.{lang}.yml")
    return read_keyed(path.read_text(encoding="utf-8"), path.name)


def sdg_targets() -> list[tuple[str, str, str]]:
    """The 169 SDG targets of A/RES/70/1 as (key, Arabic, English), in file order."""
    ar, en = sdg_yaml("global_targets", "ar"), sdg_yaml("global_targets", "en")
    return [(key, ar[key], en[key]) for key in ar if key in en]


@pytest.fixture(autouse=True)
def _empty_page_cache() -> None:
    """Each test starts with an empty page cache (apps.core.pagecache), like a fresh server."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, object]:
    if not CHROMIUM.exists():
        if os.environ.get("TAWAZI_REQUIRE_BROWSER"):
            pytest.fail("/usr/bin/chromium is missing and TAWAZI_REQUIRE_BROWSER is set")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return {
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url() -> None:
    """No base URL: browser tests open live_server.url. This replaces the one pytest-playwright
    supplies without pytest-base-url, a session fixture written as a method, which pytest
    deprecates (PytestRemovedIn10Warning, made an error in pyproject.toml)."""
    return None


@pytest.fixture
def screenshot_dir() -> Path:
    path = REPO / "test-output" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


# A second database, "mirror", for tests that copy data between databases (dump_corpus ->
# load_corpus): SQLite when the default is PostgreSQL, so the copy crosses engines, else a second
# SQLite database. pytest-django creates it only when a collected test asks for it.
MIRROR = "mirror"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    from django.conf import settings
    from django.db import connections

    if MIRROR not in settings.DATABASES:
        settings.DATABASES[MIRROR] = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(REPO / "test-output" / "mirror.sqlite3"),
            "TEST": {"NAME": ""},  # in memory while testing
        }
        connections.configure_settings(settings.DATABASES)


def udhr_text(lang: str) -> list[str]:
    """The whole UDHR in one language ("ar" or "en") as a text import reads udhr_arb.txt or
    udhr_eng.txt: title, adoption note (Arabic), preamble, then "Article 1" … "Article 30"."""
    from apps.bitext.textfile import split_paragraphs, text_body

    name = "udhr_arb.txt" if lang == "ar" else "udhr_eng.txt"
    text = shared_path("corpus", "udhr", name).read_text(encoding="utf-8")
    return split_paragraphs(text_body(text, name, []))
