"""`impactdays report [SERIES[/EDITION]] --open-data FILE [--pdf FILE]`: write the files the site
serves for an edition; the most recent published edition by default (of SERIES if given)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from impactdays.forums.models import Edition
from impactdays.forums.visibility import HIDDEN_STATUSES
from impactdays.reports.datapackage import open_data_zip

# The exit status when a file was asked for that this version cannot write yet.
NOT_BUILT = 2


def edition_from_argument(argument: str | None) -> Edition:
    """The edition named SERIES/EDITION; for SERIES or nothing, its most recent published one."""
    editions = Edition.objects.select_related("series")
    series, slash, slug = (argument or "").partition("/")
    if slash:
        found = editions.filter(series__slug=series, slug=slug).first()
        if found is None:
            raise CommandError(f"No edition {argument!r} (SERIES/EDITION slugs).")
        return found
    published = editions.exclude(status__in=HIDDEN_STATUSES)
    if series:
        published = published.filter(series__slug=series)
    found = published.order_by("-starts_on", "-pk").first()
    if found is None:
        raise CommandError(
            f"No published edition in series {series!r}." if series else "No published edition."
        )
    return found


class Command(BaseCommand):
    help = "Write an edition's open data (and later its report as a PDF)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "edition",
            nargs="?",
            help="SERIES/EDITION (slugs), or SERIES for its most recent published edition; "
            "the most recent published edition when left out",
        )
        parser.add_argument("--open-data", type=Path, help="write the open-data ZIP to this file")
        parser.add_argument("--pdf", type=Path, help="write the report as a PDF (not built yet)")

    def handle(self, *args: Any, **options: Any) -> None:  # Any: Django's signature
        if options["open_data"] is None and options["pdf"] is None:
            raise CommandError("Name a file to write: --open-data FILE (or --pdf FILE).")
        edition = edition_from_argument(options["edition"])
        if options["open_data"] is not None:
            target: Path = options["open_data"]
            try:
                target.write_bytes(open_data_zip(edition))
            except OSError as error:
                raise CommandError(f"{target}: {error.strerror}") from None
            self.stdout.write(f"{target}: open data of {edition.series.slug}/{edition.slug}")
        if options["pdf"] is not None:
            raise CommandError("The report as a PDF is not built yet.", returncode=NOT_BUILT)
