"""API shape of an edition's open data: its tables, their fields, and where the ZIP is."""

from ninja import Schema


class OpenDataFieldOut(Schema):
    name: str
    type: str
    description: str


class OpenDataTableOut(Schema):
    name: str
    title: str
    path: str
    row_count: int
    fields: list[OpenDataFieldOut]


class OpenDataOut(Schema):
    edition_id: int
    name: str
    download_url: str
    license: str
    tables: list[OpenDataTableOut]
