import pytest
from django.core.exceptions import ValidationError

from impactdays.forums.formats import default_format, format_validate


def test_format_validate_accepts_default():
    data = default_format()

    assert format_validate(data) == data


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"session_kinds": ["talk", "rave"]}, "session_kinds"),
        ({"observation_tags": ["green", "green"]}, "observation_tags"),
        ({"report_sections": "theme"}, "report_sections"),
        (
            {"application_questions": [{"key": "x", "label": "X", "kind": "colour"}]},
            "application_questions",
        ),
        (
            {"application_questions": [{"key": "x", "label": "X", "kind": "text"}] * 2},
            "application_questions",
        ),
        ({"surprise": []}, "__all__"),
    ],
)
def test_format_validate_names_the_faulty_field(change, field):
    data = {**default_format(), **change}

    with pytest.raises(ValidationError) as error:
        format_validate(data)

    assert list(error.value.message_dict) == [field]


@pytest.mark.django_db
def test_series_with_bad_format_fails_validation():
    from tests.factories import ForumSeriesFactory

    series = ForumSeriesFactory.build(format={**default_format(), "session_kinds": ["rave"]})

    with pytest.raises(ValidationError) as error:
        series.full_clean()

    assert error.value.message_dict["format"] == ["session_kinds: Unknown session kind: rave."]
