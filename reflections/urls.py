from django.urls import path

from . import views

app_name = "reflections"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("register/<int:attendance_id>/", views.register_mark, name="register_mark"),
    path("session/<int:session_id>/replan/", views.session_replan, name="session_replan"),
    path("session/<int:session_id>/pack/", views.session_pack, name="session_pack"),
    path("r/<str:token>/", views.card, name="card"),
    path("mine/<int:attendance_id>/", views.mine, name="mine"),
    path("insights/", views.insights_index, name="insights_index"),
    path("insights/forward/", views.raised_forward, name="raised_forward"),
    path("insights/<str:scope>/<int:pk>/", views.insights, name="insights"),
    path("insights/<str:scope>/<int:pk>/export.csv", views.insights_csv, name="insights_csv"),
]
