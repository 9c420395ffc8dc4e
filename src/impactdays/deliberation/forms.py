"""The voting page's forms."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from impactdays.challenges.models import Challenge
from impactdays.common.translated_forms import TranslatedFieldsMixin
from impactdays.deliberation.models import Conversation
from impactdays.deliberation.polis import OPEN_DATA_UPLOAD_MAX_BYTES
from impactdays.forums.models import Edition


class StatementForm(forms.Form):
    """A new statement; its length limit is the conversation's."""

    def __init__(self, *args: object, conversation: Conversation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own signature
        self.fields["text"] = forms.CharField(
            label=_("Your statement"),
            max_length=conversation.statement_length,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("One short thought others can agree or disagree with."),
        )


class ConversationForm(TranslatedFieldsMixin, forms.ModelForm[Conversation]):
    """A conversation's topic and description in the edition's languages, and its rules."""

    translated_fields = ("topic", "description")

    class Meta:
        model = Conversation
        fields = ["voters", "moderation", "statement_length", "challenge"]

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:  # Any: form args
        super().__init__(*args, **kwargs)
        challenge = self.fields["challenge"]
        if isinstance(challenge, forms.ModelChoiceField):
            challenge.queryset = Challenge.objects.filter(edition=edition)

    def values(self) -> dict[str, Any]:  # Any: cleaned values of many kinds
        return {
            name: self.cleaned_data[name]
            for name in ("topic", "description", "voters", "moderation", "statement_length")
        } | {"challenge": self.cleaned_data.get("challenge")}


class ConversationCreateForm(ConversationForm):
    seed_statements = forms.CharField(
        label=_("Seed statements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One statement a line; they are shown from the start."),
    )

    def seeds(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data["seed_statements"].splitlines()
            if line.strip()
        ]


class SeedForm(forms.Form):
    text = forms.CharField(
        label=_("New seed statement"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Pol.is openData export (ZIP)"),
        help_text=_(
            "A ZIP file with comments.csv and participants-votes.csv (votes.csv and summary.csv if you have them)."
        ),
    )

    def clean_file(self) -> Any:  # Any: Django's UploadedFile
        upload = self.cleaned_data["file"]
        if upload.size > OPEN_DATA_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(megabytes)d MB.")
                % {"megabytes": OPEN_DATA_UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload
