"""`impactdays conversation import FOLDER --edition SERIES/EDITION` and
`impactdays conversation export ID FOLDER`: conversations in the Pol.is openData format."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from impactdays.deliberation.models import Conversation
from impactdays.deliberation.polis import conversation_export, conversation_import
from impactdays.forums.models import Edition


class Command(BaseCommand):
    help = "Import or export a conversation in the Pol.is openData format."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="Import an openData folder; prints the id.")
        importing.add_argument("folder", type=Path)
        importing.add_argument("--edition", required=True, help="SERIES/EDITION (slugs)")
        exporting = actions.add_parser("export", help="Export a conversation into a folder.")
        exporting.add_argument("id", type=int)
        exporting.add_argument("folder", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:  # Any: Django's signature
        if options["action"] == "import":
            series, _slash, slug = options["edition"].partition("/")
            edition = Edition.objects.filter(series__slug=series, slug=slug).first()
            if edition is None:
                raise CommandError(f"No edition {options['edition']!r} (SERIES/EDITION slugs).")
            folder: Path = options["folder"]
            if not folder.is_dir():
                raise CommandError(f"{folder}: not a folder")
            try:
                conversation = conversation_import(edition=edition, folder=folder, actor=None)
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from None
            self.stdout.write(str(conversation.pk))
        else:
            found = Conversation.objects.filter(pk=options["id"]).first()
            if found is None:
                raise CommandError(f"No conversation {options['id']}.")
            conversation_export(conversation=found, folder=options["folder"])
            self.stdout.write(str(options["folder"]))
