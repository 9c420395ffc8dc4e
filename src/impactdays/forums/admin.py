"""Site admins manage organisations, series and editions here; organisers use the edition pages."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile

from impactdays.common.images import image_without_metadata
from impactdays.forums.models import (
    Edition,
    EditionPartner,
    ForumSeries,
    Organisation,
    Room,
    Venue,
)


class OrganisationAdminForm(forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "slug",
            "kind",
            "country",
            "city",
            "website",
            "logo",
            "description",
            "latitude",
            "longitude",
        ]

    def clean_logo(self) -> Any:  # Any: a FieldFile, False (clear) or an upload
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return image_without_metadata(logo, max_side=LOGO_MAX_SIDE)
        return logo


LOGO_MAX_SIDE = 512


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "city", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ForumSeries)
class ForumSeriesAdmin(admin.ModelAdmin[ForumSeries]):
    list_display = ["name", "founded_year"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class VenueInline(admin.StackedInline[Venue, Edition]):
    model = Venue
    extra = 0
    show_change_link = False


class EditionPartnerInline(admin.TabularInline[EditionPartner, Edition]):
    model = EditionPartner
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin[Edition]):
    list_display = ["title", "series", "city", "country", "starts_on", "status", "is_illustrative"]
    list_filter = ["status", "series", "is_illustrative"]
    list_select_related = ["series"]
    search_fields = ["title", "city", "theme"]
    date_hierarchy = "starts_on"
    # Status moves and roles go through the services on the edition's dashboard, which enforce
    # the transition table, keep the last organiser and send the publication e-mails.
    readonly_fields = ["status", "replicated_from"]
    inlines = [VenueInline, EditionPartnerInline]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin[Room]):
    list_display = ["name", "capacity", "venue", "edition"]
    list_select_related = ["venue__edition"]
    search_fields = ["name", "venue__name", "venue__edition__title"]
    raw_id_fields = ["venue"]

    @admin.display(description=Edition._meta.verbose_name, ordering="venue__edition__title")
    def edition(self, room: Room) -> Edition:
        return room.venue.edition
