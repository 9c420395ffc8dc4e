"""The format: typed sections that apps register, checked field by field, defaults translatable."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from impactdays.forums.formats import default_format, format_sections, format_validate

format_migration = importlib.import_module("impactdays.forums.migrations.0004_format_sections")


def test_default_format_has_every_registered_section_and_passes():
    data = default_format()

    assert (
        set(data)
        == set(format_sections())
        == {
            "applications",
            "challenges",
            "programme",
            "reports",
            "teams",
        }
    )
    assert format_validate(data) == data


def test_a_missing_section_takes_its_defaults():
    data = default_format()
    del data["teams"]

    assert format_validate(data) == default_format()


@pytest.mark.parametrize(
    ("section", "change", "field", "message"),
    [
        ("programme", {"session_kinds": ["talk", "rave"]}, "programme.session_kinds", None),
        (
            "challenges",
            {"observation_tags": ["green", "green"]},
            "challenges.observation_tags",
            "Must not repeat an entry.",
        ),
        ("reports", {"sections": "theme"}, "reports.sections", "Must be a list."),
        (
            "applications",
            {"questions": [{"key": "x", "label": "X", "kind": "colour"}]},
            "applications.questions",
            None,
        ),
        (
            "applications",
            {"questions": [{"key": "x", "label": "X", "kind": "text"}] * 2},
            "applications.questions",
            "Question keys must be unique.",
        ),
        ("teams", {"surprise": []}, "teams.surprise", "Unknown field."),
        ("teams", {"idea_canvas_sections": [1, 2]}, "teams.idea_canvas_sections", None),
    ],
)
def test_format_validate_names_the_faulty_field(section, change, field, message):
    data = default_format()
    data[section] = {**data[section], **change}

    with pytest.raises(ValidationError) as error:
        format_validate(data)

    assert list(error.value.message_dict) == [field]
    if message is not None:
        assert error.value.message_dict[field] == [message]


def test_an_unknown_section_is_refused():
    with pytest.raises(ValidationError) as error:
        format_validate({**default_format(), "surprise": {}})

    assert error.value.message_dict == {"__all__": ["Unknown format sections: surprise."]}


def test_default_question_labels_read_in_each_language():
    label = default_format()["applications"]["questions"][0]["label"]

    with translation.override("de"):
        german = translation.gettext(label)

    assert label == "Why do you want to take part?"
    assert german != label


@pytest.mark.django_db
def test_series_with_bad_format_fails_validation():
    from tests.forums.factories import ForumSeriesFactory

    data = default_format()
    data["programme"] = {"session_kinds": ["rave"]}
    series = ForumSeriesFactory.build(format=data)

    with pytest.raises(ValidationError) as error:
        series.full_clean()

    assert len(error.value.message_dict["format"]) == 1
    assert error.value.message_dict["format"][0].startswith("programme.session_kinds: ")


def test_the_migration_nests_a_flat_format_and_back():
    flat = {
        "session_kinds": ["talk"],
        "application_questions": [
            {
                "key": "x",
                "label": "X",
                "kind": "text",
                "required": True,
                "help_text": "",
                "choices": [],
            }
        ],
        "quota_categories": ["country"],
        "idea_canvas_sections": ["idea"],
        "observation_tags": ["green"],
        "report_sections": ["theme"],
    }

    nested = format_migration._nest(flat)

    assert format_validate(nested) == nested
    assert nested["applications"]["quota_categories"] == ["country"]
    assert format_migration._flatten(nested) == flat
