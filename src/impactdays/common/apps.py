from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "impactdays.common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from impactdays.common import checks  # noqa: F401 -- registers the system checks
        from impactdays.common.sites import site_from_settings

        # After the sites app's own receiver, which creates example.com on a new database.
        post_migrate.connect(site_from_settings, sender=self, dispatch_uid="impactdays-site")
