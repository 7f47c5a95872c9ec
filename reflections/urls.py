from django.urls import path

from .views import card, insights, letters, register

app_name = "reflections"

urlpatterns = [
    path("today/", register.today, name="today"),
    path("register/<int:attendance_id>/", register.register_mark, name="register_mark"),
    path("register/<int:attendance_id>/ask-again/", register.ask_again, name="ask_again"),
    path("session/<int:session_id>/replan/", register.session_replan, name="session_replan"),
    path("session/<int:session_id>/pack/", register.session_pack, name="session_pack"),
    path(
        "session/<int:session_id>/letters/", letters.invitation_letters, name="invitation_letters"
    ),
    path("r/<str:token>/", card.card, name="card"),
    path("mine/<int:attendance_id>/", card.mine, name="mine"),
    path("insights/", insights.insights_index, name="insights_index"),
    path("insights/forward/", insights.raised_forward, name="raised_forward"),
    path("insights/<str:scope>/<int:pk>/", insights.insights, name="insights"),
    path("insights/<str:scope>/<int:pk>/export.csv", insights.insights_csv, name="insights_csv"),
]
