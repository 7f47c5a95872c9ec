"""Admin forms for the roster: the fields a JSON list stores are shown as plain tick boxes."""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import WEEKDAYS, KeepApart, Person, Programme
from .selectors.planning import modules_live
from .services.programmes import programme_closures_set
from .services.roster_import.columns import EXAMPLE_PREFIX


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

    def clean_code(self):
        """The template's example codes are never real: an import refuses them, and so does this form, so an
        untouched template row can never match (and change) a person typed in by hand."""
        code = self.cleaned_data.get("code") or ""
        if code.strip().upper().startswith(EXAMPLE_PREFIX):
            raise ValidationError(
                _("Codes starting with %(prefix)s are kept for the import template's example rows.")
                % {"prefix": EXAMPLE_PREFIX}
            )
        return code


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

    def clean_files(self):
        """Refuse a file over the size limit before its bytes are read into memory."""
        from scheduling.services.roster_import.reading import ImportLimits, file_size

        upload = self.cleaned_data["files"]
        limit = ImportLimits.from_settings().max_bytes
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "This file is %(size)s; the largest roster file we take is %(limit)s. Split it "
                    "into smaller files (for example people in one, shifts in another) and upload each."
                )
                % {"size": file_size(upload.size), "limit": file_size(limit)}
            )
        return upload


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


# Programmes and planning rules ------------------------------------------------------------------


class SlotTimesField(forms.CharField):
    """Session start times typed as "10:00, 14:00" and stored as a list."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        times = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                hours, minutes = (int(x) for x in part.split(":"))
                if not (0 <= hours < 24 and 0 <= minutes < 60):
                    raise ValueError
            except ValueError:
                raise ValidationError(
                    gettext_now("“%(value)s” is not a time. Write times like 10:00, 14:00.")
                    % {"value": part}
                ) from None
            times.append(f"{hours:02d}:{minutes:02d}")
        if not times:
            raise ValidationError(
                gettext_now("Give at least one session start time, such as 10:00.")
            )
        return sorted(set(times))


class ClosureDatesField(forms.CharField):
    """Closure dates typed one per line or separated by commas, as 2027-01-11 or 11/01/2027."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        text = super().to_python(value) or ""
        days = []
        for part in text.replace(",", "\n").replace(";", "\n").splitlines():
            part = part.strip()
            if not part:
                continue
            day = _parse_day(part)
            if day is None:
                raise ValidationError(
                    gettext_now(
                        "“%(value)s” is not a date. Write dates like 2027-01-11 or 11/01/2027."
                    )
                    % {"value": part}
                )
            days.append(day)
        return sorted(set(days))

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(day.isoformat() for day in value)
        return value


def _parse_day(text: str) -> date | None:
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


class ProgrammeAdminForm(WagtailAdminModelForm):
    slot_times = SlotTimesField(
        label=_("Session start times"),
        help_text=_("Separate times with commas, for example 10:00, 14:00."),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The days sessions may run on. Bank holidays are always left out."),
    )
    closure_dates = ClosureDatesField(
        label=_("Closure dates"),
        required=False,
        help_text=_(
            "Days no session may use (a ward event, an inspection), one per line. Bank holidays "
            "are left out already."
        ),
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "module",
            "units",
            "start_date",
            "end_date",
            "slot_times",
            "weekdays",
            "refresher_months",
            "rebook_declined",
            "prefer_lived_experience",
        ]
        widgets = {"units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only published (live) modules can be planned: a draft module has nothing to deliver yet.
        self.fields["module"].queryset = modules_live()
        if self.instance.pk:
            self.initial["closure_dates"] = list(
                self.instance.closures.values_list("date", flat=True)
            )

    def save(self, commit=True):
        programme = super().save(commit=commit)
        if commit:
            programme_closures_set(
                programme=programme, dates=self.cleaned_data.get("closure_dates") or []
            )
        return programme


class KeepApartForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        a, b = cleaned.get("person_a"), cleaned.get("person_b")
        if a and b and a == b:
            self.add_error("person_b", gettext_now("Choose two different people."))
        elif (
            a
            and b
            and KeepApart.objects.filter(
                person_a=min(a, b, key=lambda p: p.pk), person_b=max(a, b, key=lambda p: p.pk)
            )
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("person_b", gettext_now("These two are already kept apart."))
        return cleaned
