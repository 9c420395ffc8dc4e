"""Forms of the open call. They read HTTP input; the services check the rules and write."""

from typing import Any

from django import forms
from django.conf import global_settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from impactdays.applications.models import SCORE_MAX, SCORE_MIN, Call, Criterion, Question
from impactdays.applications.services import (
    CALL_FIELDS,
    CLOSES_BEFORE_OPENING,
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
)
from impactdays.common.translated_forms import TranslatedFieldsMixin

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallForm(forms.ModelForm[Call]):
    """The call's settings; times are read and shown in the edition's time zone (set by the view)."""

    class Meta:
        model = Call
        fields = list(CALL_FIELDS)
        widgets = {"opens_at": DATETIME_INPUT, "closes_at": DATETIME_INPUT}

    def clean(self) -> dict[str, Any]:  # Any: cleaned values of many kinds
        cleaned = super().clean() or {}
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", CLOSES_BEFORE_OPENING)
        return cleaned


def _blank_first(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "—"), *choices]


def _answer_field(question: Question) -> forms.Field:
    """The form field of one question. Every field may stay empty: drafts are allowed, and the
    service says which answers a submission still needs."""
    common: dict[str, Any] = {  # Any: keyword arguments of many fields
        "label": question.label,
        "help_text": question.help_text,
        "required": False,
    }
    choices = [(choice.key, choice.label) for choice in question.choices.all()]
    kind = question.kind
    if kind == Question.Kind.SHORT_TEXT:
        return forms.CharField(max_length=SHORT_TEXT_MAX, **common)
    if kind == Question.Kind.LONG_TEXT:
        return forms.CharField(max_length=LONG_TEXT_MAX, widget=forms.Textarea, **common)
    if kind == Question.Kind.CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Question.Kind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **common
        )
    if kind == Question.Kind.COUNTRY:
        return forms.ChoiceField(choices=_blank_first(list(countries)), **common)
    if kind == Question.Kind.LANGUAGE:
        return forms.ChoiceField(
            choices=_blank_first([(code, str(name)) for code, name in global_settings.LANGUAGES]),
            **common,
        )
    return forms.BooleanField(**common)


class ApplicationForm(forms.Form):
    """One field per question of the call, named by its key, initially the saved answers."""

    def __init__(
        self, *args: Any, questions: list[Question], answers: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            field = _answer_field(question)
            if question.is_required:
                field.widget.attrs["aria-required"] = "true"
                field.label_suffix = " *"
            self.fields[question.key] = field
            self.initial[question.key] = answers.get(question.key)


class CriterionForm(forms.ModelForm[Criterion]):
    class Meta:
        model = Criterion
        fields = ["label", "weight", "help_text"]


class ReviewForm(forms.Form):
    """A score from SCORE_MIN to SCORE_MAX per criterion, and a comment."""

    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea, required=False, max_length=LONG_TEXT_MAX
    )

    def __init__(
        self, *args: Any, criteria: list[Criterion], initial_scores: dict[int, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        scale = [(value, str(value)) for value in range(SCORE_MIN, SCORE_MAX + 1)]
        for criterion in criteria:
            name = f"criterion_{criterion.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=_("%(label)s (weight %(weight)s)")
                % {"label": criterion.label, "weight": criterion.weight},
                help_text=criterion.help_text,
                choices=scale,
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.initial[name] = initial_scores.get(criterion.pk)
        self.order_fields([name for name in self.fields if name != "comment"] + ["comment"])

    def scores(self) -> dict[int, int]:
        return {
            int(name.removeprefix("criterion_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("criterion_")
        }


class QuotaForm(forms.Form):
    category = forms.ChoiceField(label=_("Question"))
    value = forms.CharField(
        label=_("Answer"),
        max_length=50,
        help_text=_("As stored: a choice's key, yes or no, a country or language code."),
    )
    minimum = forms.IntegerField(label=_("Minimum"), min_value=0, max_value=10_000)
    maximum = forms.IntegerField(label=_("Maximum"), min_value=0, max_value=10_000)

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            (question.key, question.label) for question in questions
        ]


class SelectionRunForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Seed"),
        required=False,
        min_value=0,
        max_value=2**32 - 1,
        help_text=_(
            "A public number, for example the digits of a lottery drawn on a known day; empty: a fresh one."
        ),
    )


class InviteForm(forms.Form):
    respond_by = forms.DateTimeField(
        label=_("Answer by"),
        widget=DATETIME_INPUT,
        help_text=_("Each invited applicant confirms or declines by then; a replacement follows."),
    )


QUOTAS_FILE_MAX_BYTES = 256 * 1024


class QuotasImportForm(forms.Form):
    quotas_file = forms.FileField(
        label=_("Quotas file"),
        help_text=_(
            "A CSV file as `impactdays select` reads it: feature,value,min,max (or "
            "category,feature,min,max). It replaces every quota of the call."
        ),
    )

    def clean_quotas_file(self) -> str:
        upload = self.cleaned_data["quotas_file"]
        if upload.size is None or upload.size > QUOTAS_FILE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 256 KB."))
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None


class QuestionForm(TranslatedFieldsMixin, forms.Form):
    """A question's wording and whether it is required; on a new question also its key, kind and
    choices (`is_new`), which stay fixed once applications answer it."""

    translated_fields = ("label", "help_text")

    key = forms.SlugField(
        label=_("Key"),
        max_length=50,
        help_text=_("Letters, digits and underscores; the column of the answer in files."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    label = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(label=_("Help text"), max_length=300, required=False)
    is_required = forms.BooleanField(label=_("Required"), required=False)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Choice questions only: one choice a line, as key: label."),
    )

    def __init__(self, *args: Any, is_new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_new:
            for name in ("key", "kind", "choices"):
                del self.fields[name]

    def clean_choices(self) -> list[tuple[str, str]]:
        pairs = []
        for number, line in enumerate(self.cleaned_data["choices"].splitlines(), start=1):
            if not line.strip():
                continue
            key, separator, label = line.partition(":")
            key, label = key.strip(), label.strip()
            if not separator or not label or not key.replace("_", "").isalnum():
                raise forms.ValidationError(
                    _("Line %(line)s: write a choice as key: label.") % {"line": number}
                )
            pairs.append((key, label))
        return pairs
