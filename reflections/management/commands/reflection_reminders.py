from django.core.management.base import BaseCommand

from reflections.services import reflection_reminders_send


class Command(BaseCommand):
    help = "Send the one reflection reminder e-mail to staff attendees who have not replied."

    def handle(self, *args, **options):
        self.stdout.write(f"{reflection_reminders_send()} reminders sent.")
