"""The alignment editor's request handling (for the admin view): read the page's links and
history, and turn a submitted button into one edit service call."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.models import CHANGE as CHANGE_FLAG
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from apps.alignment.models import Edit, Level, Link
from apps.alignment.services import (
    EditError,
    ReviewBelowError,
    StaleEditError,
    edit_undo,
    link_confirm,
    link_link,
    link_merge,
    link_split,
    link_unlink,
    paragraph_edit_text,
    resolution_realign_unconfirmed,
    unit_shift,
)
from apps.core.refusals import Refused
from apps.corpus.models import Paragraph, Resolution
from apps.review.selectors import ReviewItem, review_items, review_progress

EDITOR_PAGE_SIZE = 40
HISTORY_SIZE = 25
CHANGE = "alignment.change_link"
REVIEW = "alignment.review_link"
TEXT = "corpus.change_paragraph"


def _level(request: HttpRequest) -> str:
    value = request.GET.get("level", Level.PARAGRAPH)
    return value if value in Level.values else Level.PARAGRAPH


@dataclass(frozen=True)
class Posted:
    """What a button pressed on the editor page did: the page to go to when saved; when refused
    for reviewed links below that the page did not show, their versions (now shown to the
    editor), which the page carries so that pressing the button again applies it."""

    saved_url: str | None = None
    below: Mapping[int, int] = field(default_factory=dict)


def editor_context(
    request: HttpRequest, resolution: Resolution, *, below: Mapping[int, int] | None = None
) -> dict[str, Any]:
    """Rows of one level's links (paged), the edit history and what the user may do; after a
    refused change (a POST), also what the editor had selected and typed, per row, which
    rows changed since they loaded the page, and the versions of reviewed links below that the
    editor has been shown (`below`, with those the form already carried)."""
    level = _level(request)
    items = review_items([resolution], level)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    page = Paginator(items, EDITOR_PAGE_SIZE).get_page(number)
    kept, missing = _kept(request, page.object_list) if request.method == "POST" else ({}, 0)
    can_edit = request.user.has_perm(CHANGE)
    focus, control = _focus(request, page.object_list, can_edit=can_edit)
    history = list(
        Edit.objects.filter(resolution=resolution).select_related("user", "undone_by")[
            :HISTORY_SIZE
        ]
    )
    return {
        "resolution": resolution,
        "level": level,
        "levels": Level.choices,
        "page": page,
        "history": history,
        # Counted only when the history is cut: the page says it shows the latest of how many.
        "history_count": Edit.objects.filter(resolution=resolution).count()
        if len(history) == HISTORY_SIZE
        else 0,
        "progress": review_progress([resolution]).get(resolution.pk, {}),
        "can_edit": can_edit,
        "can_review": request.user.has_perm(REVIEW),
        "can_edit_text": request.user.has_perm(TEXT),
        "refused": request.method == "POST",
        "kept": kept,
        "kept_missing": missing,
        # The links just before and after this page: a shift from the first or last row moves
        # a unit onto one of them, so the form carries their versions too.
        "edge_links": [
            items[i] for i in (page.start_index() - 2, page.end_index()) if 0 <= i < len(items)
        ],
        "split_points": _split_points(request, page.object_list),
        "below_links": {**_below_versions(request), **(below or {})}.items(),
        "focus": focus,
        "focus_control": control,
        # The outcome is shown where the page opens: beside a focused arrow, else above the
        # focused row, else at the top.
        "focus_row": isinstance(focus, int),
        "outcome_above_row": isinstance(focus, int) and control not in _ARROWS,
        # Sent back with the form, so that Enter pressed again without a change keeps it.
        "drawn_focus": _focus_value(focus, control),
    }


def _split_points(request: HttpRequest, rows: Iterable[ReviewItem]) -> dict[int, dict[str, str]]:
    """The split fields' values per row of three or more units: as typed, on a page drawn again
    after a POST; else after the first unit of each side that has one."""
    posted = request.POST if request.method == "POST" else None
    points: dict[int, dict[str, str]] = {}
    for row in rows:
        if row.units > 2:
            points[row.id] = {}
            for side in ("ar", "en"):
                typed = posted.get(f"split-{side}-{row.id}") if posted is not None else None
                points[row.id][side] = (
                    typed if typed is not None else str(min(1, len(getattr(row, side))))
                )
    return points


# Where keyboard focus goes when the page loads after a change (autofocus, no script needed):
# the affected link's row, named by ?focus=<link id> in the redirect after a saved change (or
# ?focus=shift:<link id>:<side>:<way>, the arrow pressed); after a refused one, the row or the
# button the editor pressed. Buttons not tied to a row are named. After Enter without the
# page's script, the tick box or split field changed since the page was drawn (split-ar:<id>).
_FOCUS_BUTTONS = ("merge", "link", "realign")
_ROW_ACTIONS = ("confirm", "unlink", "split", "shift")
_ARROWS = ("ar:prev", "ar:next", "en:prev", "en:next")
_SPLIT_FIELDS = ("split-ar", "split-en")


def _focus(
    request: HttpRequest, rows: Iterable[ReviewItem], *, can_edit: bool
) -> tuple[int | str | None, str]:
    """The link id (a row on this page) or the bar button ("merge", "link", "realign") to
    focus, and the row's control to focus instead of its tick box, if it has it: an arrow
    ("en:next") or a split field ("split-ar")."""
    rows = list(rows)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in _FOCUS_BUTTONS:
            return action, ""
        if action == "keep":
            # Enter without the script: the browser does not say where it was pressed; the
            # box or field last (in the page) changed since the page was drawn is the best
            # guess, else where the page had put the focus.
            changed = _changed_since_drawn(request, rows)
            drawn = request.POST.get("drawn-focus", "")
            if not changed and drawn in _FOCUS_BUTTONS:
                return drawn, ""
            wanted = [*reversed(changed), drawn]
        else:
            # A row's own button; else the first ticked row.
            wanted = [action, *request.POST.getlist("sel")]
    else:
        wanted = [request.GET.get("focus", "")]
        if wanted[0] in _FOCUS_BUTTONS:
            return wanted[0], ""
    shown = {row.id: row for row in rows}
    for value in wanted:
        link, control = _focus_target(value)
        row = shown.get(link if link is not None else -1)
        if row is None:
            continue
        # An arrow is there while its side of the link has a unit; split fields on a link of
        # three or more units; neither for a user who may not edit.
        there = can_edit and (
            bool(getattr(row, control[:2])) if control in _ARROWS else row.units > 2
        )
        return row.id, control if control and there else ""
    return None, ""


def _focus_target(value: str) -> tuple[int | None, str]:
    """The link and its control a focus value names: "41" (its tick box), "shift:41:en:next"
    (an arrow), "split-ar:41" (a split field) or a row button's action ("confirm:41")."""
    name, _, rest = value.partition(":")
    if name in _SPLIT_FIELDS:
        return _link_id(rest), name
    if name == "shift":
        link, _, arrow = rest.partition(":")
        return _link_id(link), arrow if arrow in _ARROWS else ""
    if name in _ROW_ACTIONS:
        return _link_id(rest.partition(":")[0]), ""
    return _link_id(value), ""


