import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from impactdays.demo.builder import DEMO_TOTP_SECRET

TOTP_PERIOD_SECONDS = 30


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo accounts (DEBUG only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_totp only runs with DEBUG on: it is for the demo accounts.")
        counter = int(time.time()) // TOTP_PERIOD_SECONDS
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
