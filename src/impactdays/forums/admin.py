"""Site admins manage organisations, series and editions here; organisers use the edition pages."""

from django.contrib import admin

from impactdays.forums.models import (
    Edition,
    EditionPartner,
    EditionRole,
    ForumSeries,
    Organisation,
    Room,
    Venue,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
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


class EditionRoleInline(admin.TabularInline[EditionRole, Edition]):
    model = EditionRole
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin[Edition]):
    list_display = ["title", "series", "city", "country", "starts_on", "status", "is_illustrative"]
    list_filter = ["status", "series", "is_illustrative"]
    list_select_related = ["series"]
    search_fields = ["title", "city", "theme"]
    date_hierarchy = "starts_on"
    raw_id_fields = ["replicated_from"]
    inlines = [VenueInline, EditionPartnerInline, EditionRoleInline]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin[Room]):
    list_display = ["name", "capacity", "venue", "edition"]
    list_select_related = ["venue__edition"]
    search_fields = ["name", "venue__name", "venue__edition__title"]
    raw_id_fields = ["venue"]

    @admin.display(description=Edition._meta.verbose_name, ordering="venue__edition__title")
    def edition(self, room: Room) -> Edition:
        return room.venue.edition
