import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from knox.models import AuthToken

ROLES = {"editor": "Editors", "reviewer": "Reviewers"}


class Command(BaseCommand):
    help = "Create (or update) a newsroom user in a role, optionally printing an API token."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password",
            help="Set this password. Without it, you are asked for one when a terminal is "
            "attached; otherwise the account can only use its API token.",
        )
        parser.add_argument(
            "--token", action="store_true",
            help="Issue a new API token and print it. Only a hash is kept, so the key is shown this "
            "once; earlier tokens keep working until revoked with `manage.py api_tokens revoke`.",
        )

    @transaction.atomic
    def handle(self, *args, username, role, email, password, token, **options):
        User = get_user_model()
        try:
            group = Group.objects.get(name=ROLES[role])
        except Group.DoesNotExist:
            raise CommandError("Roles are missing: run `manage.py migrate` first.") from None

        user, created = User.objects.get_or_create(username=username, defaults={"email": email})
        if password is None and created and self.stdin_is_tty():
            password = getpass.getpass(f"Password for {username}: ")
        if password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        if email:
            user.email = email
        user.save()
        user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
        user.groups.add(group)

        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {role} {username}.")
        if token:
            key = AuthToken.objects.create(user=user)[1]
            self.stdout.write(f"API token: {key}")

    def stdin_is_tty(self):
        import sys

        return sys.stdin is not None and sys.stdin.isatty()
