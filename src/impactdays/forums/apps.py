from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "impactdays.forums"
    verbose_name = _("Forums")

    def ready(self) -> None:
        from impactdays.forums.selectors import (
            user_is_organiser_anywhere,
        )
        from impactdays.people.two_factor import (
            TWO_FACTOR_REQUIREMENTS,
        )

        TWO_FACTOR_REQUIREMENTS.append(user_is_organiser_anywhere)
