"""Cache stamps: every kind of write moves the resolution's revision and the corpus generation,
in its own transaction; a refused write moves neither."""

from __future__ import annotations

import io

from django.contrib.admin import site
from django.contrib.auth.models import User
from django.test import RequestFactory, TestCase

from apps.alignment.models import Level, Link
from apps.alignment.services import (
    StaleEditError,
    edit_undo,
    link_confirm,
    link_flag,
    link_merge,
    link_unlink,
    paragraph_edit_text,
    resolution_realign,
    resolution_realign_unconfirmed,
)
from apps.core.corpus_dump import corpus_dump, corpus_load
from apps.corpus.models import Paragraph, Resolution
from apps.corpus.revisions import corpus_generation, revision_bump
from apps.corpus.services import ResolutionMeta, resolution_import
from apps.search.services import search_rebuild
from tests.conftest import demo_sides


def stamps(resolution: Resolution) -> tuple[int, int]:
    """The resolution's revision and the corpus generation, as stored."""
    return Resolution.objects.get(pk=resolution.pk).revision, corpus_generation()


class RevisionTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.demo = resolution_import(
            ar_paragraphs=ar[:6], en_paragraphs=en[:6], meta=ResolutionMeta(slug="demo")
        )
        cls.other = resolution_import(
            ar_paragraphs=ar[6:9], en_paragraphs=en[6:9], meta=ResolutionMeta(slug="other")
        )
        cls.editor = User.objects.create_user("editor")

    def paragraph_links(self) -> list[Link]:
        return list(Link.objects.of(self.demo).at(Level.PARAGRAPH).order_by("position"))

    def assert_moves(self, write, resolution: Resolution | None = None) -> None:  # type: ignore[no-untyped-def]
        """write() moves the corpus generation and (if given) the resolution's revision, and
        leaves the other resolution's revision alone."""
        resolution = resolution or self.demo
        revision, generation = stamps(resolution)
        untouched = stamps(self.other)[0]
        write()
        new_revision, new_generation = stamps(resolution)
        assert new_generation > generation
        assert new_revision > revision and new_revision == new_generation
        assert stamps(self.other)[0] == untouched

    def test_import_stamps_the_new_resolution(self) -> None:
        """An imported resolution starts with the current generation as its revision."""
        assert self.demo.revision > 0
        assert stamps(self.other)[0] == corpus_generation()

    def test_every_edit_moves_the_stamps(self) -> None:
        """Confirm, flag, merge, unlink, text edit, undo and re-alignment each move both stamps."""
        first, second, third = self.paragraph_links()[:3]
        self.assert_moves(
            lambda: link_confirm(
                resolution=self.demo, link_id=first.pk, version=1, user=self.editor
            )
        )
        self.assert_moves(
            lambda: link_flag(
                resolution=self.demo, link_id=second.pk, version=1, user=self.editor, note="?"
            )
        )
        merge = []
        self.assert_moves(
            lambda: merge.append(
                link_merge(
                    resolution=self.demo, versions={second.pk: 2, third.pk: 1}, user=self.editor
                )
            )
        )
        self.assert_moves(lambda: edit_undo(resolution=self.demo, edit_id=merge[0].pk, user=None))
        paragraph = Paragraph.objects.get(resolution=self.demo, lang="en", index=5)
        (link,) = Link.objects.filter(level=Level.PARAGRAPH, paragraphs=paragraph)
        self.assert_moves(
            lambda: paragraph_edit_text(
                resolution=self.demo,
                paragraph_id=paragraph.pk,
                text="The Council welcomes the edited text.",
                versions={link.pk: link.version},
                user=self.editor,
            )
        )
        last = self.paragraph_links()[-1]
        self.assert_moves(
            lambda: link_unlink(
                resolution=self.demo, link_id=last.pk, version=last.version, user=self.editor
            )
        )
        self.assert_moves(lambda: resolution_realign(resolution=self.demo))
        self.assert_moves(
            lambda: resolution_realign_unconfirmed(resolution=self.demo, user=self.editor)
        )

    def test_a_refused_edit_moves_nothing(self) -> None:
        """An edit against a stale version is rolled back, stamps included."""
        first = self.paragraph_links()[0]
        before = stamps(self.demo)
        with self.assertRaises(StaleEditError):
            link_confirm(resolution=self.demo, link_id=first.pk, version=99, user=self.editor)
        assert stamps(self.demo) == before

    def test_index_rebuild_and_corpus_load_move_the_generation(self) -> None:
        """Rebuilding the search index and loading a dump both move the corpus generation."""
        generation = corpus_generation()
        search_rebuild()
        assert corpus_generation() > generation
        stream = io.StringIO()
        corpus_dump(stream=stream)
        generation = corpus_generation()
        corpus_load(lines=iter(stream.getvalue().splitlines()), replace=True)
        assert corpus_generation() > generation

    def test_stamps_never_repeat(self) -> None:
        """Each bump gives a new, larger value, even when the counter row was lost."""
        values = [revision_bump() for _ in range(5)]
        assert values == sorted(set(values))
        from apps.corpus.models import CorpusGeneration

        CorpusGeneration.objects.all().delete()
        assert corpus_generation() == 0
        assert revision_bump() > values[-1]

    def test_admin_save_and_delete_move_the_stamps(self) -> None:
        """Changing a resolution's metadata or deleting it in the admin moves the stamps."""
        admin = User.objects.create_superuser("admin", password="long-enough-pw-9")
        self.client.force_login(admin)
        url = f"/admin/corpus/resolution/{self.demo.pk}/change/"
        fields = {"slug": "demo", "symbol": "X/1", "title_en": "Renamed", "title_ar": ""}
        fields |= {"body": "", "session": "", "date": "", "place": ""}
        self.assert_moves(lambda: self.client.post(url, fields))
        assert Resolution.objects.get(pk=self.demo.pk).title_en == "Renamed"
        # The admin refuses the delete page (links cannot be deleted there); should that change,
        # deleting still moves the generation.
        generation = corpus_generation()
        resolution_admin = site._registry[Resolution]
        resolution_admin.delete_model(RequestFactory().post("/"), self.other)
        assert not Resolution.objects.filter(pk=self.other.pk).exists()
        assert corpus_generation() > generation
