"""Review and editing in real Chromium: confirm and flag in place, the map, the admin editor."""

from __future__ import annotations

import re
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from playwright.sync_api import Browser, Page, Route, expect

from apps.alignment.models import Edit, Link, Status
from apps.corpus.management.commands.load_demo import demo_meta
from apps.corpus.models import Resolution
from apps.corpus.services import ResolutionMeta, resolution_import
from tests.conftest import demo_sides

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


ROLES = import_module("apps.alignment.migrations.0003_roles").ROLES


def role(name: str) -> Group:
    """The role group as the migration makes it (transactional tests flush data migrations)."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in ROLES[name]
    )
    return group


def log_in(page: Page, live_server: object, user: User) -> None:
    """Give the browser the session of a logged-in user."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,  # type: ignore[attr-defined]
            }
        ]
    )


@pytest.fixture
def demo(live_server: object) -> str:
    ar, en = demo_sides()
    en[15] = en[15].replace("3,400", "3,800")  # a translator's slip for the queue to find
    resolution_import(ar_paragraphs=ar, en_paragraphs=en, meta=ResolutionMeta(slug="demo"))
    return live_server.url  # type: ignore[attr-defined]


def test_reviewer_confirms_and_flags_in_place(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """The queue opens on the wrong number; confirming another link and flagging the wrong one
    happen in place (no page load), and the map links to the stretch."""
    reviewer = User.objects.create_user("rania")
    reviewer.groups.add(role("Reviewer"))
    log_in(page, live_server, reviewer)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{demo}/review/demo/")
    first = page.locator("article.review-item").first
    expect(first.locator(".reasons")).to_contain_text("Number only in the Arabic: 3400")
    marker = page.evaluate("() => (window.__stay = 'same page')")
    second = page.locator("article.review-item").nth(1)
    second_id = second.get_attribute("id")
    second.get_by_role("button", name="Confirm").click()
    confirmed = page.locator(f"#{second_id}")
    expect(confirmed.locator(".link-status")).to_have_text("✓ Confirmed")
    first.get_by_label("Note").fill("English says 3,800 settlement units; Arabic 3400")
    first.get_by_role("button", name="Flag").click()
    expect(page.locator("article.review-item").first.locator(".flag")).to_have_text("⚑ flagged")
    assert page.evaluate("() => window.__stay") == marker, "the page was reloaded"
    link_id = int(second_id.removeprefix("link-"))
    assert Link.objects.get(pk=link_id).status == Status.CONFIRMED
    flagged = Link.objects.get(flagged=True)
    assert "3,800" in flagged.note
    page.locator(".queue-size").scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, -120)")
    page.screenshot(path=str(screenshot_dir / "review-queue-confirm-flag.png"), full_page=False)

    page.locator(".alignment-map a").nth(10).click()
    expect(page).to_have_url(re.compile(r"/review/demo/link/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sentence link #11")
    page.screenshot(path=str(screenshot_dir / "review-stretch-from-map.png"))


def test_reviewer_moves_through_the_queue_with_j_and_k(
    page: Page, live_server: object, demo: str
) -> None:
    """j and k go from link to link; after Confirm pressed with the keyboard swaps a link in
    place, the focus stays on it, so the next j goes on to the following link, not the first."""
    reviewer = User.objects.create_user("rania")
    reviewer.groups.add(role("Reviewer"))
    log_in(page, live_server, reviewer)
    page.goto(f"{demo}/review/demo/?level=clause")
    items = page.locator("article.review-item")
    focused = "() => document.activeElement.closest('article.review-item')?.id"
    page.keyboard.press("j")
    assert page.evaluate(focused) == items.nth(0).get_attribute("id")
    page.keyboard.press("j")
    second = items.nth(1).get_attribute("id")
    assert page.evaluate(focused) == second
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Confirm
    expect(page.locator(f"#{second} .link-status")).to_have_text("✓ Confirmed")
    expect(page.locator(f"#{second} .item-ref")).to_be_focused()
    page.keyboard.press("j")
    assert page.evaluate(focused) == items.nth(2).get_attribute("id")
    page.keyboard.press("k")
    page.keyboard.press("k")
    assert page.evaluate(focused) == items.nth(0).get_attribute("id")
    note = items.nth(0).get_by_label("Note")
    note.focus()
    page.keyboard.type("jk")  # typed into a field, j and k are letters
    assert note.input_value() == "jk"


def test_tab_can_pass_over_the_alignment_map(page: Page, live_server: object, demo: str) -> None:
    """Every box of the alignment map is a link: by Tab alone a reviewer went through all 224 of
    the demo's clause links before reaching the queue. Before the map a "Skip the alignment
    map" link shows when focused; Enter on it, and the next Tab is in the queue's form."""
    reviewer = User.objects.create_user("rania")
    reviewer.groups.add(role("Reviewer"))
    log_in(page, live_server, reviewer)
    page.goto(f"{demo}/review/demo/?level=clause")
    assert page.locator(".alignment-map svg a").count() == 224
    page.locator("header.site button, header.site a").last.focus()
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip the alignment map")
    shown = skip.bounding_box()
    assert shown and shown["width"] > 40 and shown["height"] > 10
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(".level-filter select[name=level]")).to_be_focused()


def test_on_a_phone_without_javascript_tab_can_still_pass_over_the_open_map(
    browser: Browser, live_server: object, demo: str, screenshot_dir
) -> None:
    """Without JavaScript a phone's alignment map stays open, its 224 clause boxes each a stop
    for Tab: the "Skip the alignment map" link is there too. (The reader's rule hiding its own
    skip link on a phone, where Tab follows the drawn order, hid this one as well.)"""
    reviewer = User.objects.create_user("rania")
    reviewer.groups.add(role("Reviewer"))
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    log_in(page, live_server, reviewer)
    page.goto(f"{demo}/review/demo/?level=clause")
    expect(page.locator(".alignment-map svg")).to_be_visible()
    page.locator("header.site button, header.site a").last.focus()
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip the alignment map")
    page.screenshot(path=str(screenshot_dir / "review-phone-no-js-skip-map.png"))
    shown = skip.bounding_box()
    assert shown and shown["width"] > 40 and shown["height"] > 10
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(".level-filter select[name=level]")).to_be_focused()
    context.close()


