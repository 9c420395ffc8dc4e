"""The structured defaults a forum series hands to its editions, and their validation."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SESSION_KINDS = [
    "talk",
    "keynote",
    "breakfast",
    "site_visit",
    "creative_session",
    "discussion",
    "plenary",
    "networking",
]
QUESTION_KINDS = ["text", "long_text", "choice", "yes_no"]
LIST_FIELDS = [
    "session_kinds",
    "quota_categories",
    "idea_canvas_sections",
    "observation_tags",
    "report_sections",
]


def default_format() -> dict[str, Any]:
    """The format of Social Impact Days, the reference forum."""
    return {
        "session_kinds": list(SESSION_KINDS),
        "application_questions": [
            {
                "key": "motivation",
                "label": "Why do you want to take part?",
                "kind": "long_text",
                "required": True,
            },
            {
                "key": "experience",
                "label": "Which project of yours would you bring?",
                "kind": "long_text",
                "required": True,
            },
            {
                "key": "alumni",
                "label": "Have you taken part in an earlier edition?",
                "kind": "yes_no",
                "required": True,
            },
        ],
        "quota_categories": ["country", "sector", "gender", "age_band", "alumni"],
        "idea_canvas_sections": [
            "problem",
            "idea",
            "who_benefits",
            "partners_needed",
            "resources",
            "first_steps",
        ],
        "observation_tags": [
            "accessibility",
            "green",
            "heritage",
            "mobility",
            "safety",
            "social_life",
            "vacancy",
        ],
        "report_sections": [
            "theme",
            "participants",
            "programme",
            "challenges",
            "opinion_map",
            "decisions",
            "commitments",
            "photos",
        ],
    }


def format_validate(data: Any) -> dict[str, Any]:
    """Check the shape of a format; return it unchanged or raise ValidationError naming the fault."""
    if not isinstance(data, dict):
        raise ValidationError(_("A format must be an object."))
    errors: dict[str, str] = {}
    for field in LIST_FIELDS:
        value = data.get(field)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            errors[field] = _("Must be a list of non-empty words.")
        elif len(set(value)) != len(value):
            errors[field] = _("Must not repeat an entry.")
    kinds = data.get("session_kinds")
    if isinstance(kinds, list) and not set(kinds) <= set(SESSION_KINDS):
        errors["session_kinds"] = _("Unknown session kind: %(kinds)s.") % {
            "kinds": ", ".join(sorted(set(kinds) - set(SESSION_KINDS)))
        }
    questions = data.get("application_questions")
    if not isinstance(questions, list):
        errors["application_questions"] = _("Must be a list of questions.")
    else:
        keys = []
        for question in questions:
            if (
                not isinstance(question, dict)
                or not str(question.get("key", "")).strip()
                or not str(question.get("label", "")).strip()
                or question.get("kind") not in QUESTION_KINDS
            ):
                errors["application_questions"] = _(
                    "Each question needs a key, a label and a kind (text, long_text, choice, yes_no)."
                )
                break
            keys.append(question["key"])
        else:
            if len(set(keys)) != len(keys):
                errors["application_questions"] = _("Question keys must be unique.")
    unknown = set(data) - set(LIST_FIELDS) - {"application_questions"}
    if unknown:
        errors["__all__"] = _("Unknown format fields: %(fields)s.") % {
            "fields": ", ".join(sorted(unknown))
        }
    if errors:
        raise ValidationError(errors)
    return data


def validate_format(value: Any) -> None:
    """Field validator: format_validate's faults as a flat list of "field: message" lines."""
    try:
        format_validate(value)
    except ValidationError as error:
        raise ValidationError(
            [
                f"{field}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
        ) from None
