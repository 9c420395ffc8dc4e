"""The programme's content fields, per language (django-modeltranslation; docs/architecture.md)."""

from modeltranslation.translator import TranslationOptions, register

from impactdays.programme.models import PreferenceRound, Session, Speaker


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("bio",)


@register(PreferenceRound)
class PreferenceRoundTranslation(TranslationOptions):
    fields = ("title",)
