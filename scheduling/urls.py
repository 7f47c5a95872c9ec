from django.urls import path

from . import views

app_name = "scheduling"

urlpatterns = [
    path("me/", views.my_sessions, name="my_sessions"),
    path("me/calendar/", views.add_to_calendar, name="add_to_calendar"),
    path("me/calendar/new-link/", views.my_new_link, name="my_new_link"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/calendar.ics", views.session_ics, name="session_ics"),
    path("feeds/<str:token>.ics", views.feed, name="feed"),
    path("calendars/unit/<slug:slug>.ics", views.unit_feed, name="unit_feed"),
    path("calendars/programme/<int:pk>.ics", views.programme_feed, name="programme_feed"),
    path("calendars/facilitator/<int:pk>.ics", views.facilitator_feed, name="facilitator_feed"),
    path("calendar-links/", views.feed_links, name="feed_links"),
    path("calendar-links/change/", views.feed_link_change, name="feed_link_change"),
    path("units/<slug:slug>/week/", views.unit_week, name="unit_week"),
]
