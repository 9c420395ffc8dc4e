"""Pages of challenges, places and observations, under the edition URL prefix (config/urls.py),
and two site-wide ones: photo files and the service worker."""

from django.urls import path

from impactdays.challenges import views

app_name = "challenges"

urlpatterns = [
    path("sw.js", views.service_worker, name="service-worker"),
    path("files/<path:name>", views.photo_file, name="photo-file"),
]

edition_urlpatterns = [
    path("challenges/", views.edition_map, name="edition-map"),
    path("challenges/gallery/", views.gallery, name="gallery"),
    path("challenges/propose/", views.challenge_propose, name="challenge-propose"),
    path("challenges/places/<int:pk>/", views.place_detail, name="place-detail"),
    path("challenges/observe/", views.observation_record, name="observation-record"),
    path("challenges/observe/manifest.webmanifest", views.manifest, name="manifest"),
    path("challenges/observations/<int:pk>/edit/", views.observation_edit, name="observation-edit"),
    path("challenges/<int:pk>/status/", views.challenge_status_move, name="challenge-status-move"),
    path("challenges/report/<str:kind>/<int:pk>/", views.report_create, name="report-create"),
    path(
        "challenges/moderate/<str:kind>/<int:pk>/<str:action>/",
        views.item_moderate,
        name="item-moderate",
    ),
]
