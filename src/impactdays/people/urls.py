from django.urls import path
from django.views.generic import TemplateView

from impactdays.common.permissions import public_view
from impactdays.people import two_factor_views, views

app_name = "people"
urlpatterns = [
    path("me/", views.profile_edit, name="profile-edit"),
    path("me/avatar/remove/", views.avatar_remove, name="avatar-remove"),
    path("me/two-factor/", two_factor_views.two_factor_start, name="two-factor-start"),
    path(
        "me/two-factor/activate/",
        two_factor_views.two_factor_activate,
        name="two-factor-activate",
    ),
    path("me/two-factor/done/", two_factor_views.two_factor_done, name="two-factor-done"),
    path("me/data.json", views.personal_data_export, name="personal-data-export"),
    path("me/erase/", views.account_erase, name="account-erase"),
    path("me/consents/", views.consent_set, name="consent-set"),
    path("me/api-tokens/", views.api_token_create, name="api-token-create"),
    path("me/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("<int:pk>/", views.profile_detail, name="profile-detail"),
    path("<int:pk>/avatar/<str:name>", views.avatar_detail, name="avatar-detail"),
    # Public: linked from sign-up and every page's footer.
    path(
        "terms/",
        public_view(TemplateView.as_view(template_name="people/terms_detail.html")),
        name="terms-detail",
    ),
    path(
        "privacy/",
        public_view(TemplateView.as_view(template_name="people/privacy_detail.html")),
        name="privacy-detail",
    ),
]
