from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "impactdays.challenges"
    verbose_name = _("Challenges")

    def ready(self) -> None:
        # Imported here: models need the app registry, which is ready only now.
        from impactdays.challenges.formats import ChallengesFormat
        from impactdays.challenges.selectors import (
            observations_personal_data,
            session_panel_context,
        )
        from impactdays.challenges.views import DASHBOARD_SECTION
        from impactdays.forums.dashboard import dashboard_section_register
        from impactdays.forums.formats import format_section_register
        from impactdays.forums.page_panels import edition_link_register
        from impactdays.people.personal_data import PERSONAL_DATA_SECTIONS
        from impactdays.programme.session_panels import SessionPanel, session_panel_register

        format_section_register("challenges", ChallengesFormat)
        dashboard_section_register(DASHBOARD_SECTION)
        edition_link_register(
            key="challenges",
            title=_("Challenges and places on the map"),
            url_name="challenges:edition-map",
            order=30,
        )
        PERSONAL_DATA_SECTIONS["observations"] = observations_personal_data
        session_panel_register(
            SessionPanel(
                key="observations",
                template="challenges/partials/session_observations.html",
                context=session_panel_context,
                order=50,
            )
        )
