from django.core.management.base import BaseCommand, CommandError

from crisis.importing import DEFAULT_DATASET, DatasetError, load_dataset


class Command(BaseCommand):
    help = "Load a dataset file (default: the Latin Post article of July 2014). Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_DATASET))

    def handle(self, *args, path, verbosity, **options):
        try:
            report = load_dataset(path)
        except (DatasetError, OSError) as exc:
            raise CommandError(str(exc)) from None
        if verbosity == 0:
            return
        if not report.changed:
            self.stdout.write("Already up to date: nothing created or changed.")
            return
        for label, bucket in (("Created", report.created), ("Updated", report.updated)):
            if bucket:
                summary = ", ".join(f"{n} {name}" for name, n in sorted(bucket.items()))
                self.stdout.write(f"{label}: {summary}.")
