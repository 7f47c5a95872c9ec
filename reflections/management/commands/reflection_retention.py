from django.core.management.base import BaseCommand

from reflections.services import reflections_apply_retention


class Command(BaseCommand):
    help = "Anonymise or delete reflections older than ALONGSIDE_REFLECTION_RETENTION_DAYS."

    def handle(self, *args, **options):
        counts = reflections_apply_retention()
        self.stdout.write(
            f"{counts['anonymised']} anonymised, {counts['deleted']} deleted, "
            f"{counts['links_deleted']} card links removed."
        )
