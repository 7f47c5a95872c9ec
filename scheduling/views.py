"""Front-end pages and calendar files for training sessions, mounted at /training/.

Views stay thin: selectors decide what a viewer may see, services make and stop feed links, and
`scheduling.calendars` writes the files.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from scheduling import calendars, permissions
from scheduling.models import Facilitator, FeedToken, Programme, Session, Unit
from scheduling.selectors import calendars as selectors
from scheduling.selectors import feeds
from scheduling.selectors.planning import unit_next_session_day
from scheduling.services import calendar_feeds
from website.params import day_param

ICS_TYPE = "text/calendar; charset=utf-8"
FRESH_LINK_KEY = "alongside_fresh_feed_links"
FEED_CACHE_SECONDS = 300
FEED_CACHE = "feeds"  # settings.CACHES: Redis when there is one, else each process's own memory


# Calendar files ----------------------------------------------------------------------------------


def _not_modified(request, etag: str, last_modified) -> bool:
    """RFC 9110: If-None-Match wins over If-Modified-Since when both are sent."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return quote_etag(etag) in tags or "*" in tags
    if_modified_since = request.headers.get("If-Modified-Since")
    if if_modified_since and last_modified is not None:
        since = parse_http_date_safe(if_modified_since)
        return since is not None and int(last_modified.timestamp()) <= since
    return False


def _feed_body(scope: feeds.FeedScope, etag: str) -> bytes:
    """Writing a feed is the costly part; the same feed (same ETag) is reused for a few minutes, which
    covers many calendar programs asking at once after a change."""
    cache = caches[FEED_CACHE]
    key = f"alongside:calendar-feed:{etag}"
    body = cache.get(key)
    if body is None:
        body = calendars.build_feed(feeds.feed_for_scope(scope))
        cache.set(key, body, FEED_CACHE_SECONDS)
    return body


def feed_response(request, scope: feeds.FeedScope, *, filename: str, private: bool) -> HttpResponse:
    """A subscription feed with ETag and Last-Modified. The stamp is a couple of small queries, and a
    conditional request that matches gets its 304 before the feed is built, so calendar programs
    polling every hour cost almost nothing however many sessions the feed holds."""
    stamp = feeds.feed_stamp(scope)
    if _not_modified(request, stamp.etag, stamp.last_modified):
        response = HttpResponse(status=304)
    else:
        body = b"" if request.method == "HEAD" else _feed_body(scope, stamp.etag)
        response = HttpResponse(body, content_type=ICS_TYPE)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = quote_etag(stamp.etag)
    if stamp.last_modified is not None:
        response["Last-Modified"] = http_date(stamp.last_modified.timestamp())
    if private:
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, public=True, max_age=900)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def feed(request, token: str):
    """A calendar feed behind a secret link. Unknown and stopped links both answer 404."""
    scope = feeds.feed_scope_for_token(token)
    if scope is None:
        raise Http404(_("This calendar link does not work any more."))
    return feed_response(
        request,
        scope,
        filename="training-sessions.ics",
        # Every token feed is somebody's secret link: no shared cache may keep a copy.
        private=True,
    )


@login_required
@require_safe
def unit_feed(request, slug: str):
    if not permissions.user_can_see_unit_lists(request.user):
        raise Http404
    unit = get_object_or_404(Unit, slug=slug)
    return feed_response(
        request, feeds.scope_for_unit(unit), filename=f"{unit.slug}.ics", private=True
    )


@login_required
@require_safe
def programme_feed(request, pk: int):
    if not permissions.user_can_read_programme_feeds(request.user):
        raise Http404
    programme = get_object_or_404(Programme, pk=pk)
    return feed_response(
        request,
        feeds.scope_for_programme(programme),
        filename=f"programme-{programme.pk}.ics",
        private=True,
    )


@login_required
@require_safe
def facilitator_feed(request, pk: int):
    facilitator = get_object_or_404(Facilitator, pk=pk)
    if not permissions.user_can_read_facilitator_feed(request.user, facilitator):
        raise Http404
    return feed_response(
        request,
        feeds.scope_for_facilitator(facilitator),
        filename="sessions-i-deliver.ics",
        private=True,
    )


def _session_for(request, pk: int) -> tuple[Session, selectors.SessionAccess]:
    session = selectors.session_detail(pk)
    access = selectors.session_access(request.user, session) if session else None
    if session is None or access is None:
        # 404 rather than 403: a stranger learns nothing, not even that the session exists.
        raise Http404(_("We could not find that session."))
    return session, access


@login_required
@require_GET
def session_ics(request, pk: int):
    session, _access = _session_for(request, pk)
    body = calendars.build_single(selectors.calendar_event(session))
    response = HttpResponse(body, content_type=ICS_TYPE)
    local = timezone.localtime(session.start)
    response["Content-Disposition"] = f'attachment; filename="training-{local:%Y-%m-%d-%H%M}.ics"'
    patch_cache_control(response, private=True, no_store=True)
    return response


# Pages -------------------------------------------------------------------------------------------


