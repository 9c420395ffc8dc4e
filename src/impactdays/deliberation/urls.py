"""Pages of an edition's conversations, under the edition URL prefix (config/urls.py)."""

from django.urls import path

from impactdays.deliberation import views

app_name = "deliberation"

edition_urlpatterns = [
    path("conversations/", views.conversation_list, name="conversation-list"),
    path("conversations/new/", views.conversation_create, name="conversation-create"),
    path("conversations/import/", views.conversation_import_submit, name="conversation-import"),
    path("conversations/<int:pk>/edit/", views.conversation_edit, name="conversation-edit"),
    path("conversations/<int:pk>/seeds/", views.statement_seed_submit, name="statement-seed"),
    path(
        "conversations/<int:pk>/export/",
        views.conversation_export_download,
        name="conversation-export",
    ),
    path("conversations/<int:pk>/", views.conversation_vote, name="conversation-vote"),
    path(
        "conversations/<int:pk>/results/", views.conversation_results, name="conversation-results"
    ),
    path(
        "conversations/<int:pk>/moderate/",
        views.conversation_moderate,
        name="conversation-moderate",
    ),
    path(
        "conversations/<int:pk>/moderate/<int:statement_pk>/",
        views.statement_moderate_submit,
        name="statement-moderate",
    ),
    path("conversations/<int:pk>/open/", views.conversation_open_submit, name="conversation-open"),
    path("conversations/<int:pk>/vote/", views.vote_submit, name="vote-submit"),
    path("conversations/<int:pk>/statements/", views.statement_write, name="statement-write"),
]
