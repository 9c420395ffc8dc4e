"""Forms of the challenges pages: a challenge proposed by a partner or an organiser."""

from typing import Any

from django import forms
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from impactdays.challenges.geometry import validate_geometry
from impactdays.challenges.photos import photo_check


class ChallengeProposeForm(forms.Form):
    """A "How might we …?" question in the page's language, a place on the map, a photo."""

    title = forms.CharField(
        label=_("Challenge"),
        max_length=300,
        help_text=_("A question: “How might we …?”"),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    geometry = forms.JSONField(
        label=_("Places on the map (GeoJSON)"),
        required=False,
        help_text=_(
            'Optional. For example {"type": "Point", "coordinates": [39.88, 57.60]} '
            "(longitude first)."
        ),
        validators=[validate_geometry],
    )
    image = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 15 MB; its metadata is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_image(self) -> File[bytes] | None:
        image: File[bytes] | None = self.cleaned_data.get("image")
        if image:
            photo_check(image)
        return image

    def clean_geometry(self) -> dict[str, Any] | None:
        geometry: dict[str, Any] | None = self.cleaned_data.get("geometry")
        return geometry or None


class ObservationEditForm(forms.Form):
    """The text, tags and site visit of an observation, changed by its author or a moderator."""

    text = forms.CharField(label=_("What did you observe?"), widget=forms.Textarea, max_length=5000)
    tags = forms.MultipleChoiceField(
        label=_("Tags"), required=False, widget=forms.CheckboxSelectMultiple
    )
    # The published programme's site visits (session id, title); shown only when there are some.
    session = forms.TypedChoiceField(
        label=_("Site visit"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        tags: list[tuple[str, str]],
        site_visits: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        # Any: Form's own arguments (data, initial, …).
        super().__init__(*args, **kwargs)
        self.fields["tags"].choices = tags  # type: ignore[attr-defined]  # a ChoiceField
        if site_visits:
            self.fields["session"].choices = [("", _("No site visit")), *site_visits]  # type: ignore[attr-defined]  # a ChoiceField
        else:
            del self.fields["session"]
