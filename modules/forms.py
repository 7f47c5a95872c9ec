"""Forms for modules: the involvement record in the admin, and the plain-words writing space."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
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


# --- The plain-words writing space -----------------------------------------------------------------


class PictogramField(forms.ModelChoiceField):
    """A picture from the pictogram set, chosen with radio buttons that show the picture."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        from .writing_selectors import pictograms

        kwargs.setdefault("empty_label", None)
        super().__init__(queryset=pictograms(), **kwargs)

    def label_from_instance(self, obj):
        from .writing_selectors import pictogram_name

        return pictogram_name(obj)


class TimeSpentField(forms.TypedChoiceField):
    """ "About how long did this take?": the hours credited when the suggestion is published.

    Rough answers on purpose (radio buttons, not a number to type), and optional: someone who is not
    sure is credited the usual hour, and the lead trainer can correct it on the record.
    """

    CHOICES = [
        ("", _("I am not sure")),
        ("15", _("About 15 minutes")),
        ("30", _("About half an hour")),
        ("60", _("About an hour")),
        ("120", _("About 2 hours")),
        ("240", _("Half a day or more")),
    ]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("About how long did this take you?"))
        kwargs.setdefault(
            "help_text",
            _("We use this to thank or pay you for your time. Count the thinking and talking too."),
        )
        super().__init__(
            choices=self.CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            **kwargs,
        )


def section_form_class(section):
    """A form with the section's own fields (a heading and a large text box for text), plus an
    optional picture to put after it."""
    fields = {}
    for text_field in section.fields:
        widget = (
            forms.Textarea(attrs={"rows": 14 if text_field.name in ("text", "story") else 5})
            if text_field.multiline
            else forms.TextInput()
        )
        widget.attrs["aria-describedby"] = "writing-guidance"
        fields[text_field.name] = forms.CharField(
            label=text_field.label,
            max_length=text_field.max_length,
            required=False,
            widget=widget,
        )
    fields["picture"] = PictogramField(
        required=False, label=_("Add a picture after this part (you do not have to)")
    )
    fields["time_spent"] = TimeSpentField()
    return type("SectionForm", (forms.Form,), fields)


class EasyReadPointForm(forms.Form):
    picture = PictogramField(
        required=False, label=_("Choose a picture"), error_messages={"required": ""}
    )
    text = forms.CharField(
        label=_("Words to go with the picture"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 4, "aria-describedby": "writing-guidance"}),
    )
    after = forms.TypedChoiceField(
        label=_("Where it goes"), coerce=int, required=False, empty_value=None
    )
    time_spent = TimeSpentField()

    def __init__(self, *args, headings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after"].choices = [("", _("At the end"))] + [
            (index, _("After “%(heading)s”") % {"heading": heading}) for index, heading in headings
        ]


class NewActivityForm(forms.Form):
    title = forms.CharField(label=_("Name of the activity"), max_length=120, required=False)
    summary = forms.CharField(
        label=_("In one sentence, what is it?"),
        max_length=400,
        required=False,
        widget=forms.TextInput(attrs={"aria-describedby": "writing-guidance"}),
    )
    text = forms.CharField(
        label=_("What happens, step by step"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "aria-describedby": "writing-guidance"}),
    )
    time_spent = TimeSpentField()
