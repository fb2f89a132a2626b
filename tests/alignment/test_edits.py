"""Editing the demo resolution's alignment: merge, split, shift, link/unlink, confirm, flag, text
edits; every edit recorded and undoable; stale versions refused."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import TestCase

from apps.alignment.models import Edit, Level, Link, Status
from apps.alignment.selectors import resolution_export, resolution_rows
from apps.alignment.services import (
    EditError,
    StaleEditError,
    _members,
    edit_undo,
    link_confirm,
    link_confirm_undo,
    link_flag,
    link_link,
    link_merge,
    link_review_undo,
    link_split,
    link_unlink,
    paragraph_edit_text,
    resolution_realign_unconfirmed,
    unit_shift,
)
from apps.bitext.qa import check_units, length_ratio
from apps.corpus.models import Clause, Paragraph, Sentence
from apps.corpus.services import ResolutionMeta, resolution_import
from apps.review.selectors import review_items, review_queue
from tests.conftest import demo_sides


def links_at(resolution, level: str) -> list[Link]:
    return list(Link.objects.of(resolution).at(level).order_by("position"))


def sides(link: Link) -> dict[str, list[int]]:
    return _members(link.level, [link.pk])[link.pk]


def alignment_of(resolution) -> list[tuple]:
    """The alignment as a comparable value: per level, the members and status of each link."""
    data = resolution_export(resolution)
    return [(k["level"], k["ar"], k["en"], k["status"]) for k in data["links"]], [
        (s["paragraph"], s["start"], s["end"], s["text"]) for s in data["sentences"]
    ]


def positions_are_dense(resolution) -> bool:
    for level in Level:
        positions = [link.position for link in links_at(resolution, level)]
        if positions != sorted(set(positions)):
            return False
    return True


class EditTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.editor = User.objects.create_user("editor")

    def test_confirm_bumps_version_and_records_who(self) -> None:
        """Confirming a link sets its status, bumps its version and logs who did it."""
        link = links_at(self.resolution, Level.SENTENCE)[3]
        edit = link_confirm(
            resolution=self.resolution, link_id=link.pk, version=link.version, user=self.editor
        )
        link.refresh_from_db()
        assert link.status == Status.CONFIRMED and link.version == 2
        assert edit.user == self.editor and edit.before["links"]["sentence"][0]["status"] == "auto"
        assert edit.after["links"]["sentence"][0]["status"] == "confirmed"

    def test_stale_version_is_refused(self) -> None:
        """A second save against the version both editors loaded is refused, not applied."""
        link = links_at(self.resolution, Level.CLAUSE)[10]
        link_flag(
            resolution=self.resolution,
            link_id=link.pk,
            version=1,
            user=User.objects.create_user("omar"),
            note="English adds 'firmly'",
        )
        with self.assertRaisesMessage(StaleEditError, "changed by someone else"):
            link_confirm(resolution=self.resolution, link_id=link.pk, version=1, user=self.editor)
        link.refresh_from_db()
        assert link.status == Status.AUTO and link.flagged and link.note == "English adds 'firmly'"

    def test_a_stale_save_after_ones_own_other_change_names_it_as_ones_own(self) -> None:
        """The same editor's second save against the version she loaded twice is refused as
        her own change made in another tab or window, named, not as someone else's."""
        link = links_at(self.resolution, Level.CLAUSE)[10]
        link_flag(
            resolution=self.resolution,
            link_id=link.pk,
            version=1,
            user=self.editor,
            note="English adds 'firmly'",
        )
        with self.assertRaisesMessage(
            StaleEditError,
            "You changed this in another tab or window: “Flagged clause link #11: English adds "
            "'firmly'”. Reload to see it.",
        ):
            link_confirm(resolution=self.resolution, link_id=link.pk, version=1, user=self.editor)

    def test_merge_then_undo_restores_exactly(self) -> None:
        """Merging two paragraph links joins their units; undo gives back the same alignment."""
        original = alignment_of(self.resolution)
        first, second = links_at(self.resolution, Level.PARAGRAPH)[5:7]
        edit = link_merge(
            resolution=self.resolution,
            versions={first.pk: first.version, second.pk: second.version},
            user=self.editor,
        )
        merged = Link.objects.get(pk=first.pk)
        assert not Link.objects.filter(pk=second.pk).exists()
        assert len(sides(merged)["ar"]) == 2 and len(sides(merged)["en"]) == 2
        assert merged.status == Status.CORRECTED
        assert len(links_at(self.resolution, Level.PARAGRAPH)) == 41
        assert positions_are_dense(self.resolution)
        edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.editor)
        assert alignment_of(self.resolution) == original
        assert Link.objects.get(pk=second.pk).version > second.version

    def test_merge_refuses_links_that_are_not_neighbours(self) -> None:
        """Only adjacent links merge."""
        links = links_at(self.resolution, Level.PARAGRAPH)
        with self.assertRaisesMessage(EditError, "not neighbours"):
            link_merge(
                resolution=self.resolution,
                versions={links[2].pk: 1, links[9].pk: 1},
                user=self.editor,
            )
        assert len(links_at(self.resolution, Level.PARAGRAPH)) == 42

    def test_split_a_paragraph_link_realigns_its_sentences(self) -> None:
        """Splitting a merged paragraph link gives two links, and the sentence links under it
        stay inside one paragraph link each."""
        first, second = links_at(self.resolution, Level.PARAGRAPH)[10:12]
        link_merge(
            resolution=self.resolution,
            versions={first.pk: 1, second.pk: 1},
            user=self.editor,
        )
        merged = Link.objects.get(pk=first.pk)
        edit = link_split(
            resolution=self.resolution,
            link_id=merged.pk,
            version=merged.version,
            ar_at=1,
            en_at=0,
            user=self.editor,
        )
        # The history says it in plain English, not "after 1 Arabic and 0 English units".
        assert edit.summary.endswith("after 1 Arabic unit and no English unit"), edit.summary
        paragraph_links = links_at(self.resolution, Level.PARAGRAPH)
        assert len(paragraph_links) == 42  # 42 - 1 merged + 1 split
        top = {link.pk: sides(link) for link in paragraph_links}
        parent_of = {p: pk for pk, s in top.items() for p in s["ar"] + s["en"]}
        for link in links_at(self.resolution, Level.SENTENCE):
            units = sides(link)["ar"] + sides(link)["en"]
            paragraphs = Sentence.objects.filter(pk__in=units).values_list(
                "paragraph_id", flat=True
            )
            assert len({parent_of[p] for p in paragraphs}) == 1
        assert positions_are_dense(self.resolution)

    def test_sentence_flags_survive_a_paragraph_shift(self) -> None:
        """Moving English paragraph 21 onto the link of paragraph 20 re-aligns the sentences
        under both links; the flagged sentence links it re-draws pass their flags and notes to
        the links over their sentences, and the neighbours stay unflagged."""

        def sentence_link(lang: str, paragraph: int) -> Link:
            return (
                Link.objects.of(self.resolution)
                .at(Level.SENTENCE)
                .filter(sentences__lang=lang, sentences__paragraph__index=paragraph)
                .order_by("position")
                .first()
            )

        of_20, of_21 = sentence_link("ar", 20), sentence_link("ar", 21)  # both 1:1
        for link, note in ((of_20, "Check 'grave'"), (of_21, "Ask the editor")):
            link_flag(
                resolution=self.resolution,
                link_id=link.pk,
                version=link.version,
                note=note,
                user=self.editor,
            )
        source, target = links_at(self.resolution, Level.PARAGRAPH)[20:22]
        unit_shift(
            resolution=self.resolution,
            link_id=target.pk,
            lang="en",
            direction="prev",
            versions={source.pk: source.version, target.pk: target.version},
            user=self.editor,
        )
        assert not Link.objects.filter(pk__in=[of_20.pk, of_21.pk]).exists()
        notes = {}
        for link in links_at(self.resolution, Level.SENTENCE):
            members = Sentence.objects.filter(pk__in=sides(link)["ar"] + sides(link)["en"])
            for sentence in members.select_related("paragraph"):
                notes[(sentence.lang, sentence.paragraph.index, sentence.index)] = (
                    link.flagged,
                    link.note,
                )
        # Each sentence of the two re-drawn links is on a link that carries its flag and note.
        assert notes[("ar", 20, 0)] == notes[("en", 20, 0)] == (True, "Check 'grave'")
        assert notes[("ar", 21, 0)] == notes[("en", 21, 0)] == (True, "Ask the editor")
        assert notes[("ar", 19, 0)] == notes[("ar", 22, 0)] == (False, "")

    def test_shift_moves_a_unit_to_the_next_link_and_back(self) -> None:
        """Shifting the last English clause to the next link, then undoing, restores it."""
        original = alignment_of(self.resolution)
        clauses = links_at(self.resolution, Level.CLAUSE)
        # A clause link with two English clauses whose neighbour is under the same sentence.
        source = next(
            c
            for c, n in zip(clauses, clauses[1:], strict=False)
            if len(sides(c)["en"]) == 2
            and sides(n)["en"]
            and Sentence.objects.filter(clauses__in=sides(c)["en"] + sides(n)["en"])
            .distinct()
            .count()
            == 1
        )
        target = clauses[clauses.index(source) + 1]
        moved = sides(source)["en"][-1]
        edit = unit_shift(
            resolution=self.resolution,
            link_id=source.pk,
            lang="en",
            direction="next",
            versions={source.pk: 1, target.pk: 1},
            user=self.editor,
        )
        assert sides(Link.objects.get(pk=target.pk))["en"][0] == moved
        assert moved not in sides(Link.objects.get(pk=source.pk))["en"]
        edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.editor)
        assert alignment_of(self.resolution) == original

    def test_unlink_and_link_again(self) -> None:
        """Unlinking a 1:1 link leaves two unaligned units; linking them makes one link."""
        link = links_at(self.resolution, Level.SENTENCE)[4]
        pair = sides(link)
        link_unlink(resolution=self.resolution, link_id=link.pk, version=1, user=self.editor)
        ar_only, en_only = links_at(self.resolution, Level.SENTENCE)[4:6]
        assert sides(ar_only) == {"ar": pair["ar"], "en": []}
        assert sides(en_only) == {"ar": [], "en": pair["en"]}
        edit = link_link(
            resolution=self.resolution,
            ar_link_id=ar_only.pk,
            en_link_id=en_only.pk,
            versions={ar_only.pk: ar_only.version, en_only.pk: en_only.version},
            user=self.editor,
        )
        assert edit.action == Edit.Action.LINK
        assert sides(links_at(self.resolution, Level.SENTENCE)[4]) == pair

    def test_text_edit_resegments_only_that_stretch_and_undoes(self) -> None:
        """Editing an English paragraph re-segments it and re-aligns only its stretch; other
        paragraphs keep their sentence and clause links; undo restores text and alignment."""
        original = alignment_of(self.resolution)
        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="en", index=8)
        link = paragraph.links.get()
        untouched = [
            (k.pk, k.version)
            for k in Link.objects.of(self.resolution)
            .exclude(sentences__paragraph=paragraph)
            .exclude(clauses__sentence__paragraph=paragraph)
            .exclude(paragraphs=paragraph)
        ]
        new_text = paragraph.text + " It also calls for an immediate ceasefire."
        edit = paragraph_edit_text(
            resolution=self.resolution,
            paragraph_id=paragraph.pk,
            text=new_text,
            versions={link.pk: link.version},
            user=self.editor,
        )
        paragraph.refresh_from_db()
        assert paragraph.text == new_text
        assert paragraph.sentences.last().text == "It also calls for an immediate ceasefire."
        assert set(
            Link.objects.filter(pk__in=[pk for pk, _ in untouched]).values_list("pk", "version")
        ) == set(untouched)
        # The new sentence is on a link (unaligned on the Arabic side or joined to it).
        assert paragraph.sentences.last().links.exists()
        assert positions_are_dense(self.resolution)
        edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.editor)
        assert alignment_of(self.resolution) == original

    def test_text_edit_that_changes_a_kind_renumbers_the_part(self) -> None:
        """An editor replaces the English op. 2 with the report's framing sentence: it is no
        longer operative, so the next paragraph becomes op. 2 in the reader; undo gives op. 3
        back. The Arabic numbers are the Arabic side's own and do not move."""
        paragraphs = Paragraph.objects.filter(resolution=self.resolution, lang="en")
        edited, following = paragraphs.get(index=4), paragraphs.get(index=5)
        framing = paragraphs.get(index=1).text
        assert (edited.kind, edited.number, following.number) == ("operative", 2, 3)
        arabic = dict(
            Paragraph.objects.filter(resolution=self.resolution, lang="ar").values_list(
                "pk", "number"
            )
        )

        def label(paragraph: Paragraph) -> str:
            rows = resolution_rows(self.resolution)
            return next(p.label for row in rows for p in row.en if p.id == paragraph.pk)

        link = edited.links.get()
        edit = paragraph_edit_text(
            resolution=self.resolution,
            paragraph_id=edited.pk,
            text=framing,
            versions={link.pk: link.version},
            user=self.editor,
        )
        edited.refresh_from_db()
        assert (edited.kind, edited.number) == ("framing", 0)
        assert label(following) == "op. 2"
        assert label(paragraphs.get(index=13)) == "op. 10"
        edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.editor)
        assert label(edited) == "op. 2" and label(following) == "op. 3"
        after = Paragraph.objects.filter(resolution=self.resolution, lang="ar")
        assert dict(after.values_list("pk", "number")) == arabic

    def test_text_edit_keeps_the_review_of_the_clauses_it_leaves_as_they_were(self) -> None:
        """A reviewer confirmed the four clause links of the opening paragraph; an editor then adds
        a word to the English paragraph's last clause, having been shown its link (the save
        re-draws it). The confirmations of the four clauses whose text is unchanged stay; only
        the changed clause's link is automatic again, and undoing the edit gives all four links
        back."""
        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="en", index=0)
        clause_links = list(
            Link.objects.of(self.resolution)
            .at(Level.CLAUSE)
            .filter(clauses__sentence__paragraph=paragraph)
            .distinct()
            .order_by("position")
        )
        assert len(clause_links) == 4
        for link in clause_links:
            link_confirm(
                resolution=self.resolution, link_id=link.pk, version=link.version, user=self.editor
            )
        before = alignment_of(self.resolution)
        link = paragraph.links.get()
        assert paragraph.text.endswith("the Palestinian people.")
        last = Link.objects.get(pk=clause_links[-1].pk)
        assert last.clauses.get(lang="en").text.endswith("the Palestinian people.")
        edit = paragraph_edit_text(
            resolution=self.resolution,
            paragraph_id=paragraph.pk,
            text=paragraph.text.removesuffix(".") + " in Gaza.",
            versions={link.pk: link.version},
            user=self.editor,
            seen_below={last.pk: last.version},
        )
        statuses = {
            text: status
            for text, status in Link.objects.of(self.resolution)
            .at(Level.CLAUSE)
            .filter(clauses__sentence__paragraph=paragraph)
            .values_list("clauses__text", "status")
        }
        changed = [text for text in statuses if text.endswith("in Gaza.")]
        assert len(changed) == 1 and statuses.pop(changed[0]) == Status.AUTO
        assert list(statuses.values()) == [Status.CONFIRMED] * 4, statuses
        edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.editor)
        assert alignment_of(self.resolution) == before

    def test_text_edit_leaves_out_control_characters(self) -> None:
        """Text pasted with a NUL or an escape character is saved without them, as an import
        would read it (PostgreSQL refuses NUL in text)."""
        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="en", index=8)
        link = paragraph.links.get()
        paragraph_edit_text(
            resolution=self.resolution,
            paragraph_id=paragraph.pk,
            text=paragraph.text + " It also\x00 calls for an immediate\x1b ceasefire.\x0c",
            versions={link.pk: link.version},
            user=self.editor,
        )
        paragraph.refresh_from_db()
        assert paragraph.sentences.last().text == "It also calls for an immediate ceasefire."

    def test_text_edit_strips_invisible_marks_at_its_edges_as_an_import_does(self) -> None:
        """Bidi marks round pasted text are not stored, and text of nothing but marks is as
        empty as no text: the edit is refused rather than leave an invisible paragraph."""
        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="en", index=8)
        link = paragraph.links.get()
        with self.assertRaisesMessage(EditError, "cannot be empty"):
            paragraph_edit_text(
                resolution=self.resolution,
                paragraph_id=paragraph.pk,
                text="\u200f \u202b\u202c",
                versions={link.pk: link.version},
                user=self.editor,
            )
        added = " It also calls for an immediate ceasefire."
        paragraph_edit_text(
            resolution=self.resolution,
            paragraph_id=paragraph.pk,
            text=f"\u202a{paragraph.text}{added}\u202c\u200e",
            versions={link.pk: link.version},
            user=self.editor,
        )
        edited = paragraph.text + added
        paragraph.refresh_from_db()
        assert paragraph.text == edited

    def test_undo_after_other_edits_elsewhere(self) -> None:
        """An early edit is undone in one step after later, unrelated edits; the later ones stay."""
        paragraphs = links_at(self.resolution, Level.PARAGRAPH)
        early = link_merge(
            resolution=self.resolution,
            versions={paragraphs[1].pk: 1, paragraphs[2].pk: 1},
            user=self.editor,
        )
        later = link_unlink(
            resolution=self.resolution, link_id=paragraphs[30].pk, version=1, user=self.editor
        )
        edit_undo(resolution=self.resolution, edit_id=early.pk, user=self.editor)
        current = links_at(self.resolution, Level.PARAGRAPH)
        assert len(current) == 43  # 42, +1 from the unlink that stays
        assert sides(current[1])["ar"] and sides(current[2])["ar"]
        assert sides(Link.objects.get(pk=paragraphs[30].pk))["en"] == []
        later.refresh_from_db()
        assert later.undone_by is None

    def test_undo_refused_when_a_later_edit_touched_the_stretch(self) -> None:
        """Undoing a merge whose result was confirmed later is refused, naming the later edit."""
        first, second = links_at(self.resolution, Level.PARAGRAPH)[3:5]
        merge = link_merge(
            resolution=self.resolution, versions={first.pk: 1, second.pk: 1}, user=self.editor
        )
        merged = Link.objects.get(pk=first.pk)
        link_confirm(
            resolution=self.resolution, link_id=merged.pk, version=merged.version, user=self.editor
        )
        with self.assertRaisesMessage(StaleEditError, "Confirmed paragraph link #4"):
            edit_undo(resolution=self.resolution, edit_id=merge.pk, user=self.editor)
        assert len(links_at(self.resolution, Level.PARAGRAPH)) == 41

    def test_undoing_edits_one_by_one_walks_back_to_the_start(self) -> None:
        """Undoing the latest edit and then the one before it on the same stretch (unlink a
        sentence link, link its parts again, undo both) gives back the original alignment."""
        original = alignment_of(self.resolution)
        link = next(k for k in links_at(self.resolution, Level.SENTENCE) if sides(k)["ar"])
        unlink = link_unlink(
            resolution=self.resolution, link_id=link.pk, version=link.version, user=self.editor
        )
        ar_only, en_only = (Link.objects.get(pk=s["id"]) for s in unlink.after["links"]["sentence"])
        relink = link_link(
            resolution=self.resolution,
            ar_link_id=ar_only.pk,
            en_link_id=en_only.pk,
            versions={ar_only.pk: ar_only.version, en_only.pk: en_only.version},
            user=self.editor,
        )
        edit_undo(resolution=self.resolution, edit_id=relink.pk, user=self.editor)
        edit_undo(resolution=self.resolution, edit_id=unlink.pk, user=self.editor)
        assert alignment_of(self.resolution) == original
        assert positions_are_dense(self.resolution)

    def test_undo_after_an_undone_later_edit_but_not_after_a_live_one(self) -> None:
        """A later edit on the same stretch blocks undo only while it stands: once it is undone,
        the earlier merge undoes; re-done (undo of the undo), it blocks again."""
        first, second = links_at(self.resolution, Level.PARAGRAPH)[3:5]
        merge = link_merge(
            resolution=self.resolution, versions={first.pk: 1, second.pk: 1}, user=self.editor
        )
        merged = Link.objects.get(pk=first.pk)
        confirm = link_confirm(
            resolution=self.resolution, link_id=merged.pk, version=merged.version, user=self.editor
        )
        undo = edit_undo(resolution=self.resolution, edit_id=confirm.pk, user=self.editor)
        edit_undo(resolution=self.resolution, edit_id=undo.pk, user=self.editor)
        with self.assertRaisesMessage(StaleEditError, "changed the same stretch"):
            edit_undo(resolution=self.resolution, edit_id=merge.pk, user=self.editor)
        assert Link.objects.get(pk=first.pk).status == Status.CONFIRMED
        redo = Edit.objects.filter(resolution=self.resolution).first()
        edit_undo(resolution=self.resolution, edit_id=redo.pk, user=self.editor)
        edit_undo(resolution=self.resolution, edit_id=merge.pk, user=self.editor)
        assert len(links_at(self.resolution, Level.PARAGRAPH)) == 42
        assert sides(Link.objects.get(pk=second.pk))["ar"]

    def test_undo_refused_when_a_later_edit_below_relies_on_the_stretch(self) -> None:
        """Alice merges paragraph links #4 and #5; Bob then merges their two sentence links,
        which that merge allowed. Undoing Alice's merge would leave Bob's sentence link across
        two paragraph links, so it is refused naming his merge; once his is undone, hers is."""
        bob = User.objects.create_user("bob")
        first, second = links_at(self.resolution, Level.PARAGRAPH)[3:5]
        merge = link_merge(
            resolution=self.resolution, versions={first.pk: 1, second.pk: 1}, user=self.editor
        )
        a, b = links_at(self.resolution, Level.SENTENCE)[3:5]
        joined = {lang: sides(a)[lang] + sides(b)[lang] for lang in ("ar", "en")}
        below = link_merge(
            resolution=self.resolution, versions={a.pk: a.version, b.pk: b.version}, user=bob
        )
        with self.assertRaisesMessage(
            StaleEditError, "A later edit by bob (“Merged 2 sentence links from #4”)"
        ):
            edit_undo(resolution=self.resolution, edit_id=merge.pk, user=self.editor)
        assert len(links_at(self.resolution, Level.PARAGRAPH)) == 41
        assert sides(Link.objects.get(pk=a.pk)) == joined  # Bob's merge stands
        edit_undo(resolution=self.resolution, edit_id=below.pk, user=bob)
        edit_undo(resolution=self.resolution, edit_id=merge.pk, user=self.editor)
        assert len(links_at(self.resolution, Level.PARAGRAPH)) == 42
        assert positions_are_dense(self.resolution)

    def _confirmed_sentence_below(self, paragraph: Link, user: User) -> Link:
        """Confirm (as user) the first sentence link over paragraph link's Arabic."""
        sentence = (
            Link.objects.of(self.resolution)
            .at(Level.SENTENCE)
            .filter(sentences__paragraph_id__in=sides(paragraph)["ar"])
            .distinct()
            .first()
        )
        link_confirm(resolution=self.resolution, link_id=sentence.pk, version=1, user=user)
        return Link.objects.get(pk=sentence.pk)

    def test_a_change_that_would_redraw_unseen_reviewed_links_below_is_refused(self) -> None:
        """Bob confirms a sentence link of paragraph link #4; Alice, at paragraph level, unlinks
        #4, which cannot keep it (its Arabic and English would be apart). Her page did not show
        Bob's link, so the unlink is refused, naming it, and nothing changes: Bob's work is never
        lost unless an editor breaks it knowingly; the refusal says whose it is."""
        bob = User.objects.create_user("bob")
        paragraph = links_at(self.resolution, Level.PARAGRAPH)[3]
        sentence = self._confirmed_sentence_below(paragraph, bob)
        before = alignment_of(self.resolution)
        with self.assertRaisesMessage(
            EditError,
            f"would re-draw a confirmed sentence link by bob (sentence link "
            f"#{sentence.position + 1}) below it",
        ) as refused:
            link_unlink(
                resolution=self.resolution, link_id=paragraph.pk, version=1, user=self.editor
            )
        assert refused.exception.below == [
            {
                "id": sentence.pk,
                "level": "sentence",
                "position": sentence.position,
                "version": 2,
                "status": "confirmed",
            }
        ]
        assert alignment_of(self.resolution) == before
        assert Link.objects.get(pk=sentence.pk).status == Status.CONFIRMED
        assert not Edit.objects.filter(action="unlink").exists()

    def test_a_change_that_redraws_reviewed_links_below_seen_says_so(self) -> None:
        """Sent again with the version of Bob's sentence link (Alice has seen it), the unlink is
        applied; its summary, in the history and the outcome, says that a confirmed sentence
        link was re-drawn, and undoing the unlink brings the confirmation back. A version that
        changed since she saw it is refused, naming who changed it."""
        bob = User.objects.create_user("bob")
        paragraph = links_at(self.resolution, Level.PARAGRAPH)[3]
        sentence = self._confirmed_sentence_below(paragraph, bob)
        number = sentence.position + 1
        # Named: the change since is Bob's confirmation of the aligner's link, not "someone's".
        with self.assertRaisesMessage(
            StaleEditError,
            f"Sentence link #{number} below was changed by bob (“Confirmed sentence link "
            f"#{number}”) since you were shown it.",
        ):
            link_unlink(
                resolution=self.resolution,
                link_id=paragraph.pk,
                version=1,
                seen_below={sentence.pk: 1},  # before Bob confirmed it
                user=self.editor,
            )
        unlink = link_unlink(
            resolution=self.resolution,
            link_id=paragraph.pk,
            version=1,
            seen_below={sentence.pk: sentence.version},
            user=self.editor,
        )
        assert unlink.summary == (
            "Unlinked paragraph link #4 into 2 unaligned units; "
            "1 confirmed sentence link by bob below was re-drawn (undo brings it back)"
        )
        assert not Link.objects.filter(pk=sentence.pk).exists()
        edit_undo(resolution=self.resolution, edit_id=unlink.pk, user=self.editor)
        assert Link.objects.get(pk=sentence.pk).status == Status.CONFIRMED

    def test_an_undo_promises_undo_brings_a_review_back_only_where_it_does(self) -> None:
        """The unlink re-drew Bob's confirmed sentence link "(undo brings it back)". Its undo
        brought the link back: its summary no longer promises that undoing it brings the link
        back (undoing it re-draws the link again). That undo undone (the unlink done again,
        Alice having seen Bob's link) re-draws it, and says so with the promise, which is true:
        undoing it brings the confirmation back."""
        bob = User.objects.create_user("bob")
        paragraph = links_at(self.resolution, Level.PARAGRAPH)[3]
        sentence = self._confirmed_sentence_below(paragraph, bob)
        unlink = link_unlink(
            resolution=self.resolution,
            link_id=paragraph.pk,
            version=1,
            seen_below={sentence.pk: sentence.version},
            user=self.editor,
        )
        undo = edit_undo(resolution=self.resolution, edit_id=unlink.pk, user=self.editor)
        assert undo.summary == "Undid: Unlinked paragraph link #4 into 2 unaligned units"
        restored = Link.objects.get(pk=sentence.pk)
        assert restored.status == Status.CONFIRMED
        redo = edit_undo(
            resolution=self.resolution,
            edit_id=undo.pk,
            user=self.editor,
            seen_below={sentence.pk: restored.version},
        )
        assert not Link.objects.filter(pk=sentence.pk).exists()
        # The history says "Redid", not "Undid: Undid:", and undoing the redo says "Undid" again.
        assert redo.summary == (
            "Redid: Unlinked paragraph link #4 into 2 unaligned units; "
            "1 confirmed sentence link by bob below was re-drawn (undo brings it back)"
        )
        again = edit_undo(resolution=self.resolution, edit_id=redo.pk, user=self.editor)
        assert Link.objects.get(pk=sentence.pk).status == Status.CONFIRMED
        assert again.summary == "Undid: Unlinked paragraph link #4 into 2 unaligned units"

    def test_a_change_that_keeps_reviewed_links_below_needs_no_sight_of_them(self) -> None:
        """Merging paragraph links #4 and #5 keeps Bob's confirmed sentence link below #4 (it
        still fits in the merged link), so nothing is refused and it stays confirmed."""
        bob = User.objects.create_user("bob")
        first, second = links_at(self.resolution, Level.PARAGRAPH)[3:5]
        sentence = self._confirmed_sentence_below(first, bob)
        link_merge(
            resolution=self.resolution, versions={first.pk: 1, second.pk: 1}, user=self.editor
        )
        assert Link.objects.get(pk=sentence.pk).status == Status.CONFIRMED

    def test_undo_of_undo_redoes(self) -> None:
        """Undoing an undo applies the edit again."""
        link = links_at(self.resolution, Level.SENTENCE)[7]
        edit = link_confirm(
            resolution=self.resolution, link_id=link.pk, version=1, user=self.editor
        )
        undo = edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.editor)
        assert Link.objects.get(pk=link.pk).status == Status.AUTO
        edit_undo(resolution=self.resolution, edit_id=undo.pk, user=self.editor)
        assert Link.objects.get(pk=link.pk).status == Status.CONFIRMED
        with self.assertRaisesMessage(EditError, "already been undone"):
            edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.editor)

    def test_redoing_a_change_from_the_history_does_not_redraw_an_unseen_review_at_its_level(
        self,
    ) -> None:
        """Bob confirms paragraph link #4; Alice unlinks it, seeing it; Carol undoes her unlink,
        which brings Bob's confirmation back. Undoing Carol's undo from the history (doing the
        unlink again) would re-draw Bob's confirmed paragraph link, at the undo's own level,
        which the history does not show: it is refused, naming the link and Bob, and nothing
        changes; sent again with its version, the unlink is done again."""
        bob = User.objects.create_user("bob")
        carol = User.objects.create_user("carol")
        paragraph = links_at(self.resolution, Level.PARAGRAPH)[3]
        link_confirm(resolution=self.resolution, link_id=paragraph.pk, version=1, user=bob)
        unlink = link_unlink(
            resolution=self.resolution, link_id=paragraph.pk, version=2, user=self.editor
        )
        undo = edit_undo(resolution=self.resolution, edit_id=unlink.pk, user=carol)
        restored = Link.objects.get(pk=paragraph.pk)
        assert restored.status == Status.CONFIRMED
        before = alignment_of(self.resolution)
        with self.assertRaisesMessage(
            EditError,
            "This change would re-draw a confirmed paragraph link by bob (paragraph link #4), "
            "a review this page does not show.",
        ) as refused:
            edit_undo(resolution=self.resolution, edit_id=undo.pk, user=self.editor)
        assert [item["id"] for item in refused.exception.below] == [paragraph.pk]
        assert alignment_of(self.resolution) == before
        assert Link.objects.get(pk=paragraph.pk).status == Status.CONFIRMED
        edit_undo(
            resolution=self.resolution,
            edit_id=undo.pk,
            user=self.editor,
            seen_below={restored.pk: restored.version},
        )
        assert len(links_at(self.resolution, Level.PARAGRAPH)) == 43
        assert Link.objects.get(pk=paragraph.pk).status == Status.CORRECTED

    def test_redoing_a_merge_onto_a_corrected_link_does_not_redraw_it_unseen(self) -> None:
        """Bob merges paragraph links #4 and #5; Carol merges #6 onto his corrected link, and an
        editor undoes her merge, giving Bob's link back. Doing her merge again from the history
        would re-draw Bob's link (the same link, over other units): refused, naming him."""
        bob = User.objects.create_user("bob")
        carol = User.objects.create_user("carol")
        first, second, third = links_at(self.resolution, Level.PARAGRAPH)[3:6]
        link_merge(resolution=self.resolution, versions={first.pk: 1, second.pk: 1}, user=bob)
        merged = Link.objects.get(pk=first.pk)
        onto = link_merge(
            resolution=self.resolution,
            versions={merged.pk: merged.version, third.pk: 1},
            user=carol,
        )
        undo = edit_undo(resolution=self.resolution, edit_id=onto.pk, user=self.editor)
        before = alignment_of(self.resolution)
        with self.assertRaisesMessage(EditError, "paragraph link by bob (paragraph link #4)"):
            edit_undo(resolution=self.resolution, edit_id=undo.pk, user=self.editor)
        assert alignment_of(self.resolution) == before

    def test_undoing_ones_own_change_needs_no_sight_of_its_links(self) -> None:
        """Undoing a merge takes back the corrected link the merge made, at its own level,
        without asking: that review is the undone change itself."""
        first, second = links_at(self.resolution, Level.PARAGRAPH)[3:5]
        merge = link_merge(
            resolution=self.resolution, versions={first.pk: 1, second.pk: 1}, user=self.editor
        )
        undo = edit_undo(resolution=self.resolution, edit_id=merge.pk, user=self.editor)
        assert len(links_at(self.resolution, Level.PARAGRAPH)) == 42
        # Doing it again and taking that back: the merge's corrected link is again its own.
        redo = edit_undo(resolution=self.resolution, edit_id=undo.pk, user=self.editor)
        edit_undo(resolution=self.resolution, edit_id=redo.pk, user=self.editor)
        assert len(links_at(self.resolution, Level.PARAGRAPH)) == 42

    def test_sentence_merge_across_paragraph_links_refused(self) -> None:
        """Sentences of different paragraph links cannot be merged: the levels must nest."""
        sentences = links_at(self.resolution, Level.SENTENCE)
        a, b = sentences[0], sentences[1]
        with self.assertRaisesMessage(EditError, "different paragraph links"):
            link_merge(resolution=self.resolution, versions={a.pk: 1, b.pk: 1}, user=self.editor)


class RealignTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.editor = User.objects.create_user("editor")

    def test_realign_keeps_human_links_and_undoes(self) -> None:
        """Re-aligning everything not confirmed keeps a corrected merge; undo restores the
        alignment from before the re-align."""
        from apps.alignment.services import resolution_realign_unconfirmed

        first, second = links_at(self.resolution, Level.CLAUSE)[20:22]
        link_merge(
            resolution=self.resolution,
            versions={first.pk: 1, second.pk: 1},
            user=self.editor,
        )
        merged = sides(Link.objects.get(pk=first.pk))
        before = alignment_of(self.resolution)
        edit = resolution_realign_unconfirmed(resolution=self.resolution, user=self.editor)
        kept = Link.objects.get(pk=first.pk)
        assert kept.status == Status.CORRECTED and sides(kept) == merged
        assert edit.action == Edit.Action.REALIGN
        edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.editor)
        assert alignment_of(self.resolution) == before


def stale_findings(resolution) -> list[tuple[str, int]]:
    """Links whose stored QA findings or length ratio differ from the checks run afresh on
    their text."""
    return [
        (level, item.position)
        for level in Level
        for item in review_items([resolution], level, reasons=False)
        if item.findings != [f.as_json() for f in check_units(item.ar, item.en)]
        or item.length_ratio != length_ratio(" ".join(item.ar), " ".join(item.en))
    ]


