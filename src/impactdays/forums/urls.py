"""Forums pages. `urlpatterns` are site-wide; `edition_urlpatterns` are mounted under the edition
URL prefix (config/urls.py), so their views receive the edition from
forums.permissions.edition_permission_required.
"""

from django.urls import include, path

from impactdays.forums import views

app_name = "forums"

# The organiser's dashboard of an edition, under <edition prefix>/manage/: the overview, the
# section pages and each section's actions.
manage_urls = [
    path("", views.edition_manage, name="edition-manage"),
    path("details/save/", views.edition_details_update, name="edition-details-update"),
    path("status/move/", views.edition_status_move, name="edition-status-move"),
    path("partners/add/", views.edition_partner_add, name="edition-partner-add"),
    path("partners/<int:pk>/remove/", views.edition_partner_remove, name="edition-partner-remove"),
    path("venues/add/", views.edition_venue_create, name="edition-venue-create"),
    path("venues/<int:pk>/delete/", views.edition_venue_delete, name="edition-venue-delete"),
    path("rooms/add/", views.edition_room_create, name="edition-room-create"),
    path("rooms/<int:pk>/delete/", views.edition_room_delete, name="edition-room-delete"),
    path("people/", views.edition_people, name="edition-people"),
    path("roles/<int:pk>/revoke/", views.edition_role_revoke, name="edition-role-revoke"),
    path("invitations/add/", views.edition_invitation_create, name="edition-invitation-create"),
    path(
        "invitations/<int:pk>/resend/",
        views.edition_invitation_resend,
        name="edition-invitation-resend",
    ),
    path(
        "invitations/<int:pk>/revoke/",
        views.edition_invitation_revoke,
        name="edition-invitation-revoke",
    ),
    path("replicate/", views.edition_replicate, name="edition-replicate"),
    # Last: the page of any section that forums serves (forums.dashboard.DashboardSection).
    path("<slug:section_key>/", views.edition_section, name="edition-section"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("new-series/", views.series_create, name="series-create"),
    path("series/<slug:series_slug>/", views.series_detail, name="series-detail"),
    path("series/<slug:series_slug>/new-edition/", views.edition_create, name="edition-create"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("geocode/", views.address_geocode, name="address-geocode"),
]

edition_urlpatterns = [
    path("", views.edition_detail, name="edition-detail"),
    path("manage/", include(manage_urls)),
]
