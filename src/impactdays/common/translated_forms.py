"""Forms that edit a translated field in every language side by side (common.translated).

A form lists its translated fields in `translated_fields`; each becomes one input per language
(`title_en`, `title_ru`, `title_de`), labelled with the language and marked with its `lang`,
shown together under the field's name by `common/forms/translated_div.html` (columns on a wide
screen, stacked on a phone). A required field needs text in at least one language. After
validation, `cleaned_data["title"]` is `{"en": …, "ru": …, "de": …}` (None where empty), the
shape the services take, and the per-language keys are gone.

The field itself comes from the form's declared field of that name, or, in a ModelForm, from
the model field (leave it out of Meta.fields, so that the form does not write it on the instance).
"""

import copy
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from impactdays.common.translated import content_languages, localized_name, translations_of

AT_LEAST_ONE_LANGUAGE = _("Write this in at least one language.")


@dataclass
class TranslatedGroup:
    """One translated field of a form: its label, whether it is required, its per-language names."""

    name: str
    label: str
    help_text: str
    required: bool
    names: list[str] = field(default_factory=list)


class TranslatedFieldsMixin(forms.BaseForm):
    translated_fields: ClassVar[tuple[str, ...]] = ()
    template_name = "common/forms/translated_div.html"  # what {{ form }} renders

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # Any: the form's own arguments
        super().__init__(*args, **kwargs)
        self.translated_groups: dict[str, TranslatedGroup] = {}
        language_names = dict(settings.LANGUAGES)
        instance = getattr(self, "instance", None)
        order = list(self.field_order or self.fields)
        for name in self.translated_fields:
            base = self.fields.pop(name, None) or self._model_form_field(name)
            group = TranslatedGroup(
                name=name,
                label=str(base.label or name.capitalize()),
                help_text=str(base.help_text or ""),
                required=base.required,
            )
            stored = translations_of(instance, name) if instance is not None else {}
            for code in content_languages():
                localized = copy.deepcopy(base)
                localized.required = False
                localized.label = language_names[code]
                localized.help_text = ""
                localized.widget.attrs["lang"] = code
                column = localized_name(name, code)
                self.fields[column] = localized
                if stored.get(code) is not None and column not in self.initial:
                    self.initial[column] = stored[code]
                group.names.append(column)
            self.translated_groups[name] = group
            if name in order:
                position = order.index(name)
                order[position : position + 1] = group.names
        self.order_fields(order)

    def _model_form_field(self, name: str) -> forms.Field:
        model = self._meta.model  # type: ignore[attr-defined]  # only a ModelForm gets here
        model_field = model._meta.get_field(name)
        form_field: forms.Field | None = model_field.formfield()
        if form_field is None:
            raise ValueError(f"{model.__name__}.{name} has no form field")
        # The model's own checks (a city named with letters), which a ModelForm would otherwise
        # run on the instance; the field is not on the instance here.
        form_field.validators += [
            validator
            for validator in model_field.validators
            if validator not in form_field.validators
        ]
        return form_field

    def add_error(
        self, field: str | None, error: Any
    ) -> None:  # Any: what BaseForm.add_error takes
        # A service names the field ("title"); the form shows it on the field's first language.
        if field in self.translated_groups:
            field = self.translated_groups[field].names[0]
        super().add_error(field, error)

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        for name, group in self.translated_groups.items():
            if any(column in self.errors for column in group.names):
                continue
            values = {
                code: cleaned_data.pop(column, None) or None
                for code, column in zip(content_languages(), group.names, strict=True)
            }
            if group.required and not any(values.values()):
                self.add_error(name, AT_LEAST_ONE_LANGUAGE)
                continue
            cleaned_data[name] = values
        return cleaned_data

    def get_context(self) -> dict[str, Any]:
        """Django's form context, plus `rows`: each field alone or a translated group's fields."""
        context = super().get_context()
        group_of = {
            column: group for group in self.translated_groups.values() for column in group.names
        }
        rows: list[dict[str, Any]] = []  # Any: bound fields and their errors, for the template
        shown: set[str] = set()
        for bound_field, errors in context["fields"]:
            group = group_of.get(bound_field.name)
            if group is None:
                rows.append({"field": bound_field, "errors": errors})
            elif group.name not in shown:
                shown.add(group.name)
                members = [
                    (other, other_errors)
                    for other, other_errors in context["fields"]
                    if other.name in group.names
                ]
                rows.append({"group": group, "languages": members})
        context["rows"] = rows
        return context
