"""Import limits (file size, paragraph count) with clear messages, and import progress reports."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from apps.bitext.textfile import InputError
from apps.corpus.management.commands.import_resolution import ProgressBar
from apps.corpus.models import Paragraph, Resolution
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import DEMO_FILE, demo_sides


class UploadLimitTests(TestCase):
    @override_settings(TAWAZI_MAX_UPLOAD_BYTES=4096)
    def test_file_over_the_size_limit_is_refused_with_its_size(self) -> None:
        """A file over TAWAZI_MAX_UPLOAD_BYTES is refused before import, naming both sizes."""
        size = DEMO_FILE.stat().st_size
        with pytest.raises(CommandError) as error:
            call_command("import_resolution", str(DEMO_FILE), stdout=StringIO())
        message = str(error.value)
        assert f"{size:,} bytes" in message and "4,096 bytes" in message
        assert "TAWAZI_MAX_UPLOAD_BYTES" in message
        assert not Resolution.objects.exists()

    @override_settings(TAWAZI_MAX_PARAGRAPHS=30)
    def test_too_many_paragraphs_is_refused_with_the_limit(self) -> None:
        """A side with more paragraphs than TAWAZI_MAX_PARAGRAPHS is refused; nothing stored."""
        ar, en = demo_sides()
        with pytest.raises(InputError, match=r"Arabic side has 42 paragraphs; the limit is 30"):
            resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="x"))
        assert not Paragraph.objects.exists()

    @override_settings(TAWAZI_MAX_PARAGRAPHS=42)
    def test_exactly_at_the_limit_is_accepted(self) -> None:
        """The limit itself is allowed."""
        ar, en = demo_sides()
        resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="x"))
        assert Paragraph.objects.count() == 84


class ProgressTests(TestCase):
    def test_every_stage_reports_until_done(self) -> None:
        """The progress callback sees each stage start and finish, counts never going back."""
        ar, en = demo_sides()
        calls: list[tuple[str, int, int]] = []
        resolution_import(
            ar_paragraphs=ar,
            en_paragraphs=en,
            meta=ResolutionMeta(slug="demo"),
            progress=lambda stage, done, total: calls.append((stage, done, total)),
        )
        stages = [c[0] for c in calls]
        assert list(dict.fromkeys(stages)) == ["segment ar", "segment en", "align", "store"]
        for stage in set(stages):
            seen = [(d, t) for s, d, t in calls if s == stage]
            assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
            assert [d for d, _ in seen] == sorted(d for d, _ in seen)
        assert ("segment ar", 42, 42) in calls

    def test_command_draws_a_bar_on_stderr_and_keeps_stdout_the_slug(self) -> None:
        """import_resolution prints one finished bar per stage on stderr; stdout is the slug."""
        out, err = StringIO(), StringIO()
        call_command("import_resolution", str(DEMO_FILE), "--slug", "demo", stdout=out, stderr=err)
        assert out.getvalue().strip() == "demo"
        lines = err.getvalue().split("\n")
        assert any("Segmenting Arabic" in line and "42/42" in line for line in lines)
        assert any(line.startswith("\rStoring") and "3/3" in line for line in lines)

    def test_bar_redraws_in_place_on_a_terminal(self) -> None:
        """On a terminal every report redraws the same line; the bar fills with the count."""

        class Terminal(StringIO):
            def isatty(self) -> bool:
                return True

        stream = Terminal()
        bar = ProgressBar(stream)
        bar("segment ar", 0, 200)
        bar("segment ar", 100, 200)
        bar("segment ar", 200, 200)
        text = stream.getvalue()
        assert text.count("\r") == 3 and text.endswith("200/200\n")
        assert "[" + "#" * 15 + "-" * 15 + "] 100/200" in text

    def test_no_progress_flag_is_quiet(self) -> None:
        """--no-progress writes nothing on stderr."""
        err = StringIO()
        path = Path(DEMO_FILE)
        call_command("import_resolution", str(path), "--no-progress", stdout=StringIO(), stderr=err)
        assert err.getvalue() == ""