def messages(link_id: int) -> list[str]:
    return [f["message"] for f in Link.objects.get(pk=link_id).findings]


class FindingsTests(TestCase):
    """The QA findings the review pages show are stored with each link and follow its edits."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.editor = User.objects.create_user("editor")

    def test_text_edit_stores_the_new_mismatch_and_undo_clears_it(self) -> None:
        """Typing 3,800 for 3,400 in English paragraph 16 gives its paragraph and sentence links
        the number finding at once; undoing the edit takes it away again."""
        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="en", index=15)
        link = paragraph.links.get()
        assert messages(link.pk) == []
        # Two clause links of the demo carry an omission from the start (an English clause
        # linked to an Arabic one that holds part of it); the edit and its undo leave them be.
        before = list(
            Link.objects.of(self.resolution).exclude(findings=[]).order_by("pk").values_list("pk")
        )
        edit = paragraph_edit_text(
            resolution=self.resolution,
            paragraph_id=paragraph.pk,
            text=paragraph.text.replace("3,400", "3,800"),
            versions={link.pk: link.version},
            user=self.editor,
        )
        expected = ["Number only in the Arabic: 3400", "Number only in the English: 3800"]
        assert messages(link.pk) == expected
        sentence_link = paragraph.sentences.get(text__contains="3,800").links.get()
        assert messages(sentence_link.pk) == expected
        top = review_queue(review_items([self.resolution], Level.SENTENCE))[0]
        assert top.id == sentence_link.pk
        assert [r.text for r in top.reasons if r.code == "number"] == expected
        assert stale_findings(self.resolution) == []
        edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.editor)
        assert list(
            Link.objects.of(self.resolution).exclude(findings=[]).order_by("pk").values_list("pk")
        ) == (before)
        assert stale_findings(self.resolution) == []

    def test_shift_then_merge_follow_the_units(self) -> None:
        """Shifting paragraph 16's English onto the next link leaves that link with a number its
        Arabic lacks; merging the two links gives the number its counterpart back."""
        source, target = links_at(self.resolution, Level.PARAGRAPH)[15:17]
        unit_shift(
            resolution=self.resolution,
            link_id=source.pk,
            lang="en",
            direction="next",
            versions={source.pk: source.version, target.pk: target.version},
            user=self.editor,
        )
        assert messages(source.pk) == []  # Arabic only: nothing to compare
        finding, *others = messages(target.pk)
        assert finding.startswith("Number only in the English: ") and "3400" in finding
        # The English now holds a whole paragraph more than its Arabic: the omission check
        # says which side lacks text.
        assert [m.split(":")[0] for m in others] == ["Text possibly missing from the Arabic"]
        assert stale_findings(self.resolution) == []
        source.refresh_from_db()
        target.refresh_from_db()
        link_merge(
            resolution=self.resolution,
            versions={source.pk: source.version, target.pk: target.version},
            user=self.editor,
        )
        assert messages(source.pk) == []
        assert stale_findings(self.resolution) == []

    def test_realign_and_its_undo_store_findings_of_the_new_links(self) -> None:
        """Links a re-align writes, and those its undo writes back, carry their text's findings."""
        from apps.alignment.services import resolution_realign_unconfirmed

        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="en", index=15)
        link = paragraph.links.get()
        paragraph_edit_text(
            resolution=self.resolution,
            paragraph_id=paragraph.pk,
            text=paragraph.text.replace("3,400", "3,800"),
            versions={link.pk: link.version},
            user=self.editor,
        )
        edit = resolution_realign_unconfirmed(resolution=self.resolution, user=self.editor)
        sentence_link = paragraph.sentences.get(text__contains="3,800").links.get()
        assert sentence_link.status == Status.AUTO  # written afresh by the re-align
        assert "Number only in the English: 3800" in messages(sentence_link.pk)
        assert stale_findings(self.resolution) == []
        edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.editor)
        assert stale_findings(self.resolution) == []


