from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "impactdays.forums"
    verbose_name = _("Forums")

    def ready(self) -> None:
        # Imported here: models need the app registry, which is ready only now.
        from impactdays.forums.dashboard import dashboard_section_register
        from impactdays.forums.format_sections import PROVISIONAL_SECTIONS
        from impactdays.forums.formats import format_section_register
        from impactdays.forums.selectors import edition_roles_as_data, user_is_organiser_anywhere
        from impactdays.forums.views import DASHBOARD_SECTIONS
        from impactdays.people.personal_data import PERSONAL_DATA_SECTIONS
        from impactdays.people.two_factor import TWO_FACTOR_REQUIREMENTS

        TWO_FACTOR_REQUIREMENTS.append(user_is_organiser_anywhere)
        PERSONAL_DATA_SECTIONS["edition_roles"] = edition_roles_as_data
        for key, format_section in PROVISIONAL_SECTIONS.items():
            format_section_register(key, format_section)
        for section in DASHBOARD_SECTIONS:
            dashboard_section_register(section)
