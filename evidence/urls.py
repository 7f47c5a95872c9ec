from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("", views.index, name="index"),
    path("coverage/", views.coverage_report, name="coverage"),
    path("coverage/export.csv", views.coverage_export, name="coverage_csv"),
    path("coverage/<str:kind>/<int:pk>/", views.coverage_report, name="coverage_scope"),
    path(
        "coverage/<str:kind>/<int:pk>/export.csv", views.coverage_export, name="coverage_scope_csv"
    ),
    path("said/", views.said_report, name="said"),
    path("said/export.csv", views.said_export, name="said_csv"),
    path("said/<str:kind>/<int:pk>/", views.said_report, name="said_scope"),
    path("said/<str:kind>/<int:pk>/export.csv", views.said_export, name="said_scope_csv"),
    path("records/", views.records_index, name="records"),
    path("records/<int:person_id>/", views.record, name="record"),
    path("my-record/", views.my_record, name="my_record"),
    path("staff-completion.csv", views.staff_completion_export, name="staff_completion_csv"),
]
