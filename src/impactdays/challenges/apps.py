from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "impactdays.challenges"
    verbose_name = _("Challenges")

    def ready(self) -> None:
        # Imported here: models need the app registry, which is ready only now.
        from impactdays.challenges.formats import ChallengesFormat
        from impactdays.challenges.views import DASHBOARD_SECTION
        from impactdays.forums.dashboard import dashboard_section_register
        from impactdays.forums.formats import format_section_register

        format_section_register("challenges", ChallengesFormat)
        dashboard_section_register(DASHBOARD_SECTION)
