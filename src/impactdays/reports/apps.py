from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "impactdays.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Imported here: the forums app's registry needs the app registry ready.
        from impactdays.forums.page_panels import edition_link_register

        edition_link_register(key="report", title=_("Report"), url_name="reports:report", order=85)
        edition_link_register(
            key="open-data",
            title=_("Open data"),
            url_name="reports:open-data",
            order=90,
        )
