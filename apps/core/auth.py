"""Login throttling (django-axes before the password check) and reset-email throttling."""

from __future__ import annotations

import hashlib
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

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


class ThrottledPasswordResetView(PasswordResetView):
    """Django's password reset, sending at most RESET_EMAILS_PER_HOUR links to one address an
    hour (counted in the cache: with TAWAZI_CACHE=none nothing is). Past that the answer is the
    same "Check your email" page, so it still tells nothing about the address."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        address = form.cleaned_data["email"].strip().casefold()
        key = "password-reset:" + hashlib.sha256(address.encode()).hexdigest()
        cache.add(key, 0, timeout=3600)
        try:
            sent = cache.incr(key)
        except ValueError:  # not kept (no cache, or evicted since add)
            sent = 1
        if sent > RESET_EMAILS_PER_HOUR:
            return HttpResponseRedirect(self.get_success_url())
        response: HttpResponse = super().form_valid(form)
        return response