def test_editor_merges_and_undoes_in_the_admin(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """An editor merges two paragraph links in the admin editor and undoes it from the history."""
    editor = User.objects.create_user("edna", is_staff=True)
    editor.groups.add(role("Editor"))
    log_in(page, live_server, editor)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{demo}/admin/corpus/resolution/")
    page.get_by_role("link", name="demo").first.click()
    page.get_by_role("link", name="Alignment editor").click()
    rows = page.locator("table.align-table tbody tr[id^=link-]")
    expect(rows).to_have_count(40)  # first page of 42 paragraph links
    rows.nth(3).locator('input[name="sel"]').check()
    rows.nth(4).locator('input[name="sel"]').check()
    page.get_by_role("button", name="Merge selected").click()
    expect(page.locator(".messagelist")).to_contain_text("Merged 2 paragraph links from #4")
    expect(rows.nth(3).locator("td").nth(1)).to_contain_text("2:2")
    page.screenshot(path=str(screenshot_dir / "admin-editor-merged.png"))
    edit = Edit.objects.get(action="merge")
    page.locator(f'button[value="undo:{edit.pk}"]').click()
    expect(page.locator(".messagelist")).to_contain_text("Undid: Merged 2 paragraph links")
    expect(rows.nth(3).locator("td").nth(1)).to_contain_text("1:1")
    assert Link.objects.filter(level="paragraph").count() == 42


def test_editor_undoes_from_the_resolution_s_history_page(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """Omar merges paragraph links #4 and #5; Edna opens the resolution's History from its
    change form, sees his merge with his name, and her Undo there opens the alignment editor
    with the links apart again."""
    omar, edna = (User.objects.create_user(n, is_staff=True) for n in ("omar", "edna"))
    for user in (omar, edna):
        user.groups.add(role("Editor"))
    log_in(page, live_server, omar)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{demo}/admin/corpus/resolution/")
    page.get_by_role("link", name="demo").first.click()
    page.get_by_role("link", name="Alignment editor").click()
    rows = page.locator("table.align-table tbody tr[id^=link-]")
    rows.nth(3).locator('input[name="sel"]').check()
    rows.nth(4).locator('input[name="sel"]').check()
    page.get_by_role("button", name="Merge selected").click()
    expect(page.locator(".messagelist")).to_contain_text("Merged 2 paragraph links from #4")
    page.context.clear_cookies()
    log_in(page, live_server, edna)
    page.goto(f"{demo}/admin/corpus/resolution/")
    page.get_by_role("link", name="demo").first.click()
    page.get_by_role("link", name="History").click()
    row = page.locator("#alignment-history tbody tr").first
    expect(row).to_contain_text("omar")
    expect(row).to_contain_text("Merged 2 paragraph links from #4")
    page.screenshot(path=str(screenshot_dir / "admin-resolution-history.png"), full_page=True)
    row.get_by_role("button", name="Undo").click()
    expect(page.locator(".messagelist")).to_contain_text("Undid: Merged 2 paragraph links from #4")
    expect(page).to_have_title(re.compile("Alignment of demo"))
    expect(rows.nth(3).locator("td").nth(1)).to_contain_text("1:1")
    assert Link.objects.filter(level="paragraph").count() == 42
    assert Edit.objects.get(action="undo").user == edna


def test_editor_tick_boxes_say_which_link_and_work_from_the_keyboard(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """A screen reader hears which link a tick box selects, by its number and the start of both
    its English and its Arabic; the whole cell is a click target over 24px square; Space ticks,
    and Enter on a tick box merges nothing (the ticks are kept) until the editor presses Merge
    selected."""
    editor = User.objects.create_user("edna", is_staff=True)
    editor.groups.add(role("Editor"))
    log_in(page, live_server, editor)
    page.set_viewport_size({"width": 1280, "height": 1000})
    resolution_pk = Link.objects.first().resolution_id
    page.goto(f"{demo}/admin/corpus/resolution/{resolution_pk}/align/")
    ar, en = demo_sides()
    fourth = page.get_by_role("checkbox", name=re.compile(r"^Select link 4: English"))
    expect(fourth).to_have_accessible_name(
        f"Select link 4: English “{' '.join(en[3].split()[:8])} …”, "
        f"Arabic “{' '.join(ar[3].split()[:8])} …”"
    )
    cell = page.locator("label.select-link").nth(3)
    box = cell.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24
    cell.click(position={"x": box["width"] - 3, "y": box["height"] - 3})  # off the box itself
    expect(fourth).to_be_checked()
    fifth = page.get_by_role("checkbox", name=re.compile(r"^Select link 5: English"))
    fifth.focus()
    page.keyboard.press("Space")
    expect(fifth).to_be_checked()
    posts: list[str] = []
    page.on(
        "request", lambda request: posts.append(request.url) if request.method == "POST" else None
    )
    page.evaluate("() => { window.stayed = true; }")  # gone if the page reloads
    page.keyboard.press("Enter")
    expect(fifth).to_be_focused()
    page.keyboard.press("Space")  # focus is live where it was: Space unticks and ticks again
    expect(fifth).not_to_be_checked()
    page.keyboard.press("Space")
    expect(fifth).to_be_checked()
    assert page.evaluate("() => window.stayed === true")
    assert posts == []
    expect(page.locator(".messagelist")).to_have_count(0)
    assert Link.objects.filter(level="paragraph").count() == 42
    expect(fourth).to_be_checked()
    expect(fifth).to_be_checked()
    page.screenshot(path=str(screenshot_dir / "admin-editor-tick-boxes.png"))
    page.get_by_role("button", name="Merge selected").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Merged 2 paragraph links from #4")
    # Focus comes back to the merged link, whose tick box is read with the outcome.
    merged = page.get_by_role("checkbox", name=re.compile(r"^Select link 4: English"))
    expect(merged).to_be_focused()
    expect(merged).to_have_accessible_description(re.compile("^Merged 2 paragraph links from #4"))


def _tab_to(page: Page, name: str) -> None:
    """Press Tab until the focused element is the button or field called name (at most 30)."""
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == name:
            return
        label = page.evaluate("() => document.activeElement.closest('label')?.textContent ?? ''")
        if label.strip() == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_editor_splits_confirms_and_undoes_by_keyboard_keeping_focus_on_the_link(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """Edna works by keyboard only: after Merge, Split, Confirm and Undo the page comes back
    with focus on the tick box of the link she changed, so the next Tab stays in that row;
    Enter in a split field does nothing (the number typed stays, focus too)."""
    editor = User.objects.create_user("edna", is_staff=True)
    editor.groups.add(role("Editor"))
    log_in(page, live_server, editor)
    page.set_viewport_size({"width": 1280, "height": 1000})
    resolution_pk = Link.objects.first().resolution_id
    page.goto(f"{demo}/admin/corpus/resolution/{resolution_pk}/align/")
    ten = page.get_by_role("checkbox", name=re.compile(r"^Select link 10: English"))
    eleven = page.get_by_role("checkbox", name=re.compile(r"^Select link 11: English"))
    ten.focus()
    page.keyboard.press("Space")
    eleven.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Merge selected").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Merged 2 paragraph links from #10")
    expect(ten).to_be_focused()
    _tab_to(page, "AR")  # the row's split field for the Arabic side
    field = page.locator("input:focus")
    field.fill("1")
    page.keyboard.press("Enter")
    expect(field).to_be_focused()
    expect(page.locator(".messagelist")).to_contain_text("Merged")  # no reload, no new message
    _tab_to(page, "Split")
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Split paragraph link #10 after 1")
    expect(ten).to_be_focused()
    page.screenshot(path=str(screenshot_dir / "admin-editor-focus-after-split.png"))
    _tab_to(page, "Confirm")
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Confirmed paragraph link #10")
    expect(ten).to_be_focused()
    assert Link.objects.get(level="paragraph", position=9).status == Status.CONFIRMED
    page.keyboard.press("Tab")  # on from the tick box: still inside row 10
    inside = page.evaluate("() => document.activeElement.closest('tr')?.id")
    assert inside == f"link-{Link.objects.get(level='paragraph', position=9).pk}"
    confirm = Edit.objects.get(action="confirm")
    page.locator(f'button[value="undo:{confirm.pk}"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Undid: Confirmed paragraph link #10")
    expect(ten).to_be_focused()


def test_a_flag_note_over_the_limit_is_counted_and_not_sent(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """A reviewer pastes a note longer than 2,000 characters: the form counts it, says how many
    characters are too many and does not send it; nothing is cut, so shortening it flags."""
    reviewer = User.objects.create_user("rania")
    reviewer.groups.add(role("Reviewer"))
    log_in(page, live_server, reviewer)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{demo}/review/demo/")
    item = page.locator("article.review-item").first
    _, en = demo_sides()
    note = ("The English adds a clause the Arabic lacks: " + " ".join(en))[:2150]
    field = item.get_by_label("Note")
    expect(item.locator(".note-count")).to_have_text("Up to 2,000 characters.")
    field.fill(note)
    expect(item.locator(".note-count")).to_have_text("2,150 of 2,000 characters: 150 too many.")
    item.get_by_role("button", name="Flag").click()
    assert field.evaluate("(el) => el.validationMessage") == (
        "Shorten the note by 150 characters (the limit is 2,000)."
    )
    assert field.input_value() == note  # all of it, nothing cut
    page.screenshot(path=str(screenshot_dir / "review-note-over-limit.png"))
    assert not Link.objects.filter(flagged=True).exists()
    field.fill(note[:1990].strip())
    expect(item.locator(".note-count")).to_contain_text("of 2,000 characters.")
    item.get_by_role("button", name="Flag").click()
    expect(page.locator("article.review-item").first.locator(".flag")).to_have_text("⚑ flagged")
    assert Link.objects.get(flagged=True).note == note[:1990].strip()


def test_editor_keeps_the_selection_after_a_stale_refusal(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """Edna ticks paragraph links #4 and #5 in the admin editor; before she presses Merge, Omar
    confirms #5. The refusal shows the page as it is now with her two ticks kept and #5 marked
    as changed; pressing Merge again, having seen it, merges."""
    from apps.alignment.services import link_confirm

    editor = User.objects.create_user("edna", is_staff=True)
    editor.groups.add(role("Editor"))
    omar = User.objects.create_user("omar", is_staff=True)
    omar.groups.add(role("Editor"))
    log_in(page, live_server, editor)
    page.set_viewport_size({"width": 1280, "height": 1000})
    resolution_pk = Link.objects.first().resolution_id
    page.goto(f"{demo}/admin/corpus/resolution/{resolution_pk}/align/")
    rows = page.locator("table.align-table tbody tr[id^=link-]")
    rows.nth(3).locator('input[name="sel"]').check()
    rows.nth(4).locator('input[name="sel"]').check()
    fifth = Link.objects.get(level="paragraph", position=4)
    link_confirm(resolution=fifth.resolution, link_id=fifth.pk, version=1, user=omar)
    page.get_by_role("button", name="Merge selected").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Not saved: Link #5 (paragraph) was changed by someone else"
    )
    # Focus is back on the button she pressed, to press it again once she has checked.
    expect(page.get_by_role("button", name="Merge selected")).to_be_focused()
    expect(rows.nth(3).locator('input[name="sel"]')).to_be_checked()
    expect(rows.nth(4).locator('input[name="sel"]')).to_be_checked()
    expect(rows.nth(4)).to_contain_text("changed since you loaded the page")
    expect(rows.nth(4)).to_contain_text("✓ Confirmed")
    expect(page.locator("tr.changed-since")).to_have_count(1)
    rows.nth(3).scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "admin-editor-stale-selection-kept.png"))
    assert Link.objects.filter(level="paragraph").count() == 42
    page.get_by_role("button", name="Merge selected").click()
    expect(page.locator(".messagelist")).to_contain_text("Merged 2 paragraph links from #4")
    assert Link.objects.filter(level="paragraph").count() == 41


def test_clicks_without_the_role_or_logged_out_are_answered_visibly(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """Rania's Reviewer role is taken away while her queue is open: Confirm says so in place
    instead of doing nothing. Logged out, Confirm takes her to the login page, and logging in
    (she is not staff) brings her back to the queue."""
    reviewer = User.objects.create_user("rania", password="Qarar-2025-jeddah")
    reviewer.groups.add(role("Reviewer"))
    log_in(page, live_server, reviewer)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{demo}/review/demo/")
    reviewer.groups.clear()
    first = page.locator("article.review-item").first
    first_id = first.get_attribute("id")
    first.get_by_role("button", name="Confirm").click()
    expect(page.locator(f"#{first_id}")).to_contain_text("needs the Reviewer role")
    page.screenshot(path=str(screenshot_dir / "review-confirm-without-the-role.png"))
    reviewer.groups.add(role("Reviewer"))
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()  # her session ends on the server (expiry, a logout elsewhere)
    page.locator("article.review-item").nth(1).get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/login/\?next=/review/demo/$"))
    page.get_by_label("Username").fill("rania")
    page.get_by_label("Password").fill("Qarar-2025-jeddah")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{demo}/review/demo/")
    expect(
        page.locator("article.review-item").first.get_by_role("button", name="Confirm")
    ).to_be_visible()
    assert not Link.objects.exclude(status=Status.AUTO).exists()


def test_a_stale_page_says_in_place_to_reload_it(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """Rania's queue stays open while she logs in again in another tab, which gives the browser
    a new CSRF token: Confirm on the old page says in the item's place, in English and Arabic,
    to reload it (it put Django's whole 403 page inside the item); reloaded, Confirm works."""
    reviewer = User.objects.create_user("rania", password="Qarar-2025-jeddah")
    reviewer.groups.add(role("Reviewer"))
    log_in(page, live_server, reviewer)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{demo}/review/demo/")
    other_tab = page.context.new_page()
    other_tab.goto(f"{demo}/login/")
    other_tab.get_by_label("Username").fill("rania")
    other_tab.get_by_label("Password").fill("Qarar-2025-jeddah")
    other_tab.get_by_role("button", name="Log in").click()
    other_tab.wait_for_load_state()
    other_tab.close()
    first = page.locator("article.review-item").first
    first_id = first.get_attribute("id")
    first.get_by_role("button", name="Confirm").click()
    refused = page.locator(f"#{first_id}")
    expect(refused).to_have_class("refused")
    expect(refused.locator('[lang="en"]')).to_contain_text("Nothing was saved")
    expect(refused.locator('[lang="ar"]')).to_contain_text("أعد تحميل الصفحة")
    assert page.locator("main h1", has_text="Forbidden").count() == 0
    assert page.locator("main header.site").count() == 0  # no page inside the page
    page.screenshot(path=str(screenshot_dir / "review-confirm-stale-token.png"))
    assert not Link.objects.exclude(status=Status.AUTO).exists()
    refused.get_by_role("link", name="Reload the page").click()
    item = page.locator("article.review-item").first
    item.get_by_role("button", name="Confirm").click()
    expect(item.locator(".link-status")).to_have_text("✓ Confirmed")


def test_on_a_phone_the_progress_of_every_resolution_fits_the_screen(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """At 360 px /review/'s progress table shows every column, Flagged included, and its whole
    caption, without scrolling sideways within the table, also beside the demo's long title."""
    Resolution.objects.filter(slug="demo").update(title_en=demo_meta()[0].title_en)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{demo}/review/")
    table = page.locator("table.resolutions-progress")
    for name in ("Resolution", "Paragraph", "Sentence", "Clause", "Flagged"):
        cell = table.get_by_role("columnheader", name=name).bounding_box()
        assert cell is not None and cell["x"] + cell["width"] <= 360, (name, cell)
    caption = table.locator("caption").bounding_box()
    assert caption is not None and caption["width"] > 300 and caption["x"] + caption["width"] <= 360
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth"), "the table scrolls sideways"
    page.screenshot(path=str(screenshot_dir / "review-index-phone.png"))


@pytest.mark.parametrize("width", [360, 1280])
def test_a_section_heading_is_never_bigger_than_the_page_s_title(
    page: Page, live_server: object, demo: str, screenshot_dir, width: int
) -> None:
    """On /review/ and the export page, "Most in need of review across the corpus" and "Sentence
    level" (h2) were drawn in the browser's default 1.5em, bigger than the page's h1 on a phone
    (25.5 px under a 20 px title): each h2 is smaller than the h1 above it, at both widths."""
    page.set_viewport_size({"width": width, "height": 800})
    for path in ("/review/", "/review/demo/export/"):
        page.goto(f"{demo}{path}")
        h1 = page.locator("main h1").first.evaluate("h => parseFloat(getComputedStyle(h).fontSize)")
        sizes = page.locator("main h2").evaluate_all(
            "hs => hs.map(h => parseFloat(getComputedStyle(h).fontSize))"
        )
        assert sizes and max(sizes) < h1, (path, h1, sizes)
    page.screenshot(path=str(screenshot_dir / f"review-export-headings-{width}.png"))


def test_on_a_phone_the_map_and_legend_are_folded_from_the_first_frame(
    browser: Browser, live_server: object, demo: str, screenshot_dir
) -> None:
    """At 360 px the alignment map and the legend are folded under their names in the very
    first frame the phone draws, not opened and then folded once review.js has run (held back
    here until the frame is taken, as on a slow connection); a tap on "Alignment map" then opens
    it. Without JavaScript both stay open."""
    reviewer = User.objects.create_user("rania")
    reviewer.groups.add(role("Reviewer"))
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    log_in(page, live_server, reviewer)
    held: list[Route] = []
    page.route(re.compile(r"/js/review[^/]*\.js$"), lambda route: held.append(route))
    page.goto(f"{demo}/review/demo/", wait_until="commit")
    page.wait_for_selector("details.legend-fold summary", state="attached")
    page.wait_for_function("() => document.readyState === 'interactive'")
    assert held, "review.js was not requested"
    page.screenshot(path=str(screenshot_dir / "review-phone-first-frame.png"))
    expect(page.get_by_text("Alignment map", exact=True)).to_be_visible()
    expect(page.locator(".alignment-map svg")).to_be_hidden()
    expect(page.locator(".review-legend")).to_be_hidden()
    for route in held:
        route.continue_()
    page.wait_for_load_state("load")
    expect(page.locator(".alignment-map svg")).to_be_hidden()
    page.get_by_text("Alignment map", exact=True).click()
    expect(page.locator(".alignment-map svg")).to_be_visible()
    expect(page.locator(".review-legend")).to_be_hidden()
    page.get_by_text("Legend", exact=True).click()
    expect(page.locator(".review-legend")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "review-phone-map-opened.png"))
    context.close()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    log_in(page, live_server, reviewer)
    page.goto(f"{demo}/review/demo/")
    expect(page.locator(".alignment-map svg")).to_be_visible()
    expect(page.locator(".review-legend")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "review-phone-no-js-open.png"))
    context.close()


def test_on_a_phone_a_reviewer_filters_confirms_and_undoes_by_keyboard(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """At 360 px the queue's level and filter controls and their Show button fit the screen;
    by keyboard alone a one-sided link, which says so where a pair shows its confidence, is
    confirmed, then taken back with "Undo my confirmation", in place."""
    reviewer = User.objects.create_user("rania")
    reviewer.groups.add(role("Reviewer"))
    log_in(page, live_server, reviewer)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{demo}/review/demo/?level=clause")
    show = page.get_by_role("button", name="Show")
    box = show.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 360, box
    # The demo's clause level has no pair of low confidence: its doubtful links are unaligned.
    page.locator("select[name=only]").select_option("unaligned")
    show.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"only=unaligned"))
    item = page.locator("article.review-item").first
    item_id = item.get_attribute("id")
    expect(item.locator(".score")).to_have_text(
        re.compile(r"^(Arabic only — no English|English only — no Arabic)$")
    )
    item.scroll_into_view_if_needed()
    item.screenshot(path=str(screenshot_dir / "review-phone-one-sided.png"))
    # Folded on a phone, so the queue comes first: a tap opens it.
    page.get_by_text("Legend", exact=True).click()
    page.locator(".review-legend").screenshot(path=str(screenshot_dir / "review-phone-legend.png"))
    item.get_by_role("button", name="Confirm").focus()
    page.keyboard.press("Enter")
    saved = page.locator(f"#{item_id}")
    expect(saved.locator(".link-status")).to_have_text("✓ Confirmed")
    saved.get_by_role("button", name="Undo my confirmation").focus()
    page.keyboard.press("Enter")
    expect(saved.locator(".link-status")).to_have_text("Automatic")
    assert Link.objects.get(pk=int(item_id.removeprefix("link-"))).status == Status.AUTO
    assert Edit.objects.filter(action="undo", user=reviewer).count() == 1
    saved.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "review-phone-filter-undo.png"))


@pytest.mark.parametrize("size", [(1280, 900), (360, 740)], ids=["wide", "phone"])
def test_the_outcome_is_shown_beside_the_row_changed_and_the_arrow_keeps_the_focus(
    page: Page, live_server: object, demo: str, screenshot_dir, size: tuple[int, int]
) -> None:
    """Edna, far down the page, moves English paragraph 31 to link #32 by keyboard and back: each
    time the page comes back with the outcome in view beside the link, read out with what has
    the focus, which is the arrow she pressed while the link still has it (else its tick box).
    A stale Confirm's refusal is in view beside its row too."""
    editor = User.objects.create_user("edna", is_staff=True)
    editor.groups.add(role("Editor"))
    log_in(page, live_server, editor)
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    resolution_pk = Link.objects.first().resolution_id
    page.goto(f"{demo}/admin/corpus/resolution/{resolution_pk}/align/")
    thirty_first = Link.objects.get(level="paragraph", position=30)
    thirty_second = Link.objects.get(level="paragraph", position=31)
    down = page.locator(f'button[value="shift:{thirty_first.pk}:en:next"]')
    down.focus()
    page.keyboard.press("Enter")
    outcome = page.locator("#editor-messages")
    expect(outcome).to_contain_text("Shifted the English unit of paragraph link #31")
    expect(outcome).to_be_in_viewport()
    # Link #31 has no English now, so no English arrows: its tick box has the focus.
    tick = page.get_by_role("checkbox", name=re.compile(r"^Select link 31: English none"))
    expect(tick).to_be_focused()
    expect(tick).to_have_accessible_description(re.compile("^Shifted the English unit"))
    up = page.locator(f'button[value="shift:{thirty_second.pk}:en:prev"]')
    up.focus()
    page.keyboard.press("Enter")
    expect(outcome).to_contain_text(
        "Shifted the English unit of paragraph link #32 to the previous"
    )
    expect(outcome).to_be_in_viewport()
    expect(up).to_be_focused()  # link #32 keeps an English unit, so its up arrow
    expect(up).to_have_accessible_name("Move this English unit to the previous link")
    expect(up).to_have_accessible_description(re.compile("^Shifted the English unit"))
    page.screenshot(path=str(screenshot_dir / f"admin-editor-shift-outcome-{width}.png"))
    confirm = page.locator(
        "tr", has=page.get_by_role("checkbox", name=re.compile(r"^Select link 35:"))
    )
    link = Link.objects.get(level="paragraph", position=34)
    from apps.alignment.services import link_confirm

    omar = User.objects.create_user("omar", is_staff=True)  # confirms it meanwhile
    link_confirm(resolution=link.resolution, link_id=link.pk, version=link.version, user=omar)
    confirm.get_by_role("button", name="Confirm").focus()
    page.keyboard.press("Enter")
    expect(outcome).to_contain_text("Not saved: Link #35 (paragraph) was changed by someone else")
    expect(outcome).to_be_in_viewport()
    page.screenshot(path=str(screenshot_dir / f"admin-editor-refusal-outcome-{width}.png"))


def test_enter_without_javascript_changes_nothing_and_keeps_ticks_typing_and_focus(
    browser: Browser, live_server: object, demo: str, screenshot_dir
) -> None:
    """Without the page's script, Enter submits the form as a browser does, by its default
    button: it is the harmless one, so nothing is merged or split; the page comes back with the
    same ticks and split points, the focus on the box or field last changed (else where it
    was), and the outcome said beside it."""
    editor = User.objects.create_user("edna", is_staff=True)
    editor.groups.add(role("Editor"))
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    log_in(page, live_server, editor)
    resolution_pk = Link.objects.first().resolution_id
    page.goto(f"{demo}/admin/corpus/resolution/{resolution_pk}/align/")
    fourth = page.get_by_role("checkbox", name=re.compile(r"^Select link 4: English"))
    fifth = page.get_by_role("checkbox", name=re.compile(r"^Select link 5: English"))
    fourth.check()
    fifth.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    outcome = page.locator("#editor-messages")
    expect(outcome).to_contain_text("Nothing was changed: Enter does not apply a change here")
    expect(fourth).to_be_checked()
    expect(fifth).to_be_checked()
    expect(fifth).to_be_focused()
    expect(outcome).to_be_in_viewport()
    page.keyboard.press("Enter")  # again, nothing changed since: the focus stays
    expect(fifth).to_be_focused()
    expect(fourth).to_be_checked()
    assert Link.objects.filter(level="paragraph").count() == 42
    page.get_by_role("button", name="Merge selected").click()
    expect(outcome).to_contain_text("Merged 2 paragraph links from #4")
    merged = Link.objects.get(level="paragraph", position=3)
    arabic_at = page.locator(f'input[name="split-ar-{merged.pk}"]')
    english_at = page.locator(f'input[name="split-en-{merged.pk}"]')
    arabic_at.fill("2")
    english_at.fill("2")
    english_at.press("Enter")
    expect(outcome).to_contain_text("Nothing was changed")
    expect(english_at).to_be_focused()  # the later in the page of the two typed in
    expect(arabic_at).to_have_value("2")
    expect(english_at).to_have_value("2")
    expect(outcome).to_be_in_viewport()
    page.screenshot(path=str(screenshot_dir / "admin-editor-enter-without-script.png"))
    arabic_at.fill("1")
    arabic_at.press("Enter")
    expect(arabic_at).to_be_focused()
    expect(arabic_at).to_have_value("1")
    expect(english_at).to_have_value("2")
    assert not Edit.objects.filter(action="split").exists()
    context.close()


@pytest.mark.parametrize("size", [(1280, 900), (360, 740)], ids=["wide", "phone"])
def test_two_editors_in_two_browsers_neither_overwrites_the_other(
    browser: Browser, live_server: object, demo: str, screenshot_dir, size: tuple[int, int]
) -> None:
    """Edna has page 1 open; Omar, in his own browser, merges links #4 and #5: Edna's Unlink of
    #5 from her page is refused beside her row, in view, with the merged row marked. Omar then
    confirms the first link of page 2; Edna's move of her last row's English onto it is refused
    too, the arrow she pressed keeping the focus, and the refusal says that link is on the next
    page, linking to it. Omar's work stands; the history names him."""
    width, height = size
    edna = User.objects.create_user("edna", is_staff=True)
    omar = User.objects.create_user("omar", is_staff=True)
    pages = {}
    for user in (edna, omar):
        user.groups.add(role("Editor"), role("Reviewer"))
        context = browser.new_context(viewport={"width": width, "height": height})
        pages[user.username] = context.new_page()
        log_in(pages[user.username], live_server, user)
    resolution_pk = Link.objects.first().resolution_id
    editor_url = f"{demo}/admin/corpus/resolution/{resolution_pk}/align/"
    ednas, omars = pages["edna"], pages["omar"]
    ednas.goto(editor_url)
    omars.goto(editor_url)
    four, five = (Link.objects.get(level="paragraph", position=n) for n in (3, 4))
    omars.locator(f'input[name="sel"][value="{four.pk}"]').check()
    omars.locator(f'input[name="sel"][value="{five.pk}"]').check()
    omars.get_by_role("button", name="Merge selected").click()
    expect(omars.locator("#editor-messages")).to_contain_text("Merged 2 paragraph links")

    ednas.locator(f'button[value="unlink:{five.pk}"]').click()
    outcome = ednas.locator("#editor-messages")
    expect(outcome).to_contain_text("Not saved: Part of this stretch was changed by someone else")
    expect(outcome).to_be_in_viewport()
    # Marked: the merged #4, and the link that moved up onto page 1 from page 2.
    came_up = Link.objects.get(level="paragraph", position=39)
    expect(ednas.locator("tr.changed-since")).to_have_count(2)
    expect(ednas.locator(f"tr#link-{four.pk}")).to_have_class(re.compile("changed-since"))
    expect(ednas.locator(f"tr#link-{came_up.pk}")).to_have_class(re.compile("changed-since"))
    assert Link.objects.filter(level="paragraph").count() == 41

    last, next_page_first = (Link.objects.get(level="paragraph", position=n) for n in (39, 40))
    omars.goto(editor_url + "?level=paragraph&page=2")
    omars.locator(f'button[value="confirm:{next_page_first.pk}"]').click()
    expect(omars.locator("#editor-messages")).to_contain_text("Confirmed paragraph link #41")
    down = ednas.locator(f'button[value="shift:{last.pk}:en:next"]')
    down.focus()
    ednas.keyboard.press("Enter")
    expect(outcome).to_contain_text(
        "Link #41 (paragraph), on the next page, was changed by someone else"
    )
    expect(outcome).to_be_in_viewport()
    expect(down).to_be_focused()
    ednas.screenshot(path=str(screenshot_dir / f"admin-editor-two-editors-{width}.png"))
    there = outcome.get_by_role("link", name="Link #41 (paragraph)")
    expect(there).to_have_attribute("href", re.compile(r"page=2&focus=\d+$"))
    assert Link.objects.get(pk=next_page_first.pk).status == Status.CONFIRMED
    assert not Edit.objects.filter(action="shift").exists()
    expect(ednas.locator("table.history tbody tr").first).to_contain_text("omar")
    for page in pages.values():
        page.context.close()


# Every element of the page (but text hidden for screen readers) whose box reaches past the right or left edge of the screen.
_OVERFLOWING = """(width) => [...document.querySelectorAll('#content *')]
  .filter((el) => !el.closest('.visually-hidden'))
  .filter((el) => { const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5); })
  .map((el) => el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className)"""


def test_on_a_phone_the_editor_stacks_each_links_texts_and_nothing_overflows(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """At 360×740 the page does not scroll sideways: each link's English and Arabic are stacked
    in the row, both in view beside its tick box and buttons; a shift's outcome after the arrow
    reads across the screen, not in a narrow column."""
    editor = User.objects.create_user("edna", is_staff=True)
    editor.groups.add(role("Editor"), role("Reviewer"))
    log_in(page, live_server, editor)
    page.set_viewport_size({"width": 360, "height": 740})
    resolution_pk = Link.objects.first().resolution_id
    page.goto(f"{demo}/admin/corpus/resolution/{resolution_pk}/align/?level=clause")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert page.evaluate(_OVERFLOWING, 360) == []
    row = page.locator("table.align-table tbody tr[id^=link-]").nth(3)  # a 1:1 clause link
    row.locator('input[name="sel"]').focus()
    row.scroll_into_view_if_needed()
    english, arabic = row.locator("td[lang=en]"), row.locator("td[lang=ar]")
    expect(english).to_be_in_viewport(ratio=1)
    expect(arabic).to_be_in_viewport(ratio=1)
    expect(row.get_by_role("button", name="Confirm")).to_be_in_viewport(ratio=1)
    english_box, arabic_box = english.bounding_box(), arabic.bounding_box()
    assert english_box is not None and arabic_box is not None
    assert arabic_box["y"] >= english_box["y"] + english_box["height"] - 1  # stacked
    assert english_box["width"] > 250 and arabic_box["width"] > 250
    page.screenshot(path=str(screenshot_dir / "admin-editor-phone-clauses.png"))

    page.goto(f"{demo}/admin/corpus/resolution/{resolution_pk}/align/")
    thirty_first = Link.objects.get(level="paragraph", position=30)
    down = page.locator(f'button[value="shift:{thirty_first.pk}:en:next"]')
    down.focus()
    page.keyboard.press("Enter")
    outcome = page.locator("#editor-messages")
    expect(outcome).to_contain_text("Shifted the English unit of paragraph link #31")
    expect(outcome).to_be_in_viewport()
    thirty_second = Link.objects.get(level="paragraph", position=31)
    up = page.locator(f'button[value="shift:{thirty_second.pk}:en:prev"]')
    up.focus()
    page.keyboard.press("Enter")
    expect(outcome).to_contain_text("link #32 to the previous")
    expect(up).to_be_focused()
    expect(outcome).to_be_in_viewport()
    box = outcome.bounding_box()  # just after the arrow, inside the English text
    assert box is not None and box["width"] > 250, box
    page.screenshot(path=str(screenshot_dir / "admin-editor-phone-shift.png"))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert page.evaluate(_OVERFLOWING, 360) == []
    for name in ("Merge selected", "Re-align everything not confirmed"):
        button = page.get_by_role("button", name=name)
        button.scroll_into_view_if_needed()
        expect(button).to_be_in_viewport(ratio=1)
    page.get_by_role("heading", name="History").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "admin-editor-phone-history.png"))


