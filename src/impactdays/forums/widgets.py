"""Form widgets of the forums app: the language picker and the map picker."""

import json
from typing import Any

from django import forms
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from impactdays.forums.templatetags.forums_maps import map_settings

# Shown before the others: the series' languages so far and Europe's most spoken ones.
COMMON_LANGUAGES = frozenset(
    {"en", "de", "ru", "fr", "es", "it", "pl", "uk", "ka", "hy", "lt", "tr"}
)


class LanguagePicker(forms.CheckboxSelectMultiple):
    """Checkboxes: the chosen and the common languages first, the others folded away.

    It works without JavaScript; forums/js/language_picker.js adds a search field and the
    chosen languages as removable chips, over the same checkboxes (so the keyboard and screen
    readers use native controls either way).
    """

    template_name = "forums/widgets/language_picker.html"

    class Media:
        js = ("forums/js/language_picker.js",)

    # Any: Django's widget context holds values of many kinds.
    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        options = [
            option
            for _group, group_options, _index in context["widget"]["optgroups"]
            for option in group_options
        ]
        first = [o for o in options if o["selected"] or o["value"] in COMMON_LANGUAGES]
        context["widget"]["first_options"] = first
        context["widget"]["more_options"] = [o for o in options if o not in first]
        return context


# The files map_picker.js loads, in order, each unless the page already defines its global.
_PICKER_SCRIPTS = [
    ("L", "leaflet/leaflet.js"),
    ("topojson", "forums/vendor/topojson-client/topojson-client.min.js"),
    ("ImpactdaysBasemap", "forums/js/basemap.js"),
]
_PICKER_STYLES = ["leaflet/leaflet.css", "forums/css/maps.css"]


class MapPointWidget(forms.NumberInput):
    """The longitude input, then a map on which a click or a dragged pin sets the point.

    Put it on the longitude field; it works with the latitude field of the same form (named
    `latitude_field`, with the form's prefix). Both number inputs stay visible and editable: they
    are the path for keyboards, screen readers and pages without JavaScript. The map draws the
    shipped basemap (so it works offline) and the tiles of MAP_TILE_URL when there are any. When
    settings.GEOCODER_URL names a geocoder, a "find an address" box asks it through the site
    (forums:address-geocode), so the page's CSP stays 'self'.

    The widget's template loads static/forums/js/map_picker.js itself, which loads Leaflet and the
    basemap once per page: the form works on any page that renders it, without `form.media`.
    """

    template_name = "forums/widgets/map_point.html"

    def __init__(
        self, *, latitude_field: str = "latitude", attrs: dict[str, Any] | None = None
    ) -> None:
        super().__init__(attrs={"step": "any", **(attrs or {})})
        self.latitude_field = latitude_field

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        # Any: Django's widget API passes the field's value and attributes untyped.
        context = super().get_context(name, value, attrs)
        form_prefix = name[: len(name) - len(name.rpartition("-")[2])]
        widget_id = context["widget"]["attrs"].get("id") or f"map-point-{name}"
        context["picker"] = {
            "id": widget_id,
            "latitude_name": form_prefix + self.latitude_field,
            "longitude_name": name,
            "scripts": json.dumps([[global_, static(path)] for global_, path in _PICKER_SCRIPTS]),
            "styles": [static(path) for path in _PICKER_STYLES],
            "script": static("forums/js/map_picker.js"),
            "geocode_url": reverse("forums:address-geocode") if settings.GEOCODER_URL else "",
            "pin_label": _("The chosen point"),
            **map_settings(),
        }
        return context
