"""The admin site: a guard on the parameters that Django's admin hands to the database unchecked,
so hostile or mistyped input gets the admin's own answers, not a 500, on every admin page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

# Longer searches are pastes gone wrong; SQLite refuses a LIKE pattern over 50,000 bytes.
MAX_SEARCH = 1_000
# Primary keys are 64-bit integers.
MAX_ID_DIGITS = 18


def _is_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS


class BoundedMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A many-to-many selection (a group's permissions, a user's groups) whose ids past 64 bits
    are "not one of the available choices", as any other id not offered: SQLite's driver
    cannot even look them up (an OverflowError, a 500)."""

    def _check_values(self, value: Any) -> QuerySet[Any]:
        for pk in value if isinstance(value, list | tuple) else []:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number: Django's own check refuses it
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)  # type: ignore[misc,no-any-return]  # untyped


class GuardedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Filters with a NUL (which PostgreSQL cannot compare), very long searches and selections
    that are not ids are refused like a wrong filter or an empty selection; an empty
    `?_to_field=` on a change or delete page is read as none; a many-to-many choice past 64
    bits is an invalid choice."""

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        kwargs.setdefault("form_class", BoundedMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            # The admin redirects to the list with ?e=1 ("incorrect lookup"), as for any bad filter.
            raise IncorrectLookupParameters("A filter contains a NUL character.")
        return super().get_changelist_instance(request)

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        # ?_to_field= left empty is no field, not the field named "" (a FieldDoesNotExist).
        return super().get_object(request, object_id, from_field or None)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        if len(search_term) > MAX_SEARCH:
            self.message_user(
                request,
                f"The search is {len(search_term):,} characters long; the limit is "
                f"{MAX_SEARCH:,}. Search for a shorter phrase.",
                messages.WARNING,
            )
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def response_action(
        self, request: HttpRequest, queryset: QuerySet[Any], *args: Any, **kwargs: Any
    ) -> HttpResponse | None:
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(_is_id(value) for value in selected):
            self.message_user(
                request,
                "The selection was not understood, so nothing was done. Reload the page and "
                "select the rows again.",
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset, *args, **kwargs)


class GuardedAdminSite(admin.AdminSite):
    """admin.site (GuardedAdminConfig): every ModelAdmin registered on it, the project's and
    those of other apps (auth, django-axes), gets GuardedAdmin's checks."""

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, GuardedAdmin):
            admin_class = type(
                admin_class.__name__,
                (GuardedAdmin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)
