"""Forms for the organiser's pages. They validate HTTP input; the services do the writing."""

import functools
import zoneinfo
from typing import Any, cast

from django import forms
from django.conf.global_settings import LANGUAGES as ALL_LANGUAGES
from django.contrib import messages as django_messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_stubs_ext import StrOrPromise

from impactdays.common.translated_forms import TranslatedFieldsMixin
from impactdays.forums.models import (
    Edition,
    EditionPartner,
    EditionRole,
    ForumSeries,
    Organisation,
    Venue,
)
from impactdays.forums.services import EDITABLE_EDITION_FIELDS
from impactdays.forums.widgets import LanguagePicker, MapPointWidget

ENDS_BEFORE_START = _("The edition cannot end before it starts.")


@functools.cache
def _time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def _language_choices() -> list[tuple[str, str]]:
    # Called each time the choices are shown, so the names come in the reader's language.
    return sorted(((code, gettext(name)) for code, name in ALL_LANGUAGES), key=lambda pair: pair[1])


def _date_input() -> forms.DateInput:
    # type="date" gives phones a date picker; it only accepts ISO dates.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _coordinate_input() -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "any"})


def _coordinate_field(
    label: StrOrPromise, bound: int, widget: forms.Widget | None = None
) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        validators=[MinValueValidator(-bound), MaxValueValidator(bound)],
        widget=widget or _coordinate_input(),
    )


def form_add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def messages_add_service_errors(request: HttpRequest, error: ValidationError) -> None:
    """Show a service's ValidationError as messages, for an action that has no form."""
    for message in error.messages:
        django_messages.error(request, message)


def _check_dates(cleaned_data: dict[str, Any], form: forms.BaseForm) -> None:
    starts_on, ends_on = cleaned_data.get("starts_on"), cleaned_data.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        form.add_error("ends_on", ENDS_BEFORE_START)


EDITION_TRANSLATED_FIELDS = ("title", "theme", "description", "city")


class EditionForm(TranslatedFieldsMixin, forms.ModelForm[Edition]):
    """The details an organiser may change (services.EDITABLE_EDITION_FIELDS), content per language."""

    translated_fields = EDITION_TRANSLATED_FIELDS
    field_order = [*EDITABLE_EDITION_FIELDS, "version"]

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=_language_choices,
        widget=LanguagePicker,
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=_time_zone_choices,
        error_messages={"invalid_choice": _("%(value)s is not a known time zone.")},
    )

    # The version the organiser started from: a write over a newer one is refused (lost updates).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Edition
        # The translated fields come from the mixin, one per language; the services write them.
        fields = [name for name in EDITABLE_EDITION_FIELDS if name not in EDITION_TRANSLATED_FIELDS]
        widgets = {
            "starts_on": _date_input(),
            "ends_on": _date_input(),
            "latitude": _coordinate_input(),
            "longitude": MapPointWidget(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # Any: ModelForm's arguments
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].initial = self.instance.version
        for name in self.translated_groups["description"].names:
            self.fields[name].widget.attrs["rows"] = 4

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        _check_dates(cleaned_data, self)
        return cleaned_data

    def changes(self) -> dict[str, Any]:
        """Only the details the organiser changed: the rest keep what others saved meanwhile.

        A translated field counts as changed when any of its languages did, and then carries
        all of them.
        """
        changed = set(self.changed_data)
        changes = {
            name: self.cleaned_data[name] for name in changed if name in EDITABLE_EDITION_FIELDS
        }
        for name, group in self.translated_groups.items():
            if changed.intersection(group.names):
                changes[name] = self.cleaned_data[name]
        return changes


class EditionCreateForm(EditionForm):
    """A new edition of a series: the same details, no version yet."""

    version = None  # type: ignore[assignment]  # Django's way to drop a declared field


class SeriesForm(TranslatedFieldsMixin, forms.ModelForm[ForumSeries]):
    translated_fields = ("name", "description")
    field_order = ["name", "description", "founded_year"]

    class Meta:
        model = ForumSeries
        fields = ["founded_year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # Any: ModelForm's arguments
        super().__init__(*args, **kwargs)
        for name in self.translated_groups["description"].names:
            self.fields[name].widget.attrs["rows"] = 4


class ReplicateForm(forms.Form):
    """Where and when the replicated edition takes place."""

    city = forms.CharField(label=_("Host city"), max_length=100)
    # A callable, so the country names come in the reader's language.
    country = forms.ChoiceField(
        label=_("Host country"), choices=lambda: [("", "---------"), *countries]
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    starts_on = forms.DateField(label=_("Starts on"), widget=_date_input())
    ends_on = forms.DateField(label=_("Ends on"), widget=_date_input())
    latitude = _coordinate_field(_("Latitude"), 90)
    longitude = _coordinate_field(_("Longitude"), 180, MapPointWidget())
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for “series name, city, year”."),
    )
    include_partners = forms.BooleanField(label=_("Include the partners"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        _check_dates(cleaned_data, self)
        return cleaned_data


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=EditionPartner.Role.choices, initial=EditionPartner.Role.SUPPORTER
    )


class VenueForm(TranslatedFieldsMixin, forms.Form):
    translated_fields = ("name", "address", "description")

    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300)
    latitude = _coordinate_field(_("Latitude"), 90)
    longitude = _coordinate_field(_("Longitude"), 180, MapPointWidget())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    apply_room_template = forms.BooleanField(label=_("Create the template rooms"), required=False)


class RoomForm(TranslatedFieldsMixin, forms.Form):
    translated_fields = ("name",)

    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none())
    name = forms.CharField(label=_("Name"), max_length=100)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1)

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only this edition's venues can be chosen, so a forged id cannot reach another edition.
        venue_field = cast("forms.ModelChoiceField[Venue]", self.fields["venue"])
        venue_field.queryset = Venue.objects.filter(edition=edition)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "The person gets a link; with or without an account, they sign in and hold the role."
        ),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=EditionRole.Role.choices, initial=EditionRole.Role.PARTICIPANT
    )


class PeopleSearchForm(forms.Form):
    """The search on the dashboard's people-and-roles page; both fields may stay empty."""

    text = forms.CharField(
        label=_("Name or e-mail address"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *EditionRole.Role.choices], required=False
    )
