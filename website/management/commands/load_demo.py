"""Load the fictional demo provider: every app that has a `demo.py` with `load(*, stdout)` adds its part.

The apps are visited in INSTALLED_APPS order (website, modules, scheduling, reflections), which is the order
their data depends on. Each `load` must be idempotent: running this twice changes nothing the second time.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the fictional demo provider (idempotent)."

    def handle(self, *args, **options):
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if not app_config.name.startswith(("website", "modules", "scheduling", "reflections")):
                continue
            if find_spec(module_name) is None:
                continue
            import_module(module_name).load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
