"""The Edit admin's "Undo the selected edits": when the undos would re-draw reviewed links the
editor was not shown, an intermediate page lists them and whose work they are; "Yes" undoes the
edits, all or none; nothing is undone before."""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from apps.alignment.models import Edit, Level, Link, Status
from apps.alignment.services import (
    edit_undo,
    link_confirm,
    link_flag,
    link_merge,
    link_unlink,
    paragraph_edit_text,
    resolution_realign_unconfirmed,
)
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides, demo_with_editor

CHANGELIST = "/admin/alignment/edit/"


class UndoSelectedEditsTests(TestCase):
    """Bob confirms the sentence link of the demo's paragraph link #4; Alice unlinks #4 having
    seen it (re-drawing his link); Carol undoes her unlink, which brings his confirmation back.
    An administrator then selects Carol's undo, Alice's unlink and a confirmation elsewhere."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar[:8], en_paragraphs=en[:8], meta=ResolutionMeta(slug="demo")
        )
        cls.root = User.objects.create_superuser("root", "root@example.org", "long-enough-pw-1")
        alice, cls.bob, carol = (User.objects.create_user(n) for n in ("alice", "bob", "carol"))
        cls.paragraph = Link.objects.of(cls.resolution).at(Level.PARAGRAPH).get(position=3)
        cls.sentence = (
            Link.objects.of(cls.resolution)
            .at(Level.SENTENCE)
            .filter(sentences__paragraph__links=cls.paragraph)
            .distinct()
            .get()
        )
        link_confirm(resolution=cls.resolution, link_id=cls.sentence.pk, version=1, user=cls.bob)
        cls.unlink = link_unlink(
            resolution=cls.resolution,
            link_id=cls.paragraph.pk,
            version=1,
            user=alice,
            seen_below={cls.sentence.pk: 2},
        )
        cls.undo = edit_undo(resolution=cls.resolution, edit_id=cls.unlink.pk, user=carol)
        elsewhere = Link.objects.of(cls.resolution).at(Level.SENTENCE).get(position=0)
        cls.confirm = link_confirm(
            resolution=cls.resolution, link_id=elsewhere.pk, version=1, user=carol
        )

    def setUp(self) -> None:
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.root)

    def messages_of(self, response: object) -> str:
        return " ".join(str(m) for m in get_messages(response.wsgi_request))  # type: ignore[attr-defined]

    def select(self, *edits: Edit, **extra: object) -> object:
        data = {"action": "undo_edits", "_selected_action": [str(e.pk) for e in edits], **extra}
        return self.client.post(CHANGELIST, data)

    def state(self) -> tuple[str, list[int | None]]:
        undone = [
            Edit.objects.get(pk=e.pk).undone_by_id for e in (self.unlink, self.undo, self.confirm)
        ]
        return Link.objects.get(pk=self.sentence.pk).status, undone

    def test_undos_that_would_redraw_a_review_ask_first_listing_it_and_whose_it_is(self) -> None:
        """Undoing Carol's undo (doing Alice's unlink again) would re-draw Bob's confirmed
        sentence link: a page says so, naming the link and Bob, lists Alice's unlink as one
        that cannot be undone (already undone), and nothing is undone, not even Carol's
        harmless confirmation; taking the page's "No" link leaves it so."""
        before = self.state()
        response = self.select(self.undo, self.unlink, self.confirm)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Nothing has been undone yet" in page
        position = Link.objects.get(pk=self.sentence.pk).position
        assert f"Sentence link #{position + 1}</a>, confirmed, the work of bob" in page
        assert f"“{self.unlink.summary}”: This edit has already been undone by carol" in page
        assert self.state() == before
        cancel = re.search(r'<a href="([^"]+)" class="button cancel-link">No, take me back', page)
        assert cancel and cancel.group(1) == CHANGELIST
        assert self.client.get(cancel.group(1)).status_code == 200
        assert self.state() == before

    def test_the_page_names_the_edits_that_would_redraw_and_counts_them_right(self) -> None:
        """Of the three selected, only Carol's undo would re-draw a review: the page says
        "Undoing 1 of the 3 selected edits" and names it, not "Undoing 2 edits" (Alice's unlink
        is refused, Carol's confirmation re-draws nothing); the button still undoes the two."""
        page = self.select(self.undo, self.unlink, self.confirm).content.decode()
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
        assert "Undoing 2 edits would" not in text
        assert (
            f"Undoing 1 of the 3 selected edits, “{self.undo.summary}”, would re-draw 1 confirmed "
            "sentence link by bob, someone’s review, that you have not been shown. Check it; undo "
            "brings it back." in text
        ), text
        assert "Yes, undo 2 edits and re-draw these links" in page
        page = self.select(self.undo).content.decode()
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
        assert f"Undoing the selected edit, “{self.undo.summary}”, would re-draw" in text, text

    def test_the_page_names_each_of_several_edits_that_would_redraw(self) -> None:
        """Carol also brought back Bob's confirmed sentence link under paragraph link #6 (its
        unlink undone): selecting both her undos and her confirmation, the page says "Undoing 2
        of the 3 selected edits, “…” and “…”, would re-draw"."""
        paragraph = Link.objects.of(self.resolution).at(Level.PARAGRAPH).get(position=5)
        sentence = (
            Link.objects.of(self.resolution)
            .at(Level.SENTENCE)
            .filter(sentences__paragraph__links=paragraph)
            .distinct()
            .first()
        )
        assert sentence is not None
        link_confirm(
            resolution=self.resolution, link_id=sentence.pk, version=sentence.version, user=self.bob
        )
        unlink = link_unlink(
            resolution=self.resolution,
            link_id=paragraph.pk,
            version=paragraph.version,
            user=self.root,
            seen_below={sentence.pk: sentence.version + 1},
        )
        undo = edit_undo(resolution=self.resolution, edit_id=unlink.pk, user=self.root)
        page = self.select(undo, self.undo, self.confirm).content.decode()
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
        assert (
            f"Undoing 2 of the 3 selected edits, “{undo.summary}” and “{self.undo.summary}”, "
            "would re-draw" in text
        ), text

    def test_yes_undoes_them_all_redrawing_the_listed_links(self) -> None:
        """Sent back as the page has it, the undos are made: Alice's unlink is done again (Bob's
        link re-drawn) and Carol's confirmation is taken back; Alice's unlink itself, which
        cannot be undone, was left off the form."""
        page = self.select(self.undo, self.unlink, self.confirm).content.decode()
        response = self.client.post(CHANGELIST, self.form_of(page))
        assert response.status_code == 302
        said = self.messages_of(response)
        assert f"Undone: {self.undo.summary}" in said and f"Undone: {self.confirm.summary}" in said
        assert "Nothing was undone" not in said
        assert not Link.objects.filter(pk=self.sentence.pk, status=Status.CONFIRMED).exists()
        assert Edit.objects.get(pk=self.undo.pk).undone_by_id is not None
        assert Edit.objects.get(pk=self.confirm.pk).undone_by_id is not None
        # Both undos are in the admin's Recent actions, and nothing of the trial run.
        logged = LogEntry.objects.filter(user=self.root).values_list("object_repr", flat=True)
        undos = Edit.objects.filter(undoes__in=[self.undo, self.confirm])
        assert sorted(logged) == sorted(f"demo: {undo.summary}" for undo in undos)
        assert any(text.startswith("demo: Redid: Unlinked paragraph link #4") for text in logged)

    def test_yes_after_the_link_changed_undoes_nothing(self) -> None:
        """Bob flags his link while the page is open: "Yes" then undoes nothing at all (not even
        the confirmation elsewhere) and says which undo was refused and why: the link the page
        listed changed since it was shown, by Bob's flag (not "a later edit changed the same
        stretch", as if the page had not shown it)."""
        page = self.select(self.undo, self.confirm).content.decode()
        sentence = Link.objects.get(pk=self.sentence.pk)
        link_flag(
            resolution=self.resolution,
            link_id=sentence.pk,
            version=sentence.version,
            user=self.bob,
            note="Check the Arabic of this sentence",
        )
        before = self.state()
        response = self.client.post(CHANGELIST, self.form_of(page))
        said = self.messages_of(response)
        assert f"Nothing was undone: “{self.undo.summary}” was refused." in said
        position = Link.objects.get(pk=self.sentence.pk).position + 1
        assert (
            f"Sentence link #{position} was changed by bob (“Flagged sentence link #{position}"
            in said
        ), said
        assert "since this page was shown: look again." in said, said
        assert "changed the same stretch" not in said
        assert self.state() == before

    def test_a_tampered_go_ahead_is_no_server_error_and_undoes_nothing(self) -> None:
        """ "Yes" with versions that are not numbers, or past 64 bits, counts the links as not
        seen: nothing is undone and the refusal is said."""
        before = self.state()
        key = f"below-v-{self.sentence.pk}"
        for value in ("x", "²", str(10**20), ""):
            response = self.select(self.undo, post="yes", **{key: value})
            assert response.status_code == 302, value
            assert "Nothing was undone" in self.messages_of(response), value
            assert self.state() == before

    def test_undos_that_redraw_no_review_are_made_at_once(self) -> None:
        """Carol's confirmation alone is undone straight away, as before."""
        response = self.select(self.confirm)
        assert response.status_code == 302
        assert f"Undone: {self.confirm.summary}" in self.messages_of(response)
        assert Edit.objects.get(pk=self.confirm.pk).undone_by_id is not None
        logged = LogEntry.objects.values_list("object_repr", flat=True)
        assert list(logged) == [f"demo: Undid: {self.confirm.summary}"]

    @staticmethod
    def form_of(page: str) -> dict[str, list[str]]:
        """The intermediate page's form fields, as the browser sends them."""
        form = page[page.index('<form method="post">') :]
        data: dict[str, list[str]] = {}
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
            data.setdefault(name, []).append(value)
        return data


