"""The kinds of evidence a decision may cite, and how each is checked.

Free text and links need no other app. The kinds that point at another app's record (a
statement of the opinion map, a team's idea, an observation, a challenge) are declared in
Evidence.Kind already; each becomes citable when its app lands, by adding an EvidenceKind here
with `model` (the app label and model name) and `edition_of` (how to find the record's
edition). decisions sits above those apps, so it imports their models directly: no registry
filled from below is needed, and a reference is stored as a content type and an id.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from impactdays.decisions.models import Evidence
from impactdays.forums.models import Edition


@dataclass(frozen=True)
class EvidenceKind:
    label: str | Promise
    needs_url: bool = False
    # "app_label.modelname" of the cited record; empty for kinds that cite no record.
    model: str = ""
    edition_of: Callable[[models.Model], Edition] | None = None


EVIDENCE_KINDS: dict[str, EvidenceKind] = {
    Evidence.Kind.TEXT: EvidenceKind(label=_("Note")),
    Evidence.Kind.LINK: EvidenceKind(label=_("Link"), needs_url=True),
}


def evidence_kind(kind: str) -> EvidenceKind | None:
    """The citable kind of that name, or None while its app has not landed."""
    return EVIDENCE_KINDS.get(kind)
