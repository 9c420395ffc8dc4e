from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "impactdays.deliberation"
    verbose_name = _("Deliberation")

    def ready(self) -> None:
        # Imported here: models need the app registry, which is ready only now.
        from impactdays.deliberation.views import DASHBOARD_SECTION
        from impactdays.forums.dashboard import dashboard_section_register
        from impactdays.forums.page_panels import edition_link_register

        dashboard_section_register(DASHBOARD_SECTION)
        edition_link_register(
            key="deliberation",
            title=_("Conversations: where the forum agrees and where it splits"),
            url_name="deliberation:conversation-list",
            order=50,
        )
