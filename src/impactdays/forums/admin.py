"""Site admins manage organisations and series here; editions are read-only (common.admin).

Everything of an edition changes on its dashboard, through the services: the write guard, the
transition table, the last organiser and the publication e-mails hold there, and each change is
audited. "View on site" leads from an edition here to its page and dashboard.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile

from impactdays.common.admin import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline
from impactdays.common.images import image_without_metadata
from impactdays.common.translated import localized_names
from impactdays.forums.models import (
    Edition,
    EditionPartner,
    EditionRole,
    ForumSeries,
    Organisation,
    Room,
    Venue,
)
from impactdays.forums.widgets import MapPointWidget


class OrganisationAdminForm(forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        # The content fields per language (forums/translation.py), never the plain field: that
        # one would write its fallback text into the admin's language.
        fields = [
            *localized_names(["name"]),
            "slug",
            "kind",
            "country",
            *localized_names(["city"]),
            "website",
            "logo",
            *localized_names(["description"]),
            "latitude",
            "longitude",
        ]
        widgets = {"longitude": MapPointWidget()}

    def clean_logo(self) -> Any:  # Any: a FieldFile, False (clear) or an upload
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return image_without_metadata(logo, max_side=LOGO_MAX_SIDE)
        return logo


LOGO_MAX_SIDE = 512


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin[Organisation]):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "city", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(ForumSeries)
class ForumSeriesAdmin(AuditedAdmin[ForumSeries]):
    list_display = ["name", "founded_year"]
    search_fields = ["name"]
    fields = [
        *localized_names(["name"]),
        "slug",
        *localized_names(["description"]),
        "founded_year",
        "format",
    ]
    prepopulated_fields = {"slug": ["name_en"]}


class VenueInline(ReadOnlyInline):
    model = Venue
    fields = ["name", "address", "latitude", "longitude"]


class EditionPartnerInline(ReadOnlyInline):
    model = EditionPartner
    fields = ["organisation", "role"]


class EditionRoleInline(ReadOnlyInline):
    model = EditionRole
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin[Edition]):
    list_display = ["title", "series", "city", "country", "starts_on", "status", "is_illustrative"]
    list_filter = ["status", "series", "is_illustrative"]
    list_select_related = ["series"]
    search_fields = ["title", "city", "theme"]
    date_hierarchy = "starts_on"
    inlines = [VenueInline, EditionPartnerInline, EditionRoleInline]


@admin.register(Room)
class RoomAdmin(ReadOnlyAdmin[Room]):
    list_display = ["name", "capacity", "venue", "edition"]
    list_select_related = ["venue__edition"]
    search_fields = ["name", "venue__name", "venue__edition__title"]

    @admin.display(description=Edition._meta.verbose_name, ordering="venue__edition__title")
    def edition(self, room: Room) -> Edition:
        return room.venue.edition
