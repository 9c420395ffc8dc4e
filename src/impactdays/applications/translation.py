"""The call's content entered per language (django-modeltranslation): titles, labels, help texts."""

from modeltranslation.translator import TranslationOptions, register

from impactdays.applications.models import Call, Criterion, Question, QuestionChoice


@register(Call)
class CallTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("label", "help_text")


@register(QuestionChoice)
class QuestionChoiceTranslationOptions(TranslationOptions):
    fields = ("label",)


@register(Criterion)
class CriterionTranslationOptions(TranslationOptions):
    fields = ("label", "help_text")
