"""The plain-words "Lived-experience check": thin views over `check_selectors` and `services/checks`.

A resident co-trainer sees what is waiting for their check on My modules, opens one, reads the change
the way it will read on the site, and says "This is fine" or "Ask for changes" with a comment. Nothing
here needs the Wagtail admin; underneath it is the same workflow task the lead trainer's admin shows.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .check_selectors import check_task_state, suggested_change
from .permissions import user_can_do_lived_experience_check, user_has_lived_experience
from .services.checks import APPROVE, lived_experience_check_answer
from .writing_views import _page, _writer


class CheckForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Your comment"),
        help_text=gettext_lazy(
            "You must write one when you ask for changes: say what should change and why."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


@login_required
def check(request: HttpRequest, page_id: int) -> HttpResponse:
    _writer(request)
    if not user_has_lived_experience(request.user):
        raise PermissionDenied(_("Checks are done by co-trainers with lived experience."))
    page = _page(page_id)
    task_state = check_task_state(page)
    if task_state is None:
        messages.info(request, _("Nothing on this page is waiting for your check now."))
        return redirect("modules:write_home")
    if not user_can_do_lived_experience_check(user=request.user, page=page):
        raise PermissionDenied(_("You cannot check your own changes. Another co-trainer will."))
    change = suggested_change(page=page, task_state=task_state)
    form = CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answer = request.POST.get("answer", "")
        try:
            lived_experience_check_answer(
                page=page, user=request.user, answer=answer, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if answer == APPROVE:
                done = _("Thank you. You said this is fine. The lead trainer reads it next.")
            else:
                done = _("Thank you. We have told %(name)s what you asked for.") % {
                    "name": change.author
                }
            messages.success(request, done)
            return redirect("modules:write_home")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "modules/writing/check.html",
        {"page": page, "change": change, "form": form},
        status=status,
    )
