"""The voting page's forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from impactdays.deliberation.models import Conversation


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
