"""Pages of the programme: public ones, the personal agenda, feeds and the organisers' editor."""

from django.urls import path

from impactdays.programme import views, views_editor

app_name = "programme"

# Site-wide: the secret agenda feed names no edition.
urlpatterns = [
    path("agenda/<str:token>.ics", views.agenda_feed, name="agenda-feed"),
]

edition_urlpatterns = [
    path("programme/", views.timetable, name="timetable"),
    path("programme/schedule.ics", views.programme_ical, name="programme-ical"),
    path("programme/schedule.json", views.schedule_json, name="schedule-json"),
    path("programme/schedule.xml", views.schedule_xml, name="schedule-xml"),
    path("programme/sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("programme/sessions/<int:pk>.ics", views.session_ical, name="session-ical"),
    path("programme/sessions/<int:pk>/star/", views.star_toggle, name="star-toggle"),
    path("programme/speakers/<int:pk>/", views.speaker_detail, name="speaker-detail"),
    path("programme/agenda/", views.agenda, name="agenda"),
    path("programme/agenda/link/", views.agenda_link_create, name="agenda-link-create"),
    path("programme/agenda/link/revoke/", views.agenda_link_revoke, name="agenda-link-revoke"),
    path("programme/rounds/<int:pk>/", views.round_rank, name="round-rank"),
    path("programme/manage/", views_editor.editor, name="editor"),
    path("programme/manage/sessions/add/", views_editor.session_edit, name="session-create"),
    path("programme/manage/sessions/<int:pk>/", views_editor.session_edit, name="session-edit"),
    path(
        "programme/manage/sessions/<int:pk>/delete/",
        views_editor.session_delete,
        name="session-delete",
    ),
    path("programme/manage/speakers/add/", views_editor.speaker_create, name="speaker-create"),
    path("programme/manage/publish/", views_editor.schedule_publish, name="schedule-publish"),
    path("programme/manage/rounds/add/", views_editor.round_create, name="round-create"),
    path("programme/manage/rounds/<int:pk>/", views_editor.round_manage, name="round-manage"),
    path("programme/manage/rounds/<int:pk>/move/", views_editor.round_move, name="round-move"),
    path(
        "programme/manage/rounds/<int:pk>/assign/", views_editor.round_assign, name="round-assign"
    ),
    path(
        "programme/manage/rounds/<int:pk>/adjust/",
        views_editor.assignment_adjust,
        name="assignment-adjust",
    ),
]
