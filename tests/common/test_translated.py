"""Content in several languages: writing, reading with fallbacks, the marked fallback, the form mixin."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from impactdays.common.translated import (
    translated_value,
    translations_fold,
    translations_of,
    translations_set,
)
from impactdays.common.translated_forms import TranslatedFieldsMixin
from impactdays.forums.models import Edition
from tests.forums.factories import EditionFactory

pytestmark = pytest.mark.django_db


def _render(source: str, **context: object) -> str:
    return Template("{% load common_translated %}" + source).render(Context(context))


def test_plain_text_goes_to_the_active_language_and_leaves_the_others():
    edition = Edition(title_en="Forum", title_de="Forum (de)")

    with translation.override("ru"):
        written = translations_set(edition, "title", "Форум")

    assert written == ["title_ru"]
    assert translations_of(edition, "title") == {"en": "Forum", "ru": "Форум", "de": "Forum (de)"}


def test_a_mapping_replaces_the_languages_it_names_and_stores_empty_text_as_null():
    edition = Edition(title_en="Forum", title_ru="Форум", title_de="Forum")

    translations_set(edition, "title", {"ru": "  ", "de": "Tagung"})

    assert translations_of(edition, "title") == {"en": "Forum", "ru": None, "de": "Tagung"}


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="xx"):
        translations_set(Edition(), "title", {"xx": "?"})


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ("Только по-русски", "ru", True)), ("ru", ("Только по-русски", "ru", False))],
)
def test_text_written_only_in_russian_shows_in_every_language(language, expected):
    edition = Edition(title_ru="Только по-русски")

    with translation.override(language):
        value = translated_value(edition, "title")

    assert (value.text, value.language, value.is_fallback) == expected


def test_the_fallback_order_is_english_then_russian_then_german():
    edition = Edition(title_ru="Форум", title_de="Tagung")

    with translation.override("en"):
        english = translated_value(edition, "title")
    with translation.override("de"):
        german = translated_value(edition, "title")

    assert (english.text, english.language) == ("Форум", "ru")
    assert (german.text, german.is_fallback) == ("Tagung", False)


def test_the_tag_marks_a_fallback_with_its_language_and_a_note():
    edition = Edition(title_ru="Форум <1>")

    html = _render('{% translated edition "title" %}', edition=edition)

    assert (
        html
        == '<span lang="ru">Форум &lt;1&gt;</span> <span class="translation-note">(in Russian)</span>'
    )


def test_the_tag_shows_text_in_the_reader_language_unmarked():
    edition = Edition(title_en="Forum", title_ru="Форум")

    with translation.override("ru"):
        html = _render('{% translated edition "title" %}', edition=edition)

    assert html == "Форум"


def test_the_tag_keeps_paragraphs_of_a_fallback_in_one_language_block():
    edition = Edition(description_de="Erster.\n\nZweiter.")

    with translation.override("ru"):
        html = _render('{% translated edition "description" linebreaks=True %}', edition=edition)

    assert html == (
        '<div lang="de"><p>Erster.</p>\n\n<p>Zweiter.</p></div>'
        '<p class="translation-note">(на немецком)</p>'
    )


def test_fold_gathers_per_language_keys_and_keeps_the_plain_field_in_the_active_language():
    with translation.override("de"):
        folded = translations_fold(
            {"title": "Tagung", "title_ru": "Форум", "year": 2020, "city_en": "Berlin"},
            ["title", "city"],
        )

    assert folded == {
        "title": {"de": "Tagung", "ru": "Форум"},
        "year": 2020,
        "city": {"en": "Berlin"},
    }


class _PlaceForm(TranslatedFieldsMixin, forms.Form):
    translated_fields = ("name", "note")

    name = forms.CharField(label="Name", max_length=10)
    note = forms.CharField(label="Note", required=False)
    capacity = forms.IntegerField(label="Capacity")


def test_the_form_has_one_input_per_language_in_place_of_the_field():
    form = _PlaceForm()

    assert list(form.fields) == [
        "name_en",
        "name_ru",
        "name_de",
        "note_en",
        "note_ru",
        "note_de",
        "capacity",
    ]
    assert [
        form.fields[name].widget.attrs["lang"] for name in ["name_en", "name_ru", "name_de"]
    ] == [
        "en",
        "ru",
        "de",
    ]


def test_the_form_hands_the_services_one_mapping_per_field():
    form = _PlaceForm({"name_ru": "Зал", "name_de": "Saal", "capacity": "3"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "name": {"en": None, "ru": "Зал", "de": "Saal"},
        "note": {"en": None, "ru": None, "de": None},
        "capacity": 3,
    }


def test_a_required_field_needs_one_language_and_each_language_is_checked():
    empty = _PlaceForm({"capacity": "3"})
    too_long = _PlaceForm({"name_en": "Hall", "name_de": "Großer Festsaal", "capacity": "3"})

    assert empty.errors == {"name_en": ["Write this in at least one language."]}
    assert too_long.errors == {
        "name_de": ["Ensure this value has at most 10 characters (it has 15)."]
    }


def test_the_form_renders_each_field_as_one_group_labelled_by_language():
    html = str(_PlaceForm())

    assert html.count('<fieldset class="translated-field">') == 2
    assert "<legend>Name" in html
    assert '<label for="id_name_ru">Russian:</label>' in html
    assert 'lang="ru"' in html
    assert 'name="capacity"' in html


def test_a_model_form_takes_the_field_from_the_model_with_its_checks():
    class CityForm(TranslatedFieldsMixin, forms.ModelForm[Edition]):
        translated_fields = ("city",)

        class Meta:
            model = Edition
            fields = ["year"]

    edition = EditionFactory(city="Yaroslavl")
    form = CityForm({"city_en": "!!!", "year": "2018"}, instance=edition)

    assert form.errors == {"city_en": ["Write the name with letters."]}
    assert CityForm(instance=edition)["city_en"].value() == "Yaroslavl"
