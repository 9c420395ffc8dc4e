"""Forms of the decision pages; each passes its cleaned_data to one service."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from impactdays.common.images import image_check
from impactdays.common.translated_forms import TranslatedFieldsMixin
from impactdays.decisions.evidence import EVIDENCE_KINDS, evidence_choices
from impactdays.decisions.models import SCORE_MAX, SCORE_MIN, Commitment, Decision, Vote
from impactdays.forums.models import Edition, EditionRole, Organisation
from impactdays.people.models import User

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class DecisionForm(TranslatedFieldsMixin, forms.Form):
    translated_fields = ("title", "text")

    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))


class DecisionReviseForm(DecisionForm):
    reason = forms.CharField(
        label=_("Why is it revised?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceForm(TranslatedFieldsMixin, forms.Form):
    """A note, a link, or a record of the edition chosen from one list grouped by kind (a plain
    select: the form works without JavaScript)."""

    translated_fields = ("summary",)
    field_order = ["kind", "reference", "summary", "url"]

    kind = forms.ChoiceField(label=_("Kind"))
    reference = forms.CharField(
        label=_("What is cited"),
        required=False,
        help_text=_("For a statement, a team idea, an observation or a challenge."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What this evidence shows: a quote, a finding, a statement's result."),
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:  # Any: the form's
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            (key, kind.label) for key, kind in EVIDENCE_KINDS.items()
        ]
        self.fields["reference"].widget = forms.Select(
            choices=[("", _("Nothing: a note or a link")), *evidence_choices(edition)]
        )

    def clean(self) -> dict[str, Any]:
        """`reference` ("kind:id") becomes `reference_id`; its kind must be the kind chosen."""
        cleaned_data = super().clean()
        reference = cleaned_data.pop("reference", "") or ""
        cleaned_data["reference_id"] = None
        if reference:
            kind, _colon, number = reference.partition(":")
            if not number.isdigit():
                self.add_error("reference", _("Choose what to cite from the list."))
            elif kind != cleaned_data.get("kind"):
                self.add_error("reference", _("What is cited is not of the kind chosen."))
            else:
                cleaned_data["reference_id"] = int(number)
        return cleaned_data


class PollForm(forms.Form):
    poll_kind = forms.ChoiceField(label=_("Poll"), choices=Decision.PollKind.choices)
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DATETIME_INPUT)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DATETIME_INPUT)
    quorum_percent = forms.IntegerField(
        label=_("Quorum (%)"),
        validators=PERCENT,
        initial=50,
        help_text=_("The share of the edition's participants who must vote."),
    )
    threshold_percent = forms.IntegerField(
        label=_("Threshold (%)"),
        validators=PERCENT,
        initial=50,
        help_text=_(
            "Consent poll: the share of agreeing votes among those who agree or disagree "
            "(any block rejects). Score poll: the mean score as a share of the highest score."
        ),
    )


class RoomVoteForm(forms.Form):
    """The counts of a consent vote taken in the room (cards shown)."""

    agree = forms.IntegerField(label=_("Agree"), min_value=0, max_value=100_000)
    abstain = forms.IntegerField(label=_("Abstain"), min_value=0, max_value=100_000)
    disagree = forms.IntegerField(label=_("Disagree"), min_value=0, max_value=100_000)
    block = forms.IntegerField(label=_("Block"), min_value=0, max_value=100_000)
    decided_at = forms.DateTimeField(label=_("Voted at"), widget=DATETIME_INPUT)
    quorum_percent = forms.IntegerField(
        label=_("Quorum (%)"),
        validators=PERCENT,
        help_text=_("The share of the edition's participants who must vote."),
    )
    threshold_percent = forms.IntegerField(
        label=_("Threshold (%)"),
        validators=PERCENT,
        help_text=_("The share of agreeing votes among those who agree or disagree."),
    )


class ConsentVoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=Vote.Choice.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you block."),
    )


class ScoreVoteForm(forms.Form):
    score = forms.IntegerField(
        label=_("Your score"),
        min_value=SCORE_MIN,
        max_value=SCORE_MAX,
        help_text=_("From %(min)s (against) to %(max)s (fully for).")
        % {"min": SCORE_MIN, "max": SCORE_MAX},
    )
    reason = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommitmentForm(forms.Form):
    """A commitment in one's own name; `organisation` picks one of the edition's partners."""

    what = forms.CharField(label=_("What will you do?"), widget=forms.Textarea(attrs={"rows": 2}))
    resources = forms.CharField(
        label=_("With which resources?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Money, people, rooms, time: what you put in."),
    )
    due_on = forms.DateField(label=_("By when?"), widget=DATE_INPUT)
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Myself"),
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:  # Any: form args
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]  # a ModelChoiceField
            partnerships__edition=edition
        ).distinct()


class CommitmentRecordForm(CommitmentForm):
    """An organiser records a commitment for someone of the edition."""

    field_order = ["committer", "organisation", "what", "resources", "due_on"]

    committer = forms.ModelChoiceField(label=_("Who commits?"), queryset=User.objects.none())

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:  # Any: form args
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["committer"].queryset = (  # type: ignore[attr-defined]  # a ModelChoiceField
            User.objects.filter(edition_roles__edition=edition)
            .exclude(edition_roles__role=EditionRole.Role.ORGANISER, edition_roles__edition=edition)
            .distinct()
            .order_by("display_name")
        )
        self.fields["committer"].label_from_instance = lambda user: user.public_name  # type: ignore[attr-defined]


class CommitmentStatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=Commitment.Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you drop the commitment."),
    )

    def __init__(self, *args: Any, commitment: Commitment, **kwargs: Any) -> None:  # Any: form args
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            (status, Commitment.Status(status).label) for status in commitment.allowed_moves()
        ]


class CommitmentUpdateForm(forms.Form):
    happened_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    text = forms.CharField(label=_("What happened?"), widget=forms.Textarea(attrs={"rows": 3}))
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    # A plain file field: forms.ImageField would decode the upload with no pixel budget;
    # image_check reads only its header and says what is wrong.
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_(
            "A JPEG, PNG or WebP image of at most 10 MB. Camera and location data are removed."
        ),
    )

    def clean_photo(self) -> UploadedFile | None:
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            image_check(photo)
            return photo
        return None
