"""Write one unit's, person's or programme's sessions to an .ics file (the same content as its feed)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scheduling import calendars
from scheduling.models import Person, Programme, Unit
from scheduling.selectors import feeds


class Command(BaseCommand):
    help = (
        "Export training sessions as an iCalendar file: --unit SLUG, --person ID or --programme ID."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--unit", metavar="SLUG", help="A unit's short name, such as birch.")
        which.add_argument("--person", metavar="ID", type=int, help="A person's id.")
        which.add_argument("--programme", metavar="ID", type=int, help="A programme's id.")
        parser.add_argument("-o", "--output", required=True, metavar="FILE.ics")

    def handle(self, *args, unit=None, person=None, programme=None, output=None, **options):
        if unit:
            target = Unit.objects.filter(slug=unit).first()
            if target is None:
                raise CommandError(f"There is no unit with the short name {unit!r}.")
            feed = feeds.feed_for_unit(target)
        elif person is not None:
            target = Person.objects.filter(pk=person).first()
            if target is None:
                raise CommandError(f"There is no person with id {person}.")
            feed = feeds.feed_for_person(target)
        else:
            target = Programme.objects.filter(pk=programme).first()
            if target is None:
                raise CommandError(f"There is no programme with id {programme}.")
            feed = feeds.feed_for_programme(target)
        path = Path(output)
        path.write_bytes(calendars.build_feed(feed))
        self.stdout.write(f"Wrote {len(feed.events)} session(s) to {path}.")
