"""The avatar picker: the current photo, a preview of the chosen file, and a remove button."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class AvatarInput(forms.ClearableFileInput):
    """A file input that shows the stored avatar and, once a file is chosen, its preview.

    Without JavaScript it is a plain file input beside the current photo. `people/js/avatar.js`
    shows the chosen file in place of the photo before anything is uploaded. Removing the photo
    is its own form (`people:avatar-remove`), reached by a button that names it with the
    `form` attribute, so the button can sit here without nesting forms.
    """

    template_name = "people/widgets/avatar_input.html"

    class Media:
        js = ["people/js/avatar.js"]

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "accept": "image/jpeg,image/png,image/webp",
                # Read by avatar.js; "%s" is the chosen file's name.
                "data-chosen": _("Chosen: %s. Save the profile to use it."),
                "data-wrong-type": _("Choose a JPEG, PNG or WebP image."),
                **(attrs or {}),
            }
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        # The stored file's URL is the avatar_detail view (private storage), which the model's
        # storage answers for it.
        context["widget"]["avatar_url"] = value.url if self.is_initial(value) else ""
        return context
