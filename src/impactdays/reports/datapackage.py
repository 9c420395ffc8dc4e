"""An edition's open data as a ZIP: `datapackage.json` (a Frictionless Data Package with one
Table Schema per table), data/<table>.csv and its twin data/<table>.json."""

import csv
import io
import json
import zipfile
from typing import Any

from django.utils import timezone

from impactdays.forums.models import Edition
from impactdays.reports.opendata import Table, open_data_tables

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}


def _cell(value: object) -> str:
    """A CSV cell as Table Schema reads it: ISO dates, true/false, empty for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _json_value(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return _cell(value)


def _schema(table: Table) -> dict[str, Any]:  # Any: JSON
    schema: dict[str, Any] = {  # Any: JSON
        "fields": [
            {
                "name": column.name,
                "type": column.type,
                **({"description": column.description} if column.description else {}),
            }
            for column in table.columns
        ],
        "primaryKey": ["id"],
        "missingValues": [""],
    }
    if table.references:
        schema["foreignKeys"] = [
            {"fields": [name], "reference": {"resource": other, "fields": ["id"]}}
            for name, other in table.references
        ]
    return schema


def _csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column.name for column in table.columns])
    for row in table.rows:
        writer.writerow([_cell(row[column.name]) for column in table.columns])
    return out.getvalue().encode()


def _json(table: Table) -> bytes:
    rows = [
        {column.name: _json_value(row[column.name]) for column in table.columns}
        for row in table.rows
    ]
    return json.dumps(rows, ensure_ascii=False, indent=1).encode()


def package_name(edition: Edition) -> str:
    return f"impactdays-{edition.series.slug}-{edition.slug}"


def data_package(edition: Edition, tables: list[Table]) -> dict[str, Any]:  # Any: JSON
    """The Frictionless Data Package descriptor: one CSV resource per table, its JSON twin."""
    resources: list[dict[str, Any]] = []  # Any: JSON
    for table in tables:
        resources.append(
            {
                "name": table.name,
                "title": str(table.title),
                "path": f"data/{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(table),
            }
        )
    for table in tables:
        resources.append(
            {
                "name": f"{table.name}-json",
                "title": f"{table.title} (JSON)",
                "path": f"data/{table.name}.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
            }
        )
    return {
        "profile": "data-package",
        "name": package_name(edition),
        "title": f"Impact Days: {edition.title}",
        "homepage": edition.get_absolute_url(),
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "licenses": [LICENSE],
        "resources": resources,
    }


def open_data_zip(edition: Edition) -> bytes:
    """The edition's open data as a ZIP: datapackage.json and the data/ folder."""
    tables = open_data_tables(edition)
    descriptor = data_package(edition, tables)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
        )
        for table in tables:
            archive.writestr(f"data/{table.name}.csv", _csv(table))
            archive.writestr(f"data/{table.name}.json", _json(table))
    return buffer.getvalue()
