"""The forums' content fields, per language (django-modeltranslation; docs/architecture.md)."""

from modeltranslation.translator import TranslationOptions, register

from impactdays.forums.models import Edition, ForumSeries, Organisation, Room, Venue


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description", "city")


@register(ForumSeries)
class ForumSeriesTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("title", "theme", "description", "city")


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "address", "description")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)
