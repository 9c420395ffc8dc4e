"""Content in the reader's language, and the same page in the other languages.

`{% translated edition "title" %}` shows the field in the reader's language; when that language
has no text, the first language that has it, inside `<span lang="ru">`, followed by a short note
"(in Russian)", so a reader knows the text was not written in their language.
`{% translated edition "description" linebreaks=True %}` does the same for paragraphs.
`{% language_alternates as alternates %}` gives (code, URL) of the current page in every language.
`{% language_switch_next %}` is the page's English path, the `next` of the language switcher.
"""

from django import template
from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.template.defaultfilters import linebreaks_filter
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from impactdays.common.translated import translated_value

register = template.Library()

# One phrase per language rather than "(in %(language)s)": Russian and German decline the name.
IN_LANGUAGE = {
    "en": gettext_lazy("(in English)"),
    "ru": gettext_lazy("(in Russian)"),
    "de": gettext_lazy("(in German)"),
}


def _note(language: str) -> str:
    return str(IN_LANGUAGE.get(language, f"({language})"))


@register.simple_tag
def translated(instance: Model, field: str, linebreaks: bool = False) -> SafeString:
    value = translated_value(instance, field)
    if linebreaks:
        text = linebreaks_filter(value.text, autoescape=True)
        if not value.is_fallback:
            return text
        return format_html(
            '<div lang="{}">{}</div><p class="translation-note">{}</p>',
            value.language,
            text,
            _note(value.language),
        )
    if not value.is_fallback:
        return format_html("{}", value.text)
    return format_html(
        '<span lang="{}">{}</span> <span class="translation-note">{}</span>',
        value.language,
        value.text,
        _note(value.language),
    )


@register.simple_tag(takes_context=True)
def language_alternates(context: template.Context) -> list[tuple[str, str]]:
    """The current page's absolute URL in each language (for hreflang links in the head)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return []
    url = request.build_absolute_uri(request.path)
    return [(code, translate_url(url, code)) for code, _name in settings.LANGUAGES]


@register.simple_tag(takes_context=True)
def language_switch_next(context: template.Context) -> str:
    """The current page's path in the default language, query string included.

    set_language runs at /i18n/ with no language prefix, so in English, where Django's
    translate_url cannot read a /ru/… path; it can translate the English path into any language.
    """
    request: HttpRequest | None = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), settings.LANGUAGE_CODE)
