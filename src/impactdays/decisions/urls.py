"""Pages of decisions: the edition's under the edition URL prefix, the series' memory site-wide."""

from django.urls import path

from impactdays.decisions import views

app_name = "decisions"

urlpatterns = [
    path("decisions/series/<slug:series_slug>/", views.series_decisions, name="series-decisions"),
]

edition_urlpatterns = [
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/vote/", views.vote_cast, name="vote-cast"),
    path("decisions/<int:pk>/commit/", views.commitment_create, name="commitment-create"),
    path(
        "decisions/commitments/<int:pk>/status/",
        views.commitment_status_move,
        name="commitment-status-move",
    ),
    path(
        "decisions/commitments/<int:pk>/updates/",
        views.commitment_update_create,
        name="commitment-update-create",
    ),
    path("decisions/manage/", views.decision_manage, name="decision-manage"),
    path("decisions/manage/add/", views.decision_create, name="decision-create"),
    path("decisions/manage/<int:pk>/", views.decision_edit, name="decision-edit"),
    path("decisions/manage/<int:pk>/update/", views.decision_update, name="decision-update"),
    path("decisions/manage/<int:pk>/evidence/", views.evidence_add, name="evidence-add"),
    path(
        "decisions/manage/evidence/<int:pk>/remove/",
        views.evidence_remove,
        name="evidence-remove",
    ),
    path("decisions/manage/<int:pk>/poll/", views.poll_open, name="poll-open"),
    path("decisions/manage/<int:pk>/outcome/", views.outcome_record, name="outcome-record"),
    path(
        "decisions/manage/<int:pk>/outcome/room/",
        views.outcome_record_in_room,
        name="outcome-record-in-room",
    ),
    path("decisions/manage/<int:pk>/revise/", views.decision_revise, name="decision-revise"),
    path(
        "decisions/manage/<int:pk>/commitments/",
        views.commitment_record,
        name="commitment-record",
    ),
]
