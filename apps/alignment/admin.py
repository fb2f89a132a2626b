"""Links and the edit history in the admin; editing happens in the alignment editor."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from apps.alignment.models import Edit, Link
from apps.alignment.services import EditError, edit_undo


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at run time
    list_display = ["resolution", "level", "position", "score", "status", "flagged", "version"]
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Edits go through the alignment editor, which checks versions and records history.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Edit)
class EditAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created_at", "resolution", "user", "action", "level", "summary", "undone"]
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
        "before",
        "after",
        "undone_by",
    ]
    actions = ["undo_edits"]

    @admin.display(boolean=True)
    def undone(self, obj: Edit) -> bool:
        return obj.undone_by_id is not None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Undo the selected edits (newest first)", permissions=["change"])
    def undo_edits(self, request: HttpRequest, queryset: QuerySet[Edit]) -> None:
        for edit in queryset.select_related("resolution").order_by("-created_at", "-id"):
            try:
                edit_undo(resolution=edit.resolution, edit_id=edit.pk, user=request.user)
            except EditError as error:
                messages.error(request, f"{edit.summary}: not undone. {error}")
            else:
                messages.success(request, f"Undone: {edit.summary}")
