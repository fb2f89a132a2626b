"""Import limits (file size, paragraph count) with clear messages, on the command line and in the
admin's upload, and import progress reports."""

from __future__ import annotations

import io
import zipfile
from io import StringIO
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from apps.bitext.textfile import InputError
from apps.corpus.management.commands.import_resolution import ProgressBar
from apps.corpus.models import Paragraph, Resolution
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.bitext.test_worddoc import zip_bomb
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


# Just over the readers' own default limit (20 MB), which an upload must not meet instead of
# the configured one.
OVER_20_MB = 20 * 1024 * 1024 + 1024


def _padded_docx(paragraphs: list[str], size: int) -> bytes:
    """A .docx of the paragraphs, made `size` bytes long by a stored picture (a scanned page)."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_STORED) as package:
        package.writestr("word/media/image1.png", b"\0" * (size - len(out.getvalue()) - 200))
    return out.getvalue()


class UploadSizeTests(TestCase):
    """The admin's upload applies TAWAZI_MAX_UPLOAD_BYTES, the command line's limit, to text,
    TMX and Word files alike."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.editor = User.objects.create_user("edna", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editor"))

    def setUp(self) -> None:
        self.client.force_login(self.editor)

    def preview(self, kind: str, **files: bytes) -> str:
        fields: dict[str, object] = {"kind": kind, "slug": "large"}
        for field, data in files.items():
            handle = io.BytesIO(data)
            handle.name = f"{field}.{ {'tmx': 'tmx', 'docx': 'docx'}.get(kind, 'txt') }"
            fields[field] = handle
        response = self.client.post(reverse("admin:corpus_resolution_import"), fields)
        assert response.status_code == 200
        return response.content.decode()

    @override_settings(TAWAZI_MAX_UPLOAD_BYTES=24 * 1024 * 1024)
    def test_a_raised_limit_admits_large_text_tmx_and_word_files(self) -> None:
        """With the limit raised to 24 MB, files of 20 MB and more reach the preview."""
        ar, en = demo_sides()
        text = "\n".join(ar[:5] + en[:5]).encode()
        bilingual = text + b" " * (OVER_20_MB - len(text))
        assert "5 Arabic and 5 English paragraphs" in self.preview("bilingual", file=bilingual)
        units = "".join(
            f'<tu><tuv xml:lang="ar"><seg>{a}</seg></tuv><tuv xml:lang="en"><seg>{e}</seg></tuv></tu>'
            for a, e in zip(ar[:5], en[:5], strict=True)
        ).encode()
        head = b'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header/><body>'
        tmx = head + units + b" " * (OVER_20_MB - len(head + units)) + b"</body></tmx>"
        assert "5 Arabic and 5 English paragraphs" in self.preview("tmx", file=tmx)
        word = {"file_ar": _padded_docx(ar[:5], OVER_20_MB), "file_en": _padded_docx(en[:5], 9000)}
        assert len(word["file_ar"]) > 20 * 1024 * 1024
        assert "5 Arabic and 5 English paragraphs" in self.preview("docx", **word)

    @override_settings(TAWAZI_MAX_UPLOAD_BYTES=8192)
    def test_a_file_over_the_limit_is_refused_in_megabytes_naming_the_setting(self) -> None:
        """The message gives both sizes and the setting to raise, for every kind of file (keyed
        YAML files too)."""
        ar, en = demo_sides()
        word = _padded_docx(en[:5], 20_000)
        for kind, files in (
            ("docx", {"file_ar": _padded_docx(ar[:5], 9000), "file_en": word}),
            ("tmx", {"file": b"<tmx/>" + b" " * 9000}),
            ("pair", {"file_ar": "\n".join(ar).encode(), "file_en": "\n".join(en).encode()}),
            (
                "keyed",
                {
                    "file_ar": "".join(f"op-{k}: {t}\n" for k, t in enumerate(ar)).encode(),
                    "file_en": "".join(f"op-{k}: {t}\n" for k, t in enumerate(en)).encode(),
                },
            ),
        ):
            html = self.preview(kind, **files)
            assert "MB (" in html and "TAWAZI_MAX_UPLOAD_BYTES" in html, kind
            assert "Preview: nothing is saved yet" not in html
        assert not Resolution.objects.exists()

    @override_settings(TAWAZI_MAX_UPLOAD_BYTES=1024 * 1024)
    def test_a_word_zip_bomb_or_non_word_file_is_refused_with_a_message(self) -> None:
        """A 90 KB upload whose document.xml unpacks to 17 MB (the limit, at 1 MB uploads, is
        16 MB unpacked), and a PDF chosen as a Word file: a message on the form, no preview,
        nothing stored."""
        ar, _ = demo_sides()
        arabic = _padded_docx(ar[:5], 9000)
        for english, message in (
            (zip_bomb(17 * 1024 * 1024), "file_en.docx: the file unpacks to more than 16.0 MB"),
            (b"%PDF-1.7\n" + b"\0" * 1024, "file_en.docx: not a Word .docx file"),
        ):
            html = self.preview("docx", file_ar=arabic, file_en=english)
            assert message in html
            assert "Preview: nothing is saved yet" not in html
        assert not Resolution.objects.exists()


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
