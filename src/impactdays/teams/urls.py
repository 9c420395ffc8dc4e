"""Pages of creative sessions, all under the edition URL prefix (config/urls.py)."""

from django.urls import path

from impactdays.teams import views

app_name = "teams"

edition_urlpatterns = [
    path("sessions/", views.session_list, name="session-list"),
    path("sessions/new/", views.session_create, name="session-create"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/ideas/", views.ideas, name="ideas"),
    path("sessions/<int:pk>/ranking/", views.ranking, name="ranking"),
    path("sessions/<int:pk>/setup/", views.session_setup, name="session-setup"),
    path("sessions/<int:pk>/setup/topics/", views.topic_add, name="topic-add"),
    path(
        "sessions/<int:pk>/setup/topics/<int:topic_pk>/delete/",
        views.topic_delete,
        name="topic-delete",
    ),
    path("sessions/<int:pk>/setup/people/", views.participants_import, name="participants-import"),
    path("sessions/<int:pk>/setup/checkin/", views.checkin, name="checkin"),
    path("sessions/<int:pk>/setup/pairs/", views.pair_add, name="pair-add"),
    path(
        "sessions/<int:pk>/setup/pairs/<int:pair_pk>/delete/",
        views.pair_delete,
        name="pair-delete",
    ),
    path("sessions/<int:pk>/formation/", views.formation, name="formation"),
    path("sessions/<int:pk>/formation/run/", views.run_start, name="run-start"),
    path("sessions/<int:pk>/formation/runs/<int:run_pk>/", views.run_status, name="run-status"),
    path("sessions/<int:pk>/formation/move/", views.member_move, name="member-move"),
    path("sessions/<int:pk>/formation/swap/", views.member_swap, name="member-swap"),
    path(
        "sessions/<int:pk>/formation/teams/<int:team_pk>/lock/",
        views.team_lock,
        name="team-lock",
    ),
    path("sessions/<int:pk>/formation/publish/", views.publish, name="publish"),
    path("teams/<int:team_pk>/", views.team_detail, name="team-detail"),
    path("teams/<int:team_pk>/canvas/", views.canvas_save, name="canvas-save"),
    path("teams/<int:team_pk>/canvas/history/", views.canvas_history, name="canvas-history"),
    path("teams/<int:team_pk>/canvas/comments/", views.comment_add, name="comment-add"),
]
