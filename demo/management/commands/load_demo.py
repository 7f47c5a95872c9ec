"""Load the fictional demo provider, one part after another, in the order their data depends on.

Logins first (the modules' authors are demo users), then the starter modules, the roster, the pilot
programme already held (registers and reflections), then the planned and published programmes of the
starter module, and the sponsors' evidence. The pilot comes before the plan so that the plan, like a real
one, books only the people still due: not those who completed the pilot or are booked into today's
session.
Each part is idempotent, so running the command twice changes nothing the second time.
"""

from django.core.management.base import BaseCommand

from demo import evidence, modules, plan, reflections, roster, users

PARTS = (users, modules, roster, reflections, plan, evidence)


class Command(BaseCommand):
    help = "Load the fictional demo provider (idempotent)."

    def handle(self, *args, **options):
        for part in PARTS:
            part.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
