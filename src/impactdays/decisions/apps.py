from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "impactdays.decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        # Imported here: models need the app registry, which is ready only now.
        from impactdays.decisions.views import DASHBOARD_SECTION
        from impactdays.forums.dashboard import dashboard_section_register

        dashboard_section_register(DASHBOARD_SECTION)
