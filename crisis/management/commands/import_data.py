from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from crisis import dataio


class Command(BaseCommand):
    help = (
        "Restore a file written by `export_data` into an empty, migrated database. Refuses a "
        "database that already holds records or users; imports all of the file or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, database, **options):
        try:
            with open(file, encoding="utf-8") as stream:
                count = dataio.import_(stream, using=database)
        except dataio.ImportRefused as refusal:
            raise CommandError(str(refusal)) from None
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except ValueError as error:
            raise CommandError(f"{file} is not valid JSON: {error}") from None
        self.stdout.write(f"Imported {count} objects from {file}.")
