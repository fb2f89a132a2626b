from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "apps.core"
    label = "core"


class GuardedAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the guarded site (apps.core.admin) as admin.site, so the admins
    of other apps (users, groups, django-axes' logs) are guarded as the project's are."""

    default = False
    default_site = "apps.core.admin.GuardedAdminSite"
