from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The front door: what Alongside is, and where each person goes next."""

    intro = RichTextField(
        blank=True, features=["bold", "italic", "link", "ul"], verbose_name=_("introduction")
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


@register_setting(icon="site")
class ProviderSettings(BaseSiteSetting):
    """Who runs this site: shown in page footers, e-mails and calendar feeds."""

    provider_name = models.CharField(_("provider name"), max_length=120, default="Alongside")
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    privacy_notice = models.TextField(_("privacy notice"), blank=True)

    panels = [
        FieldPanel("provider_name"),
        FieldPanel("contact_email"),
        FieldPanel("privacy_notice"),
    ]

    class Meta:
        verbose_name = _("provider settings")
