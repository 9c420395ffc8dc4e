"""The session's content entered per language (django-modeltranslation): titles of sessions and topics."""

from modeltranslation.translator import TranslationOptions, register

from impactdays.teams.models import CreativeSession, Topic


@register(CreativeSession)
class CreativeSessionTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("title",)
