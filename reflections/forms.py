"""The reflection form: one field per question of the module, cleaned by Django, stored as plain answers.

The page draws its own large faces and choices (see `reflection_form.html`), so the form's job is the
cleaning: which keys are this module's questions, which values are allowed, how long free text may be,
and the sentence a person sees when something is not right.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import module_questions

FREE_TEXT_MAX = 1000
FACE_VALUES = [1, 2, 3, 4, 5]
TOO_LONG = _("Please keep this answer to %(limit_value)d characters or fewer.")


def field_name(question_id: str) -> str:
    return f"q-{question_id}"


class ReflectionAnswersForm(forms.Form):
    """Built from a module's questions. `answers()` gives the stored shape (see `Reflection.answers`)."""

    def __init__(self, *args, module, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = module_questions(module)
        for question in self.questions:
            name = field_name(question["id"])
            kind = question["type"]
            if kind == "rating":
                self.fields[name] = forms.TypedChoiceField(
                    choices=[(n, n) for n in FACE_VALUES],
                    coerce=int,
                    required=False,
                    empty_value=None,
                    error_messages={"invalid_choice": _("Choose one of the five faces.")},
                )
            elif kind == "single_choice":
                self.fields[name] = forms.ChoiceField(
                    choices=[(c, c) for c in question["choices"]],
                    required=False,
                    error_messages={"invalid_choice": _("Choose one of the options given.")},
                )
            elif kind in {"free_text", "raise_concern"}:
                self.fields[name] = forms.CharField(
                    required=False,
                    max_length=FREE_TEXT_MAX,
                    error_messages={"max_length": TOO_LONG},
                )
                if kind == "raise_concern":
                    self.fields[f"{name}-consent"] = forms.BooleanField(required=False)

    def answers(self, *, keep_typed: bool = False) -> dict:
        """The answers given, keyed by question id, from the fields that are valid.

        Called after `is_valid()`. With `keep_typed`, text that was refused (too long) is kept as typed
        and an invalid choice is left out, so a page shown again loses nothing the person wrote.
        """
        data = getattr(self, "cleaned_data", {})
        answers: dict = {}
        for question in self.questions:
            name = field_name(question["id"])
            value = data.get(name)
            if value is None and keep_typed and question["type"] in {"free_text", "raise_concern"}:
                value = (self.data.get(name) or "").strip()
            if value in (None, ""):
                continue
            if question["type"] == "raise_concern":
                value = {"text": value, "consent": bool(data.get(f"{name}-consent"))}
            answers[question["id"]] = value
        return answers

    def error_sentence(self) -> str:
        return " ".join(str(message) for errors in self.errors.values() for message in errors)