def _focus_value(focus: int | str | None, control: str) -> str:
    """The focus as _focus_target reads it."""
    if not isinstance(focus, int):
        return focus or ""
    if control in _ARROWS:
        return f"shift:{focus}:{control}"
    return f"{control}:{focus}" if control else str(focus)


def _changed_since_drawn(request: HttpRequest, rows: Iterable[ReviewItem]) -> list[str]:
    """The tick boxes and split fields whose value differs from the one the page was drawn with
    (hidden drawn-… fields), as focus values in page order."""
    ticked = set(request.POST.getlist("sel"))
    drawn = set(request.POST.getlist("drawn-sel"))
    changed = []
    for row in rows:
        if (str(row.id) in ticked) != (str(row.id) in drawn):
            changed.append(str(row.id))
        for name in _SPLIT_FIELDS:
            field = f"{name}-{row.id}"
            if field in request.POST and request.POST[field] != request.POST.get(f"drawn-{field}"):
                changed.append(f"{name}:{row.id}")
    return changed


def _acted_on(action: str) -> str:
    """The link a row's button names ("confirm:41:…" → "41"); "" for any other action."""
    name, _, rest = action.partition(":")
    return rest.partition(":")[0] if name in _ROW_ACTIONS else ""


def _link_id(value: str) -> int | None:
    """A link id from a form or address: ASCII digits that fit a bigint, else none ("²" and
    "٣" are digits int() reads or refuses; 5,000 digits are past int()'s 4,300)."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def _saved_url(request: HttpRequest, resolution: Resolution, edit: Edit, action: str) -> str:
    """The editor page to show after a saved change: the page holding the affected link (the one
    acted on if it is still there, else the first of the changed run), focused (after a shift,
    on the arrow pressed while the link still has it)."""
    level = _level(request)
    if edit.action == Edit.Action.REALIGN:
        return f"{request.path}?{urlencode({'level': level, 'focus': 'realign'})}"
    changed = edit.after.get("links", {}).get(level, [])
    first = _link_id(_acted_on(action))
    wanted = [first] if first is not None else []
    wanted += [state["id"] for state in changed if "id" in state]
    found = {
        link.pk: link
        for link in Link.objects.filter(resolution=resolution, level=level, pk__in=wanted)
    }
    link = next((found[pk] for pk in wanted if pk in found), None)
    if link is None:
        return request.get_full_path()
    before = Link.objects.filter(resolution=resolution, level=level, position__lt=link.position)
    number = before.count() // EDITOR_PAGE_SIZE + 1
    focus = action if link.pk == first and action.startswith("shift:") else link.pk
    return f"{request.path}?{urlencode({'level': level, 'page': number, 'focus': focus})}"


def _kept(request: HttpRequest, rows: Iterable[ReviewItem]) -> tuple[dict[int, Any], int]:
    """The refused form's selection and split points on the rows now shown, whether each row
    changed (or came onto the page) since it was loaded, and how many selected links are gone
    from the page."""
    try:
        loaded = _versions(request, edges=False)
        selected = {_int(v) for v in request.POST.getlist("sel")}
    except EditError:
        loaded, selected = {}, set()
    kept = {
        row.id: {
            "selected": row.id in selected,
            # Only the editor form carries versions; the history's Undo form does not.
            "changed": bool(loaded) and loaded.get(row.id) != row.version,
        }
        for row in rows
    }
    return kept, len(selected - set(kept))


# Ids and versions the databases can store (signed 64-bit); a larger number in a lookup is an
# OverflowError in SQLite's driver.
_INT_LIMIT = 2**63


def _int(value: str | None) -> int:
    try:
        number = int(value or "")
    except ValueError:
        number = _INT_LIMIT
    if not -_INT_LIMIT < number < _INT_LIMIT:
        raise EditError("The form was incomplete; reload the page and try again.")
    return number


def _versions(request: HttpRequest, *, edges: bool = True) -> dict[int, int]:
    """The version of every link the page showed (hidden v-<id> fields), and of the links just
    off it (edge-v-<id>) unless edges is False."""
    versions = {}
    for key in request.POST:
        value = request.POST.get(key)
        if key.startswith("v-"):
            versions[_int(key[2:])] = _int(value)
        elif edges and key.startswith("edge-v-"):
            versions[_int(key[7:])] = _int(value)
    return versions


def _below_versions(request: HttpRequest) -> dict[int, int]:
    """The versions of reviewed links below this level that the editor was shown by a refusal
    (hidden below-v-<id> fields): re-drawing them is then what they chose."""
    if request.method != "POST":
        return {}
    try:
        return {
            _int(key[8:]): _int(request.POST.get(key))
            for key in request.POST
            if key.startswith("below-v-")
        }
    except EditError:
        return {}


def _linked_names(
    request: HttpRequest, text: str, below: Sequence[Mapping[str, Any]], editor_url: str = ""
) -> SafeString:
    """The refusal's text with each link below it named ("sentence link #5") made a link to
    that link's row in the editor (at editor_url, by default this page), at its level and page."""
    html = str(conditional_escape(text))
    for item in below:
        name = f"{item['level']} link #{item['position'] + 1}"
        query = {
            "level": item["level"],
            "page": item["position"] // EDITOR_PAGE_SIZE + 1,
            "focus": item["id"],
        }
        anchor = format_html(
            '<a href="{}?{}">{}</a>', editor_url or request.path, urlencode(query), name
        )
        # (?!\d): "sentence link #5" is not the start of "sentence link #50".
        html = re.sub(rf"{re.escape(name)}(?!\d)", anchor.replace("\\", r"\\"), html, count=1)
    return mark_safe(html)  # the text is escaped; only the anchors are added


