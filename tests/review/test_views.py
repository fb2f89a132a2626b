"""Review pages on the demo resolution: queues sorted by need, confirm/flag in place by HTMX,
stale saves refused, the alignment map, progress; query counts pinned."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group, User
from django.http import HttpResponse
from django.test import Client, TestCase
from django.urls import reverse
from django.utils.html import escape

from apps.alignment.models import Edit, Level, Link, Status
from apps.alignment.services import NOTE_LIMIT, link_flag, link_merge, link_split
from apps.corpus.models import Resolution
from apps.corpus.services import ResolutionMeta, resolution_import
from apps.review.selectors import review_items, review_queue
from tests.conftest import demo_sides, shared_path


class ReviewViewTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        # Paragraph 15 of the English side gets a wrong number, as a translator might.
        en[15] = en[15].replace("3,400", "3,800")
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.reviewer = User.objects.create_user("rania")
        cls.reviewer.groups.add(Group.objects.get(name="Reviewer"))
        cls.reader = User.objects.create_user("reader")

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"review:{name}", kwargs={"slug": "demo", **kwargs})

    def test_the_header_names_the_resolution_by_its_symbol_not_its_slug(self) -> None:
        """The header's links name the resolution as a reader knows it ("OIC CFM Ex-21"), not
        by the slug of its URL ("oic-cfm-ex21-2025-08-25"), on its queue and export pages; one
        without a symbol keeps its slug."""
        self.client.force_login(self.reviewer)
        for name in ("resolution", "export"):
            nav = self.client.get(self.url(name)).content.decode().split('class="site-nav"')[1]
            nav = nav.split("</nav>")[0]
            assert f'href="{self.url("resolution")}"><bdi>demo</bdi></a>' in nav, nav
        Resolution.objects.filter(slug="demo").update(symbol="OIC CFM Ex-21")
        for name in ("resolution", "export"):
            nav = self.client.get(self.url(name)).content.decode().split('class="site-nav"')[1]
            nav = nav.split("</nav>")[0]
            assert f'href="{self.url("resolution")}"><bdi>OIC CFM Ex-21</bdi></a>' in nav, nav

    def test_a_link_page_names_the_resolution_by_its_symbol_not_its_slug(self) -> None:
        """The heading of one link's page says "Sentence link #3 of OIC CFM Ex-21", as the
        header does, not "of oic-cfm-ex21-2025-08-25" (the slug, in the address only)."""
        link = Link.objects.of(self.resolution).at(Level.SENTENCE).get(position=2)
        Resolution.objects.filter(slug="demo").update(symbol="OIC CFM Ex-21")
        html = self.client.get(self.url("link", link_id=link.pk)).content.decode()
        heading = re.search(r"<h1>(.*?)</h1>", html, re.S)
        assert heading and re.sub(r"<[^>]+>", "", heading[1]) == (
            "Sentence link #3 of OIC CFM Ex-21"
        ), heading

    def test_queue_puts_the_wrong_number_first_with_its_reason(self) -> None:
        """The sentence whose English says 3,800 for the Arabic 3400 is at the top, saying why."""
        queue = review_queue(review_items([self.resolution], Level.SENTENCE))
        top = queue[0]
        assert any(r.text == "Number only in the Arabic: 3400" for r in top.reasons), top.reasons
        assert "3,800" in " ".join(top.en)
        response = self.client.get(self.url("resolution"))
        html = response.content.decode()
        first = html.split('<article class="review-item')[1]
        assert "Number only in the Arabic: 3400" in first

    def test_resolution_page_query_count_is_constant(self) -> None:
        """Session-less anonymous page: resolution, progress, units, links, members."""
        with self.assertNumQueries(5):
            response = self.client.get(self.url("resolution"))
        assert response.status_code == 200
        with self.assertNumQueries(5):
            self.client.get(self.url("resolution") + "?level=clause")

    def test_index_query_count(self) -> None:
        """The corpus page: resolutions, progress, units, links, members."""
        with self.assertNumQueries(5):
            response = self.client.get(reverse("review:index"))
        assert b"demo" in response.content

    def test_link_and_export_pages_query_counts(self) -> None:
        """The stretch page: resolution, link, units, links, members; export page: resolution,
        progress and the one-sided links of every level."""
        link = Link.objects.of(self.resolution).at(Level.CLAUSE).order_by("position")[50]
        with self.assertNumQueries(5):
            response = self.client.get(self.url("link", link_id=link.pk))
        assert response.status_code == 200 and "Clause link #51" in response.content.decode()
        with self.assertNumQueries(3):
            self.client.get(self.url("export"))

    def test_paging_by_htmx_returns_the_fragment(self) -> None:
        response = self.client.get(
            self.url("resolution") + "?level=clause&page=2", headers={"HX-Request": "true"}
        )
        html = response.content.decode()
        assert response.status_code == 200 and "<html" not in html
        assert html.lstrip().startswith('<section id="review-queue"')
        assert "Page 2 of" in html

    def test_back_to_a_queue_page_htmx_no_longer_holds_gets_the_whole_page(self) -> None:
        """Back to a queue page whose snapshot htmx has dropped asks with HX-Request and
        HX-History-Restore-Request: it gets the page with its header and levels, not the bare
        queue section in place of the body."""
        restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
        response = self.client.get(self.url("resolution") + "?level=clause&page=2", headers=restore)
        html = response.content.decode()
        assert response.status_code == 200 and "<html" in html and "Page 2 of" in html
        assert "HX-History-Restore-Request" in response["Vary"]

    def test_anonymous_sees_no_review_buttons(self) -> None:
        html = self.client.get(self.url("resolution")).content.decode()
        assert "review-item" in html and ">Confirm</button>" not in html

    def test_confirm_in_place_by_htmx(self) -> None:
        """A reviewer confirms the top link: the fragment comes back confirmed with an
        HX-Trigger, the link is confirmed and the edit is logged with the reviewer's name."""
        self.client.force_login(self.reviewer)
        link = review_queue(review_items([self.resolution], Level.SENTENCE))[0]
        page = self.client.get(self.url("resolution")).content.decode()
        assert f'hx-post="{self.url("link-confirm", link_id=link.id)}"' in page
        response = self.client.post(
            self.url("link-confirm", link_id=link.id),
            {"version": link.version},
            headers={"HX-Request": "true"},
        )
        html = response.content.decode()
        assert response.status_code == 200 and "<html" not in html
        assert f'id="link-{link.id}"' in html and "✓ Confirmed" in html
        assert "link-reviewed" in response["HX-Trigger"]
        assert Link.objects.get(pk=link.id).status == Status.CONFIRMED
        assert Edit.objects.get(action="confirm").user == self.reviewer

    def other_reviewer(self) -> Client:
        """A second reviewer's browser, signed in (the first is self.client)."""
        reviewer = User.objects.create_user("rashid")
        reviewer.groups.add(Group.objects.get(name="Reviewer"))
        client = Client()
        client.force_login(reviewer)
        return client

    def test_stale_confirm_is_refused_with_a_reload_link(self) -> None:
        """Two reviewers loaded version 1; the second save says so and offers a reload."""
        self.client.force_login(self.reviewer)
        link = Link.objects.of(self.resolution).at(Level.SENTENCE).order_by("position")[6]
        self.other_reviewer().post(
            self.url("link-flag", link_id=link.pk), {"version": 1, "note": "check the verb"}
        )
        response = self.client.post(
            self.url("link-confirm", link_id=link.pk),
            {"version": 1},
            headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/review/demo/"},
        )
        html = response.content.decode()
        assert "changed by someone else" in html and 'href="http://testserver/review/demo/"' in html
        # The item is shown as it is now, in place: the reviewer decides again there, not
        # "Reload the page to see their change, then edit again" (a reviewer edits nothing).
        assert "edit again" not in html
        assert "It is shown here as it is now: decide again." in html
        link.refresh_from_db()
        assert link.status == Status.AUTO and link.flagged
        plain = self.client.post(self.url("link-confirm", link_id=link.pk), {"version": 1})
        assert plain.status_code == 409 and b"Reload this link" in plain.content
        assert b"edit again" not in plain.content

    def test_stale_flag_keeps_the_note_the_reviewer_typed(self) -> None:
        """Two reviewers loaded version 1; the second one's flag is refused, and the note they
        typed comes back in the form (in place, and on the page without JavaScript), ready to
        send again against the current version."""
        self.client.force_login(self.reviewer)
        link = Link.objects.of(self.resolution).at(Level.SENTENCE).order_by("position")[12]
        self.other_reviewer().post(self.url("link-confirm", link_id=link.pk), {"version": 1})
        note = "English adds 'firmly'; the Arabic has no adverb"
        fragment = self.client.post(
            self.url("link-flag", link_id=link.pk),
            {"version": 1, "note": note, "next": "/review/demo/?page=2"},
            headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/review/demo/"},
        ).content.decode()
        assert "changed by someone else" in fragment
        assert 'value="English adds &#x27;firmly&#x27;; the Arabic has no adverb"' in fragment
        assert 'name="version" value="2"' in fragment
        page = self.client.post(
            self.url("link-flag", link_id=link.pk),
            {"version": 1, "note": note, "next": "/review/demo/?page=2"},
        )
        html = page.content.decode()
        assert page.status_code == 409 and "changed by someone else" in html
        assert 'value="English adds &#x27;firmly&#x27;; the Arabic has no adverb"' in html
        assert 'name="next" value="/review/demo/?page=2"' in html
        again = self.client.post(
            self.url("link-flag", link_id=link.pk),
            {"version": 2, "note": note, "next": "/review/demo/?page=2"},
        )
        assert again.status_code == 302
        assert again["Location"] == f"/review/demo/?page=2&done={link.pk}#link-{link.pk}"
        link.refresh_from_db()
        assert link.flagged and link.note == note and link.status == Status.CONFIRMED

    def test_review_of_a_link_merged_away_says_so(self) -> None:
        """An editor merges two links while a reviewer has the queue open: confirming or
        flagging the one that is gone says so in place (HTMX had no visible answer to the 404)
        or on the conflict page, and saves nothing."""
        self.client.force_login(self.reviewer)
        first, second = Link.objects.of(self.resolution).at(Level.CLAUSE).order_by("position")[8:10]
        link_merge(
            resolution=self.resolution, versions={first.pk: 1, second.pk: 1}, user=self.reviewer
        )
        edits = Edit.objects.count()
        for name, data in (
            ("link-confirm", {"version": 1}),
            ("link-flag", {"version": 1, "note": "n"}),
        ):
            response = self.client.post(
                self.url(name, link_id=second.pk),
                data,
                headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/review/demo/"},
            )
            html = response.content.decode()
            assert response.status_code == 200 and "<html" not in html
            assert f'id="link-{second.pk}"' in html and "no longer exists" in html
            assert "لم يعد هذا الرابط موجودًا" in html
            assert 'href="http://testserver/review/demo/"' in html
            plain = self.client.post(self.url(name, link_id=second.pk), data)
            assert plain.status_code == 409
            assert "no longer exists" in plain.content.decode()
            assert 'href="/review/demo/"' in plain.content.decode()
        assert Edit.objects.count() == edits

    def test_flag_needs_a_note_and_can_be_cleared(self) -> None:
        self.client.force_login(self.reviewer)
        link = Link.objects.of(self.resolution).at(Level.CLAUSE).order_by("position")[3]
        response = self.client.post(
            self.url("link-flag", link_id=link.pk),
            {"version": 1, "note": " "},
            headers={"HX-Request": "true"},
        )
        assert "Say why you flag" in response.content.decode()
        self.client.post(
            self.url("link-flag", link_id=link.pk), {"version": 1, "note": "date missing"}
        )
        link.refresh_from_db()
        assert link.flagged and link.note == "date missing"
        response = self.client.post(
            self.url("link-flag", link_id=link.pk), {"version": link.version, "flagged": "0"}
        )
        assert response.status_code == 302
        link.refresh_from_db()
        assert not link.flagged and link.note == ""

    def test_flag_note_loses_its_control_characters(self) -> None:
        """A note pasted with a NUL or a terminal colour code is saved without them (PostgreSQL
        cannot store NUL: it was a server error there); a note of nothing else is refused."""
        self.client.force_login(self.reviewer)
        link = Link.objects.of(self.resolution).at(Level.CLAUSE).order_by("position")[4]
        response = self.client.post(
            self.url("link-flag", link_id=link.pk),
            {"version": 1, "note": "\x00\x1b[31mdate\x00 missing\x7f"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        link.refresh_from_db()
        assert link.flagged and link.note == "[31mdate missing"
        other = Link.objects.of(self.resolution).at(Level.CLAUSE).order_by("position")[5]
        response = self.client.post(
            self.url("link-flag", link_id=other.pk), {"version": 1, "note": "\x00\x07"}
        )
        assert response.status_code == 409
        assert "Say why you flag" in response.content.decode()
        other.refresh_from_db()
        assert not other.flagged and other.version == 1

    def test_a_note_over_the_limit_is_refused_whole_and_kept_in_the_form(self) -> None:
        """A reviewer pastes a 2,150-character note (real resolution text, quoted at length):
        nothing is saved or cut, the refusal says how much to shorten, and the whole note is in
        the form again, in place (HTMX) and on the page without JavaScript."""
        self.client.force_login(self.reviewer)
        link = Link.objects.of(self.resolution).at(Level.SENTENCE).order_by("position")[15]
        _, en = demo_sides()
        quoted = " ".join(en)
        note = f"The English differs from the Arabic; compare: {quoted}"[: NOTE_LIMIT + 150]
        assert len(note) == 2150 and note.rstrip() == note
        data = {"version": link.version, "note": note, "next": "/review/demo/"}
        fragment = self.client.post(
            self.url("link-flag", link_id=link.pk), data, headers={"HX-Request": "true"}
        )
        html = fragment.content.decode()
        assert fragment.status_code == 200 and "<html" not in html
        assert "Your note is 2,150 characters long; the limit is 2,000" in html
        assert "shorten it by 150 characters" in html
        assert f'value="{escape(note)}"' in html
        assert "maxlength" not in html  # a browser would cut a longer paste silently
        assert f'data-limit="{NOTE_LIMIT}"' in html
        page = self.client.post(self.url("link-flag", link_id=link.pk), data)
        assert page.status_code == 409
        assert "Your note is 2,150 characters long" in page.content.decode()
        assert f'value="{escape(note)}"' in page.content.decode()
        link.refresh_from_db()
        assert not link.flagged and link.note == "" and link.version == 1
        assert not Edit.objects.filter(action="flag").exists()
        fits = note[:NOTE_LIMIT]
        saved = self.client.post(self.url("link-flag", link_id=link.pk), {**data, "note": fits})
        assert saved.status_code == 302
        link.refresh_from_db()
        assert link.flagged and link.note == fits.strip()

    def test_next_suspicious_navigation(self) -> None:
        """The stretch page links to the previous and next links needing review."""
        items = review_items([self.resolution], Level.SENTENCE)
        suspicious = [i.id for i in items if i.need > 0]
        assert len(suspicious) >= 2
        html = self.client.get(self.url("link", link_id=suspicious[0])).content.decode()
        assert f'href="{self.url("link", link_id=suspicious[1])}">Next suspicious' in html

    def test_first_suspicious_then_next_reaches_every_link_in_the_queue(self) -> None:
        """The "First suspicious link" opens the first in reading order, not the most urgent (the
        wrong number, further down): following "Next suspicious" from there visits every link
        the queue lists, none skipped."""
        queue = review_queue(review_items([self.resolution], Level.SENTENCE))
        page = self.client.get(self.url("resolution")).content.decode()
        found = re.search(r'href="/review/demo/link/(\d+)/">First suspicious link', page)
        assert found, "no First suspicious link"
        visited = [int(found.group(1))]
        while True:
            html = self.client.get(self.url("link", link_id=visited[-1])).content.decode()
            following = re.search(r'href="/review/demo/link/(\d+)/">Next suspicious', html)
            if not following:
                break
            visited.append(int(following.group(1)))
        assert len(queue) >= 2 and queue[0].id != visited[0]
        assert sorted(visited) == sorted(i.id for i in queue)

    def test_next_page_after_confirming_in_place_skips_no_link(self) -> None:
        """Links confirmed in place leave the queue, moving the rest up: the page's "Next" still
        opens on the link that followed the last one shown, not 5 links further on."""
        self.client.force_login(self.reviewer)
        url = self.url("resolution") + "?level=clause"
        queue = review_queue(review_items([self.resolution], Level.CLAUSE))
        assert len(queue) > 30
        page = self.client.get(url).content.decode()
        shown = [
            int(i) for i in re.findall(r'<article class="review-item[^"]*" id="link-(\d+)"', page)
        ]
        assert shown == [i.id for i in queue[:25]]
        for item in queue[:5]:
            confirm = self.url("link-confirm", link_id=item.id)
            response = self.client.post(
                confirm, {"version": item.version}, headers={"HX-Request": "true"}
            )
            assert response.status_code == 200
        following = re.search(r'<a href="([^"]+)"[^>]*>Next →</a>', page)
        assert following, "no Next link"
        html = self.client.get(self.url("resolution") + following.group(1).replace("&amp;", "&"))
        next_shown = re.findall(
            r'<article class="review-item[^"]*" id="link-(\d+)"', html.content.decode()
        )
        assert [int(i) for i in next_shown[:5]] == [i.id for i in queue[25:30]]
        assert "Page 2 of" in html.content.decode()

    def test_alignment_map_links_every_point(self) -> None:
        """The map has one box per sentence link, each opening that link's stretch."""
        response = self.client.get(self.url("map"))
        assert response["Content-Type"] == "image/svg+xml"
        svg = response.content.decode()
        assert (
            svg.count('<rect class="pt') == Link.objects.of(self.resolution).at("sentence").count()
        )
        page = self.client.get(self.url("resolution")).content.decode()
        ids = re.findall(r'<a href="/review/demo/link/(\d+)/" target="_top"><rect', page)
        assert len(ids) == Link.objects.of(self.resolution).at("sentence").count()

    def test_progress_counts_reviewed_links(self) -> None:
        self.client.force_login(self.reviewer)
        for link in Link.objects.of(self.resolution).at(Level.PARAGRAPH).order_by("position")[:21]:
            self.client.post(self.url("link-confirm", link_id=link.pk), {"version": link.version})
        html = self.client.get(self.url("resolution")).content.decode()
        assert re.search(r"<th scope=\"row\">Paragraph</th><td>21</td><td>42</td>", html)
        assert "50%" in html

    def test_bad_parameters_never_fail(self) -> None:
        """Unknown levels, pages and ids give a page or a 404, never an error."""
        for url in (
            self.url("resolution") + "?level=word&page=x",
            self.url("resolution") + "?page=99999",
            self.url("map") + "?level=%00",
            self.url("link", link_id=999999),
            reverse("review:resolution", kwargs={"slug": "nope"}),
        ):
            assert self.client.get(url).status_code in {200, 404}, url
        self.client.force_login(self.reviewer)
        link = Link.objects.of(self.resolution).first()
        for data in (
            {"version": "x"},
            {},
            {"version": "1", "flagged": "maybe", "note": "n" * 5000},
        ):
            response = self.client.post(self.url("link-flag", link_id=link.pk), data)
            assert response.status_code in {302, 409}, data


class OmissionFindingTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        # Operative paragraph 5 loses its last clause in the Arabic.
        clause = "، ويوكل وفود الدول الأعضاء في المجلس بالتنسيق مع دولة فلسطين بشأن ذلك."
        assert clause in ar[5]
        ar[5] = ar[5].replace(clause, ".")
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )

    def test_the_page_says_which_side_lacks_what_and_marks_the_clause_english(self) -> None:
        """The paragraph's link is listed with the omission: the side missing text in words and
        the English clause the Arabic lacks set apart as English (lang, dir) inside the reason."""
        response = self.client.get(reverse("review:resolution", kwargs={"slug": "demo"}))
        html = response.content.decode()
        reason = re.search(r'<li class="reason reason-omission">(.*?)</li>', html, re.S)
        assert reason, html[:2000]
        assert reason.group(1) == (
            "Text possibly missing from the Arabic: the English is 1.8 times as long as usual for"
            ' it; least matched English clause: <q lang="en" dir="ltr">and entrusts the'
            " delegations of the member states in the Council to coordinate with the State of"
            " Palestine regarding this.</q>"
        )


def shown_ids(html: str) -> list[int]:
    """The ids of the links a queue page shows, in order."""
    return [int(i) for i in re.findall(r'<article class="review-item[^"]*" id="link-(\d+)"', html)]


class QueueFilterTests(TestCase):
    """A translator narrows the queue to what they are checking: links with a finding between the
    sides, flagged links, low confidence; the filter holds across pages and in a shared URL."""

    @classmethod
    def setUpTestData(cls) -> None:
        from tests.reader.test_views import import_sdg

        cls.resolution = import_sdg("global_targets", "sdg")
        cls.reviewer = User.objects.create_user("rania")
        cls.reviewer.groups.add(Group.objects.get(name="Reviewer"))

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"review:{name}", kwargs={"slug": "sdg", **kwargs})

    def test_only_findings(self) -> None:
        """Clause links of the SDG targets whose sides disagree (target 4.b: "By 2020" against
        بحلول عام 2030), and no other; the level form keeps the filter chosen."""
        queue = review_queue(review_items([self.resolution], Level.CLAUSE))
        with_findings = [i.id for i in queue if i.findings and i.ar_ids and i.en_ids]
        assert 0 < len(with_findings) < len(queue)
        page = self.client.get(
            self.url("resolution") + "?level=clause&only=findings"
        ).content.decode()
        assert shown_ids(page) == with_findings
        assert f"{len(with_findings)} clause links with a finding between the sides" in page
        assert "Number only in the English: 2020" in page
        # Target 1.4's "By 2030," clause: the Arabic has the year at the end of the sentence.
        by_2030 = next(
            i
            for i in review_items([self.resolution], Level.CLAUSE)
            if i.en[:1] == ["By 2030, ensure that all men and women,"]
        )
        assert by_2030.findings == []
        assert re.search(r'<option value="findings" selected>', page)

    def test_a_filter_holds_across_pages_and_in_a_shared_url(self) -> None:
        """Thirty clause links flagged fill two pages of the flagged view: "Next" keeps the
        filter and the level, and the second page shows the five left."""
        links = Link.objects.of(self.resolution).at(Level.CLAUSE).order_by("position")[:30]
        for link in links:
            link_flag(
                resolution=self.resolution,
                link_id=link.pk,
                version=link.version,
                user=self.reviewer,
                note="Check the clause split",
            )
        queue = review_queue(review_items([self.resolution], Level.CLAUSE))
        flagged = [i.id for i in queue if i.flagged]
        assert len(flagged) == 30 and len(queue) > 30
        page = self.client.get(self.url("resolution") + "?level=clause&only=flagged")
        assert shown_ids(page.content.decode()) == flagged[:25]
        following = re.search(r'<a href="\?([^"]+)"[^>]*>Next →</a>', page.content.decode())
        assert following, "no Next link"
        query = following.group(1).replace("&amp;", "&")
        assert "only=flagged" in query and "level=clause" in query
        second = self.client.get(self.url("resolution") + "?" + query).content.decode()
        assert shown_ids(second) == flagged[25:]
        assert "30 clause links flagged" in second

    def test_only_low_confidence(self) -> None:
        """Low confidence: the pairs scored below 0.50, and no other. (The aligner scores every
        clause pair of the SDG targets 0.50 or more since it reads words stretched with tatweel,
        so the least sure of them is given 0.42 here.)"""
        pairs = [i for i in review_items([self.resolution], Level.CLAUSE) if i.ar_ids and i.en_ids]
        Link.objects.filter(pk=min(pairs, key=lambda i: i.score).id).update(score=0.42)
        queue = review_queue(review_items([self.resolution], Level.CLAUSE))
        low = [i.id for i in queue if i.score < 0.5 and i.ar_ids and i.en_ids]
        assert low
        page = self.client.get(self.url("resolution") + "?level=clause&only=low").content.decode()
        assert shown_ids(page) == low[:25]

    def test_only_unaligned(self) -> None:
        """The SDG targets' clauses the aligner left with nothing on the other side, under their
        own choice, each saying which side it lacks."""
        queue = review_queue(review_items([self.resolution], Level.CLAUSE))
        unaligned = [i.id for i in queue if not (i.ar_ids and i.en_ids)]
        assert unaligned
        page = self.client.get(
            self.url("resolution") + "?level=clause&only=unaligned"
        ).content.decode()
        assert shown_ids(page) == unaligned[:25]
        assert f"{len(unaligned)} clause links with no counterpart on one side" in page
        assert re.search(r'<option value="unaligned" selected>Unaligned', page)
        assert page.count("Unaligned: no ") >= len(shown_ids(page)) > 0

    def test_only_flagged_and_back_there_after_a_flag_without_javascript(self) -> None:
        """Two links flagged, the flagged view shows those two; a flag sent from that page by a
        plain form comes back to it, the filter kept."""
        self.client.force_login(self.reviewer)
        links = list(Link.objects.of(self.resolution).at(Level.SENTENCE).order_by("position")[:3])
        filtered = self.url("resolution") + "?only=flagged"
        for link, note in ((links[0], "Goal title, check"), (links[2], "Second opinion")):
            response = self.client.post(
                self.url("link-flag", link_id=link.pk),
                {"version": link.version, "note": note, "next": filtered},
            )
            assert response.status_code == 302
            assert response["Location"] == f"{filtered}&done={link.pk}#link-{link.pk}"
        page = self.client.get(filtered).content.decode()
        assert shown_ids(page) == [links[0].pk, links[2].pk]
        assert "2 sentence links flagged" in page
        assert re.search(r'<option value="flagged" selected>', page)

    def test_unknown_filter_shows_the_whole_queue(self) -> None:
        whole = shown_ids(self.client.get(self.url("resolution")).content.decode())
        odd = self.client.get(self.url("resolution") + "?only=%00x")
        assert odd.status_code == 200 and shown_ids(odd.content.decode()) == whole


