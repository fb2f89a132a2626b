"""The settings a production deployment gets, computed by running config/settings.py under its env."""

from __future__ import annotations

import os
import runpy
import secrets
from typing import Any
from unittest import mock

from django.conf import settings

SETTINGS_FILE = settings.BASE_DIR / "config" / "settings.py"

# Settings that decide headers, cookies and redirects; tests apply them with override_settings.
SECURITY_SETTINGS = [
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CONTENT_SECURITY_POLICY",
]


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a minimal production deployment, plus overrides."""
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "example.org",
    }
    env.update(overrides)
    return env


def production_settings(**overrides: str) -> dict[str, Any]:
    """Run config/settings.py with a production environment and return its names."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TAWAZI_MAX"))}
    env.update(production_env(**overrides))
    with mock.patch.dict(os.environ, env, clear=True):
        return runpy.run_path(str(SETTINGS_FILE))


def security_overrides(**env: str) -> dict[str, Any]:
    """The security settings of production, ready for override_settings."""
    values = production_settings(**env)
    return {name: values[name] for name in SECURITY_SETTINGS}