def _where_changed(request: HttpRequest, text: str, link: Link | None) -> SafeString:
    """A stale refusal's text; when the changed link it names ("Link #41 (paragraph)") is not on
    the page the editor pressed the button on (a shift onto the next page's first link), the
    name links to it there and says where it is."""
    if link is None:
        return conditional_escape(text)
    number = link.position // EDITOR_PAGE_SIZE + 1
    try:
        shown = int(request.GET.get("page", "1"))
    except ValueError:
        shown = 1
    if number == shown and link.level == _level(request):
        return conditional_escape(text)
    where = {shown + 1: "on the next page", shown - 1: "on the previous page"}.get(
        number, f"on page {number}"
    )
    if link.level != _level(request):
        where = f"at {link.level} level"
    name = f"Link #{link.position + 1} ({link.level})"
    query = {"level": link.level, "page": number, "focus": link.pk}
    anchor = format_html('<a href="{}?{}">{}</a>, {},', request.path, urlencode(query), name, where)
    html = str(conditional_escape(text)).replace(name, str(anchor), 1)
    return mark_safe(html)  # the text is escaped; only the anchor is added


def log_saved_edit(request: HttpRequest, edit: Edit) -> None:
    """Record an edit made in the admin in its log, so that the index's Recent actions lists
    it: "demo: Merged 2 paragraph links from #4", linking to the resolution. Here, not in the
    edit services, which importers and the review pages call too."""
    if request.user.pk is None:  # an edit needs a signed-in editor; nothing to log
        return
    LogEntry.objects.create(
        user_id=request.user.pk,
        content_type=ContentType.objects.get_for_model(Resolution),
        object_id=str(edit.resolution_id),
        object_repr=f"{edit.resolution.slug}: {edit.summary}"[:200],
        action_flag=CHANGE_FLAG,
        change_message=edit.summary,
    )


