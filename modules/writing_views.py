"""The plain-words writing space for co-trainers: thin views over `services/suggestions.py`.

Outside the Wagtail admin on purpose: plain words, large targets, one thing per page, an easy-read
help line on each. The pages, revisions and "Co-trainer review" workflow underneath are the same ones
the Wagtail editor uses, so staff co-trainers can keep using the editor and leads review in the admin.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from .check_selectors import checks_waiting_for
from .forms import EasyReadPointForm, NewActivityForm, section_form_class
from .models import ModuleCreditOffer, ModuleMaterialPage, TrainingModulePage
from .permissions import (
    user_can_suggest_change,
    user_can_take_back,
    user_can_use_writing_space,
    user_has_lived_experience,
)
from .sections import sections_of
from .services import credits, suggestions
from .writing_selectors import (
    good_news_for,
    latest_change_request,
    open_credit_offers,
    other_modules_for_writer,
    pages_for_writer,
    pictogram_name,
    pictograms,
    writing_state,
)


def _writer(request: HttpRequest) -> None:
    if not user_can_use_writing_space(request.user):
        raise PermissionDenied(_("The writing space is for lead trainers and co-trainers."))


def _page(page_id: int) -> Page:
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, (TrainingModulePage, ModuleMaterialPage)):
        raise Http404
    return page


def _locked(page, user) -> bool:
    lock = page.get_lock()
    return bool(lock and lock.for_user(user))


def _context(request, page, **extra) -> dict:
    draft = page.get_latest_revision_as_object()
    can_write = user_can_suggest_change(user=request.user, page=page) and not _locked(
        page, request.user
    )
    return {
        "page": page,
        "draft": draft,
        "state": writing_state(page=page, user=request.user),
        "change_request": latest_change_request(page),
        "can_write": can_write,
        "can_send": can_write and (page.has_unpublished_changes or not page.live),
        "can_take_back": user_can_take_back(user=request.user, page=page),
        "is_module": isinstance(page, TrainingModulePage),
        **extra,
    }


@login_required
def my_modules(request: HttpRequest) -> HttpResponse:
    _writer(request)
    mine = pages_for_writer(user=request.user)
    return render(
        request,
        "modules/writing/my_modules.html",
        {
            "rows": [(page, writing_state(page=page, user=request.user)) for page in mine],
            "others": other_modules_for_writer(user=request.user, exclude=mine),
            "good_news": good_news_for(user=request.user),
            "credit_offers": open_credit_offers(user=request.user),
            "checks_shown": user_has_lived_experience(request.user),
            "checks": checks_waiting_for(user=request.user),
        },
    )


@login_required
def sections(request: HttpRequest, page_id: int) -> HttpResponse:
    _writer(request)
    page = _page(page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied(_("You cannot suggest changes to this page."))
    context = _context(request, page)
    context["sections"] = sections_of(context["draft"])
    return render(request, "modules/writing/sections.html", context)


def _after_save(request, page, *, sent: bool) -> HttpResponse:
    if sent:
        messages.success(
            request,
            _("Sent. %(state)s") % {"state": writing_state(page=page, user=request.user).text},
        )
        return redirect("modules:write_home")
    messages.success(request, _("Saved. It is not sent yet: send it when you are ready."))
    return redirect("modules:write_sections", page.pk)


@login_required
def rewrite(request: HttpRequest, page_id: int, block_id: str) -> HttpResponse:
    _writer(request)
    page = _page(page_id)
    context = _context(request, page)
    section = next((s for s in sections_of(context["draft"]) if s.id == block_id), None)
    if section is None:
        raise Http404
    if not context["can_write"]:
        messages.info(request, writing_state(page=page, user=request.user).text)
        return redirect("modules:write_sections", page.pk)
    form_class = section_form_class(section)
    form = form_class(request.POST or None, initial=section.initial)
    if request.method == "POST" and form.is_valid():
        data = {
            key: value
            for key, value in form.cleaned_data.items()
            if key not in ("picture", "time_spent")
        }
        try:
            suggestions.suggestion_rewrite_section(
                page=page,
                user=request.user,
                block_id=block_id,
                data=data,
                picture=form.cleaned_data.get("picture"),
                send="send" in request.POST,
                minutes=form.cleaned_data.get("time_spent"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _after_save(request, page, sent="send" in request.POST)
    context.update({"section": section, "form": form, "pictogram_names": _names()})
    return render(request, "modules/writing/rewrite.html", context, status=_status(form))


def _names() -> dict:
    return {image.pk: pictogram_name(image) for image in pictograms()}


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@login_required
def easy_read_point(request: HttpRequest, page_id: int) -> HttpResponse:
    _writer(request)
    page = _page(page_id)
    context = _context(request, page)
    if not context["can_write"]:
        messages.info(request, writing_state(page=page, user=request.user).text)
        return redirect("modules:write_sections", page.pk)
    headings = [
        (index, block.value)
        for index, block in enumerate(context["draft"].easy_read)
        if block.block_type == "heading"
    ]
    form = EasyReadPointForm(request.POST or None, headings=headings)
    if request.method == "POST" and form.is_valid():
        try:
            suggestions.suggestion_add_easy_read_point(
                page=page,
                user=request.user,
                picture=form.cleaned_data["picture"],
                text=form.cleaned_data["text"],
                after=form.cleaned_data["after"],
                send="send" in request.POST,
                minutes=form.cleaned_data["time_spent"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _after_save(request, page, sent="send" in request.POST)
    context.update({"form": form})
    return render(request, "modules/writing/easy_read.html", context, status=_status(form))


@login_required
def new_activity(request: HttpRequest, page_id: int) -> HttpResponse:
    _writer(request)
    module = _page(page_id)
    if not isinstance(module, TrainingModulePage):
        raise Http404
    if not module.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied(_("You cannot add activities to this module."))
    form = NewActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            activity = suggestions.suggestion_new_activity(
                module=module,
                user=request.user,
                send="send" in request.POST,
                minutes=data.pop("time_spent"),
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _after_save(request, activity, sent="send" in request.POST)
    return render(
        request,
        "modules/writing/new_activity.html",
        {"page": module, "form": form},
        status=_status(form),
    )


def _post_action(request, page_id, action, done_message) -> HttpResponse:
    _writer(request)
    page = _page(page_id)
    try:
        action(page=page, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("modules:write_sections", page.pk)
    messages.success(request, done_message(page))
    return redirect(_next(request, reverse("modules:write_sections", args=[page.pk])))


@login_required
@require_POST
def send(request: HttpRequest, page_id: int) -> HttpResponse:
    return _post_action(
        request,
        page_id,
        suggestions.suggestion_send,
        lambda page: (
            _("Sent. %(state)s") % {"state": writing_state(page=page, user=request.user).text}
        ),
    )


@login_required
@require_POST
def take_back(request: HttpRequest, page_id: int) -> HttpResponse:
    return _post_action(
        request,
        page_id,
        suggestions.suggestion_take_back,
        lambda page: _("You have taken your changes back. Change what you want, then send again."),
    )


@login_required
@require_POST
def credit_answer(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = get_object_or_404(ModuleCreditOffer, pk=offer_id, user=request.user)
    try:
        credits.credit_offer_answer(
            offer=offer, user=request.user, answer=request.POST.get("answer")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. We have saved your answer."))
    return redirect(_next(request, reverse("modules:write_home")))


def _next(request, default: str) -> str:
    """Back to the page the form was on (My page or the writing space), never to another site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