def cell_names(page: Page, row_selector: str) -> list[str]:
    """The accessible names of a row's cells, from Playwright's accessibility snapshot."""
    snapshot = page.locator(row_selector).aria_snapshot()
    return re.findall(r"^\s*- '?cell \"(.*)\"'?:?$", snapshot, flags=re.MULTILINE)


def test_on_a_phone_each_stacked_cell_of_the_editor_names_its_column(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """At 360×740, where the rows are stacked and the column headers out of sight, a screen
    reader reading a link's cells one by one hears which each is: "Link 4", "Score · status
    1.00 high", "English and the decisions issued by the 51st session…", "Arabic والقرارات
    الصادرة…" (the name in English beside the Arabic), "Actions Confirm Unlink"; the tick box
    says it all already. At 1280 px the headers say it and the cells do not repeat it."""
    editor = User.objects.create_user("edna", is_staff=True)
    editor.groups.add(role("Editor"), role("Reviewer"))
    log_in(page, live_server, editor)
    resolution_pk = Link.objects.first().resolution_id
    row = "table.align-table tbody tr[id^=link-] >> nth=2"  # a 1:1 clause link
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{demo}/admin/corpus/resolution/{resolution_pk}/align/?level=clause")
    tick, number, score, english, arabic, actions = cell_names(page, row)
    assert tick.startswith("Select link 3: English “and the decisions issued by the 51st")
    assert number == "Link 3 1:1"
    assert score.startswith("Score · status 1.00 high")
    assert english.startswith("English and the decisions issued by the 51st session")
    assert arabic.startswith("Arabic والقرارات الصادرة عن الدورة الـ51")
    assert actions == "Actions Confirm Unlink"
    label = page.locator(row).locator("td[lang=ar] .cell-label")
    expect(label).to_have_attribute("lang", "en")
    page.locator(row).scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "admin-editor-phone-cell-names.png"))

    page.set_viewport_size({"width": 1280, "height": 900})
    names = cell_names(page, row)
    assert names[1] == "3 1:1"
    assert names[3].startswith("and the decisions issued by the 51st session")
    assert names[4].startswith("والقرارات الصادرة عن الدورة الـ51")
    headers = page.locator("table.align-table thead").aria_snapshot()
    for header in ("#", "Score · status", "English", "Arabic", "Actions"):
        assert f'columnheader "{header}"' in headers


