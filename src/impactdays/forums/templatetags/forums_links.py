"""`{% edition_url "forums:edition-manage" edition pk=room.pk %}`: see forums.links."""

from typing import Any

from django import template

from impactdays.forums import links
from impactdays.forums.models import Edition

register = template.Library()


@register.simple_tag
def edition_url(viewname: str, edition: Edition, **kwargs: Any) -> str:  # Any: URL keywords
    return links.edition_url(viewname, edition, **kwargs)
