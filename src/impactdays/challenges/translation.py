"""Challenges and places entered per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from impactdays.challenges.models import Challenge, Place


@register(Challenge)
class ChallengeTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Place)
class PlaceTranslationOptions(TranslationOptions):
    fields = ("name", "description")
