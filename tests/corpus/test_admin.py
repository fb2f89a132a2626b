"""The editors' admin: resolution list with search and filters, the alignment editor (merge,
split, shift, unlink, confirm, text edit, undo, re-align) and its refusals; query counts."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import Client, TestCase
from django.urls import reverse
from django.utils.html import escape

from apps.alignment.models import Edit, Level, Link, Status
from apps.alignment.services import edit_undo, link_confirm, link_unlink, paragraph_edit_text
from apps.corpus.models import Paragraph, Resolution
from apps.corpus.services import ResolutionMeta, resolution_import
from apps.review.editor import EDITOR_PAGE_SIZE
from apps.review.selectors import review_items
from tests.conftest import aligner_linking_a_sentence_twice, demo_sides, sdg_yaml, shared_path


class AdminTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar,
            en_paragraphs=en,
            meta=ResolutionMeta(slug="demo", body="OIC CFM", title_en="Extraordinary session"),
        )
        cls.other = resolution_import(
            ar_paragraphs=ar[:6],
            en_paragraphs=en[:6],
            meta=ResolutionMeta(slug="excerpt", body="UN GA", title_en="Excerpt"),
        )
        cls.editor = User.objects.create_user("edna", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editor"))

    def setUp(self) -> None:
        self.client.force_login(self.editor)

    @property
    def align_url(self) -> str:
        return reverse("admin:corpus_resolution_align", kwargs={"pk": self.resolution.pk})

    def page_versions(self, level: str) -> dict[str, int]:
        return {
            f"v-{pk}": version
            for pk, version in Link.objects.of(self.resolution)
            .at(level)
            .values_list("pk", "version")
        }

    def messages_of(self, response: object) -> list[str]:
        return [str(m) for m in get_messages(response.wsgi_request)]

    def test_changelist_search_and_filters(self) -> None:
        """Search by title; filter by body, year and review progress."""
        url = reverse("admin:corpus_resolution_changelist")
        html = self.client.get(url, {"q": "Excerpt"}).content.decode()
        assert "excerpt" in html and ">demo<" not in html
        html = self.client.get(url, {"body": "UN GA"}).content.decode()
        assert "excerpt" in html and ">demo<" not in html
        first = Link.objects.of(self.resolution).at(Level.SENTENCE).first()
        Link.objects.filter(pk=first.pk).update(status=Status.CONFIRMED)
        html = self.client.get(url, {"review": "partial"}).content.decode()
        assert ">demo<" in html and "excerpt" not in html
        assert "1/42 (2%)" in html
        html = self.client.get(url, {"review": "none"}).content.decode()
        assert "excerpt" in html and ">demo<" not in html
        assert "Import a resolution" in html

    def test_body_filter_names_resolutions_without_a_body(self) -> None:
        """A resolution imported without a body (the UDHR, the SDG targets) is listed under the
        body filter as "None", not as an empty link a sighted editor cannot see and a screen
        reader reads as nothing; it selects just those resolutions."""
        Resolution.objects.create(slug="no-body", title_en="Universal Declaration", body="")
        url = reverse("admin:corpus_resolution_changelist")
        for params in ({}, {"_facets": "1"}):
            html = self.client.get(url, params).content.decode()
            body_filter = html.split("By body")[1].split("</ul>")[0]
            links = re.findall(r'<a href="\?([^"]*)"[^>]*>(.*?)</a>', body_filter, re.S)
            assert all(text.strip() for _, text in links), links
            none = [(query, text) for query, text in links if "body=&" in query + "&"]
            assert len(none) == 1 and none[0][1].strip().startswith("None"), links
        html = self.client.get(url, {"body": ""}).content.decode()
        assert "no-body" in html and ">demo<" not in html and "excerpt" not in html

    def test_changelist_query_count(self) -> None:
        """Session, user, groups/permissions, count(s), the page: not one query per row."""
        url = reverse("admin:corpus_resolution_changelist")
        self.client.get(url)
        with self.assertNumQueries(9):
            self.client.get(url)

    def test_editor_page_query_count(self) -> None:
        """The editor page is a constant number of queries at every level."""
        self.client.get(self.align_url)
        with self.assertNumQueries(10):
            response = self.client.get(self.align_url + "?level=clause")
        assert response.status_code == 200
        with self.assertNumQueries(10):
            self.client.get(self.align_url + "?level=paragraph")

    def test_a_one_sided_link_says_which_side_it_has_not_a_confidence(self) -> None:
        """In the editor, as in the review queue, a link with nothing on one side reads "Arabic
        only — no English" (or the other way), not a score the aligner gave its choice ("0.00
        low", or "0.93 high" in green beside "no English"), and its row is not coloured by one."""
        items = review_items([self.resolution], Level.CLAUSE)
        one_sided = [i for i in items if not (i.ar_ids and i.en_ids)]
        assert any(i.ar_ids for i in one_sided) and any(i.en_ids for i in one_sided)
        for item in one_sided:
            page = items.index(item) // EDITOR_PAGE_SIZE + 1
            html = self.client.get(self.align_url, {"level": "clause", "page": page}).content
            html = html.decode()
            row = html.split(f'<tr id="link-{item.id}"')[1].split("</tr>")[0]
            side = "Arabic only — no English" if item.ar_ids else "English only — no Arabic"
            score = row.split('<span class="cell-label">Score · status</span>')[1].split("</td>")[0]
            assert side in score, score
            assert 'class="band"' not in score and "band-" not in row.split(">")[0], row[:300]
            assert f"{item.score:.2f}" not in score, score
        pair = items[0]
        assert pair.ar_ids and pair.en_ids
        html = self.client.get(self.align_url, {"level": "clause"}).content
        row = html.decode().split(f'<tr id="link-{pair.id}"')[1].split("</tr>")[0]
        assert f"<strong>{pair.score:.2f}</strong>" in row and "only — no" not in row

    def test_every_column_of_the_editor_s_tables_is_named(self) -> None:
        """A screen reader reading the history's Undo buttons by column hears "Undo", not an
        empty header; the links table's tick boxes column is named "Select" likewise."""
        html = self.client.get(self.align_url).content.decode()
        for table in ("align-table", "history"):
            head = html.split(f'<table class="{table}">')[1].split("</thead>")[0]
            names = [
                re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", head)
            ]
            assert names and all(names), (table, names)
        head = html.split('<table class="history">')[1].split("</thead>")[0]
        assert '<span class="visually-hidden">Undo</span>' in head

    def test_merge_then_undo_from_the_history(self) -> None:
        """Select two paragraph links and merge; the history offers undo; undo restores."""
        links = list(Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position"))
        response = self.client.post(
            self.align_url + "?level=paragraph",
            {
                "action": "merge",
                "sel": [links[7].pk, links[8].pk],
                **self.page_versions("paragraph"),
            },
        )
        assert response.status_code == 302
        assert Link.objects.of(self.resolution).at(Level.PARAGRAPH).count() == 41
        html = self.client.get(self.align_url).content.decode()
        edit = Edit.objects.get(action="merge")
        assert f'value="undo:{edit.pk}"' in html and "Merged 2 paragraph links from #8" in html
        self.client.post(self.align_url, {"action": f"undo:{edit.pk}"})
        assert Link.objects.of(self.resolution).at(Level.PARAGRAPH).count() == 42
        edit.refresh_from_db()
        assert edit.undone_by is not None

    def test_a_refused_undo_marks_no_row_as_changed(self) -> None:
        """Undo from the history after a later edit of the same stretch is refused, naming that
        edit; the page shown marks no row as changed (the history form carries no versions)."""
        links = list(Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position"))
        versions = self.page_versions("paragraph")
        self.client.post(
            self.align_url, {"action": "merge", "sel": [links[7].pk, links[8].pk], **versions}
        )
        merge = Edit.objects.get(action="merge")
        merged = Link.objects.get(pk=merge.after["links"]["paragraph"][0]["id"])
        self.client.post(
            self.align_url,
            {"action": f"confirm:{merged.pk}", **self.page_versions("paragraph")},
        )
        response = self.client.post(self.align_url, {"action": f"undo:{merge.pk}"})
        assert response.status_code == 200
        text = " ".join(self.messages_of(response))
        assert "Not saved: A later edit by edna (“Confirmed paragraph link #8”) changed the" in text
        assert "changed-since" not in response.content.decode()
        assert Link.objects.of(self.resolution).at(Level.PARAGRAPH).count() == 41

    def test_stale_page_is_refused_with_a_message(self) -> None:
        """An editor acting on a page loaded before someone else's change is refused."""
        stale = self.page_versions("sentence")
        link = Link.objects.of(self.resolution).at(Level.SENTENCE).order_by("position")[2]
        omar = User.objects.create_user("omar", is_staff=True)
        omar.groups.add(Group.objects.get(name="Editor"))
        other = Client()
        other.force_login(omar)
        other.post(self.align_url + "?level=sentence", {"action": f"confirm:{link.pk}", **stale})
        response = self.client.post(
            self.align_url + "?level=sentence",
            {"action": f"unlink:{link.pk}", **stale},
            follow=True,
        )
        text = " ".join(self.messages_of(response))
        assert "Not saved" in text and "changed by someone else" in text
        assert "It was omar: “Confirmed sentence link #3”." in text
        assert Link.objects.get(pk=link.pk).status == Status.CONFIRMED  # not unlinked

    def test_an_unlink_that_would_redraw_a_review_below_is_refused_then_applied_seen(
        self,
    ) -> None:
        """Omar confirms a sentence link under paragraph link #4. Edna's Unlink of #4 from the
        paragraph page, which does not show it, is refused: the message names Omar's link with
        a link to it at sentence level, and the page now carries its version, so pressing
        Unlink again, having been told, applies it (undo brings the confirmation back)."""
        omar = User.objects.create_user("omar")
        paragraph = Link.objects.of(self.resolution).at(Level.PARAGRAPH).get(position=3)
        sentence = (
            Link.objects.of(self.resolution)
            .at(Level.SENTENCE)
            .filter(sentences__paragraph__in=Paragraph.objects.filter(links=paragraph))
            .order_by("position")
            .first()
        )
        link_confirm(resolution=self.resolution, link_id=sentence.pk, version=1, user=omar)
        response = self.client.post(
            self.align_url + "?level=paragraph",
            {"action": f"unlink:{paragraph.pk}", **self.page_versions("paragraph")},
        )
        assert response.status_code == 200
        html = response.content.decode()
        number = sentence.position + 1
        assert re.search(
            rf"Not saved: This change would re-draw a confirmed sentence link by omar "
            rf'\(<a href="[^"]*level=sentence&amp;page=1&amp;focus={sentence.pk}"[^>]*>'
            rf"sentence link #{number}</a>\) below it",
            html,
        ), html
        assert Link.objects.get(pk=paragraph.pk).version == 1  # not unlinked
        carried = dict(re.findall(r'name="(below-v-\d+)" value="(\d+)"', html))
        assert carried == {f"below-v-{sentence.pk}": "2"}
        response = self.client.post(
            self.align_url + "?level=paragraph",
            {"action": f"unlink:{paragraph.pk}", **self.page_versions("paragraph"), **carried},
        )
        assert response.status_code == 302
        edit = Edit.objects.get(action="unlink")
        assert "1 confirmed sentence link by omar below was re-drawn" in edit.summary

    def test_a_shift_refused_for_a_change_on_the_next_page_says_where_it_is(self) -> None:
        """Omar confirms link #41, the first row of page 2; Edna's move of page 1's last English
        unit onto it is refused, and the message says the changed link is on the next page, with
        a link to it there (not a bare "#41", a row she cannot find on her page)."""
        omar = User.objects.create_user("omar")
        last, next_first = (
            Link.objects.of(self.resolution).at(Level.PARAGRAPH).get(position=n) for n in (39, 40)
        )
        versions = self.page_versions("paragraph")
        page_one = {k: v for k, v in versions.items() if k != f"v-{next_first.pk}"}
        link_confirm(resolution=self.resolution, link_id=next_first.pk, version=1, user=omar)
        response = self.client.post(
            self.align_url + "?level=paragraph&page=1",
            {
                "action": f"shift:{last.pk}:en:next",
                **page_one,
                f"edge-v-{next_first.pk}": 1,
            },
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert re.search(
            rf'Not saved: <a href="[^"]*level=paragraph&amp;page=2&amp;focus={next_first.pk}"'
            r"[^>]*>Link #41 \(paragraph\)</a>, on the next page, was changed by someone else",
            html,
        ), re.findall(r"Not saved:[^<]*", html)
        assert not Edit.objects.filter(action="shift").exists()

    def test_stale_refusal_keeps_the_selection(self) -> None:
        """Edna selects paragraph links #4 and #5 to merge; meanwhile Omar confirms #5. Her
        merge is refused on the page as it is now: #4 and #5 still ticked, #5 marked as
        changed; the form now carries the current versions, so pressing Merge again (having
        seen Omar's change) merges."""
        other = User.objects.create_user("omar", is_staff=True)
        other.groups.add(Group.objects.get(name="Editor"))
        links = list(Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position"))
        fourth, fifth = links[3], links[4]
        loaded = self.page_versions("paragraph")
        self.client.force_login(other)
        self.client.post(self.align_url, {"action": f"confirm:{fifth.pk}", **loaded})
        self.client.force_login(self.editor)
        response = self.client.post(
            self.align_url + "?level=paragraph",
            {"action": "merge", "sel": [fourth.pk, fifth.pk], **loaded},
        )
        assert response.status_code == 200
        text = " ".join(self.messages_of(response))
        assert "Not saved: Link #5 (paragraph) was changed by someone else" in text
        assert "your selection and split points are kept" in text and "Reload" not in text
        html = response.content.decode()
        ticked = re.findall(r'name="sel" value="(\d+)"[^>]*? checked', html)
        assert ticked == [str(fourth.pk), str(fifth.pk)]
        changed = re.findall(r'<tr id="link-(\d+)" class="[^"]*changed-since', html)
        assert changed == [str(fifth.pk)]
        assert "changed since you loaded the page" in html
        assert Link.objects.of(self.resolution).at(Level.PARAGRAPH).count() == 42
        assert Link.objects.get(pk=fifth.pk).status == Status.CONFIRMED
        # Pressing Merge again sends the form as the refusal rendered it.
        versions = dict(re.findall(r'name="(v-\d+)" value="(\d+)"', html))
        assert versions[f"v-{fifth.pk}"] == "2"
        again = self.client.post(
            self.align_url + "?level=paragraph",
            {"action": "merge", "sel": ticked, **versions},
        )
        assert again.status_code == 302
        assert Link.objects.of(self.resolution).at(Level.PARAGRAPH).count() == 41

    def test_enter_in_the_editor_form_changes_nothing_and_keeps_the_ticks(self) -> None:
        """Enter on a tick box sends the form's hidden default button, which is not Merge
        selected: nothing is merged, the page says so and both ticks stay."""
        links = list(Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position"))
        page = self.client.get(self.align_url + "?level=paragraph").content.decode()
        first_button = re.search(r'<button type="submit" name="action" value="([^"]*)"', page)
        assert first_button is not None and first_button.group(1) == "keep"
        response = self.client.post(
            self.align_url + "?level=paragraph",
            {
                "action": "keep",
                "sel": [links[3].pk, links[4].pk],
                **self.page_versions("paragraph"),
            },
        )
        assert response.status_code == 200
        assert "Nothing was changed" in " ".join(self.messages_of(response))
        ticked = re.findall(r'name="sel" value="(\d+)"[^>]*? checked', response.content.decode())
        assert ticked == [str(links[3].pk), str(links[4].pk)]
        assert Link.objects.of(self.resolution).at(Level.PARAGRAPH).count() == 42
        # The browser does not say where Enter was pressed: the box changed last in the page
        # since it was drawn has the focus, and Enter again without a change keeps it there.
        html = response.content.decode()
        assert self.focused(html) == f'checkbox value="{links[4].pk}"'
        again = self.client.post(
            self.align_url + "?level=paragraph",
            {
                "action": "keep",
                "sel": [links[3].pk, links[4].pk],
                "drawn-sel": re.findall(r'name="drawn-sel" value="(\d+)"', html),
                "drawn-focus": re.search(r'name="drawn-focus" value="([^"]*)"', html).group(1),
                **self.page_versions("paragraph"),
            },
        )
        assert self.focused(again.content.decode()) == f'checkbox value="{links[4].pk}"'

    def focused(self, html: str) -> str:
        """What the page focuses when it loads (its one autofocus element), in short."""
        found = re.findall(r"<(\w+)([^>]*?) autofocus", html)
        assert len(found) <= 1, found
        if not found:
            return ""
        tag, attrs = found[0]
        value = re.search(r'value="([^"]*)"', attrs)
        kind = "checkbox" if 'type="checkbox"' in attrs else tag
        return f'{kind} value="{value.group(1)}"' if value else f"{kind}{attrs}"

    def test_after_a_change_the_affected_link_is_focused_on_its_page(self) -> None:
        """Unlinking paragraph link #41 (page 2) comes back to page 2 with its tick box focused
        and described by the outcome; undoing it from page 1's history goes to page 2 too;
        confirming keeps focus on the confirmed row; re-aligning on the Re-align button."""
        target = Link.objects.of(self.resolution).at(Level.PARAGRAPH).get(position=40)
        response = self.client.post(
            self.align_url + "?level=paragraph&page=2",
            {"action": f"unlink:{target.pk}", **self.page_versions("paragraph")},
        )
        assert response.status_code == 302
        assert response.url == f"{self.align_url}?level=paragraph&page=2&focus={target.pk}"
        html = self.client.get(response.url).content.decode()
        assert self.focused(html) == f'checkbox value="{target.pk}"'
        assert 'aria-describedby="editor-messages"' in html
        assert re.search(r'id="editor-messages"[^>]*>.*Unlinked paragraph link #41', html, re.S)
        edit = Edit.objects.get(action="unlink")
        undone = self.client.post(
            self.align_url + "?level=paragraph", {"action": f"undo:{edit.pk}"}
        )
        assert undone.url == f"{self.align_url}?level=paragraph&page=2&focus={target.pk}"
        paragraph = Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position")[2]
        confirmed = self.client.post(
            self.align_url + "?level=paragraph",
            {"action": f"confirm:{paragraph.pk}", **self.page_versions("paragraph")},
            follow=True,
        )
        assert self.focused(confirmed.content.decode()) == f'checkbox value="{paragraph.pk}"'
        realigned = self.client.post(self.align_url, {"action": "realign"}, follow=True)
        assert self.focused(realigned.content.decode()) == 'button value="realign"'

    def test_after_a_shift_the_arrow_pressed_keeps_the_focus(self) -> None:
        """Shifting English paragraph 10 down comes back with focus on the tick box of link #10
        (its English, and so its arrows, are gone); shifting it back up from link #11, whose
        first English unit keeps an up arrow, comes back to that arrow, so pressing it again
        goes on. A refused shift also focuses the arrow pressed."""
        tenth = Link.objects.of(self.resolution).at(Level.PARAGRAPH).get(position=9)
        eleventh = Link.objects.of(self.resolution).at(Level.PARAGRAPH).get(position=10)
        down = self.client.post(
            self.align_url + "?level=paragraph",
            {"action": f"shift:{tenth.pk}:en:next", **self.page_versions("paragraph")},
            follow=True,
        )
        assert "Shifted the English unit of paragraph link #10" in " ".join(self.messages_of(down))
        assert self.focused(down.content.decode()) == f'checkbox value="{tenth.pk}"'
        stale = self.page_versions("paragraph")
        up = self.client.post(
            self.align_url + "?level=paragraph",
            {"action": f"shift:{eleventh.pk}:en:prev", **stale},
            follow=True,
        )
        html = up.content.decode()
        assert self.focused(html) == f'button value="shift:{eleventh.pk}:en:prev"'
        assert re.search(
            rf'value="shift:{eleventh.pk}:en:prev"[^>]* autofocus aria-describedby="[^"]+"', html
        )
        # The outcome follows the unit's arrows (and its edit link), not wedged between ↑ and ↓.
        down_arrow = html.index(f'value="shift:{eleventh.pk}:en:next"')
        assert down_arrow < html.index('id="editor-messages"') < html.index("</div>", down_arrow)
        refused = self.client.post(
            self.align_url + "?level=paragraph",
            {"action": f"shift:{eleventh.pk}:en:prev", **stale},
        )
        assert "Not saved" in " ".join(self.messages_of(refused))
        assert self.focused(refused.content.decode()) == (
            f'button value="shift:{eleventh.pk}:en:prev"'
        )

    def test_a_reviewer_comes_back_to_the_confirmed_row(self) -> None:
        """A reviewer has no tick boxes: after Confirm the row itself is focused (tabindex -1),
        so Tab goes on to the next row's Confirm."""
        reviewer = User.objects.create_user("rania", is_staff=True)
        reviewer.groups.add(Group.objects.get(name="Reviewer"))
        self.client.force_login(reviewer)
        paragraph = Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position")[6]
        response = self.client.post(
            self.align_url + "?level=paragraph",
            {"action": f"confirm:{paragraph.pk}", **self.page_versions("paragraph")},
            follow=True,
        )
        html = response.content.decode()
        assert re.search(
            rf'<tr id="link-{paragraph.pk}"[^>]* tabindex="-1" autofocus'
            r' aria-describedby="editor-messages">',
            html,
        )

    def test_odd_focus_addresses_focus_nothing(self) -> None:
        """A focus= that is not a link on the page (another page's, too large, superscript
        digits, a word) loads the page normally with nothing focused."""
        far = Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position")[41]
        for value in (str(far.pk), "9" * 30, "9" * 5000, "²", "delete"):
            response = self.client.get(self.align_url + f"?level=paragraph&focus={value}")
            assert response.status_code == 200
            assert self.focused(response.content.decode()) == ""
        # Enter without the script sends the ticked boxes: a forged one past int()'s 4,300
        # digits is no link either (it was a server error).
        response = self.client.post(
            self.align_url + "?level=paragraph",
            {"action": "keep", "sel": ["9" * 5000], **self.page_versions("paragraph")},
        )
        assert response.status_code == 200
        assert self.focused(response.content.decode()) == ""

    def test_stale_refusal_keeps_the_split_points_typed(self) -> None:
        """Edna types where to split a wide clause link; Omar confirms it first. Her split is
        refused with the split points she typed still in the boxes (not the defaults)."""
        wide = next(i for i in review_items([self.resolution], Level.CLAUSE)[:40] if i.units > 2)
        # Not the defaults (1 or 0 each): after two English units, or two Arabic.
        ar_at, en_at = ("0", "2") if len(wide.en_ids) > 1 else ("2", "0")
        loaded = self.page_versions("clause")
        omar = User.objects.create_user("omar", is_staff=True)
        link_confirm(resolution=self.resolution, link_id=wide.id, version=1, user=omar)
        response = self.client.post(
            self.align_url + "?level=clause",
            {
                "action": f"split:{wide.id}",
                f"split-ar-{wide.id}": ar_at,
                f"split-en-{wide.id}": en_at,
                **loaded,
            },
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "changed by someone else" in " ".join(self.messages_of(response))
        typed = dict(
            re.findall(rf'name="split-(ar|en)-{wide.id}" min="0" max="\d+" value="(\d+)"', html)
        )
        assert typed == {"ar": ar_at, "en": en_at}
        assert not Edit.objects.filter(action="split").exists()

    def test_selected_links_gone_after_a_change_are_counted(self) -> None:
        """Omar merges #8 and #9 while Edna has them selected to link: her refusal says that
        one of the links she selected is no longer on the page, and ticks the one that is."""
        links = list(Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position"))
        loaded = self.page_versions("paragraph")
        self.client.post(
            self.align_url + "?level=paragraph",
            {"action": "merge", "sel": [links[7].pk, links[8].pk], **loaded},
        )
        gone = next(k for k in links[7:9] if not Link.objects.filter(pk=k.pk).exists())
        kept = next(k for k in links[7:9] if k is not gone)
        response = self.client.post(
            self.align_url + "?level=paragraph",
            {"action": "link", "sel": [links[7].pk, links[8].pk], **loaded},
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "1 of the links you selected is no longer on this page" in html
        assert re.findall(r'name="sel" value="(\d+)"[^>]*? checked', html) == [str(kept.pk)]

    def test_links_of_several_units_offer_unlink_and_split(self) -> None:
        """On the editor page every link of more than one unit has its Unlink button (a
        template filter chain hid it on every row) and every link of three or more its Split,
        whose default split point, sent as the page fills it in, splits; a lone clause has
        neither. (The demo's first one-sided clause link is the 161st, on the fifth page.)"""
        html = self.client.get(self.align_url + "?level=clause&page=5").content.decode()
        rows = html.split('<tr id="link-')[1:]
        items = review_items([self.resolution], Level.CLAUSE, reasons=False)[160 : 160 + len(rows)]
        assert len(rows) == 40
        assert {i.units > 1 for i in items} == {True, False}  # lone clauses among them
        for item, row in zip(items, rows, strict=True):
            assert row.startswith(f'{item.id}"')
            assert (f'value="unlink:{item.id}"' in row) == (item.units > 1), item.shape
            assert (f'value="split:{item.id}"' in row) == (item.units > 2), item.shape
        wide = next(i for i in items if i.units > 2)
        row = rows[items.index(wide)]
        fields = dict(
            re.findall(r'name="(split-(?:ar|en)-\d+)" min="0" max="\d+" value="(\d+)"', row)
        )
        response = self.client.post(
            self.align_url + "?level=clause&page=5",
            {"action": f"split:{wide.id}", **fields, **self.page_versions("clause")},
        )
        assert response.status_code == 302, self.messages_of(response)
        assert Edit.objects.get(action="split").summary.startswith(
            f"Split clause link #{wide.position + 1}"
        )

    def test_split_shift_and_unlink(self) -> None:
        clauses = list(Link.objects.of(self.resolution).at(Level.CLAUSE).order_by("position"))
        wide = next(k for k in clauses if k.clauses.count() >= 3)
        versions = self.page_versions("clause")
        self.client.post(
            self.align_url + "?level=clause",
            {
                "action": f"split:{wide.pk}",
                f"split-ar-{wide.pk}": 1,
                f"split-en-{wide.pk}": 1,
                **versions,
            },
        )
        assert Edit.objects.filter(action="split").exists()
        sentence = Link.objects.of(self.resolution).at(Level.SENTENCE).order_by("position")[5]
        self.client.post(
            self.align_url + "?level=sentence",
            {"action": f"unlink:{sentence.pk}", **self.page_versions("sentence")},
        )
        assert Edit.objects.filter(action="unlink").exists()
        bad = self.client.post(
            self.align_url,
            {"action": "shift:x:ar:up", **self.page_versions("paragraph")},
            follow=True,
        )
        assert "Not saved" in " ".join(self.messages_of(bad))
        foreign = Link.objects.of(self.other).at(Level.PARAGRAPH).first()
        linked = self.client.post(
            self.align_url,
            {"action": "link", "sel": [foreign.pk, 10**9], f"v-{foreign.pk}": 1, "v-1000000000": 1},
            follow=True,
        )
        assert linked.status_code == 200 and "Not saved" in " ".join(self.messages_of(linked))
        assert Link.objects.filter(pk=foreign.pk).exists()

    def test_link_selected_joins_an_english_only_link_to_the_arabic_only_one_after_it(
        self,
    ) -> None:
        """Unlinking paragraphs 5 and 6 leaves Arabic 5, English 5, Arabic 6, English 6 alone.
        The editor pairs English 5 with Arabic 6 (the English-only link comes first on the
        page): "Link selected" makes them one link, rather than saying the first must be
        Arabic-only."""
        for position in (4, 6):  # paragraph 6's link is at 6 once paragraph 5's is two
            link = Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position")
            self.client.post(
                self.align_url,
                {"action": f"unlink:{link[position].pk}", **self.page_versions("paragraph")},
            )
        alone = list(Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position"))
        en_5, ar_6 = alone[5], alone[6]
        assert [p.lang for p in en_5.paragraphs.all()] == ["en"]
        assert [p.lang for p in ar_6.paragraphs.all()] == ["ar"]
        response = self.client.post(
            self.align_url,
            {"action": "link", "sel": [en_5.pk, ar_6.pk], **self.page_versions("paragraph")},
            follow=True,
        )
        assert "Not saved" not in " ".join(self.messages_of(response)), self.messages_of(response)
        (joined,) = (
            Link.objects.of(self.resolution)
            .at(Level.PARAGRAPH)
            .filter(paragraphs__in=[*en_5.paragraphs.all(), *ar_6.paragraphs.all()])
            .distinct()
        )
        assert sorted((p.lang, p.index) for p in joined.paragraphs.all()) == [("ar", 5), ("en", 4)]

    def test_numbers_too_large_for_the_database_are_refused_with_a_message(self) -> None:
        """Ids and versions beyond 64 bits (a tampered form) get "Not saved", as other bad
        input does, and change nothing; on SQLite they were a server error."""
        huge = str(10**20)
        link = Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position")[3]
        versions = self.page_versions("paragraph")
        posts = [
            {"action": f"confirm:{huge}"},
            {"action": f"unlink:{huge}"},
            {"action": f"undo:{huge}"},
            {"action": "merge", "sel": [huge, str(link.pk)], f"v-{huge}": 1, **versions},
            {"action": "link", "sel": [huge, str(link.pk)], f"v-{huge}": 1, **versions},
            {"action": f"confirm:{link.pk}", **versions, f"v-{link.pk}": huge},
            {"action": f"shift:{huge}:ar:next", f"v-{huge}": 1},
        ]
        for data in posts:
            response = self.client.post(self.align_url, data, follow=True)
            assert response.status_code == 200, data
            assert "Not saved" in " ".join(self.messages_of(response)), data
        assert not Edit.objects.exists()
        assert Link.objects.get(pk=link.pk).status == link.status

    def test_text_edit_page(self) -> None:
        """Editing an English paragraph's text re-aligns its stretch and records the edit."""
        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="en", index=20)
        link = paragraph.links.get()
        url = reverse(
            "admin:corpus_resolution_paragraph",
            kwargs={"pk": self.resolution.pk, "paragraph_id": paragraph.pk},
        )
        page = self.client.get(url).content.decode()
        assert 'dir="ltr"' in page and paragraph.text[:40] in page
        new = paragraph.text.replace("rejects any calls", "firmly rejects all calls")
        assert new != paragraph.text
        response = self.client.post(url, {"text": new, "link": link.pk, "version": link.version})
        assert response.status_code == 302
        paragraph.refresh_from_db()
        assert paragraph.text == new
        assert Edit.objects.get(action="text").summary == "Edited the text of English paragraph 21"

    def test_a_text_edit_that_would_redraw_a_review_below_is_refused_then_saved_seen(
        self,
    ) -> None:
        """Omar confirms the clause link of "and ensuring the urgent and effective entry of
        sufficient humanitarian assistance ..." (English paragraph 11). Edna rewrites that
        clause on the paragraph's text page, which does not show clause links: the save is
        refused, naming Omar's link with a link to its row in the editor, her text is kept,
        and the form now carries its version, so Save text pressed again saves it (undo brings
        the confirmation back)."""
        omar = User.objects.create_user("omar")
        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="en", index=10)
        clause = (
            Link.objects.of(self.resolution)
            .at(Level.CLAUSE)
            .get(clauses__text__startswith="and ensuring the urgent", clauses__lang="en")
        )
        link_confirm(resolution=self.resolution, link_id=clause.pk, version=1, user=omar)
        link = paragraph.links.get()
        url = reverse(
            "admin:corpus_resolution_paragraph",
            kwargs={"pk": self.resolution.pk, "paragraph_id": paragraph.pk},
        )
        new = paragraph.text.replace(
            "entry of sufficient humanitarian assistance", "delivery of adequate aid"
        )
        form = {"text": new, "link": link.pk, "version": link.version}
        response = self.client.post(url, form)
        assert response.status_code == 200
        html = response.content.decode()
        assert re.search(
            rf"Not saved: This change would re-draw a confirmed clause link by omar "
            rf'\(<a href="{re.escape(self.align_url)}\?level=clause&amp;page=\d+&amp;'
            rf'focus={clause.pk}"[^>]*>clause link #{clause.position + 1}</a>\) below it',
            html,
        ), html
        assert "press Save text again" in html
        assert f">{escape(new)}</textarea>" in html  # her text is kept
        paragraph.refresh_from_db()
        assert "entry of sufficient humanitarian assistance" in paragraph.text
        carried = dict(re.findall(r'name="(below-v-\d+)" value="(\d+)"', html))
        assert carried == {f"below-v-{clause.pk}": "2"}
        response = self.client.post(url, {**form, **carried})
        assert response.status_code == 302
        paragraph.refresh_from_db()
        assert paragraph.text == new
        edit = Edit.objects.get(action="text")
        assert "1 confirmed clause link by omar below was re-drawn" in edit.summary

    def test_redoing_from_the_history_a_change_that_broke_a_review_is_refused_then_applied(
        self,
    ) -> None:
        """Edna's text edit re-drew Omar's confirmed clause link, knowingly; her undo brought it
        back. Undo of that undo, pressed in the history, would re-draw it again: refused,
        naming Omar's link; the history's form now carries its version, so pressing the same
        Undo again applies it."""
        omar = User.objects.create_user("omar")
        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="en", index=10)
        clause = (
            Link.objects.of(self.resolution)
            .at(Level.CLAUSE)
            .get(clauses__text__startswith="and ensuring the urgent", clauses__lang="en")
        )
        link_confirm(resolution=self.resolution, link_id=clause.pk, version=1, user=omar)
        link = paragraph.links.get()
        edit = paragraph_edit_text(
            resolution=self.resolution,
            paragraph_id=paragraph.pk,
            text=paragraph.text.replace("of sufficient humanitarian", "of adequate humanitarian"),
            versions={link.pk: link.version},
            user=self.editor,
            seen_below={clause.pk: 2},
        )
        undo = edit_undo(resolution=self.resolution, edit_id=edit.pk, user=self.editor)
        restored = Link.objects.get(pk=clause.pk)
        assert restored.status == Status.CONFIRMED
        response = self.client.post(self.align_url, {"action": f"undo:{undo.pk}"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "a confirmed clause link by omar (" in html
        assert f">clause link #{restored.position + 1}</a>) below it" in html
        history = html[html.index('id="history"') :]
        carried = dict(re.findall(r'name="(below-v-\d+)" value="(\d+)"', history))
        assert carried == {f"below-v-{clause.pk}": str(restored.version)}
        assert Link.objects.get(pk=clause.pk).status == Status.CONFIRMED
        response = self.client.post(self.align_url, {"action": f"undo:{undo.pk}", **carried})
        assert response.status_code == 302
        paragraph.refresh_from_db()
        assert "of adequate humanitarian" in paragraph.text

    def test_redoing_from_the_history_a_change_at_its_own_level_asks_first(self) -> None:
        """Omar confirms paragraph link #4; Edna unlinks it, then undoes her unlink, which brings
        his confirmation back. On the sentence page, Undo of her undo would unlink #4 again, a
        paragraph link that page does not show: refused, naming Omar's link (linked to its row),
        and pressing the same Undo again, the history's form now carrying its version, does it."""
        omar = User.objects.create_user("omar")
        paragraph = Link.objects.of(self.resolution).at(Level.PARAGRAPH).get(position=3)
        link_confirm(resolution=self.resolution, link_id=paragraph.pk, version=1, user=omar)
        unlink = link_unlink(
            resolution=self.resolution, link_id=paragraph.pk, version=2, user=self.editor
        )
        undo = edit_undo(resolution=self.resolution, edit_id=unlink.pk, user=self.editor)
        restored = Link.objects.get(pk=paragraph.pk)
        url = self.align_url + "?level=sentence"
        response = self.client.post(url, {"action": f"undo:{undo.pk}"})
        assert response.status_code == 200
        html = response.content.decode()
        assert re.search(
            r"Not saved: This change would re-draw a confirmed paragraph link by omar "
            rf'\(<a href="{re.escape(self.align_url)}\?level=paragraph&amp;page=1&amp;'
            rf'focus={paragraph.pk}"[^>]*>paragraph link #4</a>\),',
            html,
        ), html
        history = html[html.index('id="history"') :]
        carried = dict(re.findall(r'name="(below-v-\d+)" value="(\d+)"', history))
        assert carried == {f"below-v-{paragraph.pk}": str(restored.version)}
        assert Link.objects.get(pk=paragraph.pk).status == Status.CONFIRMED
        response = self.client.post(url, {"action": f"undo:{undo.pk}", **carried})
        assert response.status_code == 302
        assert Link.objects.get(pk=paragraph.pk).status == Status.CORRECTED
        assert Edit.objects.get(pk=undo.pk).undone_by_id is not None

    def test_text_edit_refused_as_stale_shows_the_other_editors_text(self) -> None:
        """Two editors open paragraph 21; the first saves. The second's save is refused, keeps
        what they typed, and shows the text now saved, so saving again is a choice made having
        seen the first editor's change rather than overwriting it unseen."""
        other = User.objects.create_user("omar", is_staff=True)
        other.groups.add(Group.objects.get(name="Editor"))
        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="en", index=20)
        link = paragraph.links.get()
        url = reverse(
            "admin:corpus_resolution_paragraph",
            kwargs={"pk": self.resolution.pk, "paragraph_id": paragraph.pk},
        )
        loaded = {"link": link.pk, "version": link.version}
        first = paragraph.text.replace("rejects any calls", "firmly rejects all calls")
        second = paragraph.text.replace("rejects any calls", "strongly rejects any calls")
        assert self.client.post(url, {**loaded, "text": first}).status_code == 302
        self.client.force_login(other)
        response = self.client.post(url, {**loaded, "text": second})
        html = response.content.decode()
        assert response.status_code == 200
        assert any("changed by someone else" in m for m in self.messages_of(response))
        assert f">{second}</textarea>" in html
        assert "firmly rejects all calls" in html
        paragraph.refresh_from_db()
        assert paragraph.text == first
        # Reloading would lose what they typed: the message says to compare and save again,
        # which the form, carrying the version now saved, lets them do.
        (message,) = [m for m in self.messages_of(response) if "someone else" in m]
        assert "Reload" not in message, message
        assert message.endswith(
            "The text now saved is shown above yours: check it, change yours if need be, "
            "and press Save text again."
        ), message
        link.refresh_from_db()
        again = self.client.post(url, {"link": link.pk, "version": link.version, "text": second})
        assert again.status_code == 302
        paragraph.refresh_from_db()
        assert paragraph.text == second

    def test_text_edit_drops_control_characters(self) -> None:
        """A paragraph text pasted with NUL and other control characters is saved without them
        (on PostgreSQL it was a server error); line breaks become spaces as before."""
        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="ar", index=20)
        link = paragraph.links.get()
        url = reverse(
            "admin:corpus_resolution_paragraph",
            kwargs={"pk": self.resolution.pk, "paragraph_id": paragraph.pk},
        )
        original = paragraph.text
        pasted = original.replace(" ", " \x00", 1) + "\n\x07وتدعو إلى وقف فوري\x1b"
        response = self.client.post(url, {"text": pasted, "link": link.pk, "version": link.version})
        assert response.status_code == 302
        paragraph.refresh_from_db()
        assert paragraph.text == original + " وتدعو إلى وقف فوري"

    def test_metadata_edit_sets_the_arabic_place_of_the_citation(self) -> None:
        """The change form has the place in Arabic: saved, the Arabic citation gives it at once
        (the page cache included) instead of the place as written."""
        url = reverse("admin:corpus_resolution_change", args=[self.resolution.pk])
        assert 'name="place_ar"' in self.client.get(url).content.decode()
        fields = {"slug": "demo", "symbol": "CFM Ex-21", "title_en": "", "title_ar": ""}
        fields |= {"body": "", "session": "", "date": "2025-08-25"}
        fields |= {"place": "General Secretariat, Jeddah"}
        paragraph = Paragraph.objects.get(resolution=self.resolution, lang="ar", index=7)
        cite = f"/r/demo/cite/para-{paragraph.pk}/"
        assert self.client.post(url, fields).status_code == 302
        html = self.client.get(cite).content.decode()
        assert "(<bdi>General Secretariat, Jeddah</bdi>، 25 أغسطس 2025)" in html
        arabic = "مقر الأمانة العامة للمنظمة في جدة"  # as the demo's framing says it
        response = self.client.post(url, {**fields, "place_ar": arabic})
        assert response.status_code == 302
        html = self.client.get(cite).content.decode()
        assert f"(<bdi>{arabic}</bdi>، 25 أغسطس 2025)" in html
        assert "CFM Ex-21 (General Secretariat, Jeddah, 25 Aug 2025)" in html

    def test_metadata_edit_moves_the_search_filters(self) -> None:
        """Changing a resolution's body and date in the change form moves its hits to the new
        body and year filters at once, and a history revert moves them back."""
        from apps.search.selectors import search

        url = reverse("admin:corpus_resolution_change", args=[self.resolution.pk])
        before = search("occupation", body="OIC CFM").count
        assert before > 0 and search("occupation", year=2024).count == 0
        fields = {
            "slug": "demo",
            "symbol": "",
            "title_en": "Extraordinary session",
            "title_ar": "",
            "session": "",
            "place": "",
        }
        response = self.client.post(url, {**fields, "body": "OIC Summit", "date": "2024-05-04"})
        assert response.status_code == 302
        assert search("occupation", body="OIC CFM").count == 0
        assert search("occupation", body="oic summit").count == before
        assert search("occupation", year=2024).count == before
        version = self.resolution.history.order_by("history_id").first()
        revert = reverse(
            "admin:corpus_resolution_simple_history", args=[self.resolution.pk, version.pk]
        )
        response = self.client.post(revert, {**fields, "body": "OIC CFM", "date": ""})
        assert response.status_code == 302
        assert search("occupation", body="OIC CFM").count == before
        assert search("occupation", year=2024).count == 0

    def test_two_editors_saving_the_same_resolution_do_not_overwrite_each_other(self) -> None:
        """Two editors open the demo's change form; the first saves a new English title. The
        second's save (a new date) is refused, shows the title saved now and keeps the date they
        typed; saving again then goes through, with the title they see in their form."""
        other = User.objects.create_user("omar", is_staff=True)
        other.groups.add(Group.objects.get(name="Editor"))
        url = reverse("admin:corpus_resolution_change", args=[self.resolution.pk])
        loaded = re.search(r'name="loaded" value="([^"]+)"', self.client.get(url).content.decode())
        assert loaded is not None
        fields = {
            "slug": "demo",
            "symbol": "OIC/CFM-EX21",
            "title_en": "Extraordinary session",
            "title_ar": "",
            "body": "OIC CFM",
            "session": "",
            "place": "",
            "date": "",
            "loaded": loaded.group(1),
        }
        first = {**fields, "title_en": "Resolution on the Israeli aggression"}
        assert self.client.post(url, first).status_code == 302
        self.client.force_login(other)
        response = self.client.post(url, {**fields, "date": "2025-08-25"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Someone else saved this resolution" in html
        assert "Resolution on the Israeli aggression" in html
        assert 'value="2025-08-25"' in html
        self.resolution.refresh_from_db()
        assert self.resolution.title_en == "Resolution on the Israeli aggression"
        assert self.resolution.date is None
        again = re.search(r'name="loaded" value="([^"]+)"', html)
        assert again is not None and again.group(1) != loaded.group(1)
        response = self.client.post(url, {**fields, "date": "2025-08-25", "loaded": again.group(1)})
        assert response.status_code == 302
        self.resolution.refresh_from_db()
        assert str(self.resolution.date) == "2025-08-25"

    def test_history_addresses_with_odd_digits_are_not_found(self) -> None:
        """A resolution's history and a version of it answer 404 for ids such as "²" (a digit to
        str.isdigit(), not to int()), which were server errors; the real pages still open."""
        history = reverse("admin:corpus_resolution_history", args=[self.resolution.pk])
        assert self.client.get(history).status_code == 200
        version = self.resolution.history.order_by("history_id").first()
        assert version is not None
        for odd in ["²", "¹²", "x"]:
            assert self.client.get(f"/admin/corpus/resolution/{odd}/history/").status_code == 404
            url = f"/admin/corpus/resolution/{self.resolution.pk}/history/{odd}/"
            assert self.client.get(url).status_code == 404, odd
        real = f"/admin/corpus/resolution/{self.resolution.pk}/history/{version.pk}/"
        assert self.client.get(real).status_code == 200

    def test_realign_everything_not_confirmed(self) -> None:
        response = self.client.post(self.align_url, {"action": "realign"}, follow=True)
        assert "Re-aligned everything not confirmed" in " ".join(self.messages_of(response))


def upload(path: Path, name: str | None = None) -> io.BytesIO:
    handle = io.BytesIO(path.read_bytes())
    handle.name = name or path.name
    return handle


class TwoEditorsTests(TestCase):
    """Edna and Omar edit the same resolution's alignment in the editor, each acting from a page
    loaded before the other's change, as their browsers would send it: the stale action is
    refused, saying so, and changes nothing; an undo leaves the other's change alone; the
    history shows both."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.edna = User.objects.create_user("edna", is_staff=True)
        cls.omar = User.objects.create_user("omar", is_staff=True)
        for user in (cls.edna, cls.omar):
            user.groups.add(Group.objects.get(name="Editor"), Group.objects.get(name="Reviewer"))

    def setUp(self) -> None:
        from django.test import Client

        self.clients = {"edna": Client(), "omar": Client()}
        self.clients["edna"].force_login(self.edna)
        self.clients["omar"].force_login(self.omar)
        self.url = reverse("admin:corpus_resolution_align", kwargs={"pk": self.resolution.pk})

    def load(self, who: str, page: int = 1) -> str:
        return self.clients[who].get(f"{self.url}?level=paragraph&page={page}").content.decode()

    def press(self, who: str, page: str, action: str, **fields: object) -> HttpResponse:
        """Press a button on a page as loaded: the form sends the versions the page showed."""
        versions = dict(re.findall(r'name="((?:edge-)?v-\d+)" value="(\d+)"', page))
        number = re.search(r'action="\?level=paragraph&amp;page=(\d+)"', page).group(1)
        return self.clients[who].post(
            f"{self.url}?level=paragraph&page={number}", {"action": action, **versions, **fields}
        )

    def state(self) -> list[tuple[int, int, str]]:
        return list(
            Link.objects.of(self.resolution)
            .order_by("level", "position")
            .values_list("pk", "version", "status")
        )

    def link(self, number: int) -> Link:
        return Link.objects.of(self.resolution).at(Level.PARAGRAPH).get(position=number - 1)

    def refused(self, response: HttpResponse) -> str:
        assert response.status_code == 200, response.status_code
        # The last message: one from a saved change whose page was not fetched comes first.
        text = [str(m) for m in get_messages(response.wsgi_request)][-1]
        assert text.startswith("Not saved:"), text
        return text

    def test_stale_merge_split_shift_relink_confirm_and_undo_are_refused(self) -> None:
        """Omar merges #4 and #5; every change Edna makes on that stretch from her older page
        is refused and changes nothing; Omar's undo of his merge leaves Edna's later
        confirmation of #9 alone, and hers leaves his alone; the history names both."""
        four, five, six = self.link(4), self.link(5), self.link(6)
        edna_page = self.load("edna")
        omar_page = self.load("omar")
        assert self.press("omar", omar_page, "merge", sel=[four.pk, five.pk]).status_code == 302
        after_merge = self.state()
        for action, fields in [
            ("merge", {"sel": [five.pk, six.pk]}),
            ("link", {"sel": [five.pk, six.pk]}),
            (f"confirm:{five.pk}", {}),
            (f"unlink:{four.pk}", {}),
            (f"shift:{six.pk}:en:prev", {}),
            (f"shift:{four.pk}:ar:next", {}),
        ]:
            text = self.refused(self.press("edna", edna_page, action, **fields))
            assert "someone else" in text or "no longer" in text, (action, text)
            assert self.state() == after_merge, action
        # Edna reloads and confirms #9; Omar, on the page he loaded before that, is refused.
        edna_page = self.load("edna")
        omar_page = self.load("omar")
        nine = self.link(9)
        assert self.press("edna", edna_page, f"confirm:{nine.pk}").status_code == 302
        after_confirm = self.state()
        ten = self.link(10)
        self.refused(self.press("omar", omar_page, f"unlink:{nine.pk}"))
        self.refused(self.press("omar", omar_page, "merge", sel=[nine.pk, ten.pk]))
        self.refused(self.press("omar", omar_page, f"shift:{ten.pk}:en:prev"))
        assert self.state() == after_confirm
        # Undo from the old page undoes his merge only: #9 stays confirmed by Edna.
        merge = Edit.objects.get(action="merge")
        assert self.press("omar", omar_page, f"undo:{merge.pk}").status_code == 302
        assert Link.objects.get(pk=nine.pk).status == Status.CONFIRMED
        assert Link.objects.of(self.resolution).at(Level.PARAGRAPH).count() == 42
        # Edna's page still shows the merged link: acting on it is refused.
        text = self.refused(self.press("edna", edna_page, f"unlink:{four.pk}"))
        assert "someone else" in text
        confirm = Edit.objects.get(action="confirm")
        assert self.press("edna", edna_page, f"undo:{confirm.pk}").status_code == 302
        assert Link.objects.get(pk=nine.pk).status == Status.AUTO
        assert Link.objects.get(pk=five.pk)  # Omar's undo stands
        # Omar, on his older page, would undo her confirmation too: it is undone already.
        text = self.refused(self.press("omar", omar_page, f"undo:{confirm.pk}"))
        assert text == "Not saved: This edit has already been undone by edna."
        history = self.load("omar").split('id="history"')[1]
        rows = re.findall(r"<tr><td>[^<]*</td><td>(\w+)</td><td>([^<]*)</td>", history)
        assert [who for who, _ in rows] == ["edna", "omar", "edna", "omar"]
        assert rows[-1][1] == "Merged 2 paragraph links from #4"

    def test_a_shift_onto_the_next_page_is_refused_after_a_change_there(self) -> None:
        """Edna's page 1 ends at link #40; Omar, on page 2, confirms #41. Edna's shift of #40's
        English onto #41 would change what Omar confirmed without her having seen it: refused,
        and #41 keeps its confirmation."""
        edna_page = self.load("edna")
        forty, forty_one = self.link(40), self.link(41)
        omar_page = self.load("omar", page=2)
        assert self.press("omar", omar_page, f"confirm:{forty_one.pk}").status_code == 302
        text = self.refused(self.press("edna", edna_page, f"shift:{forty.pk}:en:next"))
        assert "Link #41 (paragraph)</a>, on the next page, was changed by someone else" in text
        assert Link.objects.get(pk=forty_one.pk).status == Status.CONFIRMED
        assert not Edit.objects.filter(action="shift").exists()


class KeyedAndHeaderImportTests(TestCase):
    """The admin's import form with the shared corpus's keyed SDG files and UDHR text files."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.editor = User.objects.create_user("edna", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editor"))

    def setUp(self) -> None:
        self.client.force_login(self.editor)

    def post(self, **data: object) -> HttpResponse:
        fields = {"slug": "sdg-goals", "symbol": "A/RES/70/1", **data}
        return self.client.post(reverse("admin:corpus_resolution_import"), fields)

    def test_keyed_goals_preview_then_save_pairs_by_key(self) -> None:
        """Two keyed goal files: the preview counts 34 + 34 paragraphs and says the keys
        follow their numbers; saving stores goal 2's title beside its own translation, after
        goal 1's, and every paragraph link pairs one key."""
        folder = shared_path("corpus", "sdg")
        preview = self.post(
            kind="keyed",
            file_ar=upload(folder / "global_goals.ar.yml"),
            file_en=upload(folder / "global_goals.en.yml"),
        )
        html = preview.content.decode()
        assert preview.status_code == 200 and "Preview: nothing is saved yet" in html
        assert "34 Arabic and 34 English paragraphs" in html
        assert "34 keys paired" in html and "sorted as text" in html
        saved = self.post(kind="keyed", token=preview.context["token"], save="1")
        assert saved.status_code == 302
        ar, en = sdg_yaml("global_goals", "ar"), sdg_yaml("global_goals", "en")
        stored = Paragraph.objects.filter(resolution__slug="sdg-goals")
        assert stored.get(lang="ar", index=2).text == ar["2-short"]
        assert stored.get(lang="en", index=3).text == en["2-title"]
        links = Link.objects.filter(resolution__slug="sdg-goals", level=Level.PARAGRAPH)
        assert links.count() == 34
        for link in links.prefetch_related("paragraphs"):
            members = {p.lang: p.index for p in link.paragraphs.all()}
            assert members["ar"] == members["en"] and link.paragraphs.count() == 2

    def test_an_aligner_linking_a_sentence_twice_is_refused_at_save(self) -> None:
        """Saving the goals' preview with an aligner that (by a bug) puts a sentence in two
        links: the form says nothing was saved and why, no error page, nothing stored (the
        database keeps a unit in one link of its level)."""
        from apps.corpus import services

        folder = shared_path("corpus", "sdg")
        files = {
            "file_ar": upload(folder / "global_goals.ar.yml"),
            "file_en": upload(folder / "global_goals.en.yml"),
        }
        preview = self.post(kind="keyed", **files)

        with aligner_linking_a_sentence_twice(services):
            saved = self.post(kind="keyed", token=preview.context["token"], save="1")
        assert saved.status_code == 200
        assert "The aligner put a sentence in two links" in saved.content.decode()
        assert not Resolution.objects.filter(slug="sdg-goals").exists()
        assert not Paragraph.objects.exists()

    def test_keyed_files_chosen_as_two_text_files_are_refused_with_the_way(self) -> None:
        """Keyed files sent as "two text files" would import their `key:` lines as paragraphs:
        refused, naming the right choice, nothing stored."""
        folder = shared_path("corpus", "sdg")
        response = self.post(
            kind="pair",
            file_ar=upload(folder / "global_goals.ar.yml"),
            file_en=upload(folder / "global_goals.en.yml"),
        )
        assert "choose “Two keyed YAML files”" in response.content.decode()
        assert not Paragraph.objects.exists()

    def test_a_file_that_is_not_flat_keyed_yaml_is_refused_at_its_line(self) -> None:
        """A plain text file chosen as a keyed file: the form says which line is not `key:
        text`, nothing is stored, no error page."""
        folder = shared_path("corpus", "udhr")
        response = self.post(
            kind="keyed",
            file_ar=upload(folder / "udhr_arb.txt", "udhr.ar.yml"),
            file_en=upload(folder / "udhr_eng.txt", "udhr.en.yml"),
        )
        assert response.status_code == 200
        assert "udhr.ar.yml, line 1: no `key: text` entry" in response.content.decode()
        assert not Paragraph.objects.exists()

    def test_udhr_text_files_preview_says_which_header_lines_are_skipped(self) -> None:
        """The UDHR's two text files: the preview names the skipped credit lines of each file,
        counts 92 + 92 paragraphs, and saving stores the titles first, without the credits."""
        folder = shared_path("corpus", "udhr")
        preview = self.post(
            kind="pair",
            slug="udhr",
            file_ar=upload(folder / "udhr_arb.txt"),
            file_en=upload(folder / "udhr_eng.txt"),
        )
        html = preview.content.decode()
        assert "udhr_arb.txt: skipped the 4-line header" in html
        assert "udhr_eng.txt: skipped the 4-line header" in html
        assert "92 Arabic and 92 English paragraphs" in html
        self.post(kind="pair", slug="udhr", token=preview.context["token"], save="1")
        stored = Paragraph.objects.filter(resolution__slug="udhr")
        assert stored.get(lang="en", index=0).text == "Universal Declaration of Human Rights"
        assert not stored.filter(text__contains="©").exists()

    def test_saving_keeps_the_key_pairing_of_the_preview(self) -> None:
        """Arabic targets without 1.3 and English without 1.2: the preview says so, and the
        saved resolution has Arabic 1.2 and English 1.3 each alone, not paired by place."""
        folder = shared_path("corpus", "sdg")
        files = {}
        for lang, dropped, following in (("ar", "1-3", "1-4"), ("en", "1-2", "1-3")):
            text = (folder / f"global_targets.{lang}.yml").read_text(encoding="utf-8")
            start, end = text.index(f"{dropped}-title:"), text.index(f"{following}-title:")
            handle = io.BytesIO((text[:start] + text[end:]).encode())
            handle.name = f"targets.{lang}.yml"
            files[f"file_{lang}"] = handle
        preview = self.post(kind="keyed", slug="targets", **files)
        html = preview.content.decode()
        assert "1 key only in targets.ar.yml" in html and "1-2-title" in html
        self.post(kind="keyed", slug="targets", token=preview.context["token"], save="1")
        alone = Link.objects.filter(resolution__slug="targets", level=Level.PARAGRAPH, position=1)
        (paragraph,) = alone.get().paragraphs.all()
        assert paragraph.text == sdg_yaml("global_targets", "ar")["1-2-title"]
        # Each side keeps its own targets' numbers: the lone Arabic paragraph is 1.2, the
        # English 1.3 beside it, as the alignment editor and the paragraph page say.
        assert paragraph.source_label == "1.2"
        stored = Paragraph.objects.filter(resolution__slug="targets")
        labels = {lang: [p.source_label for p in stored.filter(lang=lang)] for lang in ("ar", "en")}
        assert labels["ar"][:4] == ["1.1", "1.2", "1.4", "1.5"]
        assert labels["en"][:4] == ["1.1", "1.3", "1.4", "1.5"]
        resolution = Resolution.objects.get(slug="targets")
        align = self.client.get(
            reverse("admin:corpus_resolution_align", args=[resolution.pk]), {"level": "paragraph"}
        ).content.decode()
        assert re.search(
            r'<td><span class="cell-label">Link</span> 2<br><span class="source-label"[^>]*>1\.2</span>',
            align,
        )
        page = self.client.get(
            reverse("admin:corpus_resolution_paragraph", args=[resolution.pk, paragraph.pk])
        ).content.decode()
        assert "numbered 1.2 in the source" in page


class EditorOwnChangesTests(TestCase):
    """What the admin records and says of an editor's own changes in the alignment editor: each
    saved change is in the admin's Recent actions; a change refused because she made another in
    another tab or window says so, not that someone else did."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar[:10], en_paragraphs=en[:10], meta=ResolutionMeta(slug="demo")
        )
        cls.edna = User.objects.create_user("edna", is_staff=True)
        cls.edna.groups.add(Group.objects.get(name="Editor"), Group.objects.get(name="Reviewer"))

    def setUp(self) -> None:
        self.client.force_login(self.edna)
        self.url = reverse("admin:corpus_resolution_align", kwargs={"pk": self.resolution.pk})

    def load(self) -> str:
        return self.client.get(f"{self.url}?level=paragraph").content.decode()

    def press(self, page: str, action: str, **fields: object) -> HttpResponse:
        versions = dict(re.findall(r'name="((?:edge-)?v-\d+)" value="(\d+)"', page))
        return self.client.post(
            f"{self.url}?level=paragraph&page=1", {"action": action, **versions, **fields}
        )

    def link(self, number: int) -> Link:
        return Link.objects.of(self.resolution).at(Level.PARAGRAPH).get(position=number - 1)

    def said(self, response: HttpResponse) -> str:
        return [str(m) for m in get_messages(response.wsgi_request)][-1]

    def recent_actions(self) -> list[tuple[str, str]]:
        """The admin index's Recent actions: (link, text) of each entry, newest first."""
        html = self.client.get(reverse("admin:index")).content.decode()
        box = html.split('id="recent-actions-module"')[1].split("</ul>")[0]
        return [
            (href, " ".join(re.sub(r"<[^>]+>", " ", text).split()))
            for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', box, re.S)
        ]

    def test_saved_changes_are_listed_in_recent_actions_with_a_link_to_the_resolution(
        self,
    ) -> None:
        """Edna merges paragraph links #4 and #5, then confirms #1 and edits a paragraph's
        text: Recent actions lists the three, newest first, each naming the resolution and the
        change and linking to the resolution; a refused change adds nothing."""
        page = self.load()
        four, five, one = self.link(4), self.link(5), self.link(1)
        assert self.press(page, "merge", sel=[four.pk, five.pk]).status_code == 302
        assert self.press(self.load(), f"confirm:{one.pk}").status_code == 302
        refused = self.press(page, f"unlink:{four.pk}")  # from the page before the merge
        assert refused.status_code == 200
        paragraph = self.link(2).paragraphs.get(lang="en")
        edit_url = reverse(
            "admin:corpus_resolution_paragraph",
            kwargs={"pk": self.resolution.pk, "paragraph_id": paragraph.pk},
        )
        saved = self.client.post(
            edit_url,
            {
                "text": paragraph.text + " Reaffirming its support.",
                "link": self.link(2).pk,
                "version": self.link(2).version,
            },
        )
        assert saved.status_code == 302, self.said(saved)
        resolution_url = reverse("admin:corpus_resolution_change", args=[self.resolution.pk])
        entries = self.recent_actions()
        assert entries[:3] == [
            (resolution_url, "demo: Edited the text of English paragraph 2"),
            (resolution_url, "demo: Confirmed paragraph link #1"),
            (resolution_url, "demo: Merged 2 paragraph links from #4"),
        ]
        assert len(entries) == 3

    def test_undo_from_the_history_is_listed_too(self) -> None:
        """Edna's undo of her merge, pressed on the resolution's History page, is in Recent
        actions as "demo: Undid: Merged 2 paragraph links from #4"."""
        four, five = self.link(4), self.link(5)
        self.press(self.load(), "merge", sel=[four.pk, five.pk])
        merge = Edit.objects.get()
        self.client.post(f"{self.url}?level=paragraph", {"action": f"undo:{merge.pk}"})
        assert [text for _, text in self.recent_actions()] == [
            "demo: Undid: Merged 2 paragraph links from #4",
            "demo: Merged 2 paragraph links from #4",
        ]

    def test_a_change_she_made_in_another_tab_is_named_as_hers(self) -> None:
        """Edna opens the editor in two tabs, merges #4 and #5 in the second, then presses
        Unlink on #4 in the first: refused, saying she changed it in another tab or window and
        what, not that someone else did."""
        first_tab = self.load()
        four, five = self.link(4), self.link(5)
        self.press(self.load(), "merge", sel=[four.pk, five.pk])
        text = self.said(self.press(first_tab, f"unlink:{four.pk}"))
        assert text.startswith("Not saved:"), text
        assert (
            "You changed this in another tab or window: “Merged 2 paragraph links from #4”. "
            "Reload to see it." in text
        ), text
        assert "someone else" not in text and "It was edna" not in text

    def test_a_link_she_removed_in_another_tab_is_named_as_hers(self) -> None:
        """From the first tab, Edna merges #5 and #6 after merging #4 and #5 in the second
        (#5 is gone): refused, saying she changed it in another tab or window."""
        first_tab = self.load()
        four, five, six = self.link(4), self.link(5), self.link(6)
        self.press(self.load(), "merge", sel=[four.pk, five.pk])
        text = self.said(self.press(first_tab, "merge", sel=[five.pk, six.pk]))
        assert (
            "You changed this in another tab or window: “Merged 2 paragraph links from #4”." in text
        ), text
        assert "someone else" not in text
