"""The kinds of evidence a decision may cite, and how each is checked and shown.

Free text and links need no other app. The other kinds point at another app's record: a
statement of the opinion map, a team's idea canvas, an observation, a challenge. decisions sits
above those apps, so it imports their models directly: no registry filled from below is needed,
and a reference is stored as a content type and an id.

Each kind that cites a record says how to load it (`loaded`, used for the decision page's one
query per kind), which of an edition's records may be chosen (`choosable`), which edition a
record belongs to, whether the public may see it (`is_public`: hidden statements and
observations, challenges not accepted and teams not yet published may neither be cited nor
shown), and how to show it (`show`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from impactdays.challenges.models import Challenge, Observation, Photo
from impactdays.decisions.models import Evidence
from impactdays.deliberation.models import Analysis, Conversation, Statement
from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition
from impactdays.teams.models import Canvas

TITLE_LENGTH = 160


@dataclass(frozen=True)
class Cited:
    """A cited record as the decision page shows it."""

    title: str
    url: str
    detail: str = ""
    thumbnail_url: str = ""


@dataclass(frozen=True)
class EvidenceKind:
    label: str | Promise
    needs_url: bool = False
    # The model of the cited record; None for kinds that cite no record.
    model: type[Model] | None = None
    # Any below: each kind's own model.
    loaded: Callable[[], QuerySet[Any]] | None = None
    choosable: Callable[[Edition], QuerySet[Any]] | None = None
    edition_id_of: Callable[[Any], int] | None = None
    is_public: Callable[[Any], bool] = lambda _record: True
    show: Callable[[Any, Edition], Cited] | None = None


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "…"


# Statements: the consensus of the opinion map, with their agreement share.

_STATEMENT_SHOWN = Q(moderation=Statement.Moderation.ACCEPTED) | Q(
    moderation=Statement.Moderation.UNMODERATED,
    conversation__moderation=Conversation.Moderation.POST,
)


def _statements_loaded() -> QuerySet[Statement]:
    return Statement.objects.select_related("conversation__analysis").defer(
        "conversation__analysis__state"
    )


# Group-informed consensus (Pol.is): the product over the opinion groups of each group's
# agreement, (agree + 1) / (seen + 2). A statement is offered when that product's geometric
# mean reaches this share: every group, on the whole, agrees.
GROUP_INFORMED_SHARE = 0.6


def group_informed_consensus(result: dict[str, Any]) -> set[int]:
    """The statements of an analysis result that every opinion group agrees with, by id."""
    agreed = set()
    for pk, groups in result.get("group_votes", {}).items():
        if not groups:
            continue
        product = 1.0
        for agree, _disagree, seen in groups:
            product *= (agree + 1) / (seen + 2)
        if product ** (1 / len(groups)) >= GROUP_INFORMED_SHARE:
            agreed.add(int(pk))
    return agreed


def _consensus_statements(edition: Edition) -> QuerySet[Statement]:
    """The visible statements the latest analyses found agreed or disagreed on across groups,
    and those of group-informed consensus."""
    ids: set[int] = set()
    for result in Analysis.objects.filter(conversation__edition=edition).values_list(
        "result", flat=True
    ):
        ids.update(result.get("consensus_agree", []))
        ids.update(result.get("consensus_disagree", []))
        ids.update(group_informed_consensus(result))
    return (
        _statements_loaded()
        .filter(conversation__edition=edition, pk__in=ids)
        .filter(_STATEMENT_SHOWN)
        .order_by("conversation", "number")
    )


def agreement_percent(statement: Statement) -> int | None:
    """The share of voters who agreed, among all who saw the statement in the latest analysis."""
    try:
        analysis = statement.conversation.analysis
    except Analysis.DoesNotExist:
        return None
    groups = analysis.result.get("group_votes", {}).get(str(statement.pk), [])
    agree = sum(group[0] for group in groups)
    seen = sum(group[2] for group in groups)
    return round(100 * agree / seen) if seen else None


def _show_statement(statement: Statement, edition: Edition) -> Cited:
    share = agreement_percent(statement)
    return Cited(
        title=_short(statement.text),
        url=edition_url("deliberation:conversation-results", edition, pk=statement.conversation_id),
        detail="" if share is None else _("%(share)s%% agree") % {"share": share},
    )


# Team ideas: the idea canvas of a team in a published session.


def _canvases_loaded() -> QuerySet[Canvas]:
    return Canvas.objects.select_related("team__session", "team__topic")


def _show_canvas(canvas: Canvas, edition: Edition) -> Cited:
    team = canvas.team
    return Cited(
        title=_short(canvas.title or str(team)),
        url=edition_url("teams:team-detail", edition, team_pk=team.pk),
        detail=str(team.topic) if team.topic else str(team),
    )


# Observations, with the thumbnail of their first photo the public may see.


def _observations_loaded() -> QuerySet[Observation]:
    photos = Photo.objects.filter(is_hidden=False).filter(
        Q(shows_people=False) | Q(has_consent=True)
    )
    return Observation.objects.prefetch_related(
        Prefetch("photos", queryset=photos.order_by("pk"), to_attr="public_photos")
    )


def _show_observation(observation: Observation, edition: Edition) -> Cited:
    photos = getattr(observation, "public_photos", [])
    if observation.place_id:
        url = edition_url("challenges:place-detail", edition, pk=observation.place_id)
    else:
        url = edition_url("challenges:edition-map", edition) + "#layer-observations"
    return Cited(
        title=_short(observation.text),
        url=url,
        detail=", ".join(observation.tags) if isinstance(observation.tags, list) else "",
        thumbnail_url=photos[0].thumbnail.url if photos else "",
    )


def _show_challenge(challenge: Challenge, edition: Edition) -> Cited:
    return Cited(
        title=_short(challenge.title),
        url=edition_url("challenges:edition-map", edition) + "#challenges-heading",
        detail=challenge.get_status_display(),
    )


EVIDENCE_KINDS: dict[str, EvidenceKind] = {
    Evidence.Kind.TEXT: EvidenceKind(label=gettext_lazy("Note")),
    Evidence.Kind.LINK: EvidenceKind(label=gettext_lazy("Link"), needs_url=True),
    Evidence.Kind.STATEMENT: EvidenceKind(
        label=gettext_lazy("Consensus statement"),
        model=Statement,
        loaded=_statements_loaded,
        choosable=_consensus_statements,
        edition_id_of=lambda statement: statement.conversation.edition_id,
        is_public=lambda statement: statement.is_visible,
        show=_show_statement,
    ),
    Evidence.Kind.IDEA: EvidenceKind(
        label=gettext_lazy("Team idea"),
        model=Canvas,
        loaded=_canvases_loaded,
        choosable=lambda edition: _canvases_loaded().filter(
            team__session__edition=edition, team__session__published_at__isnull=False
        ),
        edition_id_of=lambda canvas: canvas.team.session.edition_id,
        is_public=lambda canvas: canvas.team.session.is_published,
        show=_show_canvas,
    ),
    Evidence.Kind.OBSERVATION: EvidenceKind(
        label=gettext_lazy("Observation"),
        model=Observation,
        loaded=_observations_loaded,
        choosable=lambda edition: Observation.objects.filter(edition=edition, is_hidden=False),
        edition_id_of=lambda observation: observation.edition_id,
        is_public=lambda observation: not observation.is_hidden,
        show=_show_observation,
    ),
    Evidence.Kind.CHALLENGE: EvidenceKind(
        label=gettext_lazy("Challenge"),
        model=Challenge,
        loaded=Challenge.objects.all,
        choosable=lambda edition: Challenge.objects.filter(
            edition=edition, is_hidden=False, status__in=Challenge.PUBLIC_STATUSES
        ),
        edition_id_of=lambda challenge: challenge.edition_id,
        is_public=lambda challenge: challenge.is_public,
        show=_show_challenge,
    ),
}


def evidence_kind(kind: str) -> EvidenceKind | None:
    """The citable kind of that name, or None when it cannot be cited."""
    return EVIDENCE_KINDS.get(kind)


def evidence_choices(edition: Edition) -> list[tuple[str, list[tuple[str, str]]]]:
    """The records of the edition that may be cited, grouped by kind, as "kind:id" values."""
    groups = []
    for name, kind in EVIDENCE_KINDS.items():
        if kind.choosable is None:
            continue
        records = [
            (f"{name}:{record.pk}", _short(_title_of(record))) for record in kind.choosable(edition)
        ]
        if records:
            groups.append((str(kind.label), records))
    return groups


def _title_of(record: Model) -> str:
    if isinstance(record, Canvas):
        return record.title or str(record.team)
    if isinstance(record, Challenge):
        return record.title
    return str(getattr(record, "text", record))


@dataclass(frozen=True)
class ShownEvidence:
    evidence: Evidence
    cited: Cited | None
    is_hidden: bool = False


def evidence_shown(
    evidence: list[Evidence], edition: Edition, *, with_hidden: bool
) -> list[ShownEvidence]:
    """The evidence as a page shows it: a cited record that is gone, or hidden from the public,
    is left out (or, `with_hidden`, for those who draft, marked hidden). The references must
    be loaded already (selectors.evidence_prefetch)."""
    shown = []
    for item in evidence:
        kind = evidence_kind(item.kind)
        if kind is None or kind.model is None or kind.show is None:
            shown.append(ShownEvidence(evidence=item, cited=None))
            continue
        record = item.reference
        if record is None:
            if with_hidden:
                shown.append(ShownEvidence(evidence=item, cited=None, is_hidden=True))
            continue
        is_hidden = not kind.is_public(record)
        if is_hidden and not with_hidden:
            continue
        shown.append(
            ShownEvidence(evidence=item, cited=kind.show(record, edition), is_hidden=is_hidden)
        )
    return shown