class LowConfidenceTests(TestCase):
    """ "Low confidence" lists the pairs the aligner doubts, not the clauses it left alone."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        # The aligner scores every decision, one-sided ones too; the demo's four one-sided clause
        # links score 0.6-0.8, so one is given the 0.45 the aligner gave "achieve justice and
        # security," before that clause had its Arabic.
        lone = [
            i for i in review_items([cls.resolution], Level.CLAUSE) if not (i.ar_ids and i.en_ids)
        ]
        Link.objects.filter(pk=lone[0].id).update(score=0.45)

    def test_a_clause_with_no_counterpart_is_unaligned_not_low_confidence(self) -> None:
        """A clause the aligner left one-sided with a score below 0.50 is not a pair it doubts.
        A translator asking for low-confidence pairs to check a translation gets none of the
        one-sided links; they are under "Unaligned", with the rest."""
        queue = review_queue(review_items([self.resolution], Level.CLAUSE))
        unaligned = [i for i in queue if not (i.ar_ids and i.en_ids)]
        assert len([i for i in unaligned if i.score < 0.5]) == 1
        url = reverse("review:resolution", kwargs={"slug": "demo"})
        page = self.client.get(url + "?level=clause&only=low").content.decode()
        assert not set(shown_ids(page)) & {i.id for i in unaligned}
        assert "0 clause links of low confidence" in page
        page = self.client.get(url + "?level=clause&only=unaligned").content.decode()
        assert shown_ids(page) == [i.id for i in unaligned]

    def test_a_one_sided_link_says_which_side_it_has_not_a_confidence(self) -> None:
        """Under "Unaligned" each clause says "Arabic only — no English" (or the other way)
        where a pair shows its confidence, and no "0.00 low"; the filter and the legend call
        them by the same words."""
        url = reverse("review:resolution", kwargs={"slug": "demo"})
        page = self.client.get(url + "?level=clause&only=unaligned").content.decode()
        items = page.split('<article class="review-item')[1:]
        assert items
        for item in items:
            header = item.split("</header>")[0]
            assert "band-label" not in header, header
            side = "Arabic only — no English" if "No English counterpart" in item else None
            side = side or "English only — no Arabic"
            assert '<span class="score one-sided"' in header and side in header, header
        assert re.search(
            r'<option value="unaligned" selected>Unaligned: Arabic only or English only<', page
        )
        legend = page.split('<dl class="review-legend"')[1].split("</dl>")[0]
        assert "Arabic only, English only</dt><dd>unaligned: nothing linked on the other side" in (
            legend
        )
        assert "the “Unaligned” filter" in legend
        pairs = self.client.get(url + "?level=clause&only=low").content.decode()
        assert "Arabic only — no English" not in pairs


class UndoConfirmTests(TestCase):
    """A reviewer who confirmed the wrong link takes it back where it is, by HTMX or a plain form;
    it is back in the queue, and the history says so. Someone else's confirmation is not theirs
    to take back here."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.reviewer = User.objects.create_user("rania")
        cls.other = User.objects.create_user("omar")
        for user in (cls.reviewer, cls.other):
            user.groups.add(Group.objects.get(name="Reviewer"))

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"review:{name}", kwargs={"slug": "demo", **kwargs})

    def confirm(self, item_id: int) -> str:
        version = Link.objects.get(pk=item_id).version
        response = self.client.post(
            self.url("link-confirm", link_id=item_id),
            {"version": version},
            headers={"HX-Request": "true"},
        )
        return response.content.decode()

    def test_confirm_two_then_undo_the_second_in_place(self) -> None:
        self.client.force_login(self.reviewer)
        first, second = review_queue(review_items([self.resolution], Level.CLAUSE))[:2]
        self.confirm(first.id)
        html = self.confirm(second.id)
        undo = self.url("link-undo", link_id=second.id)
        assert f'hx-post="{undo}"' in html and ">Undo my confirmation</button>" in html
        link = Link.objects.get(pk=second.id)
        response = self.client.post(undo, {"version": link.version}, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert response.status_code == 200 and "<html" not in html
        assert f'id="link-{second.id}"' in html and "Automatic" in html
        assert "Undo my" not in html and "link-reviewed" in response["HX-Trigger"]
        assert Link.objects.get(pk=second.id).status == Status.AUTO
        assert Link.objects.get(pk=first.id).status == Status.CONFIRMED
        assert Edit.objects.filter(action="undo", user=self.reviewer).count() == 1
        queue = review_queue(review_items([self.resolution], Level.CLAUSE))
        assert second.id in [i.id for i in queue] and first.id not in [i.id for i in queue]

    def test_undo_without_javascript_goes_back_to_the_page(self) -> None:
        self.client.force_login(self.reviewer)
        item = review_queue(review_items([self.resolution], Level.CLAUSE))[0]
        self.confirm(item.id)
        page = self.url("resolution") + "?level=clause&only=low"
        response = self.client.post(
            self.url("link-undo", link_id=item.id),
            {"version": Link.objects.get(pk=item.id).version, "next": page},
        )
        assert response.status_code == 302
        assert response["Location"] == f"{page}&done={item.id}#link-{item.id}"
        assert Link.objects.get(pk=item.id).status == Status.AUTO

    def test_another_reviewers_confirmation_stays(self) -> None:
        self.client.force_login(self.other)
        item = review_queue(review_items([self.resolution], Level.CLAUSE))[0]
        self.confirm(item.id)
        self.client.force_login(self.reviewer)
        response = self.client.post(
            self.url("link-undo", link_id=item.id),
            {"version": Link.objects.get(pk=item.id).version},
            headers={"HX-Request": "true"},
        )
        assert "omar made the last review of this link (“Confirmed clause link" in (
            response.content.decode()
        )
        assert Link.objects.get(pk=item.id).status == Status.CONFIRMED

    def test_without_javascript_the_link_just_confirmed_stays_in_sight_with_its_undo(self) -> None:
        """A plain-form confirm comes back to the queue at the link it saved (not the top of the
        page, a long way back by keyboard), shown above the queue it has left, with its undo;
        undone, it is back in the queue, shown once."""
        self.client.force_login(self.reviewer)
        item = review_queue(review_items([self.resolution], Level.CLAUSE))[3]
        page = self.url("resolution") + "?level=clause"
        response = self.client.post(
            self.url("link-confirm", link_id=item.id), {"version": item.version, "next": page}
        )
        assert response["Location"] == f"{page}&done={item.id}#link-{item.id}"
        html = self.client.get(response["Location"]).content.decode()
        assert html.count(f'id="link-{item.id}"') == 1
        saved = html.split(f'id="link-{item.id}"')[1].split("</article>")[0]
        assert "✓ Confirmed" in saved and ">Undo my confirmation</button>" in saved
        assert 'name="next" value="/review/demo/?level=clause&amp;done=' in saved
        undone = self.client.post(
            self.url("link-undo", link_id=item.id),
            {"version": Link.objects.get(pk=item.id).version, "next": response["Location"]},
        )
        assert undone["Location"] == f"{page}&done={item.id}#link-{item.id}"
        html = self.client.get(undone["Location"]).content.decode()
        assert html.count(f'id="link-{item.id}"') == 1 and item.id in shown_ids(html)


class DemoWithTwoReviewers(TestCase):
    """The demo with two reviewers, rania and omar, posting to the queue by HTMX."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.reviewer = User.objects.create_user("rania")
        cls.other = User.objects.create_user("omar")
        for user in (cls.reviewer, cls.other):
            user.groups.add(Group.objects.get(name="Reviewer"))

    def url(self, name: str, **kwargs: object) -> str:
        return reverse(f"review:{name}", kwargs={"slug": "demo", **kwargs})

    def post(self, name: str, link_id: int, **data: str) -> HttpResponse:
        version = str(Link.objects.get(pk=link_id).version)
        return self.client.post(
            self.url(name, link_id=link_id),
            {"version": version, **data},
            headers={"HX-Request": "true"},
        )

    def sentence_links(self) -> list[Link]:
        return list(Link.objects.of(self.resolution).at(Level.SENTENCE).order_by("position"))

    def corrected_by_a_merge(self) -> tuple[Link, Link]:
        """Two clause links of two sentences, two clauses each, merged by the reviewer in the
        editor; the first is the corrected link that stands for both."""
        links = list(Link.objects.of(self.resolution).at(Level.CLAUSE).order_by("position"))
        first, second = next(
            (a, b)
            for a, b in zip(links, links[1:], strict=False)
            if len({c.sentence_id for link in (a, b) for c in link.clauses.all()}) == 2
            and a.clauses.count() == b.clauses.count() == 2
        )
        link_merge(
            resolution=self.resolution,
            versions={first.pk: first.version, second.pk: second.version},
            user=self.reviewer,
        )
        return first, second


class UndoLastReviewTests(DemoWithTwoReviewers):
    """The queue's undo takes back the reviewer's own last review of a link, whatever it was: a
    flag, a correction made in the editor, a confirmation under a later flag; recorded in the
    history, and refused, naming them, when the last review is someone else's."""

    def test_a_flag_is_taken_back_in_place_and_the_history_says_so(self) -> None:
        self.client.force_login(self.reviewer)
        link = self.sentence_links()[5]
        html = self.post("link-flag", link.pk, note="The English adds a clause").content.decode()
        assert "⚑ flagged" in html and ">Undo my flag</button>" in html
        response = self.post("link-undo", link.pk)
        html = response.content.decode()
        assert response.status_code == 200 and "⚑ flagged" not in html
        assert "Undo my" not in html and "The English adds a clause" not in html
        link.refresh_from_db()
        assert not link.flagged and link.note == "" and link.status == Status.AUTO
        undo = Edit.objects.get(action="undo", user=self.reviewer)
        assert undo.summary == "Undid: Flagged sentence link #6: The English adds a clause"

    def test_a_correction_made_in_the_editor_is_taken_back_from_the_link_page(self) -> None:
        """Two clause links of one sentence merged by the reviewer in the editor: the link page
        shows the corrected link with its undo, which puts the two links back as they were."""
        first, second = self.corrected_by_a_merge()
        self.client.force_login(self.reviewer)
        page = self.client.get(self.url("link", link_id=first.pk)).content.decode()
        item = page.split(f'id="link-{first.pk}"')[1].split("</article>")[0]
        assert "✓ Corrected" in item and ">Undo my correction</button>" in item
        response = self.post("link-undo", first.pk)
        assert response.status_code == 200 and "Automatic" in response.content.decode()
        for link in (first, second):
            assert Link.objects.get(pk=link.pk).status == Status.AUTO
            assert Link.objects.get(pk=link.pk).clauses.count() == 2
        assert Edit.objects.get(action="undo").summary.startswith("Undid: Merged 2 clause")

    def test_undo_goes_back_one_review_at_a_time(self) -> None:
        """Confirmed, then flagged: the first undo takes back the flag, the link still
        confirmed; the second takes back the confirmation."""
        self.client.force_login(self.reviewer)
        link = self.sentence_links()[7]
        self.post("link-confirm", link.pk)
        self.post("link-flag", link.pk, note="Second thoughts")
        self.post("link-undo", link.pk)
        link.refresh_from_db()
        assert link.status == Status.CONFIRMED and not link.flagged
        self.post("link-undo", link.pk)
        link.refresh_from_db()
        assert link.status == Status.AUTO and not link.flagged
        assert Edit.objects.filter(action="undo", user=self.reviewer).count() == 2

    def test_another_reviewers_flag_is_refused_naming_them(self) -> None:
        link = self.sentence_links()[5]
        self.client.force_login(self.other)
        self.post("link-flag", link.pk, note="Check the date")
        self.client.force_login(self.reviewer)
        response = self.post("link-undo", link.pk)
        html = response.content.decode()
        assert response.status_code == 200
        assert "omar made the last review of this link (“Flagged sentence link #6" in html
        assert "Nothing was saved." in html
        link.refresh_from_db()
        assert link.flagged and link.note == "Check the date"
        assert not Edit.objects.filter(action="undo").exists()

    def test_a_split_taken_back_from_its_second_part_reloads_the_page(self) -> None:
        """A one-to-one sentence link split into its Arabic and its English: the English part is
        a new link, gone again once the split is undone from it, so the page is reloaded (HTMX)
        or shown again (plain form), never an error."""
        link = next(x for x in self.sentence_links() if x.sentences.count() == 2)
        link_split(
            resolution=self.resolution,
            link_id=link.pk,
            version=link.version,
            ar_at=1,
            en_at=0,
            user=self.reviewer,
        )
        second = Link.objects.get(
            resolution=self.resolution, level=Level.SENTENCE, position=link.position + 1
        )
        self.client.force_login(self.reviewer)
        response = self.post("link-undo", second.pk)
        assert response.status_code == 200 and response["HX-Refresh"] == "true"
        assert not Link.objects.filter(pk=second.pk).exists()
        assert Link.objects.get(pk=link.pk).sentences.count() == 2
        # Split again and undone by a plain form: back to the page it came from.
        link.refresh_from_db()
        link_split(
            resolution=self.resolution,
            link_id=link.pk,
            version=link.version,
            ar_at=1,
            en_at=0,
            user=self.reviewer,
        )
        second = Link.objects.get(
            resolution=self.resolution, level=Level.SENTENCE, position=link.position + 1
        )
        page = self.url("resolution") + "?only=unaligned"
        response = self.client.post(
            self.url("link-undo", link_id=second.pk), {"version": second.version, "next": page}
        )
        assert response.status_code == 302 and response["Location"] == page


class ReasonWordingTests(TestCase):
    """Each reason reads without knowing the code: which side has how many units, and what the
    confidence figure means."""

    @classmethod
    def setUpTestData(cls) -> None:
        from tests.conftest import udhr_opening

        ar, en = udhr_opening()
        resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="udhr"))

    def test_a_two_to_one_link_says_which_side_has_two(self) -> None:
        """The UDHR's Arabic recital in two sentences against one English sentence."""
        html = self.client.get(reverse("review:resolution", kwargs={"slug": "udhr"})).content
        page = html.decode()
        assert "Not one-to-one: 2 Arabic sentences, 1 English" in page
        assert "(2:1)" not in page

    def test_the_legend_says_what_confidence_is(self) -> None:
        html = self.client.get(reverse("review:resolution", kwargs={"slug": "udhr"})).content
        page = html.decode()
        assert "the aligner's estimate that the link is exactly right" in page


