"""Pages of the open call, all under the edition URL prefix (config/urls.py)."""

from django.urls import path

from impactdays.applications import views

app_name = "applications"

edition_urlpatterns = [
    path("call/", views.call_detail, name="call-detail"),
    path("call/apply/", views.application_edit, name="application-edit"),
    path("call/withdraw/", views.application_withdraw, name="application-withdraw"),
    path("call/selection/", views.selection_public, name="selection-public"),
    path("call/invitation/", views.invitation_respond, name="invitation-respond"),
    path("call/manage/", views.call_settings, name="call-settings"),
    path("call/manage/criteria/add/", views.criterion_create, name="criterion-create"),
    path(
        "call/manage/criteria/<int:pk>/delete/",
        views.criterion_delete,
        name="criterion-delete",
    ),
    path("call/manage/questions/add/", views.question_create, name="question-create"),
    path("call/manage/questions/<int:pk>/", views.question_edit, name="question-edit"),
    path(
        "call/manage/questions/<int:pk>/delete/",
        views.question_delete,
        name="question-delete",
    ),
    path("call/manage/reviews/assign/", views.reviews_assign, name="reviews-assign"),
    path("call/manage/selection/", views.selection_manage, name="selection-manage"),
    path("call/manage/selection/quotas/", views.quota_set, name="quota-set"),
    path("call/manage/selection/quotas/import/", views.quotas_import, name="quotas-import"),
    path("call/manage/selection/quotas/<int:pk>/delete/", views.quota_delete, name="quota-delete"),
    path("call/manage/selection/run/", views.selection_run, name="selection-run"),
    path("call/manage/selection/<int:pk>/", views.selection_detail, name="selection-detail"),
    path("call/manage/selection/<int:pk>/invite/", views.invitations_send, name="invitations-send"),
    path("call/manage/selection/expire/", views.invitations_expire, name="invitations-expire"),
    path(
        "call/manage/selection/<int:pk>/publish/",
        views.selection_publish,
        name="selection-publish",
    ),
    path("call/applications/", views.application_list, name="application-list"),
    path("call/applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("call/reviews/", views.review_list, name="review-list"),
    path("call/reviews/<int:pk>/", views.review_edit, name="review-edit"),
]
