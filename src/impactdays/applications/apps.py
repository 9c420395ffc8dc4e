from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "impactdays.applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        # Imported here: models need the app registry, which is ready only now.
        from impactdays.applications.formats import ApplicationsFormat
        from impactdays.applications.views import DASHBOARD_SECTION
        from impactdays.forums.dashboard import dashboard_section_register
        from impactdays.forums.formats import format_section_register

        format_section_register("applications", ApplicationsFormat)
        dashboard_section_register(DASHBOARD_SECTION)