class TextEditReviewTests(TestCase):
    """A paragraph's text edit and undo keep, or refuse to re-draw unseen, the reviewed sentence
    and clause links of its stretch (InterText: a confirmed link stays unless an editor breaks it
    knowingly). English op. paragraph 10 of the demo: "In this context, it expresses its strong
    condemnation of Israel's refusal to respond to the latest proposal from mediators, ..."."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.alice = User.objects.create_user("alice")
        cls.bob = User.objects.create_user("bob")
        cls.paragraph = Paragraph.objects.get(resolution=cls.resolution, lang="en", index=10)

    def clause_link(self, english_start: str) -> Link:
        """The clause link whose English side holds the clause starting so."""
        return (
            Link.objects.of(self.resolution)
            .at(Level.CLAUSE)
            .filter(clauses__text__startswith=english_start, clauses__lang="en")
            .get()
        )

    def edit_text(self, text: str, **kwargs: object) -> Edit:
        link = self.paragraph.links.get()
        return paragraph_edit_text(
            resolution=self.resolution,
            paragraph_id=self.paragraph.pk,
            text=text,
            versions={link.pk: link.version},
            user=self.alice,
            **kwargs,
        )

    def test_a_typo_fix_keeps_a_corrected_clause_link_the_aligner_would_not_draw(self) -> None:
        """Bob joins "In this context, it holds Israel fully responsible ..." and "the deliberate
        disregard for ceasefire initiatives," into one corrected clause link. Alice then fixes
        "from mediators" into "from the mediators" in the paragraph's first sentence: Bob's
        link, whose clauses she left as they were, stays corrected and whole."""
        first, second = (
            self.clause_link("In this context, it holds"),
            self.clause_link("the deliberate disregard"),
        )
        merge = link_merge(
            resolution=self.resolution,
            versions={first.pk: first.version, second.pk: second.version},
            user=self.bob,
        )
        joined = sides(Link.objects.get(pk=first.pk))
        assert len(joined["ar"]) == 2 and len(joined["en"]) == 2
        joined_texts = sorted(
            Clause.objects.filter(pk__in=joined["ar"] + joined["en"]).values_list("text", flat=True)
        )
        text = self.paragraph.text.replace("from mediators", "from the mediators")
        assert text != self.paragraph.text
        self.edit_text(text)
        kept = Link.objects.get(pk=first.pk)
        assert kept.status == Status.CORRECTED
        texts = sorted(kept.clauses.values_list("text", flat=True))
        assert texts == joined_texts
        assert merge.undone_by is None

    def test_a_text_edit_that_would_redraw_an_unseen_confirmed_link_is_refused(self) -> None:
        """Bob confirms the clause link of "and ensuring the urgent and effective entry of
        sufficient humanitarian assistance ..."; Alice rewrites that clause. Her page did not
        show Bob's link, so the save is refused, naming it and Bob, and nothing changes. Sent
        again with its version (she has seen it), the text is saved, the summary says a
        confirmed clause link was re-drawn, and undo brings Bob's confirmation back."""
        link = self.clause_link("and ensuring the urgent")
        link_confirm(
            resolution=self.resolution, link_id=link.pk, version=link.version, user=self.bob
        )
        link.refresh_from_db()
        before = alignment_of(self.resolution)
        text = self.paragraph.text.replace(
            "entry of sufficient humanitarian assistance", "delivery of adequate aid"
        )
        with self.assertRaisesMessage(
            EditError,
            f"would re-draw a confirmed clause link by bob (clause link #{link.position + 1}) "
            "below it",
        ) as refused:
            self.edit_text(text)
        assert [item["id"] for item in refused.exception.below] == [link.pk]
        assert alignment_of(self.resolution) == before
        assert not Edit.objects.filter(action="text").exists()
        edit = self.edit_text(text, seen_below={link.pk: link.version})
        assert "1 confirmed clause link by bob below was re-drawn" in edit.summary
        assert not Link.objects.filter(pk=link.pk, status=Status.CONFIRMED).exists()
        edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.alice)
        assert Link.objects.get(pk=link.pk).status == Status.CONFIRMED
        assert alignment_of(self.resolution) == before

    def test_redoing_a_text_edit_from_the_history_does_not_redraw_unseen_reviews(self) -> None:
        """Alice's text edit re-drew Bob's confirmed clause link knowingly; undoing it brought
        the confirmation back. Undoing that undo (doing the edit again) would re-draw it once
        more: it is refused, naming Bob's link, until sent again with its version."""
        link = self.clause_link("and ensuring the urgent")
        link_confirm(
            resolution=self.resolution, link_id=link.pk, version=link.version, user=self.bob
        )
        link.refresh_from_db()
        text = self.paragraph.text.replace(
            "entry of sufficient humanitarian assistance", "delivery of adequate aid"
        )
        edit = self.edit_text(text, seen_below={link.pk: link.version})
        undo = edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.alice)
        restored = Link.objects.get(pk=link.pk)
        with self.assertRaisesMessage(
            EditError, f"clause link by bob (clause link #{restored.position + 1})"
        ):
            edit_undo(resolution=self.resolution, edit_id=undo.pk, user=self.alice)
        assert Link.objects.get(pk=link.pk).status == Status.CONFIRMED
        edit_undo(
            resolution=self.resolution,
            edit_id=undo.pk,
            user=self.alice,
            seen_below={restored.pk: restored.version},
        )
        self.paragraph.refresh_from_db()
        assert "delivery of adequate aid" in self.paragraph.text
        assert not Link.objects.filter(pk=link.pk, status=Status.CONFIRMED).exists()

    def test_a_refusal_names_who_last_changed_a_corrected_link_not_who_first_corrected_it(
        self,
    ) -> None:
        """Bob joins "In this context, it holds Israel fully responsible ..." and "the deliberate
        disregard for ceasefire initiatives," into one corrected clause link; Carol then merges
        the next clause link onto it. Alice's rewrite of "the deliberate disregard" would
        re-draw that link: the refusal names Carol, whose merge would be lost, not Bob."""
        first, second = (
            self.clause_link("In this context, it holds"),
            self.clause_link("the deliberate disregard"),
        )
        link_merge(
            resolution=self.resolution,
            versions={first.pk: first.version, second.pk: second.version},
            user=self.bob,
        )
        joined = Link.objects.get(pk=first.pk)
        following = links_at(self.resolution, Level.CLAUSE)[joined.position + 1]
        carol = User.objects.create_user("carol")
        link_merge(
            resolution=self.resolution,
            versions={joined.pk: joined.version, following.pk: following.version},
            user=carol,
        )
        joined.refresh_from_db()
        assert len(sides(joined)["en"]) > 2
        text = self.paragraph.text.replace(
            "the deliberate disregard for ceasefire initiatives",
            "the deliberate neglect of ceasefire initiatives",
        )
        with self.assertRaisesMessage(
            EditError, f"clause link by carol (clause link #{joined.position + 1})"
        ):
            self.edit_text(text)

    def test_a_refusal_names_whose_merge_an_undo_of_an_undo_did_again(self) -> None:
        """As above, but Carol's merge onto Bob's link is undone by Alice and then done again
        (an undo of her undo): the link is Carol's merge once more, and the refusal names her."""
        first, second = (
            self.clause_link("In this context, it holds"),
            self.clause_link("the deliberate disregard"),
        )
        link_merge(
            resolution=self.resolution,
            versions={first.pk: first.version, second.pk: second.version},
            user=self.bob,
        )
        joined = Link.objects.get(pk=first.pk)
        following = links_at(self.resolution, Level.CLAUSE)[joined.position + 1]
        carol = User.objects.create_user("carol")
        onto = link_merge(
            resolution=self.resolution,
            versions={joined.pk: joined.version, following.pk: following.version},
            user=carol,
        )
        undo = edit_undo(resolution=self.resolution, edit_id=onto.pk, user=self.alice)
        bobs = Link.objects.get(pk=first.pk)
        edit_undo(
            resolution=self.resolution,
            edit_id=undo.pk,
            user=self.alice,
            seen_below={bobs.pk: bobs.version},
        )
        joined.refresh_from_db()
        assert len(sides(joined)["en"]) > 2
        text = self.paragraph.text.replace(
            "the deliberate disregard for ceasefire initiatives",
            "the deliberate neglect of ceasefire initiatives",
        )
        with self.assertRaisesMessage(
            EditError, f"clause link by carol (clause link #{joined.position + 1})"
        ):
            self.edit_text(text)

    def test_a_text_edit_keeps_a_reviewed_link_of_two_sentences_the_other_side_lacks(self) -> None:
        """Bob unlinks the paragraph link of English op. paragraph 10, then joins its two English
        sentences, which have no Arabic, into one corrected link. Alice adds a sentence to that
        paragraph: its group has no Arabic at all, yet Bob's link of the two sentences she left
        as they were stays whole and corrected, so nothing is refused."""
        parent = self.paragraph.links.get()
        link_unlink(
            resolution=self.resolution, link_id=parent.pk, version=parent.version, user=self.bob
        )
        first, second = (
            Link.objects.of(self.resolution)
            .at(Level.SENTENCE)
            .filter(sentences__paragraph=self.paragraph)
            .order_by("position")
        )
        link_merge(
            resolution=self.resolution,
            versions={first.pk: first.version, second.pk: second.version},
            user=self.bob,
        )
        joined = sorted(Link.objects.get(pk=first.pk).sentences.values_list("text", flat=True))
        assert len(joined) == 2
        _, english = demo_sides()
        self.edit_text(f"{self.paragraph.text} {english[41]}")
        kept = Link.objects.get(pk=first.pk)
        assert kept.status == Status.CORRECTED
        assert sorted(kept.sentences.values_list("text", flat=True)) == joined
        assert sides(kept)["ar"] == []
        assert Sentence.objects.filter(paragraph=self.paragraph).count() == 3
        # Re-aligning everything not confirmed keeps it too, and no sentence is in two links.
        resolution_realign_unconfirmed(resolution=self.resolution, user=self.alice)
        kept = Link.objects.get(pk=first.pk)
        assert sorted(kept.sentences.values_list("text", flat=True)) == joined
        members = Link.sentences.through.objects.filter(sentence__paragraph=self.paragraph)
        assert members.count() == 3


