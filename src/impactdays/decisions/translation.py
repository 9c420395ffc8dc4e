"""Decisions' content entered per language (django-modeltranslation): titles, texts, evidence."""

from modeltranslation.translator import TranslationOptions, register

from impactdays.decisions.models import Decision, Evidence


@register(Decision)
class DecisionTranslationOptions(TranslationOptions):
    fields = ("title", "text")


@register(Evidence)
class EvidenceTranslationOptions(TranslationOptions):
    fields = ("summary",)
