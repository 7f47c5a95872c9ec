from django.urls import path

from . import check_views, views, writing_views

app_name = "modules"

urlpatterns = [
    path("ideas/<int:pk>/start-draft/", views.idea_start_draft, name="idea_start_draft"),
    path("involvement.csv", views.involvement_csv, name="involvement_csv"),
    # The plain-words writing space for co-trainers.
    path("write/", writing_views.my_modules, name="write_home"),
    path("write/<int:page_id>/", writing_views.sections, name="write_sections"),
    path("write/<int:page_id>/part/<str:block_id>/", writing_views.rewrite, name="write_rewrite"),
    path("write/<int:page_id>/easy-read/", writing_views.easy_read_point, name="write_easy_read"),
    path(
        "write/<int:page_id>/new-activity/", writing_views.new_activity, name="write_new_activity"
    ),
    path("write/<int:page_id>/send/", writing_views.send, name="write_send"),
    path("write/<int:page_id>/take-back/", writing_views.take_back, name="write_take_back"),
    # The optional lived-experience check, in plain words.
    path("write/check/<int:page_id>/", check_views.check, name="write_check"),
    path("write/credit/<int:offer_id>/", writing_views.credit_answer, name="write_credit"),
]
