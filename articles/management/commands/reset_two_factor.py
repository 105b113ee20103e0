"""Turn two-factor login off for a staff member who lost their phone: they set up a new app at their next login.

python manage.py reset_two_factor redaktur
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp import devices_for_user


class Command(BaseCommand):
    help = "Remove a staff member's two-factor devices (a lost phone); they set up a new one at their next login."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No account named {username!r}; check the name in the admin's user list.") from None
        removed = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        self.stdout.write(f"{username}: {removed} two-factor device(s) removed.")
