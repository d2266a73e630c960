from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from crisis import dataio


class Command(BaseCommand):
    help = (
        "Write the whole database (records, claims, sources, events, history, users, groups, API "
        "tokens) to one JSON file that `import_data` restores. The same data gives the same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write; - for standard output.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, database, **options):
        if file == "-":
            count = dataio.export(self.stdout._out, using=database)
        else:
            with open(file, "w", encoding="utf-8", newline="\n") as stream:
                count = dataio.export(stream, using=database)
            self.stderr.write(f"Exported {count} objects to {file}.")
