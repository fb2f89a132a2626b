"""Nothing lost: every write (import, re-import, re-align, each kind of edit, undo) that fails
half way leaves the database exactly as it was, row for row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import TestCase

from apps.alignment import services as alignment_services
from apps.alignment.models import Level, Link
from apps.alignment.services import (
    edit_undo,
    link_confirm,
    link_flag,
    link_merge,
    link_split,
    link_unlink,
    paragraph_edit_text,
    resolution_realign,
    resolution_realign_unconfirmed,
    unit_shift,
)
from apps.corpus.models import Paragraph
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides
from tests.core.test_security import database_fingerprint


class Injected(RuntimeError):
    """The fault a test injects."""


class AtomicWriteTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar[:12], en_paragraphs=en[:12], meta=ResolutionMeta(slug="demo")
        )
        cls.editor = User.objects.create_user("editor", password=None)

    def links(self, level: str = Level.PARAGRAPH) -> list[Link]:
        return list(Link.objects.of(self.resolution).at(level).order_by("position"))

    def assert_fails_cleanly(self, target: str, write: Callable[[], Any]) -> None:
        """Make `target` raise when the write reaches it, half way through (rows already
        changed inside the transaction); afterwards the database must be as before."""
        before = database_fingerprint()
        at_fault: list[str] = []

        def fault(*args: Any, **kwargs: Any) -> None:
            at_fault.append(database_fingerprint())
            raise Injected("injected fault")

        with mock.patch(target, side_effect=fault), pytest.raises(Injected):
            write()
        assert at_fault and at_fault[0] != before, f"{target} was reached before any write"
        assert database_fingerprint() == before, f"a failed write through {target} left changes"

    # The fault is injected in the last step of each write (recording the edit, or re-indexing
    # search), after every link and unit row has been rewritten.
    RECORD = "apps.alignment.services._record"

    def test_reimport_with_replace(self) -> None:
        """Replacing a resolution that fails while storing links keeps the old one intact."""
        ar, en = demo_sides()
        self.assert_fails_cleanly(
            "apps.corpus.services.links_create",
            lambda: resolution_import(
                ar_paragraphs=ar[:20],
                en_paragraphs=en[:20],
                meta=ResolutionMeta(slug="demo"),
                replace=True,
            ),
        )
        assert Paragraph.objects.filter(resolution__slug="demo").count() == 24

    def test_realign(self) -> None:
        """A re-alignment that fails while writing links keeps the old links."""
        self.assert_fails_cleanly(
            "apps.alignment.services.links_create"
            if hasattr(alignment_services, "links_create")
            else self.RECORD,
            lambda: resolution_realign(resolution=self.resolution),
        )

    def test_realign_unconfirmed(self) -> None:
        """The editors' re-align, failing before it is recorded, keeps the old links."""
        self.assert_fails_cleanly(
            self.RECORD,
            lambda: resolution_realign_unconfirmed(resolution=self.resolution, user=self.editor),
        )

    def test_confirm_and_flag(self) -> None:
        """Confirming or flagging a link that fails to record leaves its status and version."""
        link = self.links()[3]
        self.assert_fails_cleanly(
            self.RECORD,
            lambda: link_confirm(
                resolution=self.resolution, link_id=link.pk, version=link.version, user=self.editor
            ),
        )
        self.assert_fails_cleanly(
            self.RECORD,
            lambda: link_flag(
                resolution=self.resolution,
                link_id=link.pk,
                version=link.version,
                user=self.editor,
                note="Check the date",
            ),
        )

    def test_merge_split_unlink_shift(self) -> None:
        """Restructuring edits that fail after rewriting links and their children change nothing."""
        first, second = self.links()[4:6]
        versions = {first.pk: first.version, second.pk: second.version}
        self.assert_fails_cleanly(
            self.RECORD,
            lambda: link_merge(resolution=self.resolution, versions=versions, user=self.editor),
        )
        sentence = next(k for k in self.links(Level.SENTENCE) if k.version == 1)
        self.assert_fails_cleanly(
            self.RECORD,
            lambda: link_unlink(
                resolution=self.resolution, link_id=first.pk, version=1, user=self.editor
            ),
        )
        # A real merge to have something to split and shift.
        link_merge(resolution=self.resolution, versions=versions, user=self.editor)
        merged = Link.objects.get(pk=first.pk)
        self.assert_fails_cleanly(
            self.RECORD,
            lambda: link_split(
                resolution=self.resolution,
                link_id=merged.pk,
                version=merged.version,
                ar_at=1,
                en_at=1,
                user=self.editor,
            ),
        )
        following = self.links()[5]
        self.assert_fails_cleanly(
            self.RECORD,
            lambda: unit_shift(
                resolution=self.resolution,
                link_id=merged.pk,
                lang="en",
                direction="next",
                versions={merged.pk: merged.version, following.pk: following.version},
                user=self.editor,
            ),
        )
        assert sentence.pk  # the sentence links were there to be rebuilt

    def test_text_edit(self) -> None:
        """A paragraph text edit failing at its last step (search re-index) keeps text and units."""
        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="en", index=7)
        link = paragraph.links.get()
        target = (
            "apps.alignment.services._search_reindex"
            if hasattr(alignment_services, "_search_reindex")
            else self.RECORD
        )
        self.assert_fails_cleanly(
            target,
            lambda: paragraph_edit_text(
                resolution=self.resolution,
                paragraph_id=paragraph.pk,
                text=paragraph.text + " It calls for an immediate ceasefire.",
                versions={link.pk: link.version},
                user=self.editor,
            ),
        )

    def test_undo(self) -> None:
        """An undo that fails before it is recorded leaves the edit in place."""
        first, second = self.links()[1:3]
        edit = link_merge(
            resolution=self.resolution,
            versions={first.pk: first.version, second.pk: second.version},
            user=self.editor,
        )
        self.assert_fails_cleanly(
            self.RECORD,
            lambda: edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.editor),
        )
