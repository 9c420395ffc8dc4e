"""Forms of creative sessions. They read HTTP input; the services check the rules and write."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from impactdays.challenges.models import Challenge
from impactdays.common.translated_forms import TranslatedFieldsMixin
from impactdays.people.models import User
from impactdays.programme.models import Session as ProgrammeSession
from impactdays.teams.formation import ANSWER_PREFIX, attribute_labels
from impactdays.teams.models import CreativeSession, Pair, Topic
from impactdays.teams.services import SECTION_MAX, SESSION_FIELDS, WEIGHT_MAX

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(TranslatedFieldsMixin, forms.ModelForm[CreativeSession]):
    """The session's setup: its title, time, team sizes, rules and diversity weights."""

    translated_fields = ("title",)

    class Meta:
        model = CreativeSession
        fields = list(SESSION_FIELDS)
        widgets = {"starts_at": DATETIME_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # Any: the form's own arguments
        super().__init__(*args, **kwargs)
        # The programme's creative sessions of this edition only (the service checks it again).
        self.fields["programme_session"].queryset = ProgrammeSession.objects.filter(  # type: ignore[attr-defined]  # a ModelChoiceField
            edition=self.instance.edition_id, kind=ProgrammeSession.Kind.CREATIVE_SESSION
        )
        weights = self.instance.weights if self.instance.pk else {}
        self.attributes = attribute_labels(self.instance.edition)
        for name, label in self.attributes.items():
            self.fields[f"weight_{name}"] = forms.FloatField(
                label=(
                    _("Weight of the answer to “%(question)s”") % {"question": label}
                    if name.startswith(ANSWER_PREFIX)
                    else _("Weight of %(attribute)s") % {"attribute": label}
                ),
                min_value=0,
                max_value=WEIGHT_MAX,
                initial=weights.get(name, 0.0),
                required=False,
                help_text=_("0 leaves it out."),
            )

    def weights(self) -> dict[str, float]:
        return {
            name: float(self.cleaned_data.get(f"weight_{name}") or 0.0) for name in self.attributes
        }

    def values(self) -> dict[str, Any]:  # Any: cleaned values of many kinds
        values = {name: self.cleaned_data[name] for name in SESSION_FIELDS}
        values["title"] = self.cleaned_data["title"]
        return values


class SessionCreateForm(TranslatedFieldsMixin, forms.ModelForm[CreativeSession]):
    translated_fields = ("title",)

    class Meta:
        model = CreativeSession
        fields = ["starts_at", "min_team_size", "max_team_size"]
        widgets = {"starts_at": DATETIME_INPUT}


class TopicForm(TranslatedFieldsMixin, forms.ModelForm[Topic]):
    translated_fields = ("title",)

    class Meta:
        model = Topic
        fields: list[str] = []


class ChallengeTopicForm(forms.Form):
    """One of the edition's public challenges, not yet a topic of the session."""

    challenge = forms.ModelChoiceField(queryset=Challenge.objects.none(), label=_("Challenge"))

    def __init__(self, *args: Any, challenges: QuerySet[Challenge], **kwargs: Any) -> None:
        # Any: the form's own arguments.
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = challenges  # type: ignore[attr-defined]  # a ModelChoiceField


class PeopleChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.public_name


class PairForm(forms.Form):
    first = PeopleChoiceField(label=_("First person"), queryset=User.objects.none())
    second = PeopleChoiceField(label=_("Second person"), queryset=User.objects.none())
    kind = forms.ChoiceField(label=_("Rule"), choices=Pair.Kind.choices)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:  # Any: form args
        super().__init__(*args, **kwargs)
        people = people if people is not None else User.objects.none()
        self.fields["first"].queryset = people  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["second"].queryset = people  # type: ignore[attr-defined]  # a ModelChoiceField


class RankingForm(forms.Form):
    """A participant's ranking: a rank per topic (1 first); topics left blank are not chosen."""

    def __init__(self, *args: Any, topics: list[Topic], ranking: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topics = topics
        position = {pk: index + 1 for index, pk in enumerate(ranking)}
        choices = [("", "—")] + [(str(rank), str(rank)) for rank in range(1, len(topics) + 1)]
        for topic in topics:
            self.fields[f"topic_{topic.pk}"] = forms.TypedChoiceField(
                label=str(topic),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=position.get(topic.pk, ""),
            )

    def clean(self) -> dict[str, Any]:  # Any: cleaned values
        cleaned = super().clean() or {}
        ranks = [cleaned.get(f"topic_{topic.pk}") for topic in self.topics]
        given = [rank for rank in ranks if rank is not None]
        if len(given) != len(set(given)):
            raise forms.ValidationError(_("Give each rank to one topic only."))
        return cleaned

    def ranking(self) -> list[int]:
        ranked = [
            (self.cleaned_data[f"topic_{topic.pk}"], topic.pk)
            for topic in self.topics
            if self.cleaned_data.get(f"topic_{topic.pk}") is not None
        ]
        return [pk for _rank, pk in sorted(ranked)]


class MoveForm(forms.Form):
    user = forms.IntegerField(widget=forms.HiddenInput)
    team = forms.IntegerField(label=_("Move to"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class SwapForm(forms.Form):
    first = forms.IntegerField(label=_("First person"))
    second = forms.IntegerField(label=_("Second person"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CanvasForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section_keys = [key for key, _label in sections]
        for key, label in sections:
            self.fields[key] = forms.CharField(
                label=label,
                max_length=SECTION_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key) or "" for key in self.section_keys}


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
