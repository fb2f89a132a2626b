"""The site's URLs plus views that fail, to see the 500 and 503 pages and their log entries."""

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as site_urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("disk on fire")


def locked(request: HttpRequest) -> HttpResponse:
    raise OperationalError("database is locked")  # SQLite's words when its lock wait runs out


urlpatterns = [path("boom/", boom), path("locked/", locked), *site_urlpatterns]
__all__ = ["handler500", "urlpatterns"]
