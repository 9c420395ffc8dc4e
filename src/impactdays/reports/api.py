"""Open data API: what an edition's open-data package holds and where to download it (public as
the edition is)."""

from django.http import HttpRequest

from impactdays.common.api import ApiRouter
from impactdays.forums.api_lookups import edition_visible_or_404
from impactdays.forums.links import edition_url
from impactdays.people.api_auth import READ_AUTH, WRITE_AUTH
from impactdays.reports.datapackage import LICENSE, package_name
from impactdays.reports.opendata import open_data_tables
from impactdays.reports.schemas import OpenDataFieldOut, OpenDataOut, OpenDataTableOut

router = ApiRouter(tags=["reports"], read_auth=READ_AUTH, write_auth=WRITE_AUTH)


@router.read("/editions/{edition_id}/open-data", OpenDataOut)
def open_data_detail(request: HttpRequest, edition_id: int) -> OpenDataOut:
    edition = edition_visible_or_404(request, edition_id)
    return OpenDataOut(
        edition_id=edition.pk,
        name=package_name(edition),
        download_url=request.build_absolute_uri(edition_url("reports:open-data-download", edition)),
        license=LICENSE["name"],
        tables=[
            OpenDataTableOut(
                name=table.name,
                title=str(table.title),
                path=f"data/{table.name}.csv",
                row_count=len(table.rows),
                fields=[
                    OpenDataFieldOut(
                        name=column.name, type=column.type, description=column.description
                    )
                    for column in table.columns
                ],
            )
            for table in open_data_tables(edition)
        ],
    )