class FindingMarksTests(TestCase):
    """A finding points at the words: the number, symbol or clause it names is marked in the
    text of the side it is on, however that side writes it."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        en[15] = en[15].replace("3,400", "3,800")
        ar[35] = ar[35].replace("A/RES/ES-10/24", "أ/70/1")
        # A count typed with a space for the thousands, its English changed.
        ar[2] = ar[2].replace("(12400)", "(12 400)")
        en[2] = en[2].replace("(12,400)", "(12,500)")
        resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo"))

    def item_html(self, text: str) -> str:
        page = self.client.get(reverse("review:resolution", kwargs={"slug": "demo"})).content
        items = page.decode().split('<article class="review-item')[1:]
        return next(i for i in items if text in i)

    def test_the_numbers_named_are_marked_as_each_side_writes_them(self) -> None:
        html = self.item_html("Number only in the Arabic: 3400")
        assert "<mark>3,800</mark>" in html and "<mark>3400</mark>" in html
        assert html.count("<mark>") == 2

    def test_a_space_grouped_number_is_named_and_marked_whole(self) -> None:
        """Named as the reader sees it, "400 12": the Arabic column lays the typed "12 400" out
        right to left (it was named "12 400", and before that "12, 400"); marked as one number."""
        html = self.item_html("Number only in the Arabic: 400 12")
        assert "<mark>12 400</mark>" in html and "<mark>12,500</mark>" in html
        assert html.count("<mark>") == 2

    def test_the_symbol_named_is_marked(self) -> None:
        html = self.item_html("Document symbol only in the Arabic: أ/70/1")
        assert "<mark>أ/70/1</mark>" in html and "<mark>A/RES/ES-10/24</mark>" in html


class LengthReasonTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )

    def test_an_unusual_length_says_which_side_is_longer_and_by_how_much(self) -> None:
        """Clauses of the demo whose sides' lengths are far apart ("ويدين القرار ويرفض بأشد
        العبارات التصريح" against "The resolution strongly condemns"): the reason says which side
        is so many times as long as usual, not "far from the usual"."""
        outliers = [
            item.id
            for item in review_items([self.resolution], Level.CLAUSE)
            if "ratio" in [r.code for r in item.reasons]
        ]
        page = "".join(
            self.client.get(
                reverse("review:link", kwargs={"slug": "demo", "link_id": link_id})
            ).content.decode()
            for link_id in outliers
        )
        reasons = re.findall(r'<li class="reason reason-ratio">([^<]*)</li>', page)
        assert reasons, "no length reason on the page"
        assert all(
            re.fullmatch(
                r"Unusual length: the (English|Arabic) is \d+\.\d times as long as usual for "
                r"its (Arabic|English)",
                reason,
            )
            for reason in reasons
        ), reasons


class UndoButtonWordingTests(DemoWithTwoReviewers):
    """The undo button says what it takes back (the reviewer's confirmation, flag, cleared flag
    or correction) and, in its title, when; it is offered on a link only for the reviewer's own
    last review, with or without JavaScript."""

    def post_html(self, name: str, link_id: int, **data: str) -> str:
        return self.post(name, link_id, **data).content.decode()

    def undo_button(self, html: str) -> str:
        """The text of the item's undo button ("" when it has none)."""
        found = re.search(r'action="[^"]*/undo"[^>]*>.*?<button[^>]*>([^<]*)</button>', html, re.S)
        return found.group(1) if found else ""

    def test_each_review_is_named_on_its_undo_button(self) -> None:
        self.client.force_login(self.reviewer)
        link = self.sentence_links()[7]
        html = self.post_html("link-confirm", link.pk)
        assert self.undo_button(html) == "Undo my confirmation"
        html = self.post_html("link-flag", link.pk, note="Second thoughts")
        assert self.undo_button(html) == "Undo my flag"
        html = self.post_html("link-flag", link.pk, flagged="0")
        assert self.undo_button(html) == "Undo clearing the flag"
        # Taken back one at a time, the button names the review now last.
        html = self.post_html("link-undo", link.pk)
        assert self.undo_button(html) == "Undo my flag"
        html = self.post_html("link-undo", link.pk)
        assert self.undo_button(html) == "Undo my confirmation"

    def test_the_title_says_when_and_what(self) -> None:
        self.client.force_login(self.reviewer)
        link = self.sentence_links()[5]
        html = self.post_html("link-flag", link.pk, note="The English adds a clause")
        edit = Edit.objects.get(action="flag")
        when = edit.created_at.strftime("%H:%M")
        title = re.search(r'<button type="submit" title="([^"]*)">Undo my flag<', html)
        assert title is not None, html
        assert when in title.group(1) and "The English adds a clause" in title.group(1)

    def test_a_correction_is_named_so(self) -> None:
        first, second = self.corrected_by_a_merge()
        self.client.force_login(self.reviewer)
        page = self.client.get(self.url("link", link_id=first.pk)).content.decode()
        item = page.split(f'id="link-{first.pk}"')[1].split("</article>")[0]
        assert self.undo_button(item) == "Undo my correction"

    def test_an_automatic_link_whose_flag_was_just_cleared_can_have_it_back(self) -> None:
        """Clearing a flag is a review: the automatic, unflagged link it leaves offers its undo,
        which puts the flag and its note back."""
        self.client.force_login(self.reviewer)
        link = self.sentence_links()[5]
        self.post_html("link-flag", link.pk, note="Check the date")
        html = self.post_html("link-flag", link.pk, flagged="0")
        assert "⚑ flagged" not in html
        assert self.undo_button(html) == "Undo clearing the flag"
        html = self.post_html("link-undo", link.pk)
        assert "⚑ flagged" in html and self.undo_button(html) == "Undo my flag"
        link.refresh_from_db()
        assert link.flagged and link.note == "Check the date" and link.status == Status.AUTO

    def test_without_javascript_the_just_saved_link_names_its_undo(self) -> None:
        self.client.force_login(self.reviewer)
        item = review_queue(review_items([self.resolution], Level.CLAUSE))[2]
        page = self.url("resolution") + "?level=clause"
        response = self.client.post(
            self.url("link-flag", link_id=item.id),
            {"version": item.version, "note": "Is this the same clause?", "next": page},
        )
        response = self.client.post(
            self.url("link-flag", link_id=item.id),
            {"version": item.version + 1, "flagged": "0", "next": page},
        )
        html = self.client.get(response["Location"]).content.decode()
        saved = html.split(f'id="link-{item.id}"')[1].split("</article>")[0]
        assert self.undo_button(saved) == "Undo clearing the flag"

    def test_no_undo_is_offered_for_another_reviewers_review(self) -> None:
        """Omar's confirmation is not Rania's to take back: her page offers no undo on it
        (the server would refuse it, naming him)."""
        link = self.sentence_links()[4]
        self.client.force_login(self.other)
        assert self.undo_button(self.post_html("link-confirm", link.pk)) == "Undo my confirmation"
        self.client.force_login(self.reviewer)
        page = self.client.get(self.url("link", link_id=link.pk)).content.decode()
        item = page.split(f'id="link-{link.pk}"')[1].split("</article>")[0]
        assert "✓ Confirmed" in item and self.undo_button(item) == ""