class TrialUndoTests(TestCase):
    """Bob confirms paragraph link #2 of the demo's first eight paragraphs, its one sentence link
    and its two clause links; Alice unlinks #2 having seen them, and Carol undoes her unlink,
    bringing the four back. Dave then re-aligns everything not confirmed, which leaves the
    four as they are; the server that recorded his re-alignment had its clock a second behind,
    so the history lists it before Carol's undo."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar[:8], en_paragraphs=en[:8], meta=ResolutionMeta(slug="demo")
        )
        cls.root = User.objects.create_superuser("root", "root@example.org", "long-enough-pw-1")
        alice, bob, carol, dave = (
            User.objects.create_user(n) for n in ("alice", "bob", "carol", "dave")
        )
        links = Link.objects.of(cls.resolution)
        paragraph = links.at(Level.PARAGRAPH).get(position=1)
        sentence = (
            links.at(Level.SENTENCE).filter(sentences__paragraph__links=paragraph).distinct().get()
        )
        clauses = list(links.at(Level.CLAUSE).filter(clauses__sentence__links=sentence).distinct())
        for link in (paragraph, sentence, *clauses):
            link_confirm(resolution=cls.resolution, link_id=link.pk, version=1, user=bob)
        unlink = link_unlink(
            resolution=cls.resolution,
            link_id=paragraph.pk,
            version=2,
            user=alice,
            seen_below={link.pk: 2 for link in (sentence, *clauses)},
        )
        cls.undo = edit_undo(resolution=cls.resolution, edit_id=unlink.pk, user=carol)
        cls.realign = resolution_realign_unconfirmed(resolution=cls.resolution, user=dave)
        Edit.objects.filter(pk=cls.realign.pk).update(
            created_at=cls.undo.created_at - timedelta(seconds=1)
        )

    def test_the_trial_run_does_not_say_a_page_was_shown_before_one_was(self) -> None:
        """Selecting Carol's undo and Dave's re-alignment: undoing her undo would re-draw Bob's
        links, so a page asks first; Dave's re-alignment cannot be undone after it (its
        links would be gone), and the page says so, naming Carol's undo, not that a link
        "was changed since this page was shown" when no page had been shown yet."""
        client = Client(raise_request_exception=False)
        client.force_login(self.root)
        response = client.post(
            CHANGELIST,
            {"action": "undo_edits", "_selected_action": [self.undo.pk, self.realign.pk]},
        )
        assert response.status_code == 200
        page = response.content.decode()
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
        assert "Nothing has been undone yet" in text, text
        refused = text[text.index("Edits that cannot be undone") :]
        assert f"“{self.realign.summary}”:" in refused, refused
        assert "since this page was shown" not in refused, refused
        assert (
            f"“{self.realign.summary}”: Undoing “{self.undo.summary}”, selected too, changes the "
            "links it left; select it alone to undo it." in refused
        ), refused


class ChangeListColumnsTests(TestCase):
    """The Edits and Links lists name the resolution as the review pages do (its symbol, else
    its slug), not by its title: the demo's 135-character title made each table twice as wide
    as the page, hiding who made an edit and what it was. A link's position and score read as
    the alignment editor gives them ("#1", "0.98"), not 0-based and to 16 places."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar[:8],
            en_paragraphs=en[:8],
            meta=ResolutionMeta(
                slug="demo",
                symbol="OIC CFM Ex-21",
                title_en="Resolution of the 21st Extraordinary Session of the OIC Council of "
                "Foreign Ministers on the Israeli aggression against the Palestinian people",
            ),
        )
        cls.root = User.objects.create_superuser("root", "root@example.org", "long-enough-pw-1")
        link = Link.objects.of(cls.resolution).at(Level.SENTENCE).get(position=0)
        link_confirm(
            resolution=cls.resolution, link_id=link.pk, version=link.version, user=cls.root
        )

    def cells(self, url: str, field: str) -> list[str]:
        self.client.force_login(self.root)
        html = self.client.get(url).content.decode()
        return [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(rf'<t[dh] class="field-{field}[^"]*">(.*?)</t[dh]>', html)
        ]

    def test_the_edits_list_names_the_resolution_by_its_symbol(self) -> None:
        assert self.cells(CHANGELIST, "resolution_name") == ["OIC CFM Ex-21"]
        assert self.cells(CHANGELIST, "summary") == ["Confirmed sentence link #1"]

    def test_the_links_list_numbers_links_from_one_with_a_two_place_score(self) -> None:
        url = "/admin/alignment/link/?level__exact=sentence"
        names = self.cells(url, "resolution_name")
        assert names and set(names) == {"OIC CFM Ex-21"}
        assert self.cells(url, "number")[:3] == ["#1", "#2", "#3"]
        scores = self.cells(url, "score_shown")
        assert scores and all(re.fullmatch(r"\d\.\d\d", score) for score in scores), scores


