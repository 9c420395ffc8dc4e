"""Form widgets of the organiser's pages."""

from typing import Any

from django import forms

# Shown before the others: the series' languages so far and Europe's most spoken ones.
COMMON_LANGUAGES = frozenset(
    {"en", "de", "ru", "fr", "es", "it", "pl", "uk", "ka", "hy", "lt", "tr"}
)


class LanguagePicker(forms.CheckboxSelectMultiple):
    """Checkboxes: the chosen and the common languages first, the others folded away.

    It works without JavaScript; forums/js/language_picker.js adds a search field and the
    chosen languages as removable chips, over the same checkboxes (so the keyboard and screen
    readers use native controls either way).
    """

    template_name = "forums/widgets/language_picker.html"

    class Media:
        js = ("forums/js/language_picker.js",)

    # Any: Django's widget context holds values of many kinds.
    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        options = [
            option
            for _group, group_options, _index in context["widget"]["optgroups"]
            for option in group_options
        ]
        first = [o for o in options if o["selected"] or o["value"] in COMMON_LANGUAGES]
        context["widget"]["first_options"] = first
        context["widget"]["more_options"] = [o for o in options if o not in first]
        return context
