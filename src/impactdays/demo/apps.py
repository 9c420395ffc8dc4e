from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo forum and its commands (`impactdays demo`, `impactdays demo_totp`)."""

    name = "impactdays.demo"
    verbose_name = _("Demo forum")