class StoredFindingFormatTests(TestCase):
    """Findings stored by older code (no side, kind or ratio; or hardly anything) still show on
    the review pages, never as an error."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )

    def test_old_and_odd_findings_are_shown(self) -> None:
        link = Link.objects.of(self.resolution).at(Level.SENTENCE).order_by("position")[5]
        clause = "and entrusts the delegations of the member states in the Council"
        old = (
            "Text possibly missing from the Arabic: the English is 1.8 times as long as usual"
            f" for it; least matched English clause: “{clause}”"
        )
        Link.objects.filter(pk=link.pk).update(
            findings=[
                {"check": "omission", "message": old, "ar": [], "en": [clause]},
                {"check": "number", "message": "Number only in the Arabic: 3400"},
                {"message": "A finding of a check since retired"},
                "not a finding at all",
            ]
        )
        for url in (
            reverse("review:resolution", kwargs={"slug": "demo"}),
            reverse("review:link", kwargs={"slug": "demo", "link_id": link.pk}),
            reverse("review:index"),
        ):
            response = self.client.get(url)
            assert response.status_code == 200, url
        html = response.content.decode()
        assert escape(old) in html and "Number only in the Arabic: 3400" in html
        assert "A finding of a check since retired" in html


class ReversedGroupsTests(TestCase):
    """UN Arabic PDF text writes 100,000 as "000 100" (groups in reverse, shown "100 000"):
    against a different English amount the queue names it as one number and marks it whole."""

    @classmethod
    def setUpTestData(cls) -> None:
        folder = shared_path("devdata", "unpc_v1.0_devset")
        # Devset line 2729: the Arabic's 100,000 against the English's $110,000.
        ar, en = (
            folder.joinpath(f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines()[2728]
            for lang in ("ar", "en")
        )
        cls.resolution = resolution_import(
            ar_paragraphs=[ar], en_paragraphs=[en], meta=ResolutionMeta(slug="isa")
        )

    def test_the_number_is_named_and_marked_as_the_arabic_shows_it(self) -> None:
        html = self.client.get(
            reverse("review:resolution", kwargs={"slug": "isa"}) + "?level=paragraph"
        ).content.decode()
        assert "Number only in the Arabic: 100 000" in html
        arabic = html.split('<div class="side ar"')[1].split("</div>")[0]
        assert "<mark>000 100</mark>" in arabic


class ReviewerQueryCountTests(TestCase):
    """A reviewer's queue reads the undo each shown link offers in one query, however many of
    them the reviewer has confirmed or flagged."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.reviewer = User.objects.create_user("rania")
        cls.reviewer.groups.add(Group.objects.get(name="Reviewer"))

    def test_the_undos_cost_one_query(self) -> None:
        self.client.force_login(self.reviewer)
        url = reverse("review:resolution", kwargs={"slug": "demo"}) + "?level=clause"
        # The anonymous page's five, the session, the user, two for permissions, the undos.
        with self.assertNumQueries(10):
            self.client.get(url)
        items = review_queue(review_items([self.resolution], Level.CLAUSE))[:6]
        for item in items[:3]:
            link_flag(
                resolution=self.resolution,
                link_id=item.id,
                version=item.version,
                user=self.reviewer,
                note="Check the verb",
            )
        with self.assertNumQueries(10):
            html = self.client.get(url).content.decode()
        assert html.count(">Undo my flag</button>") == 3


