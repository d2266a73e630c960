from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken
from knox.settings import CONSTANTS


class Command(BaseCommand):
    help = (
        "List API tokens, or revoke them by key prefix or by user. Tokens are stored hashed: a "
        "token is known by the first characters of its key, as `list` shows them."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="Every token: key prefix, user, created, expiry.")
        listing.add_argument("--user", help="Only this user's tokens.")
        revoke = actions.add_parser("revoke", help="Revoke tokens: give key prefixes or --user.")
        revoke.add_argument(
            "keys", nargs="*", metavar="KEY",
            help=f"A key or its first {CONSTANTS.TOKEN_KEY_LENGTH} characters, as `list` shows.",
        )
        revoke.add_argument("--user", help="Revoke all of this user's tokens.")

    def handle(self, *args, action, user=None, keys=(), **options):
        tokens = AuthToken.objects.select_related("user").order_by("user__username", "created")
        if user:
            tokens = tokens.filter(user__username=user)
        if action == "list":
            self.list(tokens)
        else:
            self.revoke(tokens, user, keys)

    def list(self, tokens):
        rows = [
            (token.token_key, token.user.get_username(), f"{token.created:%Y-%m-%d %H:%M}",
             f"{token.expiry:%Y-%m-%d %H:%M}" if token.expiry else "never")
            for token in tokens
        ]
        if not rows:
            self.stdout.write("No API tokens.")
            return
        header = ("KEY", "USER", "CREATED (UTC)", "EXPIRES")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
        for row in [header, *rows]:
            columns = (cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
            self.stdout.write("  ".join([*columns, row[3]]))

    def revoke(self, tokens, user, keys):
        if not keys and not user:
            raise CommandError("Name the tokens to revoke: key prefixes, or --user NAME for all of a user's.")
        if keys:
            tokens = tokens.filter(token_key__in=[key[: CONSTANTS.TOKEN_KEY_LENGTH] for key in keys])
        revoked = [(token.token_key, token.user.get_username()) for token in tokens]
        if not revoked:
            raise CommandError("No token matches; `manage.py api_tokens list` shows them.")
        tokens.delete()
        for key, username in revoked:
            self.stdout.write(f"Revoked {key} ({username}).")
