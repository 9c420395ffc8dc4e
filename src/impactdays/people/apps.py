from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "impactdays.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from impactdays.people.sign_ins import note_sign_in

        user_logged_in.connect(note_sign_in, dispatch_uid="impactdays.people.note_sign_in")
