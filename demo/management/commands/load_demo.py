"""Load the fictional demo provider, one part after another, in the order their data depends on.

Logins first (the modules' authors are demo users), then the starter modules, the roster, a planned and
published programme of the starter module, and finally registers and reflections for its first sessions.
Each part is idempotent, so running the command twice changes nothing the second time.
"""

from django.core.management.base import BaseCommand

from demo import evidence, modules, plan, reflections, roster, users

PARTS = (users, modules, roster, plan, reflections, evidence)


class Command(BaseCommand):
    help = "Load the fictional demo provider (idempotent)."

    def handle(self, *args, **options):
        for part in PARTS:
            part.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
