"""Give a development site an editor account and print its login.

A fresh password is set on every run: the account exists only so a person trying the project can
log into the admin, and printing a password stored from an earlier run would mean keeping it
somewhere in plain text.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create (or reset) the development editor account and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_editor prints a password on screen and is for development sites only (DEBUG=1). "
                "On a production site use: python manage.py createsuperuser"
            )
        password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        # The port `./dev.sh serve` is about to use (PORT, as there), so the address printed is the one that works.
        port = os.environ.get("PORT", "8000")
        self.stdout.write(self.style.SUCCESS(f"Editor login for http://127.0.0.1:{port}/admin/"))
        self.stdout.write(f"  username: {username}\n  password: {password}")
