"""Admin forms for the roster: the fields a JSON list stores are shown as plain tick boxes."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import WEEKDAYS, Person


class WeekdaysField(forms.TypedMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple, **kwargs
        )


class PersonAdminForm(WagtailAdminModelForm):
    communication_needs = forms.MultipleChoiceField(
        label=_("Communication needs"),
        choices=Person.CommunicationNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class WeekdaysAdminForm(WagtailAdminModelForm):
    available_weekdays = WeekdaysField(
        label=_("Days available"), help_text=_("None ticked means every day.")
    )


class RosterImportForm(forms.Form):
    files = forms.FileField(
        label=_("Roster file"),
        help_text=_(
            "A .csv file, or an .xlsx workbook with People, Shifts and Unavailable sheets."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class RotaForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("Staff"),
        queryset=Person.objects.filter(kind=Person.Kind.STAFF, active=True),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    start = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    pattern = forms.CharField(
        label=_("Repeating pattern"),
        max_length=56,
        help_text=_(
            "One letter a day, repeated: E early, L late, D long day, W office day, N night, "
            "O off, A leave. For example EELLOOO."
        ),
    )
    stagger = forms.BooleanField(
        label=_("Stagger the pattern"),
        required=False,
        help_text=_(
            "Start each person one day further into the pattern, so not everyone is off together."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The last day must not be before the first day."))
        if (
            cleaned.get("start")
            and cleaned.get("end")
            and (cleaned["end"] - cleaned["start"]).days > 366
        ):
            self.add_error("end", _("Enter at most a year of rota at once."))
        return cleaned
