from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "Website"

    def ready(self):
        from .spreadsheet_exports import guard_wagtail_exports

        guard_wagtail_exports()
