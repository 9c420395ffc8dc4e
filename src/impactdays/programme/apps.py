from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "impactdays.programme"
    verbose_name = _("Programme")

    def ready(self) -> None:
        # Imported here: models need the app registry, which is ready only now.
        from impactdays.forums.dashboard import dashboard_section_register
        from impactdays.forums.page_panels import edition_link_register
        from impactdays.people.personal_data import PERSONAL_DATA_SECTIONS
        from impactdays.programme import rules  # noqa: F401 -- registers the permissions
        from impactdays.programme.personal_data import programme_data_of
        from impactdays.programme.views_editor import DASHBOARD_SECTION

        dashboard_section_register(DASHBOARD_SECTION)
        edition_link_register(
            key="programme", title=_("Programme"), url_name="programme:timetable", order=20
        )
        PERSONAL_DATA_SECTIONS["programme"] = programme_data_of
