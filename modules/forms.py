"""Forms for modules: the involvement record in the admin, and the plain-words writing space."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm

from .permissions import co_trainer_users


class InvolvementAdminForm(WagtailAdminModelForm):
    """The "login" field offers only people who co-train (it listed every account before), plus
    whoever the record already names, so an old record still saves after someone changes role."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("user")
        if field is None:
            return
        allowed = Q(pk__in=co_trainer_users().values("pk"))
        if self.instance.user_id:
            allowed |= Q(pk=self.instance.user_id)
        field.queryset = get_user_model().objects.filter(allowed).order_by("first_name", "username")
