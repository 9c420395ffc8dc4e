from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "impactdays.teams"
    label = "teams"
    verbose_name = _("Creative sessions and teams")

    def ready(self) -> None:
        # Imported here: views need the app registry, which is ready only now.
        from impactdays.forums.dashboard import dashboard_section_register
        from impactdays.forums.page_panels import edition_link_register
        from impactdays.people.personal_data import PERSONAL_DATA_SECTIONS
        from impactdays.programme.agenda_sources import AgendaSource, agenda_source_register
        from impactdays.teams.selectors import agenda_condition, agenda_team_notes, personal_data
        from impactdays.teams.views import DASHBOARD_SECTION

        dashboard_section_register(DASHBOARD_SECTION)
        edition_link_register(
            key="teams",
            title=_("Creative sessions and teams"),
            url_name="teams:session-list",
            order=40,
        )
        PERSONAL_DATA_SECTIONS["creative_sessions"] = personal_data
        agenda_source_register(
            AgendaSource(key="teams", sessions=agenda_condition, notes=agenda_team_notes)
        )