class EditPageTests(TestCase):
    """An edit's own page in the admin shows what it did, read-only: no Save buttons that save
    nothing, and a way to where it can be undone; the list's undo action stays offered."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.resolution, cls.editor = demo_with_editor()
        link = Link.objects.of(cls.resolution).at(Level.SENTENCE).get(position=0)
        cls.edit = link_confirm(
            resolution=cls.resolution, link_id=link.pk, version=1, user=cls.editor
        )

    def setUp(self) -> None:
        self.client.force_login(self.editor)

    @property
    def url(self) -> str:
        return f"{CHANGELIST}{self.edit.pk}/change/"

    def test_the_page_is_read_only_and_links_to_where_it_is_undone(self) -> None:
        """Edna opens her confirmation: "View edit", no Save, and a link to the resolution's
        history, where its Undo is."""
        html = self.client.get(self.url).content.decode()
        assert "<h1>View edit</h1>" in html
        assert 'name="_save"' not in html and "Save and continue editing" not in html
        history = f"/admin/corpus/resolution/{self.resolution.pk}/history/#alignment-edits"
        assert f'<a href="{history}"' in html

    def test_posting_the_page_changes_nothing(self) -> None:
        """A form sent to the page anyway is refused; the summary stays as recorded."""
        response = self.client.post(self.url, {"summary": "Nothing happened"})
        assert response.status_code == 403
        assert Edit.objects.get(pk=self.edit.pk).summary == "Confirmed sentence link #1"

    def test_the_list_still_offers_the_undo_action_to_an_editor(self) -> None:
        html = self.client.get(CHANGELIST).content.decode()
        assert 'value="undo_edits"' in html


class EditBeforeAfterTests(TestCase):
    """An edit's page shows its before and after as an editor reads them: each link's number,
    status, flag and note, its Arabic and English units by their place and the start of their
    text, and what changed; the raw JSON stays available, folded away."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.resolution, cls.editor = demo_with_editor()

    def setUp(self) -> None:
        self.client.force_login(self.editor)

    def tables(self, edit: Edit) -> tuple[dict[str, list[str]], str]:
        """The page's before/after tables by id ("before-paragraph"), as row texts, and the
        page with its folded parts (<details>) left out."""
        html = self.client.get(f"{CHANGELIST}{edit.pk}/change/").content.decode()
        assert 'id="edit-changes"' in html
        tables = {}
        for name, body in re.findall(
            r'<table[^>]*id="((?:before|after)-\w+)"(.*?)</table>', html, re.S
        ):
            rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1], re.S)
            tables[name] = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]
        return tables, re.sub(r"<details.*?</details>", "", html, flags=re.S)

    def test_a_merge_shows_both_links_before_and_the_one_after_with_their_text(self) -> None:
        """Edna merges paragraph links #1 and #2: before, #1 and #2 with the start of their
        Arabic and English paragraphs; after, one link holding all of them, marked changed or
        new; no raw JSON in view, but it is on the page, folded."""
        first, second = Link.objects.of(self.resolution).at(Level.PARAGRAPH)[:2]
        texts = [
            (p.lang, " ".join(p.text.split())[:30])
            for link in (first, second)
            for p in link.paragraphs.order_by("lang", "index")
        ]
        edit = link_merge(
            resolution=self.resolution, versions={first.pk: 1, second.pk: 1}, user=self.editor
        )
        tables, folded = self.tables(edit)
        before, after = tables["before-paragraph"], tables["after-paragraph"]
        assert [row.split()[0] for row in before] == ["#1", "#2"]
        assert len(after) == 1 and after[0].startswith("#1")
        for lang, start in texts:
            assert start in after[0], (lang, start)
        assert texts[0][1] in before[0] and texts[-1][1] in before[1]
        assert "¶ 1" in before[0]
        # In the Arabic cell the label still reads "¶ 1", not "1 ¶".
        html = self.client.get(f"{CHANGELIST}{edit.pk}/change/").content.decode()
        assert '<td lang="ar" dir="rtl" class="changed"><div><b dir="ltr">¶ 1</b>' in html
        assert "Automatic" in before[0] and "Corrected" in after[0]
        assert "changed" in after[0] or "new" in after[0]
        assert "&quot;links&quot;" not in folded and '"links"' not in folded
        assert "&quot;links&quot;" in html or '"links"' in html

    def test_a_flag_shows_its_note_and_what_changed(self) -> None:
        """Edna flags sentence link #3, "The English adds a clause": before it reads
        Automatic, not flagged; after, flagged with the note; both say the flag and note
        changed."""
        link = Link.objects.of(self.resolution).at(Level.SENTENCE).get(position=2)
        edit = link_flag(
            resolution=self.resolution,
            link_id=link.pk,
            version=1,
            user=self.editor,
            note="The English adds a clause",
        )
        tables, _ = self.tables(edit)
        [before], [after] = tables["before-sentence"], tables["after-sentence"]
        assert before.startswith("#3") and after.startswith("#3")
        assert "The English adds a clause" in after and "The English adds a clause" not in before
        assert "flag, note changed" in after
        assert "s. " in after  # a sentence is named by its paragraph and its place in it
        sentence = link.sentences.filter(lang="en").first()
        assert " ".join(sentence.text.split())[:30] in after

    def test_a_text_edit_shows_the_sentences_as_they_were(self) -> None:
        """Edna rewrites an English paragraph: its sentences are stored anew, yet the edit's
        before still shows the old sentence's text, and its after the new."""
        link = Link.objects.of(self.resolution).at(Level.PARAGRAPH).get(position=3)
        paragraph = link.paragraphs.get(lang="en")
        old = " ".join(paragraph.text.split())
        new = "Reaffirming its full support. " + paragraph.text
        edit = paragraph_edit_text(
            resolution=self.resolution,
            paragraph_id=paragraph.pk,
            text=new,
            versions={link.pk: link.version},
            user=self.editor,
            seen_below={row.pk: row.version for row in Link.objects.of(self.resolution)},
        )
        tables, _ = self.tables(edit)
        before, after = " ".join(tables["before-sentence"]), " ".join(tables["after-sentence"])
        assert old[:30] in before
        assert "Reaffirming its full support." in after
        assert "Reaffirming" not in before

    def test_the_page_reads_the_units_in_a_fixed_number_of_queries(self) -> None:
        """A merge of three links reads as many queries as a merge of two: no query per link
        or unit."""
        links = list(Link.objects.of(self.resolution).at(Level.PARAGRAPH)[:8])
        two = link_merge(
            resolution=self.resolution,
            versions={link.pk: 1 for link in links[3:5]},
            user=self.editor,
        )
        three = link_merge(
            resolution=self.resolution,
            versions={link.pk: 1 for link in links[5:8]},
            user=self.editor,
        )
        self.client.get(f"{CHANGELIST}{two.pk}/change/")  # content types cached
        with CaptureQueriesContext(connection) as read:
            self.client.get(f"{CHANGELIST}{two.pk}/change/")
        assert len(three.before["links"]["paragraph"]) == 3
        # The same levels changed, so the same unit tables are read.
        assert two.before["links"].keys() == three.before["links"].keys()
        with self.assertNumQueries(len(read.captured_queries)):
            self.client.get(f"{CHANGELIST}{three.pk}/change/")
