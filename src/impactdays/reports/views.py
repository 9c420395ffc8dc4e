"""The edition report, and the open-data page of an edition and its download."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from impactdays.forums.models import Edition
from impactdays.forums.permissions import edition_permission_required
from impactdays.reports.charts import bar_chart_svg
from impactdays.reports.datapackage import open_data_zip, package_name
from impactdays.reports.opendata import open_data_tables
from impactdays.reports.selectors import who_came


@edition_permission_required("reports.view_open_data")
def open_data(request: HttpRequest, edition: Edition) -> HttpResponse:
    """What the edition's open data holds, table by table, with the download link."""
    return render(
        request,
        "reports/open_data.html",
        {"edition": edition, "tables": open_data_tables(edition)},
    )


@edition_permission_required("reports.view_open_data")
def open_data_download(request: HttpRequest, edition: Edition) -> HttpResponse:
    """The ZIP: datapackage.json with the CSV and JSON tables."""
    response = HttpResponse(open_data_zip(edition), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package_name(edition)}.zip"'
    return response


@edition_permission_required("reports.view_report")
def report(request: HttpRequest, edition: Edition) -> HttpResponse:
    """The edition report: its theme, partners and who came (charts drawn on the server)."""
    came = who_came(edition)
    return render(
        request,
        "reports/report.html",
        {
            "edition": edition,
            "who_came": came,
            "partners": edition.partners.select_related("organisation").order_by(
                "role", "organisation__name"
            ),
            "country_chart": bar_chart_svg(
                chart_id="chart-countries",
                title=_("Participants by country"),
                bars=came.countries,
            ),
            "sector_chart": bar_chart_svg(
                chart_id="chart-sectors", title=_("Participants by sector"), bars=came.sectors
            ),
        },
    )
