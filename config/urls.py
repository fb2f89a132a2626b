from django.contrib import admin
from django.urls import include, path

from apps.core import views as core_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("apps.reader.urls")),
    path("", include("apps.search.urls")),
    path("", include("apps.review.urls")),
]

handler500 = "apps.core.views.server_error"
