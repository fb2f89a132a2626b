"""Login throttling (django-axes before the password check, its bilingual lockout page) and
reset-email throttling."""

from __future__ import annotations

import hashlib
import math
from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from apps.core.http import client_ip

# The length of django-axes' username columns; PostgreSQL refuses a longer value.
AXES_USERNAME_LENGTH = 255


class LoginThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]  # untyped
    """Refuse a locked-out username/address pair before its password is checked.

    Every login over HTTP (the admin's, any login form given its request) passes the request and
    is throttled. A call without one (the test client's `login()`, a shell session) comes from
    someone who already runs code on the server, so there is nothing to throttle; django-axes
    would raise instead.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)  # raises when locked out
        return None


def throttled_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The username django-axes records for a login attempt (AXES_USERNAME_CALLABLE): the one
    typed, cut to the length of its columns, so a pasted page of text is a failed login like any
    other rather than a server error. Usernames are at most 150 characters, so no two real ones
    share a cut."""
    field: str = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    username = credentials.get(field) if credentials else request.POST.get(field)
    return str(username)[:AXES_USERNAME_LENGTH] if username is not None else None


# Reset links sent to one address in an hour: enough to try again after a lost email, too few to
# flood an inbox through the form.
RESET_EMAILS_PER_HOUR = 3
# Reset forms one client (address, apps.core.http.client_ip) may send in an hour, whatever the
# addresses typed: a few reviewers behind one office's address forget theirs now and then, but a
# script cannot spray reset emails over every address it guesses.
RESET_REQUESTS_PER_CLIENT_PER_HOUR = 10


def _count_this_hour(key: str) -> int:
    """Add one to the cache's hourly counter `key` and return it (1 when the cache keeps none)."""
    cache.add(key, 0, timeout=3600)
    try:
        return int(cache.incr(key))
    except ValueError:  # not kept (no cache, or evicted since add)
        return 1


class ThrottledPasswordResetView(PasswordResetView):
    """Django's password reset, sending at most RESET_EMAILS_PER_HOUR links to one address and
    answering at most RESET_REQUESTS_PER_CLIENT_PER_HOUR requests from one client an hour
    (counted in the cache: with TAWAZI_CACHE=none nothing is). Past either the answer is the same
    "Check your email" page with no email sent, so it still tells nothing about the address."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        client = client_ip(self.request)
        address = form.cleaned_data["email"].strip().casefold()
        per_client = _count_this_hour("password-reset-client:" + _digest(client))
        if per_client > RESET_REQUESTS_PER_CLIENT_PER_HOUR:
            return HttpResponseRedirect(self.get_success_url())
        if _count_this_hour("password-reset:" + _digest(address)) > RESET_EMAILS_PER_HOUR:
            return HttpResponseRedirect(self.get_success_url())
        response: HttpResponse = super().form_valid(form)
        return response


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _arabic_minutes(n: int) -> str:
    """The Arabic for "n minutes" after بعد, the noun agreeing with the number (دقيقتين, 3 دقائق,
    11 دقيقة)."""
    if n == 1:
        return "دقيقة واحدة"
    if n == 2:
        return "دقيقتين"
    return f"{n} {'دقائق' if 3 <= n % 100 <= 10 else 'دقيقة'}"


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | dict[str, Any] | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: a locked-out login (the site's or the admin's) gets the bilingual
    429 page saying when the lockout ends and how to reset the password; htmx gets the same
    lines as a fragment. Retry-After says the same to a program."""
    if isinstance(original_response, dict) and credentials is None:
        # django-axes' ASGI branch calls (request, credentials), its WSGI one (request,
        # response, credentials).
        credentials = original_response
    cool_off = get_cool_off(request) or timedelta(hours=1)
    last = (
        AccessAttempt.objects.filter(
            username=throttled_username(request, credentials), ip_address=client_ip(request)
        )
        .aggregate(last=Max("attempt_time"))
        .get("last")
    )
    until = (last or timezone.now()) + cool_off
    seconds = max(60, math.ceil((until - timezone.now()).total_seconds()))
    login = request.path if request.path in (reverse("login"), reverse("admin:login")) else ""
    minutes = math.ceil(seconds / 60)
    context = {
        "minutes": minutes,
        "minutes_ar": _arabic_minutes(minutes),
        "until": until,
        "login": login or reverse("login"),
        "reset": reverse("password_reset"),
    }
    template = "429_login.html"
    if request.headers.get("HX-Request") == "true":
        template += "#lockout"
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(seconds)
    return response
