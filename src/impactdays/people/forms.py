"""Forms for sign-up, the profile, consent and API tokens.

This module is imported by allauth while it builds its own forms (ACCOUNT_SIGNUP_FORM_CLASS),
so it must never import allauth.account.forms.
"""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from impactdays.common.images import image_check
from impactdays.people.models import ConsentKind, User
from impactdays.people.services import user_signup_complete
from impactdays.people.widgets import AvatarInput

# Languages people at the forums commonly speak: Europe, the Caucasus and Central Asia, plus the
# world's large languages. Codes are Django's (global_settings.LANGUAGES), so
# common.validators.validate_language_codes accepts each one.
PROFILE_LANGUAGE_CODES = frozenset(
    "ar az be bg ca cs da de el en es et fa fi fr he hi hr hu hy it ja ka kk ko ky lt lv nl "
    "pl pt ro ru sk sl sq sr sv tg tk tr uk uz zh-hans".split()
)


def language_choices() -> list[tuple[str, str]]:
    """The profile languages, alphabetical in the language of the page being rendered."""
    # Choices given as a callable are evaluated each time they are listed, so the names are
    # translated and sorted per request rather than once at import.
    return sorted(
        ((code, get_language_info(code)["name_translated"]) for code in PROFILE_LANGUAGE_CODES),
        key=lambda choice: choice[1],
    )


# The consents a person switches on the profile page; the terms are accepted once, at sign-up.
SWITCHABLE_CONSENTS = (ConsentKind.DIRECTORY_LISTING, ConsentKind.PHOTO_PUBLICATION)


class SignupForm(forms.Form):
    """Fields allauth adds to its sign-up form; `signup` runs once the user is saved."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=100,
        required=False,
        help_text=_("How other participants see you. You can change it later."),
    )
    accepts_terms = forms.BooleanField(
        label=_("I accept the terms of use"),
        # Django's form templates show help texts unescaped, so the links stay links.
        help_text=format_lazy(
            _(
                'Read the <a href="{terms}">terms of use</a> and the <a href="{privacy}">privacy notice</a>.'
            ),
            terms=reverse_lazy("people:terms-detail"),
            privacy=reverse_lazy("people:privacy-detail"),
        ),
        required=True,
        error_messages={"required": _("You can only sign up if you accept the terms of use.")},
    )
    field_order = ["email", "display_name", "password1", "password2", "accepts_terms"]

    def signup(self, request: HttpRequest, user: User) -> None:
        user_signup_complete(user=user, display_name=self.cleaned_data["display_name"])


class ProfileForm(forms.ModelForm[User]):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "people-checkbox-grid"}),
        help_text=_("Languages you speak."),
    )

    class Meta:
        model = User
        fields = ["display_name", "country", "organisation", "sector", "languages", "bio", "avatar"]
        # A plain file field: forms.ImageField would decode the upload with no pixel budget and
        # answer every refusal with one vague message; image_check says what is wrong.
        field_classes = {"avatar": forms.FileField}
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "avatar": AvatarInput(),
        }
        help_texts = {
            "display_name": _("How other participants see you."),
            "bio": _("At most 600 characters."),
            "avatar": _(
                "A JPEG, PNG or WebP image of at most 10 MB. Camera and location data are removed."
            ),
        }

    def clean_avatar(self) -> Any:  # Any: the stored FieldFile, False (clear) or an upload
        # Unchanged (the stored file) or cleared (False) needs no check; only a new upload does.
        avatar = self.cleaned_data.get("avatar")
        if isinstance(avatar, UploadedFile):
            image_check(avatar)
        return avatar


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(choices=[(kind.value, kind.label) for kind in SWITCHABLE_CONSENTS])
    is_given = forms.TypedChoiceField(
        choices=[("true", _("Give")), ("false", _("Withdraw"))],
        coerce=lambda value: value == "true",
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, for example the name of a script."),
    )


class AccountEraseForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data are erased for good."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."))
        return password
