from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from impactdays.demo.builder import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_build
from impactdays.demo.people import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = "Build the demo forum (Social Impact Days, Yaroslavl 2018) and print the demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Build the demo even with DEBUG off (its accounts have a published password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "The demo creates a site admin with a published password and TOTP secret, so it "
                "only runs with DEBUG on. Pass --allow-production to build it anyway."
            )
        with transaction.atomic():
            demo_build()
        self.stdout.write(self.style.SUCCESS("Demo forum ready: http://127.0.0.1:8000/"))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role:<12} {account.email}")
        self.stdout.write(
            "Organiser and site admin use two-factor: add the secret "
            f"{DEMO_TOTP_SECRET} to an authenticator app, or run `impactdays demo_totp` for the current code."
        )
