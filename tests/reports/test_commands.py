"""`impactdays report`: the same open-data ZIP as the site, the most recent edition by default."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from impactdays.forums.models import Edition
from tests.forums.factories import EditionFactory

pytestmark = pytest.mark.django_db


def _package_name(path) -> str:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return json.loads(archive.read("datapackage.json"))["name"]


def test_the_most_recent_published_edition_is_the_default(tmp_path, edition):
    newer = EditionFactory(
        series=edition.series,
        starts_on=dt.date(2019, 10, 3),
        ends_on=dt.date(2019, 10, 5),
        year=2019,
    )
    EditionFactory(
        series=edition.series,
        status=Edition.Status.DRAFT,
        starts_on=dt.date(2020, 10, 1),
        ends_on=dt.date(2020, 10, 3),
        year=2020,
    )
    target = tmp_path / "open.zip"

    call_command("report", "--open-data", str(target))

    assert _package_name(target) == f"impactdays-{newer.series.slug}-{newer.slug}"


def test_an_edition_is_named_by_its_slugs(tmp_path, edition):
    EditionFactory(
        series=edition.series,
        starts_on=dt.date(2019, 10, 3),
        ends_on=dt.date(2019, 10, 5),
        year=2019,
    )
    target = tmp_path / "open.zip"

    call_command("report", f"{edition.series.slug}/{edition.slug}", "--open-data", str(target))

    assert _package_name(target) == f"impactdays-{edition.series.slug}-{edition.slug}"


def test_an_unknown_edition_is_refused(tmp_path, edition):
    target = tmp_path / "open.zip"

    with pytest.raises(CommandError, match="No edition 'nowhere/never'"):
        call_command("report", "nowhere/never", "--open-data", str(target))

    assert not target.exists()


def test_the_pdf_says_plainly_that_it_is_not_built_yet(tmp_path, edition):
    with pytest.raises(CommandError, match="not built yet") as refused:
        call_command("report", "--pdf", str(tmp_path / "report.pdf"))

    assert refused.value.returncode == 2
    assert not (tmp_path / "report.pdf").exists()