class ReviewerLookupTests(TestCase):
    """Who confirmed a link, and the confirmation "Undo confirm" takes back, are found however
    many edits were made since."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.alice = User.objects.create_user("alice")
        cls.bob = User.objects.create_user("bob")
        cls.carol = User.objects.create_user("carol")

    def confirm_then_many_edits(self) -> tuple[Link, Link]:
        """Bob confirms the first sentence link of paragraph link #4; then Carol confirms
        sentence links at the far end, 600 confirmations (her real one copied as it is recorded,
        to keep the test quick). Returns the paragraph and Bob's link."""
        paragraph = links_at(self.resolution, Level.PARAGRAPH)[3]
        sentence = (
            Link.objects.of(self.resolution)
            .at(Level.SENTENCE)
            .filter(sentences__paragraph_id__in=sides(paragraph)["ar"])
            .order_by("position")
            .first()
        )
        link_confirm(resolution=self.resolution, link_id=sentence.pk, version=1, user=self.bob)
        far = links_at(self.resolution, Level.SENTENCE)[-1]
        link_confirm(resolution=self.resolution, link_id=far.pk, version=1, user=self.carol)
        self.pile_carols_confirmations()
        assert Edit.objects.filter(resolution=self.resolution).count() > 600
        return paragraph, Link.objects.get(pk=sentence.pk)

    def pile_carols_confirmations(self) -> None:
        """600 more edits: Carol's real confirmation copied as it is recorded."""
        confirm = Edit.objects.filter(user=self.carol, action=Edit.Action.CONFIRM).first()
        Edit.objects.bulk_create(
            Edit(
                resolution=self.resolution,
                user=self.carol,
                action=confirm.action,
                level=confirm.level,
                summary=confirm.summary,
                before=confirm.before,
                after=confirm.after,
            )
            for _ in range(600)
        )

    def test_a_refusal_names_who_confirmed_long_ago(self) -> None:
        """Alice's unlink of paragraph link #4, refused for Bob's confirmed sentence link below
        it, names Bob though his confirmation is 600 edits old."""
        paragraph, sentence = self.confirm_then_many_edits()
        with self.assertRaisesMessage(
            EditError, f"sentence link by bob (sentence link #{sentence.position + 1})"
        ):
            link_unlink(
                resolution=self.resolution, link_id=paragraph.pk, version=1, user=self.alice
            )

    def test_undo_confirm_finds_a_confirmation_made_long_ago(self) -> None:
        """Bob takes back his confirmation 600 edits later: it is undone, not refused as
        "no confirmation to undo"; Alice, who did not confirm it, is still refused, named so."""
        _, sentence = self.confirm_then_many_edits()
        with self.assertRaisesMessage(EditError, "bob confirmed this link"):
            link_confirm_undo(
                resolution=self.resolution,
                link_id=sentence.pk,
                version=sentence.version,
                user=self.alice,
            )
        undo = link_confirm_undo(
            resolution=self.resolution,
            link_id=sentence.pk,
            version=sentence.version,
            user=self.bob,
        )
        assert undo.summary == f"Undid: Confirmed sentence link #{sentence.position + 1}"
        assert Link.objects.get(pk=sentence.pk).status == Status.AUTO

    def test_undo_my_last_review_finds_a_flag_made_long_ago(self) -> None:
        """Bob flags an automatic link; 600 edits later the queue's "Undo my last review" still
        finds his flag: Alice is refused, named Bob, and Bob's undo clears it."""
        _, sentence = self.confirm_then_many_edits()
        link_confirm_undo(
            resolution=self.resolution,
            link_id=sentence.pk,
            version=sentence.version,
            user=self.bob,
        )
        sentence.refresh_from_db()
        link_flag(
            resolution=self.resolution,
            link_id=sentence.pk,
            version=sentence.version,
            user=self.bob,
            note="Check the number 62,500 in the Arabic",
        )
        self.pile_carols_confirmations()
        sentence.refresh_from_db()
        assert sentence.flagged and sentence.status == Status.AUTO
        with self.assertRaisesMessage(EditError, "bob made the last review of this link"):
            link_review_undo(
                resolution=self.resolution,
                link_id=sentence.pk,
                version=sentence.version,
                user=self.alice,
            )
        undo = link_review_undo(
            resolution=self.resolution,
            link_id=sentence.pk,
            version=sentence.version,
            user=self.bob,
        )
        assert undo.summary.startswith("Undid: Flagged sentence link")
        assert not Link.objects.get(pk=sentence.pk).flagged