def _need(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise Refused("This change needs the Editor role.", "هذا التغيير يحتاج إلى دور المحرّر.")


def editor_post(request: HttpRequest, resolution: Resolution) -> Posted:
    """Apply the button pressed on the editor page and report the outcome as a message; when
    saved, give the page to go to (the affected link focused): a refused change is shown on the
    page as it is now (editor_context)."""
    action = request.POST.get("action", "")
    name, _, rest = action.partition(":")
    if name == "keep":
        # Enter pressed on a tick box or in a field (the form's hidden default button).
        messages.info(
            request,
            "Nothing was changed: Enter does not apply a change here. Your selection and split "
            "points are kept; press Merge selected, Link selected or a row's button.",
        )
        return Posted()
    user = request.user
    try:
        versions = _versions(request)
        seen_below = _below_versions(request)
        selected = [_int(v) for v in request.POST.getlist("sel")]
        chosen = {pk: versions[pk] for pk in selected if pk in versions}
        if name == "confirm":
            _need(request, REVIEW)
            link_id = _int(rest)
            edit = link_confirm(
                resolution=resolution, link_id=link_id, version=versions.get(link_id, -1), user=user
            )
        elif name == "undo":
            _need(request, CHANGE)
            edit = edit_undo(
                resolution=resolution, edit_id=_int(rest), user=user, seen_below=seen_below
            )
        elif name == "realign":
            _need(request, CHANGE)
            edit = resolution_realign_unconfirmed(resolution=resolution, user=user)
        elif name == "merge":
            _need(request, CHANGE)
            edit = link_merge(
                resolution=resolution, versions=chosen, user=user, seen_below=seen_below
            )
        elif name == "link":
            _need(request, CHANGE)
            if len(chosen) != 2:
                raise EditError(
                    "Choose exactly two links to link: an Arabic-only and an English-only."
                )
            ordered = sorted(
                Link.objects.filter(resolution=resolution, pk__in=list(chosen)),
                key=lambda link: link.position,
            )
            if len(ordered) != 2:
                raise EditError("These links are no longer there; reload the page.")
            edit = link_link(
                resolution=resolution,
                ar_link_id=ordered[0].pk,
                en_link_id=ordered[1].pk,
                versions=chosen,
                user=user,
                seen_below=seen_below,
            )
        elif name == "unlink":
            _need(request, CHANGE)
            link_id = _int(rest)
            edit = link_unlink(
                resolution=resolution,
                link_id=link_id,
                version=versions.get(link_id, -1),
                user=user,
                seen_below=seen_below,
            )
        elif name == "split":
            _need(request, CHANGE)
            link_id = _int(rest)
            edit = link_split(
                resolution=resolution,
                link_id=link_id,
                version=versions.get(link_id, -1),
                ar_at=_int(request.POST.get(f"split-ar-{link_id}")),
                en_at=_int(request.POST.get(f"split-en-{link_id}")),
                user=user,
                seen_below=seen_below,
            )
        elif name == "shift":
            _need(request, CHANGE)
            link_part, _, move = rest.partition(":")
            lang, _, direction = move.partition(":")
            link_id = _int(link_part)
            if link_id not in versions:
                raise EditError("The form was incomplete; reload the page and try again.")
            edit = unit_shift(
                resolution=resolution,
                link_id=link_id,
                lang=lang,
                direction=direction,
                versions=versions,
                user=user,
                seen_below=seen_below,
            )
        else:
            raise EditError("Unknown action; reload the page and try again.")
    except StaleEditError as error:
        messages.error(
            request,
            format_html(
                "{} The page now shows the alignment as it is, rows changed since you loaded it "
                "marked; your selection and split points are kept, so check them and press the "
                "button again.",
                _where_changed(request, f"Not saved: {error.reason}", error.link),
            ),
        )
        return Posted()
    except ReviewBelowError as error:
        messages.error(request, _linked_names(request, f"Not saved: {error}", error.below))
        return Posted(below={item["id"]: item["version"] for item in error.below})
    except EditError as error:
        messages.error(request, f"Not saved: {error}")
        return Posted()
    log_saved_edit(request, edit)
    messages.success(request, f"{edit.summary}. You can undo it from the history below.")
    return Posted(saved_url=_saved_url(request, resolution, edit, action))


def paragraph_context(
    request: HttpRequest,
    resolution: Resolution,
    paragraph_id: int,
    *,
    below: Mapping[int, int] | None = None,
) -> dict[str, Any]:
    """The paragraph text form; after a save refused for reviewed links below, the versions of
    those the editor has now been shown (`below`, with those the form already carried), which
    the form carries so that saving again re-draws them knowingly."""
    paragraph = Paragraph.objects.filter(resolution=resolution, pk=paragraph_id).first()
    if paragraph is None:
        raise Http404("No such paragraph in this resolution.")
    link = paragraph.links.first()
    # A save refused because someone else changed the paragraph's stretch since the form was
    # loaded: show what is saved now beside what this editor typed, so that saving again
    # (against the current version) is done having seen the other change.
    stale = request.method == "POST" and (
        link is None
        or request.POST.get("link") != str(link.pk)
        or request.POST.get("version") != str(link.version)
    )
    return {
        "resolution": resolution,
        "paragraph": paragraph,
        "link": link,
        "text": request.POST.get("text", paragraph.text),
        "saved_text": paragraph.text if stale else "",
        "can_edit_text": request.user.has_perm(TEXT),
        "below_links": {**_below_versions(request), **(below or {})}.items(),
    }


def paragraph_post(
    request: HttpRequest, resolution: Resolution, paragraph_id: int, editor_url: str
) -> Posted:
    """Save a paragraph's new text; when saved, Posted.saved_url is the editor (editor_url);
    when refused for reviewed links below, Posted.below their versions, now shown."""
    _need(request, TEXT)
    try:
        link_id = _int(request.POST.get("link"))
        edit = paragraph_edit_text(
            resolution=resolution,
            paragraph_id=paragraph_id,
            text=request.POST.get("text", ""),
            versions={link_id: _int(request.POST.get("version"))},
            user=request.user,
            seen_below=_below_versions(request),
        )
    except ReviewBelowError as error:
        text = f"Not saved: {error}".replace("press the button again", "press Save text again")
        messages.error(request, _linked_names(request, text, error.below, editor_url))
        return Posted(below={item["id"]: item["version"] for item in error.below})
    except StaleEditError as error:
        # The page shows the text now saved above the editor's own, kept in the box and sent
        # with the version now saved (paragraph_context): reloading would lose what they typed.
        messages.error(
            request,
            f"Not saved: {error.reason} The text now saved is shown above yours: check it, "
            "change yours if need be, and press Save text again.",
        )
        return Posted()
    except EditError as error:
        messages.error(request, f"Not saved: {error}")
        return Posted()
    log_saved_edit(request, edit)
    messages.success(request, f"{edit.summary}; its sentences and clauses were re-aligned.")
    return Posted(saved_url=editor_url + "?level=paragraph")
