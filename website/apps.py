from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(*, using: str = "default", **kwargs) -> None:
    """Create the database cache's table after every `migrate`.

    Without Redis the default cache lives in a table that `migrate` does not make, and a worker started
    after a bare `migrate` failed every half second on "no such table". `createcachetable` skips a
    table that already exists, so running it after each migrate is harmless.
    """
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "Website"

    def ready(self):
        from .spreadsheet_exports import guard_wagtail_exports

        guard_wagtail_exports()
        post_migrate.connect(
            create_cache_table, sender=self, dispatch_uid="website.create_cache_table"
        )
