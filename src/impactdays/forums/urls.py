from django.urls import path

from impactdays.forums import views

app_name = "forums"
urlpatterns = [
    path("", views.home, name="home"),
    path("series/<slug:series_slug>/", views.series_detail, name="series-detail"),
    path(
        "series/<slug:series_slug>/<slug:edition_slug>/",
        views.edition_detail,
        name="edition-detail",
    ),
]
