from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scheduling.services.roster_import import (
    RosterImportError,
    counts_summary,
    plan_counts,
    roster_check_files,
    roster_import,
    roster_plan,
)


class Command(BaseCommand):
    help = (
        "Import people, shifts and unavailable times from CSV or XLSX files. All files are one "
        "transaction: any bad row means nothing is written. --dry-run says what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="One or more .csv or .xlsx files.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the files and say what would change."
        )

    def handle(self, *args, files, dry_run=False, **options):
        payload = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"There is no file at {name}.")
            payload.append((path.name, path.read_bytes()))
        try:
            if dry_run:
                plan = roster_plan(checked=roster_check_files(files=payload))
                self.stdout.write(
                    f"Nothing written. Would change: {counts_summary(plan_counts(plan))}"
                )
                return
            result = roster_import(files=payload)
        except RosterImportError as error:
            for problem in error.errors:
                self.stderr.write(f"  {problem}")
            raise CommandError(
                f"Nothing was imported: {len(error.errors)} problem(s) to fix first."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"Imported. {result.summary()}"))
