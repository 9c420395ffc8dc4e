from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "impactdays.decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        # Imported here: models need the app registry, which is ready only now.
        from impactdays.decisions.selectors import (
            decisions_as_data,
            edition_decision_counts,
            series_memory,
        )
        from impactdays.decisions.views import DASHBOARD_SECTION
        from impactdays.forums.dashboard import dashboard_section_register
        from impactdays.forums.page_panels import (
            EDITION,
            SERIES,
            PagePanel,
            edition_link_register,
            page_panel_register,
        )
        from impactdays.people.personal_data import PERSONAL_DATA_SECTIONS

        dashboard_section_register(DASHBOARD_SECTION)
        edition_link_register(
            key="decisions",
            title=_("Decisions and commitments"),
            url_name="decisions:decision-list",
            order=60,
        )
        PERSONAL_DATA_SECTIONS["decisions"] = decisions_as_data
        # The series' memory: each edition's decisions and the share of commitments done.
        page_panel_register(
            PagePanel(
                key="decisions-series",
                page=SERIES,
                template="decisions/partials/series_panel.html",
                context=lambda request, series: {"memory": series_memory(series, request.user)},
            )
        )
        page_panel_register(
            PagePanel(
                key="decisions-edition",
                page=EDITION,
                template="decisions/partials/edition_panel.html",
                context=lambda request, edition: edition_decision_counts(edition, request.user),
            )
        )