class UndoOfferScopeTests(TestCase):
    """A correction offers its undo on the links it made, not on the automatic links below
    that it only re-drew."""

    @classmethod
    def setUpTestData(cls) -> None:
        ar, en = demo_sides()
        cls.resolution = resolution_import(
            ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo")
        )
        cls.reviewer = User.objects.create_user("rania")
        cls.reviewer.groups.add(Group.objects.get(name="Reviewer"))

    def test_the_clause_links_under_a_split_offer_no_undo(self) -> None:
        """A sentence link split into its Arabic and its English: both parts offer the
        correction's undo; the automatic clause links the split re-drew under them do not."""
        link = next(
            x
            for x in Link.objects.of(self.resolution).at(Level.SENTENCE).order_by("position")
            if x.sentences.count() == 2
        )
        link_split(
            resolution=self.resolution,
            link_id=link.pk,
            version=link.version,
            ar_at=1,
            en_at=0,
            user=self.reviewer,
        )
        self.client.force_login(self.reviewer)
        page = self.client.get(self.url_link(link.pk)).content.decode()
        item = page.split(f'id="link-{link.pk}"')[1].split("</article>")[0]
        assert ">Undo my correction</button>" in item
        edit = Edit.objects.get(action="split")
        clause_ids = [s["id"] for s in edit.after["links"]["clause"]]
        assert clause_ids and Link.objects.get(pk=clause_ids[0]).status == Status.AUTO
        html = self.client.get(self.url_link(clause_ids[0])).content.decode()
        item = html.split(f'id="link-{clause_ids[0]}"')[1].split("</article>")[0]
        assert "review-item" in html and "Undo my" not in item

    def url_link(self, link_id: int) -> str:
        return reverse("review:link", kwargs={"slug": "demo", "link_id": link_id})
