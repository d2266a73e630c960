from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from crisis.models import Source
from crisis.services import PermissionDenied, ValidationError
from crisis.services.importing_figures import ImportInvalid, figures_import


class Command(BaseCommand):
    help = ("Import an agency's table of figures (CSV; columns in the README) as draft figures "
            "backed by one draft claim citing the source. Nothing is saved if any row is bad; "
            "the same file for the same source is imported once.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file (UTF-8).")
        parser.add_argument("--source", required=True, help="The slug of the source the table is from.")
        parser.add_argument("--user", help="The editor the drafts are entered as (default: none).")

    def handle(self, *args, path, source, user, **options):
        try:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: {exc}") from None
        found = Source.objects.filter(slug=source).first()
        if found is None:
            raise CommandError(f"No source has the slug {source!r}.")
        editor = None
        if user:
            editor = get_user_model().objects.filter(username=user).first()
            if editor is None:
                raise CommandError(f"No user is called {user!r}.")
        try:
            result = figures_import(text=text, source=found, user=editor, filename=path)
        except ImportInvalid as exc:
            preview = exc.preview
            for message in preview.file_errors:
                self.stderr.write(message)
            for error in preview.errors:
                self.stderr.write(str(error))
            bad = len(preview.errors)
            raise CommandError(f"Nothing imported: {bad} bad row{'s' if bad != 1 else ''}."
                               if bad else "Nothing imported.") from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if result.created == 0:
            self.stdout.write(f"Already imported as claim #{result.claim.pk}: nothing created.")
            return
        self.stdout.write(f"Imported {result.created:,} draft figures with claim #{result.claim.pk}; "
                          "submit it for review on the desk.")
