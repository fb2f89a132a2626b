"""Links and the edit history in the admin; editing happens in the alignment editor."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from apps.alignment.models import Edit, Link
from apps.alignment.selectors import edit_changes
from apps.alignment.services import (
    EditError,
    ReviewBelowError,
    StaleEditError,
    edit_undo,
    redrawn_described,
)
from apps.review.editor import EDITOR_PAGE_SIZE, log_saved_edit


@admin.display(description="Resolution", ordering="resolution__slug")
def resolution_name(obj: Link | Edit) -> str:
    """The resolution as the review pages name it, its symbol or else its slug: its title (the
    demo's has 135 characters) made the lists twice as wide as the page."""
    return obj.resolution.symbol or obj.resolution.slug


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at run time
    list_display = [
        resolution_name,
        "level",
        "number",
        "score_shown",
        "status",
        "flagged",
        "version",
    ]
    list_filter = ["level", "status", "flagged", "resolution__body"]
    search_fields = ["resolution__slug", "note"]
    list_select_related = ["resolution"]
    readonly_fields = [
        "resolution",
        "level",
        "position",
        "score",
        "status",
        "version",
        "updated_at",
        "flagged",
        "note",
    ]
    exclude = ["paragraphs", "sentences", "clauses"]

    @admin.display(description="Link", ordering="position")
    def number(self, obj: Link) -> str:
        """The link's number as the alignment editor and the history give it ("#1")."""
        return f"#{obj.position + 1}"

    @admin.display(description="Score", ordering="score")
    def score_shown(self, obj: Link) -> str:
        return f"{obj.score:.2f}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Edits go through the alignment editor, which checks versions and records history.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Edit)
class EditAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "created_at",
        resolution_name,
        "user",
        "action",
        "level",
        "summary",
        "undone",
    ]
    list_filter = ["action", "level", "resolution"]
    search_fields = ["summary", "resolution__slug", "user__username"]
    list_select_related = ["resolution", "user", "undone_by"]
    readonly_fields = [
        "resolution",
        "user",
        "created_at",
        "action",
        "level",
        "summary",
        "changes",
        "before_json",
        "after_json",
        "undone_by",
        "where_to_undo",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "resolution",
                    "user",
                    "created_at",
                    "action",
                    "level",
                    "summary",
                    "undone_by",
                    "where_to_undo",
                ]
            },
        ),
        ("What it changed", {"fields": ["changes"]}),
        # As stored, for debugging; folded (the admin's collapsed fieldset).
        (
            "Before and after as stored (JSON)",
            {"fields": ["before_json", "after_json"], "classes": ["collapse"]},
        ),
    ]
    actions = ["undo_edits"]

    @admin.display(description="Before and after")
    def changes(self, obj: Edit) -> str:
        """Each link before and after the edit, as an editor reads it (edit_changes)."""
        return render_to_string(
            "admin/alignment/edit/_changes.html", {"changes": edit_changes(obj)}
        )

    @admin.display(description="Before")
    def before_json(self, obj: Edit) -> str:
        return _json_block(obj.before)

    @admin.display(description="After")
    def after_json(self, obj: Edit) -> str:
        return _json_block(obj.after)

    @admin.display(boolean=True)
    def undone(self, obj: Edit) -> bool:
        return obj.undone_by_id is not None

    @admin.display(description="Undo")
    def where_to_undo(self, obj: Edit) -> str:
        """Where the edit's Undo is: its resolution's history (the alignment editor's lists only
        the latest); this page only shows the edit."""
        url = reverse("admin:corpus_resolution_history", args=[obj.resolution_id])
        return format_html(
            '<a href="{}#alignment-edits">The resolution’s history</a> lists its edits, each '
            "with its Undo.",
            url,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The list's undo action needs the change permission; an edit itself is never changed
        # (its page offered Save buttons that saved nothing): the page is read-only.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Undo the selected edits (newest first)", permissions=["change"])
    def undo_edits(self, request: HttpRequest, queryset: QuerySet[Edit]) -> TemplateResponse | None:
        """Undo the selected edits, newest first. When that would re-draw confirmed or corrected
        links (someone's review) the editor was not shown, nothing is undone yet: a page lists
        them and whose work they are, and its "Yes" undoes the edits that can be, all or none
        (as the single undo's refusal, pressed again)."""
        edits = list(queryset.select_related("resolution").order_by("-created_at", "-id"))
        if request.POST.get("post") == "yes":
            self._undo_confirmed(request, edits)
            return None
        plan = _UndoPlan()
        with transaction.atomic():
            _undo_in_turn(request, edits, plan)
            # Reviews an edit refused for another reason would have re-drawn are not lost.
            asks = any(pk not in plan.refused for pk in plan.lost)
            if asks:
                # A trial run: nothing is kept until the editor has seen what it re-draws.
                transaction.set_rollback(True)
        if asks:
            return self._undo_confirmation(request, edits, plan)
        for undo in plan.undos:
            log_saved_edit(request, undo)
        for edit in edits:
            if edit.pk in plan.refused:
                messages.error(request, f"{edit.summary}: not undone. {plan.refused[edit.pk]}")
            else:
                messages.success(request, f"Undone: {edit.summary}")
        return None

    def _undo_confirmation(
        self, request: HttpRequest, edits: list[Edit], plan: _UndoPlan
    ) -> TemplateResponse:
        """The intermediate page: the reviewed links the undos would re-draw, by edit, with
        whose work each is; the edits that cannot be undone; a form that undoes the others."""
        undoable = [edit for edit in edits if edit.pk not in plan.refused]
        lost = [item for edit in undoable for item in plan.lost.get(edit.pk, [])]
        context = {
            **self.admin_site.each_context(request),
            "title": "Undo the selected edits?",
            "subtitle": None,
            "opts": self.model._meta,
            "losses": [(edit, plan.lost[edit.pk]) for edit in undoable if plan.lost.get(edit.pk)],
            # "would re-draw a confirmed sentence link by bob", not "confirmed or corrected links".
            "described": redrawn_described(lost, {item["id"]: item["by"] for item in lost}),
            "lost_count": len(lost),
            "refused": [(edit, plan.refused[edit.pk]) for edit in edits if edit.pk in plan.refused],
            "undoable": undoable,
            # "Undoing 1 of the 3 selected edits": refused ones and those that re-draw nothing
            # are counted among the selected, not among those that would re-draw.
            "selected": len(edits),
            "seen": sorted(plan.seen.items()),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/alignment/edit/undo_confirmation.html", context)

    def _undo_confirmed(self, request: HttpRequest, edits: list[Edit]) -> None:
        """Undo every edit the intermediate page's "Yes" sent, with the reviewed links it listed
        as seen, in one transaction; any refusal (a link changed since, or another review would
        now be re-drawn) leaves everything as it was."""
        seen = _seen_versions(request)
        done: list[Edit] = []
        undos: list[Edit] = []
        try:
            with transaction.atomic():
                for edit in edits:
                    undo = edit_undo(
                        resolution=edit.resolution,
                        edit_id=edit.pk,
                        user=request.user,
                        seen_below=seen,
                    )
                    done.append(edit)
                    undos.append(undo)
        except EditError as error:
            messages.error(
                request,
                f"Nothing was undone: “{edits[len(done)].summary}” was refused. {error} Select "
                "the edits and undo them again to see what they would change now.",
            )
            return
        for undo in undos:
            log_saved_edit(request, undo)
        for edit in done:
            messages.success(request, f"Undone: {edit.summary}")


def _json_block(value: Any) -> str:
    """Stored JSON, indented, Arabic as written."""
    return format_html("<pre>{}</pre>", json.dumps(value, ensure_ascii=False, indent=1))


@dataclass
class _UndoPlan:
    """What undoing the selected edits in turn does: per edit, the reviewed links it would
    re-draw (with whose work each is) or why it is refused; the versions of all those links."""

    lost: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    refused: dict[int, str] = field(default_factory=dict)
    seen: dict[int, int] = field(default_factory=dict)
    undos: list[Edit] = field(default_factory=list)  # the undos made, in turn


def _undo_in_turn(request: HttpRequest, edits: list[Edit], plan: _UndoPlan) -> None:
    """Undo the edits newest first, each in its own savepoint; one refused for reviewed links it
    would re-draw is undone with them (as if seen), so the later ones meet the state it leaves,
    and they are noted in the plan. No page has been shown yet: an edit whose links an undo of
    this selection changed is refused naming that undo, not as changed since a page was shown."""
    undone: list[tuple[Edit, Edit]] = []  # (a selected edit, its undo in this run)
    for edit in edits:
        while True:
            try:
                undo = edit_undo(
                    resolution=edit.resolution,
                    edit_id=edit.pk,
                    user=request.user,
                    seen_below=plan.seen,
                    shown_below={},
                )
            except ReviewBelowError as error:
                fresh = [item for item in error.below if item["id"] not in plan.seen]
                if not fresh:  # cannot happen: what is seen is not refused again
                    plan.refused[edit.pk] = str(error)
                    break
                plan.lost.setdefault(edit.pk, []).extend(
                    {
                        **item,
                        "by": error.by.get(item["id"], ""),
                        "page": item["position"] // EDITOR_PAGE_SIZE + 1,
                    }
                    for item in fresh
                )
                plan.seen.update({item["id"]: item["version"] for item in fresh})
            except StaleEditError as error:
                left = _link_ids(edit.after)
                clash = next((e for e, u in undone if left & _link_ids(u.before, u.after)), None)
                plan.refused[edit.pk] = (
                    f"Undoing “{clash.summary}”, selected too, changes the links it left; "
                    "select it alone to undo it."
                    if clash
                    else str(error)
                )
                break
            except EditError as error:
                plan.refused[edit.pk] = str(error)
                break
            else:
                undone.append((edit, undo))
                plan.undos.append(undo)
                break


def _link_ids(*states: Mapping[str, Any]) -> set[int]:
    """The ids of the links in an edit's before or after states."""
    return {s["id"] for state in states for links in state["links"].values() for s in links}


def _seen_versions(request: HttpRequest) -> dict[int, int]:
    """The link versions the intermediate page carried (hidden below-v-<id> fields); a field
    that is not two ids is left out, so its link counts as unseen."""
    seen = {}
    for key in request.POST:
        if not key.startswith("below-v-"):
            continue
        pk, version = key[8:], request.POST.get(key, "")
        if all(v.isascii() and v.isdigit() and len(v) < 19 for v in (pk, version)):
            seen[int(pk)] = int(version)
    return seen