@login_required
@require_GET
def session_detail(request, pk: int):
    session, access = _session_for(request, pk)
    event = selectors.calendar_event(session)
    context = {
        "session": session,
        "event": event,
        "access": access,
        "can_see_names": access.names,
        "lead_label": selectors.facilitator_display(session.lead, names=access.names),
        "co_label": selectors.facilitator_display(session.co_trainer, names=access.names),
        "head_count": selectors.session_head_count(session),
        "attendances": selectors.session_attendances(session) if access.names else [],
    }
    response = render(request, "scheduling/calendar/session_detail.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _rows(sessions, *, names: bool = False) -> list[dict]:
    return selectors.session_rows(sessions, names=names)


def _fresh_links(request) -> dict:
    """Links made a moment ago are shown once, then forgotten (only their hash is stored)."""
    return request.session.pop(FRESH_LINK_KEY, {}) or {}


def _remember_fresh_link(request, key: str, raw_token: str) -> None:
    links = request.session.get(FRESH_LINK_KEY, {})
    links[key] = calendar_feeds.feed_url(raw_token)
    request.session[FRESH_LINK_KEY] = links


def _own_calendar_context(request) -> dict:
    """Who the viewer is on the roster, their just-made links and their live feed link."""
    person = selectors.person_for_user(request.user)
    return {
        "person": person,
        "facilitator": selectors.facilitator_for_user(request.user),
        "fresh_links": _fresh_links(request),
        "person_token": selectors.live_feed_token(person=person) if person else None,
    }


@login_required
@never_cache
def my_sessions(request):
    context = _own_calendar_context(request)
    person, facilitator = context["person"], context["facilitator"]
    context |= {
        "upcoming": _rows(selectors.upcoming_for_person(person) if person else []),
        "past": _rows(selectors.past_for_person(person) if person else []),
        "delivering": _rows(
            selectors.upcoming_for_facilitator(facilitator) if facilitator else [], names=True
        ),
    }
    return render(request, "scheduling/calendar/my_sessions.html", context)


@login_required
@never_cache
def add_to_calendar(request):
    context = _own_calendar_context(request)
    facilitator = context["facilitator"]
    context["facilitator_token"] = (
        selectors.live_feed_token(facilitator=facilitator) if facilitator else None
    )
    return render(request, "scheduling/calendar/add_to_calendar.html", context)


@login_required
@require_POST
def my_new_link(request):
    """Make a new personal link; any older link stops working at once."""
    which = request.POST.get("which", "person")
    if which == "facilitator":
        facilitator = selectors.facilitator_for_user(request.user)
        if facilitator is None:
            raise Http404
        _token, raw = calendar_feeds.feed_token_rotate(facilitator=facilitator)
    else:
        person = selectors.person_for_user(request.user)
        if person is None:
            raise Http404
        _token, raw = calendar_feeds.feed_token_rotate(person=person)
    _remember_fresh_link(request, which, raw)
    messages.success(
        request, _("Your new calendar link is ready. Any older link has stopped working.")
    )
    anchor = "#delivering-link" if which == "facilitator" else "#your-link"
    return redirect(reverse("scheduling:add_to_calendar") + anchor)


# Coordinators: links for wards, programmes and trainers, and the printable week --------------------


def _calendar_links_only(request) -> None:
    """The plain 403 page, as on every other coordinators' page (this answered 404 before)."""
    if not permissions.user_can_manage_calendar_links(request.user):
        raise PermissionDenied


@login_required
@never_cache
def feed_links(request):
    _calendar_links_only(request)
    targets = selectors.feed_link_targets()
    groups = [
        (_("Wards"), FeedToken.Scope.UNIT, targets["units"]),
        (_("Programmes"), FeedToken.Scope.PROGRAMME, targets["programmes"]),
        (_("Trainers"), FeedToken.Scope.FACILITATOR, targets["facilitators"]),
    ]
    context = {
        "groups": [
            (title, str(scope), [(t, token, f"{scope}-{t.pk}") for t, token in rows])
            for title, scope, rows in groups
        ],
        "fresh_links": _fresh_links(request),
    }
    return render(request, "scheduling/calendar/feed_links.html", context)


@login_required
@require_POST
def feed_link_change(request):
    """Make a new link for a unit, programme or facilitator (stopping the old one), or stop it."""
    _calendar_links_only(request)
    scope = request.POST.get("scope")
    models = {
        FeedToken.Scope.UNIT: Unit,
        FeedToken.Scope.PROGRAMME: Programme,
        FeedToken.Scope.FACILITATOR: Facilitator,
    }
    if scope not in models:
        raise Http404
    target = get_object_or_404(models[scope], pk=request.POST.get("pk"))
    if request.POST.get("action") == "stop":
        calendar_feeds.feed_tokens_revoke_all(**{scope: target})
        messages.success(request, _("The calendar link has stopped working."))
    else:
        _token, raw = calendar_feeds.feed_token_rotate(**{scope: target})
        _remember_fresh_link(request, f"{scope}-{target.pk}", raw)
        messages.success(request, _("The new link is ready. Any older link has stopped working."))
    return redirect("scheduling:feed_links")


def _first_week(unit: Unit) -> date:
    """Without a week asked for, the list opens on the week of the unit's next session."""
    return unit_next_session_day(unit=unit) or timezone.localdate()


@login_required
@require_GET
def unit_week(request, slug: str):
    """The ward-office wall list: every session of one unit in one week, with who leads and attends."""
    if not permissions.user_can_see_unit_lists(request.user):
        raise Http404
    unit = get_object_or_404(Unit, slug=slug)
    raw = request.GET.get("week")
    monday = day_param(raw, default=timezone.localdate()) if raw else _first_week(unit)
    monday = selectors.week_start(monday)
    context = {
        "unit": unit,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "previous_week": monday - timedelta(days=7),
        "next_week": monday + timedelta(days=7),
        "sessions": selectors.unit_week_sessions(unit, monday),
        "units": Unit.objects.all(),
    }
    response = render(request, "scheduling/calendar/unit_week.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response
