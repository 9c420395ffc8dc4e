"""Forms of the programme; they clean HTTP input and hand it to the services.

Times are entered and shown in the edition's time zone: the views wrap the forms in
`timezone.override(edition.time_zone)`.
"""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from impactdays.common.translated_forms import TranslatedFieldsMixin
from impactdays.forums.models import Edition, Room
from impactdays.people.models import User
from impactdays.programme.models import PreferenceRound, Session, Speaker
from impactdays.programme.services import session_kinds_of

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
SESSION_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "room",
    "place",
    "latitude",
    "longitude",
    "capacity",
    "languages",
    "track",
    "tags",
    "materials",
    "speakers",
)


class SessionForm(TranslatedFieldsMixin, forms.Form):
    translated_fields = ("title", "description")

    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10_000,
        help_text=_("Markdown: *emphasis*, **strong**, lists and links."),
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME_INPUT)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME_INPUT)
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none(), required=False)
    place = forms.CharField(
        label=_("Outdoor place"),
        max_length=200,
        required=False,
        help_text=_("For a session outside any room: where people meet."),
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False)
    longitude = forms.FloatField(label=_("Longitude"), required=False)
    # No minimum here: the service says, in one place, why a capacity is refused.
    capacity = forms.IntegerField(
        label=_("Capacity"), required=False, help_text=_("Leave empty for no limit.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, widget=forms.CheckboxSelectMultiple
    )
    track = forms.CharField(label=_("Track"), max_length=100, required=False)
    tags = forms.CharField(label=_("Tags"), required=False, help_text=_("Separated by commas."))
    materials = forms.CharField(
        label=_("Materials"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One link a line: a title, a vertical bar, the address."),
    )
    speakers = forms.ModelMultipleChoiceField(
        label=_("Speakers"),
        queryset=Speaker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    allow_room_clash = forms.BooleanField(
        label=_("Keep it even if the room is booked then"), required=False
    )

    def __init__(
        self, *args: Any, edition: Edition, instance: Session | None = None, **kwargs: Any
    ) -> None:  # Any: Form's own arguments
        # TranslatedFieldsMixin fills the per-language inputs from `instance`.
        self.instance = instance
        super().__init__(*args, **kwargs)
        labels = dict(Session.Kind.choices)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            (kind, labels.get(kind, kind)) for kind in session_kinds_of(edition)
        ]
        self.fields["room"].queryset = Room.objects.filter(  # type: ignore[attr-defined]
            venue__edition=edition
        ).select_related("venue")
        self.fields["speakers"].queryset = Speaker.objects.filter(edition=edition)  # type: ignore[attr-defined]
        names = dict(settings.LANGUAGES)
        self.fields["languages"].choices = [  # type: ignore[attr-defined]
            (code, names.get(code, code)) for code in edition.languages
        ]

    def clean_tags(self) -> list[str]:
        return [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]

    def clean_materials(self) -> list[dict[str, str]]:
        materials = []
        for line in self.cleaned_data["materials"].splitlines():
            if not line.strip():
                continue
            title, bar, url = line.rpartition("|")
            materials.append({"title": title.strip() if bar else "", "url": url.strip()})
        return materials

    def service_fields(self) -> dict[str, Any]:  # Any: SessionFields
        return {name: self.cleaned_data[name] for name in SESSION_FIELDS}

    @classmethod
    def initial_from(cls, session: Session) -> dict[str, Any]:  # Any: initial values
        return {
            "kind": session.kind,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "room": session.room_id,
            "place": session.place,
            "latitude": session.latitude,
            "longitude": session.longitude,
            "capacity": session.capacity,
            "languages": session.languages,
            "track": session.track,
            "tags": ", ".join(session.tags),
            "materials": "\n".join(f"{m['title']} | {m['url']}" for m in session.materials),
            "speakers": [speaker.pk for speaker in session.speakers.all()],
        }


class SpeakerForm(TranslatedFieldsMixin, forms.Form):
    translated_fields = ("bio",)

    account = forms.ModelChoiceField(
        label=_("Account"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A person of this edition with an account; leave empty for a guest."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    bio = forms.CharField(
        label=_("Bio"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    photo = forms.FileField(label=_("Photo"), required=False)

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:  # Any: Form's
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = (  # type: ignore[attr-defined]  # a ModelChoiceField
            User.objects.filter(edition_roles__edition=edition).distinct().order_by("display_name")
        )


class PublishForm(forms.Form):
    changelog = forms.CharField(
        label=_("What changed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("Participants whose agenda the change touches receive this by e-mail."),
    )


class RoundForm(TranslatedFieldsMixin, forms.Form):
    translated_fields = ("title",)

    title = forms.CharField(label=_("Title"), max_length=200)
    sessions = forms.ModelMultipleChoiceField(
        label=_("Parallel workshops"),
        queryset=Session.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:  # Any: Form's
        super().__init__(*args, **kwargs)
        self.fields["sessions"].queryset = Session.objects.filter(  # type: ignore[attr-defined]
            edition=edition
        ).order_by("starts_at", "pk")


class AssignForm(forms.Form):
    objective = forms.ChoiceField(
        label=_("Objective"),
        choices=PreferenceRound.Objective.choices,
        initial=PreferenceRound.Objective.MIN_COST,
    )