class AnchoredRealignTests(TestCase):
    """A structural change that re-aligns the sentences and clauses of a paragraph link keeps
    the reviewed ones that still lie inside it, aligning the rest around them."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.alice = User.objects.create_user("alice")
        cls.bob = User.objects.create_user("bob")

    def test_a_unit_shift_keeps_reviewed_links_that_still_fit_without_asking(self) -> None:
        """Bob confirms the sentence link of English op. paragraph 10's two sentences and joins
        two of its clauses ("In this context, it holds Israel fully responsible ..." and "the
        deliberate disregard ...") into one corrected link. Alice moves the English paragraph
        before it onto the same paragraph link: the sentences and clauses there are re-aligned,
        but Bob's two links, still inside it, are kept as they were, so nothing is refused."""
        english = Paragraph.objects.get(resolution=self.resolution, lang="en", index=10)
        target = english.links.get()
        sentence = (
            Link.objects.of(self.resolution)
            .at(Level.SENTENCE)
            .filter(sentences__paragraph=english)
            .distinct()
            .get()
        )
        link_confirm(resolution=self.resolution, link_id=sentence.pk, version=1, user=self.bob)
        first, second = (
            Link.objects.of(self.resolution)
            .at(Level.CLAUSE)
            .get(clauses__text__startswith=start, clauses__lang="en")
            for start in ("In this context, it holds", "the deliberate disregard")
        )
        link_merge(resolution=self.resolution, versions={first.pk: 1, second.pk: 1}, user=self.bob)
        joined = sides(Link.objects.get(pk=first.pk))
        confirmed = sides(Link.objects.get(pk=sentence.pk))
        source = (
            Link.objects.of(self.resolution).at(Level.PARAGRAPH).get(position=target.position - 1)
        )
        shift = unit_shift(
            resolution=self.resolution,
            link_id=source.pk,
            lang="en",
            direction="next",
            versions={source.pk: source.version, target.pk: target.version},
            user=self.alice,
        )
        assert len(sides(Link.objects.get(pk=target.pk))["en"]) == 2
        assert Link.objects.get(pk=sentence.pk).status == Status.CONFIRMED
        assert sides(Link.objects.get(pk=sentence.pk)) == confirmed
        assert Link.objects.get(pk=first.pk).status == Status.CORRECTED
        assert sides(Link.objects.get(pk=first.pk)) == joined
        assert "re-drawn" not in shift.summary
        assert positions_are_dense(self.resolution)


class MixedLevelRefusalTests(TestCase):
    """Under paragraph link #4, Amina confirms its sentence link and its first clause link, and
    Omar joins its next two clause links into one corrected link."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.alice = User.objects.create_user("alice")
        cls.amina = User.objects.create_user("amina")
        cls.omar = User.objects.create_user("omar")
        cls.paragraph = links_at(cls.resolution, Level.PARAGRAPH)[3]
        arabic = sides(cls.paragraph)["ar"]
        cls.sentence = (
            Link.objects.of(cls.resolution)
            .at(Level.SENTENCE)
            .filter(sentences__paragraph_id__in=arabic)
            .distinct()
            .get()
        )
        clauses = list(
            Link.objects.of(cls.resolution)
            .at(Level.CLAUSE)
            .filter(clauses__sentence__paragraph_id__in=arabic)
            .distinct()
            .order_by("position")
        )
        for link in (cls.sentence, clauses[0]):
            link_confirm(resolution=cls.resolution, link_id=link.pk, version=1, user=cls.amina)
        link_merge(
            resolution=cls.resolution,
            versions={clauses[1].pk: 1, clauses[2].pk: 1},
            user=cls.omar,
        )
        cls.reviewed = [
            Link.objects.get(pk=link.pk) for link in (cls.sentence, clauses[0], clauses[1])
        ]

    def test_a_refusal_says_which_reviews_of_each_level_it_would_redraw_and_whose(self) -> None:
        """Alice's unlink of #4 would re-draw all three: the refusal says exactly that, a
        confirmed sentence link and a confirmed clause link by Amina and a corrected clause link
        by Omar, naming each link (not "3 confirmed and corrected links")."""
        sentence, confirmed, corrected = (link.position + 1 for link in self.reviewed)
        with self.assertRaisesMessage(
            EditError,
            f"This change would re-draw a confirmed sentence link by amina (sentence link "
            f"#{sentence}), a confirmed clause link by amina (clause link #{confirmed}) and a "
            f"corrected clause link by omar (clause link #{corrected}) below it, a review this "
            "page does not show.",
        ):
            link_unlink(
                resolution=self.resolution, link_id=self.paragraph.pk, version=1, user=self.alice
            )

    def test_the_summary_says_which_reviews_were_redrawn_and_whose(self) -> None:
        """Sent again having seen them, the unlink's summary (the history's line) says which
        reviews it re-drew and whose, at both levels, not only "1 confirmed or corrected
        sentence link"; its undo brings them back, and the undo's summary no longer carries
        that note."""
        unlink = link_unlink(
            resolution=self.resolution,
            link_id=self.paragraph.pk,
            version=1,
            user=self.alice,
            seen_below={link.pk: link.version for link in self.reviewed},
        )
        assert unlink.summary == (
            "Unlinked paragraph link #4 into 2 unaligned units; 1 confirmed sentence link by "
            "amina, 1 confirmed clause link by amina and 1 corrected clause link by omar below "
            "were re-drawn (undo brings them back)"
        )
        undo = edit_undo(resolution=self.resolution, edit_id=unlink.pk, user=self.alice)
        assert undo.summary == "Undid: Unlinked paragraph link #4 into 2 unaligned units"
        assert [Link.objects.get(pk=link.pk).status for link in self.reviewed] == [
            Status.CONFIRMED,
            Status.CONFIRMED,
            Status.CORRECTED,
        ]

    def test_an_undo_quoting_an_older_note_drops_it_too(self) -> None:
        """A summary recorded before notes said which reviews ("1 confirmed or corrected
        sentence link below was re-drawn (undo brings it back)") loses that note when quoted by
        its undo, as before."""
        unlink = link_unlink(
            resolution=self.resolution,
            link_id=self.paragraph.pk,
            version=1,
            user=self.alice,
            seen_below={link.pk: link.version for link in self.reviewed},
        )
        Edit.objects.filter(pk=unlink.pk).update(
            summary="Unlinked paragraph link #4 into 2 unaligned units; 1 confirmed or corrected "
            "sentence link below was re-drawn (undo brings it back)"
        )
        undo = edit_undo(resolution=self.resolution, edit_id=unlink.pk, user=self.alice)
        assert undo.summary == "Undid: Unlinked paragraph link #4 into 2 unaligned units"


# Twelve reviewers, named as an office names its accounts.
REVIEWERS = [
    "amina.haddad",
    "omar.farouk",
    "layla.mansour",
    "youssef.karim",
    "sara.nasser",
    "khalid.rahman",
    "huda.saleh",
    "tariq.aziz",
    "mona.ibrahim",
    "nabil.hassan",
    "rania.qasim",
    "samir.yousef",
]


class LongSummaryTests(TestCase):
    """A summary longer than 300 characters (a long flag note, a re-drawn note naming many
    reviewers) is recorded whole, on PostgreSQL as on SQLite, and its undo quotes it whole."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar[:8], en_paragraphs=en[:8], meta=ResolutionMeta(slug="demo")
        )
        cls.users = [User.objects.create_user(name) for name in REVIEWERS]
        cls.paragraph = links_at(cls.resolution, Level.PARAGRAPH)[3]

    def test_a_long_flag_note_is_kept_whole_in_the_history_and_its_undo(self) -> None:
        """A reviewer quotes the Arabic of sentence link #4 in her note (the limit is 2,000);
        the history keeps all of it, and the undo's summary quotes all of it."""
        link = links_at(self.resolution, Level.SENTENCE)[3]
        arabic = " ".join(link.sentences.filter(lang="ar").values_list("text", flat=True))
        note = f"The English leaves out part of the Arabic; check it against: {arabic}"
        assert len(note) > 300
        flag = link_flag(
            resolution=self.resolution, link_id=link.pk, version=1, user=self.users[0], note=note
        )
        assert Edit.objects.get(pk=flag.pk).summary == f"Flagged sentence link #4: {note}"
        undo = edit_undo(resolution=self.resolution, edit_id=flag.pk, user=self.users[1])
        assert Edit.objects.get(pk=undo.pk).summary == f"Undid: Flagged sentence link #4: {note}"

    def test_a_redrawn_note_naming_many_reviewers_is_whole_and_its_undo_drops_it(self) -> None:
        """Nine reviewers confirmed the sentence and clause links of paragraph link #4; an
        editor unlinks it having seen them: the summary names them all and ends with its promise
        ("undo brings them back"); the undo, which kept it, quotes the unlink without it."""
        reviewed = list(
            Link.objects.of(self.resolution)
            .at(Level.CLAUSE)
            .filter(clauses__sentence__paragraph__links=self.paragraph)
            .distinct()
        ) + list(
            Link.objects.of(self.resolution)
            .at(Level.SENTENCE)
            .filter(sentences__paragraph__links=self.paragraph)
            .distinct()
        )
        assert len(reviewed) == 9
        for user, link in zip(self.users, reviewed, strict=False):
            link_confirm(resolution=self.resolution, link_id=link.pk, version=1, user=user)
        unlink = link_unlink(
            resolution=self.resolution,
            link_id=self.paragraph.pk,
            version=1,
            user=self.users[9],
            seen_below={link.pk: 2 for link in reviewed},
        )
        summary = Edit.objects.get(pk=unlink.pk).summary
        assert len(summary) > 300
        assert summary.startswith(
            "Unlinked paragraph link #4 into 2 unaligned units; 1 confirmed sentence link by "
            "mona.ibrahim and 8 confirmed clause links (1 by amina.haddad, 1 by omar.farouk, "
        )
        assert summary.endswith("1 by tariq.aziz) below were re-drawn (undo brings them back)")
        undo = edit_undo(resolution=self.resolution, edit_id=unlink.pk, user=self.users[10])
        assert undo.summary == "Undid: Unlinked paragraph link #4 into 2 unaligned units"
