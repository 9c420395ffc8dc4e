"""Pages of reports, under the edition URL prefix."""

from django.urls import path

from impactdays.reports import views

app_name = "reports"

edition_urlpatterns = [
    path("report/", views.report, name="report"),
    path("open-data/", views.open_data, name="open-data"),
    path("open-data/download/", views.open_data_download, name="open-data-download"),
]
