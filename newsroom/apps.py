from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class NewsroomAdminConfig(AdminConfig):
    """django.contrib.admin with the desk's admin site as `admin.site`, so every `@admin.register` keeps working."""

    default_site = "newsroom.admin_site.NewsroomAdminSite"

    def ready(self):
        super().ready()  # autodiscovers every app's admin module
        from django.contrib import admin

        from newsroom.admin_site import restrict_security_admins, translate_permission_names

        restrict_security_admins(admin.site)
        translate_permission_names(admin.site)


class LoginAttemptsConfig(AxesAppConfig):
    """django-axes under a name the desk reads in its own language (the admin heads its models with it)."""

    verbose_name = _("Login attempts")
