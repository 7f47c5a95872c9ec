"""Demo logins, one per role. The password is printed by `make run`; it is for local demos only."""

from django.contrib.auth.models import Group, User
from django.db import transaction

from website import roles

DEMO_PASSWORD = "alongside-demo"
DEMO_USERS = [
    # username, first name, group (None: superuser)
    ("admin", "Admin", None),
    ("coordinator", "Priya", roles.COORDINATORS),
    ("lead", "Morgan", roles.LEAD_TRAINERS),
    ("cotrainer", "Sam", roles.CO_TRAINERS),
    ("resident-cotrainer", "Jordan", roles.CO_TRAINERS),
    ("attendee", "Alex", roles.ATTENDEES),
]


@transaction.atomic
def load(*, stdout) -> None:
    for username, first_name, group_name in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "email": f"{username}@alongside.invalid"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = group_name is None
            user.is_superuser = group_name is None
            user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
    stdout.write(f"Demo logins ready ({len(DEMO_USERS)} users).")
