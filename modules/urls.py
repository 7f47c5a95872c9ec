from django.urls import path

from . import views

app_name = "modules"

urlpatterns = [
    path("ideas/<int:pk>/start-draft/", views.idea_start_draft, name="idea_start_draft"),
    path("involvement.csv", views.involvement_csv, name="involvement_csv"),
]
