"""The deliberation's content fields, per language (django-modeltranslation; docs/architecture.md).

Statements are not translated: each is written by one person in one language.
"""

from modeltranslation.translator import TranslationOptions, register

from impactdays.deliberation.models import Conversation


@register(Conversation)
class ConversationTranslation(TranslationOptions):
    fields = ("topic", "description")
