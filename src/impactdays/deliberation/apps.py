from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "impactdays.deliberation"
    verbose_name = _("Deliberation")

    def ready(self) -> None:
        # Imported here: models need the app registry, which is ready only now.
        from impactdays.deliberation.views import DASHBOARD_SECTION
        from impactdays.forums.dashboard import dashboard_section_register

        dashboard_section_register(DASHBOARD_SECTION)