def test_an_unlink_that_would_redraw_a_colleagues_review_below_asks_first(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """On a phone, Edna presses Unlink on paragraph link #4, under which Omar confirmed a
    sentence link: nothing is unlinked; the refusal, in view beside her row, names Omar's link
    and Omar, and links to it. Pressing Unlink again, having been told, unlinks; the outcome says the
    confirmed link was re-drawn."""
    from apps.alignment.services import link_confirm
    from apps.corpus.models import Paragraph

    editor = User.objects.create_user("edna", is_staff=True)
    editor.groups.add(role("Editor"))
    omar = User.objects.create_user("omar")
    paragraph = Link.objects.get(level="paragraph", position=3)
    sentence = (
        Link.objects.filter(
            level="sentence", sentences__paragraph__in=Paragraph.objects.filter(links=paragraph)
        )
        .order_by("position")
        .first()
    )
    link_confirm(resolution=paragraph.resolution, link_id=sentence.pk, version=1, user=omar)
    log_in(page, live_server, editor)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{demo}/admin/corpus/resolution/{paragraph.resolution_id}/align/")
    page.locator(f'button[value="unlink:{paragraph.pk}"]').click()
    outcome = page.locator("#editor-messages")
    expect(outcome).to_contain_text(
        f"would re-draw a confirmed sentence link by omar (sentence link "
        f"#{sentence.position + 1}) below it"
    )
    expect(outcome).to_be_in_viewport()
    named = outcome.get_by_role("link", name=f"sentence link #{sentence.position + 1}")
    expect(named).to_have_attribute(
        "href", re.compile(rf"level=sentence&page=1&focus={sentence.pk}$")
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(screenshot_dir / "admin-editor-phone-review-below-refused.png"))
    assert Link.objects.get(pk=sentence.pk).status == Status.CONFIRMED
    assert not Edit.objects.filter(action="unlink").exists()
    page.locator(f'button[value="unlink:{paragraph.pk}"]').click()
    expect(outcome).to_contain_text("1 confirmed sentence link by omar below was re-drawn")
    assert Edit.objects.filter(action="unlink", user=editor).count() == 1


def test_on_a_phone_the_queue_comes_before_the_folded_map_which_opens_on_a_tap(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """At 360 px the first link to review starts on the first screen: the alignment map is
    folded under its name, and a tap opens it with its boxes working. On a desktop the map is
    open beside the progress, as before."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{demo}/review/demo/")
    page.screenshot(path=str(screenshot_dir / "review-phone-first-screen.png"))
    first = page.locator("article.review-item").first
    box = first.bounding_box()
    assert box is not None and box["y"] + 80 <= 740, box
    svg = page.locator(".alignment-map svg")
    expect(svg).to_be_hidden()
    page.get_by_text("Alignment map", exact=True).click()
    expect(svg).to_be_visible()
    page.locator(".alignment-map svg a").first.click()
    expect(page).to_have_url(re.compile(r"/review/demo/link/\d+/$"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo}/review/demo/")
    expect(page.locator(".alignment-map svg")).to_be_visible()
    map_box = page.locator(".alignment-map svg").bounding_box()
    assert map_box is not None and map_box["y"] < 900 and map_box["width"] > 400, map_box


def test_on_a_phone_a_refused_language_code_does_not_widen_the_export_page(
    browser: Browser, live_server: object, demo: str, screenshot_dir
) -> None:
    """A code the export refuses is quoted in its message (cut at 40 characters): pasted
    without spaces or hyphens, "ar_SA_trados_studio_memory_2026_legal_tm", it held the
    language codes' box, and the page, wider than a 360 px phone, which then scrolled sideways."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    code = "ar_SA_trados_studio_memory_2026_legal_tm"
    response = page.goto(f"{demo}/review/demo/export/?ar_locale={code}")
    assert response is not None and response.status == 400
    expect(page.locator(".tmx-locales .error")).to_contain_text(code)
    page.screenshot(path=str(screenshot_dir / "export-phone-refused-code.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_on_a_phone_the_review_buttons_are_big_enough_to_tap(
    page: Page, live_server: object, demo: str, screenshot_dir
) -> None:
    """At 360 px each link's Confirm, Flag and Undo buttons are at least 44 px tall, the size a
    finger can hit (WCAG 2.5.5): they were the browser's plain buttons, 21 px, with Confirm of one
    link a thumb's width from Flag of the same."""
    reviewer = User.objects.create_user("rania")
    reviewer.groups.add(role("Reviewer"))
    log_in(page, live_server, reviewer)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{demo}/review/demo/")
    item = page.locator("article.review-item").first
    item.get_by_role("button", name="Confirm").click()
    expect(item.get_by_role("button", name="Undo my confirmation")).to_be_visible()
    for name in ("Undo my confirmation", "Flag"):
        box = item.get_by_role("button", name=name).bounding_box()
        assert box is not None and box["height"] >= 44, (name, box)
    other = page.locator("article.review-item").nth(1)
    box = other.get_by_role("button", name="Confirm").bounding_box()
    assert box is not None and box["height"] >= 44, box
    item.scroll_into_view_if_needed()
    item.screenshot(path=str(screenshot_dir / "review-phone-buttons.png"))
