"""The reflection form, opened from a printed card's link or from "Reflections to complete".

A card link is for writing. Once anything is saved through it, the page shows only a thank-you (or that
a draft is kept), unless the request proves authorship: the signed author cookie this browser got at the
first save, the edit code typed in, or (on the signed-in page) the attendee's own login. Roles never
count (see `reflections.models`).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from scheduling.models import Attendance, Session

from .. import keys, selectors, services
from ..forms import ReflectionAnswersForm, field_name
from ..models import Reflection
from ..permissions import is_reflection_author
from .common import FACE_LABELS, private

AUTHOR_COOKIE = "alongside_reflection_author"
CODE_COOKIE = "alongside_reflection_code"
COOKIE_SALT = "reflections.author-cookie"
CODE_COOKIE_SECONDS = 600


@never_cache
def card(request, token: str):
    """A printed card's link: no password, and nothing here but this one person's own form."""
    link, state = selectors.link_state_for_token(token)
    if state == selectors.CardState.NOT_YET:
        session = link.attendance.session
        return private(
            render(
                request,
                "reflections/not_yet.html",
                {"starts": timezone.localtime(session.start)},
                status=403,
            )
        )
    if link is None:
        return private(render(request, "reflections/link_closed.html", status=404))
    return ReflectionPage(
        request, link, base_url=reverse("reflections:card", args=[token])
    ).respond()


@login_required
@never_cache
def mine(request, attendance_id: int):
    """The same form for a signed-in attendee, opened from "Reflections to complete"."""
    attendance = get_object_or_404(
        Attendance.objects.select_related("person", "session__programme__module"),
        pk=attendance_id,
        person__user=request.user,
        status__in=selectors.ATTENDED,
        session__status=Session.Status.HELD,
    )
    link, _token = services.reflection_link_ensure(attendance=attendance)
    if not selectors.link_is_usable(link):
        return private(render(request, "reflections/link_closed.html", status=404))
    return ReflectionPage(
        request, link, base_url=reverse("reflections:mine", args=[attendance.pk]), card=False
    ).respond()


class ReflectionPage:
    """One request to one person's reflection page: small methods, each one step of the journey."""

    def __init__(self, request, link, *, base_url: str, card: bool = True):
        self.request = request
        self.link = link
        self.base_url = base_url
        self.card = card
        self.person = link.attendance.person
        self.session = link.attendance.session
        self.module = self.session.programme.module.specific
        self.wording = self._wording()
        self.author_key = (
            request.get_signed_cookie(AUTHOR_COOKIE, default=None, salt=COOKIE_SALT)
            if card
            else None
        )

    # --- What the request may see ---------------------------------------------------------------

    def _wording(self) -> str:
        wording = self.request.POST.get("wording") or self.request.GET.get("wording")
        if wording in {"easy", "standard"}:
            return wording
        return "easy" if self.person.wants_easy_read else "standard"

    @property
    def is_author(self) -> bool:
        return is_reflection_author(
            link=self.link, author_key=self.author_key, user=self.request.user
        )

    @property
    def is_private(self) -> bool:
        """Something was saved through this link and this request cannot prove it wrote it."""
        return bool(self.link.author_salt) and not self.is_author

    # --- Dispatch -------------------------------------------------------------------------------

    def respond(self):
        if self.request.method != "POST":
            return self.get()
        action = self.request.POST.get("action", "")
        handler = {
            "code": self.post_code,
            "forget": self.post_forget,
            "withdraw": self.post_withdraw,
            "withdraw-confirm": self.post_withdraw_confirm,
        }.get(action, self.post_answers)
        try:
            return handler()
        except PermissionDenied as error:
            return self.private_page(error=str(error), status=403)

    def get(self):
        if self.is_private:
            return self.private_page()
        reflection = selectors.reflection_for_link(self.link)
        sent = bool(reflection and reflection.status == Reflection.Status.SENT)
        if sent and self.request.GET.get("change") != "1":
            return self.thanks_page(reflection)
        answers = (reflection.answers if reflection else {}) or {}
        return self.form_page(reflection, answers)

    # --- Posts ----------------------------------------------------------------------------------

    def post_answers(self):
        if self.is_private:
            raise PermissionDenied(
                _("These answers are private. Only the person who wrote them can change them.")
            )
        action = self.request.POST.get("action")
        form = ReflectionAnswersForm(self.request.POST, module=self.module)
        error = None
        if not form.is_valid():
            error = form.error_sentence()
        else:
            try:
                saved = services.reflection_save(
                    link=self.link,
                    answers=form.answers(),
                    send=action == "send",
                    author_key=self.author_key,
                    user=self.request.user,
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
        if error:
            reflection = selectors.reflection_for_link(self.link)
            return self.form_page(
                reflection, form.answers(keep_typed=True), error=error, status=400
            )
        done = "sent" if action == "send" else "draft"
        response = redirect(f"{self.base_url}?wording={self.wording}&saved={done}")
        self._remember_author(response, saved.author_key)
        if saved.new_code:
            response.set_signed_cookie(
                CODE_COOKIE,
                saved.new_code,
                salt=COOKIE_SALT,
                **self._cookie_options(CODE_COOKIE_SECONDS),
            )
        return response

    def post_code(self):
        try:
            key = services.edit_code_redeem(link=self.link, code=self.request.POST.get("code", ""))
        except ValidationError as exc:
            return self.private_page(error=" ".join(exc.messages), status=400)
        response = redirect(f"{self.base_url}?wording={self.wording}&change=1")
        self._remember_author(response, key)
        return response

    def post_forget(self):
        """On a shared tablet: this browser stops being able to open the answers."""
        response = redirect(f"{self.base_url}?wording={self.wording}")
        response.delete_cookie(AUTHOR_COOKIE, path=self.base_url)
        return response

    def post_withdraw(self):
        if not self.is_author:
            raise PermissionDenied(
                _("These answers are private. Only the person who wrote them can withdraw them.")
            )
        return private(
            render(
                self.request,
                "reflections/withdraw_confirm.html",
                {"base_url": self.base_url, "wording": self.wording, "card": self.card},
            )
        )

    def post_withdraw_confirm(self):
        services.reflection_withdraw(
            link=self.link, author_key=self.author_key, user=self.request.user
        )
        response = render(
            self.request,
            "reflections/withdrawn.html",
            {"wording": self.wording, "card": self.card},
        )
        response.delete_cookie(AUTHOR_COOKIE, path=self.base_url)
        return private(response)

    # --- Cookies --------------------------------------------------------------------------------

    def _cookie_options(self, max_age: int) -> dict:
        return {
            "max_age": max_age,
            "path": self.base_url,
            "httponly": True,
            "samesite": "Lax",
            "secure": self.request.is_secure(),
        }

    def _remember_author(self, response, key: str) -> None:
        if not self.card or not key:
            return
        days = settings.ALONGSIDE_REFLECTION_LINK_DAYS + settings.ALONGSIDE_REFLECTION_EDIT_DAYS
        response.set_signed_cookie(
            AUTHOR_COOKIE, key, salt=COOKIE_SALT, **self._cookie_options(days * 86400)
        )

    def _shown_once_code(self) -> str:
        """The edit code from the first save, shown on the page after it (then the cookie goes)."""
        code = self.request.get_signed_cookie(
            CODE_COOKIE, default="", salt=COOKIE_SALT, max_age=CODE_COOKIE_SECONDS
        )
        return keys.code_for_display(code) if code else ""

    # --- Pages ----------------------------------------------------------------------------------

    def _base_context(self) -> dict:
        return {
            "card": self.card,
            "base_template": "reflections/card_base.html"
            if self.card
            else "reflections/signed_in_base.html",
            "base_url": self.base_url,
            "wording": self.wording,
            "other_wording": "standard" if self.wording == "easy" else "easy",
            "module_title": self.module.title,
            "session_day": timezone.localtime(self.session.start),
            "link_expires": self.link.expires_at,
        }

    def _render(self, template: str, context: dict, status: int = 200, *, code: bool = False):
        edit_code = self._shown_once_code() if code else ""
        response = render(
            self.request,
            template,
            {**self._base_context(), **context, "edit_code": edit_code},
            status=status,
        )
        if edit_code:
            response.delete_cookie(CODE_COOKIE, path=self.base_url)
        return private(response)

    def private_page(self, *, error: str = "", status: int = 200):
        """What anyone but the author sees once something was saved: no answers, no name."""
        reflection = selectors.reflection_for_link(self.link)
        sent = self.link.state == self.link.State.SENT
        return self._render(
            "reflections/sent.html",
            {
                "sent": sent,
                "is_author": False,
                "editable": selectors.reflection_is_editable(reflection),
                "codes_left": self.link.edit_code_tries < keys.MAX_CODE_TRIES,
                "error": error,
            },
            status=status,
        )

    def thanks_page(self, reflection):
        return self._render(
            "reflections/sent.html",
            {
                "sent": True,
                "is_author": True,
                "first_name": self.person.first_name,
                "editable": selectors.reflection_is_editable(reflection),
                "deadline": selectors.edit_deadline(reflection),
                "can_forget": self.card and bool(self.author_key),
            },
            code=True,
        )

    def form_page(self, reflection, answers: dict, *, error: str = "", status: int = 200):
        sent = bool(reflection and reflection.status == Reflection.Status.SENT)
        deadline = selectors.edit_deadline(reflection) if sent else None
        return self._render(
            "reflections/reflection_form.html",
            {
                "first_name": self.person.first_name,
                "questions": _form_questions(self.module, answers, self.wording),
                "reflection": reflection,
                "sent": sent,
                "editable": selectors.reflection_is_editable(reflection),
                "deadline": deadline,
                "saved": self.request.GET.get("saved"),
                "error": error,
                "can_forget": self.card and bool(self.author_key),
            },
            status=status,
            code=True,
        )


def _form_questions(module, answers: dict, wording: str) -> list[dict]:
    questions = []
    for question in selectors.module_questions(module):
        value = answers.get(question["id"])
        entry = {
            **question,
            "text": question["easy_read_question"] if wording == "easy" else question["question"],
            "field": field_name(question["id"]),
            "value": value,
        }
        if question["type"] == "rating":
            entry["faces"] = [
                {
                    "value": n,
                    "label": FACE_LABELS[n],
                    "checked": value == n,
                    # Each face's full name goes through the storage, so a hashed (manifest) name is
                    # found in production: never build a static path by joining strings in a template.
                    "src": static(f"img/faces/face-{n}.svg"),
                }
                for n in range(1, 6)
            ]
        if question["type"] == "raise_concern":
            entry["text_value"] = value.get("text", "") if isinstance(value, dict) else ""
            entry["consent"] = bool(value.get("consent")) if isinstance(value, dict) else False
        questions.append(entry)
    return questions
