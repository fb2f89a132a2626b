from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from apps.core import views as core_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
    # Reviewers are not staff, so the admin's login (staff only) refuses them; this one does not.
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("apps.reader.urls")),
    path("", include("apps.search.urls")),
    path("", include("apps.review.urls")),
]

handler403 = "apps.core.views.permission_denied"
handler500 = "apps.core.views.server_error"
