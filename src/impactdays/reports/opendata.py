"""An edition's open data as tables (reports.datapackage writes them as CSV and JSON in a ZIP,
described by a Frictionless Data Package).

Every table holds what an anonymous visitor sees on the site, read through the apps' own
selectors: no draft decision, no hidden or unpublished item, no statement a moderator
rejected. Personal data stays out: no e-mail address, account id or author of an observation,
a statement or an update; a person's name only where they consented to be listed in the
participant directory (a commitment in their own name), or where the site already publishes it
(speakers of the published programme). An observation's coordinates come only when they were
chosen on the map, not read from the author's phone.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from impactdays.challenges.geometry import geometry_centre
from impactdays.challenges.models import Observation
from impactdays.challenges.selectors import (
    challenges_visible_to,
    observations_visible_to,
    places_visible_to,
)
from impactdays.decisions.models import Commitment, CommitmentUpdate, Decision, DecisionVersion
from impactdays.decisions.selectors import decisions_of
from impactdays.deliberation.models import Conversation
from impactdays.deliberation.models import Vote as StatementVote
from impactdays.deliberation.selectors import visible_statements
from impactdays.forums.models import Edition
from impactdays.people.models import ConsentKind, ConsentRecord, User
from impactdays.programme.selectors import schedule_published
from impactdays.teams.models import CANVAS_SECTIONS, Canvas

Row = dict[str, Any]  # Any: a cell's value (str, int, float, bool, date, datetime or None)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, number, boolean, date, datetime
    description: str = ""


@dataclass
class Table:
    name: str
    title: StrOrPromise
    columns: tuple[Column, ...]
    rows: list[Row] = field(default_factory=list)
    # (column, other table): each value is the id of a row of the other table.
    references: tuple[tuple[str, str], ...] = ()


def _columns(*spec: tuple[str, str] | tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*item) for item in spec)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _anonymous() -> AnonymousUser:
    return AnonymousUser()


# The tables, each read as an anonymous visitor sees the edition.


def _editions(edition: Edition) -> Table:
    return Table(
        name="editions",
        title=_("Edition"),
        columns=_columns(
            ("id", "integer"),
            ("series", "string", "The series' slug"),
            ("slug", "string"),
            ("title", "string"),
            ("year", "integer"),
            ("theme", "string"),
            ("city", "string"),
            ("country", "string", "ISO 3166-1 alpha-2 code"),
            ("latitude", "number"),
            ("longitude", "number"),
            ("starts_on", "date"),
            ("ends_on", "date"),
            ("status", "string"),
        ),
        rows=[
            {
                "id": edition.pk,
                "series": edition.series.slug,
                "slug": edition.slug,
                "title": _text(edition.title),
                "year": edition.year,
                "theme": _text(edition.theme),
                "city": edition.city,
                "country": str(edition.country),
                "latitude": edition.latitude,
                "longitude": edition.longitude,
                "starts_on": edition.starts_on,
                "ends_on": edition.ends_on,
                "status": edition.status,
            }
        ],
    )


def _sessions(edition: Edition) -> Table:
    schedule = schedule_published(edition)
    sessions = schedule.sessions if schedule else []
    return Table(
        name="sessions",
        title=_("Sessions of the published programme"),
        columns=_columns(
            ("id", "integer"),
            ("kind", "string"),
            ("title", "string"),
            ("starts_at", "datetime"),
            ("ends_at", "datetime"),
            ("where", "string", "The room or the place"),
            ("track", "string"),
            ("languages", "string", "Language codes, separated by spaces"),
            ("speakers", "string", "Names as the published programme shows them, separated by ;"),
        ),
        rows=[
            {
                "id": session.id,
                "kind": session.kind,
                "title": session.title,
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "where": session.where,
                "track": session.track,
                "languages": " ".join(session.languages),
                "speakers": "; ".join(speaker.name for speaker in session.speakers),
            }
            for session in sessions
        ],
    )


def _challenges(edition: Edition) -> Table:
    challenges = challenges_visible_to(_anonymous(), edition).order_by("pk")
    return Table(
        name="challenges",
        title=_("Challenges"),
        columns=_columns(
            ("id", "integer"),
            ("title", "string"),
            ("description", "string"),
            ("status", "string"),
            ("owner", "string", "The organisation that owns the challenge"),
        ),
        rows=[
            {
                "id": challenge.pk,
                "title": _text(challenge.title),
                "description": _text(challenge.description),
                "status": challenge.status,
                "owner": challenge.owner.name if challenge.owner else "",
            }
            for challenge in challenges
        ],
    )


def _places(edition: Edition) -> Table:
    rows = []
    for place in places_visible_to(_anonymous(), edition).order_by("pk"):
        centre = geometry_centre(place.geometry)
        rows.append(
            {
                "id": place.pk,
                "name": place.name,
                "description": place.description,
                "longitude": centre[0] if centre else None,
                "latitude": centre[1] if centre else None,
                "challenges": " ".join(str(c.pk) for c in place.challenges.all()),
            }
        )
    return Table(
        name="places",
        title=_("Places visited"),
        columns=_columns(
            ("id", "integer"),
            ("name", "string"),
            ("description", "string"),
            ("latitude", "number", "The centre of the place's geometry"),
            ("longitude", "number", "The centre of the place's geometry"),
            ("challenges", "string", "Ids of the place's challenges, separated by spaces"),
        ),
        rows=rows,
    )


def _observations(edition: Edition, challenge_ids: set[int], place_ids: set[int]) -> Table:
    rows = []
    for observation in observations_visible_to(_anonymous(), edition).order_by("pk"):
        on_map = observation.location_source == Observation.LocationSource.MAP
        rows.append(
            {
                "id": observation.pk,
                "text": observation.text,
                "tags": "; ".join(str(tag) for tag in observation.tags),
                "place_id": observation.place_id if observation.place_id in place_ids else None,
                "challenge_id": (
                    observation.challenge_id if observation.challenge_id in challenge_ids else None
                ),
                "latitude": observation.latitude if on_map else None,
                "longitude": observation.longitude if on_map else None,
                "recorded_on": (observation.recorded_at or observation.created_at).date(),
            }
        )
    return Table(
        name="observations",
        title=_("Observations from the walks (without their authors)"),
        columns=_columns(
            ("id", "integer"),
            ("text", "string"),
            ("tags", "string", "Tags, separated by ;"),
            ("place_id", "integer"),
            ("challenge_id", "integer"),
            ("latitude", "number", "Only for a point chosen on the map"),
            ("longitude", "number", "Only for a point chosen on the map"),
            ("recorded_on", "date"),
        ),
        rows=rows,
        references=(("place_id", "places"), ("challenge_id", "challenges")),
    )


def _statements(edition: Edition) -> Table:
    conversations = {c.pk: c for c in Conversation.objects.filter(edition=edition)}
    # Each conversation's visible statements (its own moderation rule), all in one query.
    counted = [
        visible_statements(conversation)
        .annotate(
            agree=Count("votes", filter=Q(votes__value=StatementVote.Value.AGREE)),
            disagree=Count("votes", filter=Q(votes__value=StatementVote.Value.DISAGREE)),
            passed=Count("votes", filter=Q(votes__value=StatementVote.Value.PASS)),
        )
        .order_by()
        for conversation in conversations.values()
    ]
    statements = (
        counted[0].union(*counted[1:], all=True).order_by("conversation_id", "number")
        if counted
        else []
    )
    rows: list[Row] = [
        {
            "id": statement.pk,
            "conversation_id": statement.conversation_id,
            "conversation": _text(conversations[statement.conversation_id].topic),
            "number": statement.number,
            "text": statement.text,
            "is_seed": statement.is_seed,
            "agree": statement.agree,  # type: ignore[attr-defined]  # annotated above
            "disagree": statement.disagree,  # type: ignore[attr-defined]  # annotated above
            "pass": statement.passed,  # type: ignore[attr-defined]  # annotated above
        }
        for statement in statements
    ]
    return Table(
        name="statements",
        title=_("Statements of the conversations, with their votes counted (not who voted)"),
        columns=_columns(
            ("id", "integer"),
            ("conversation_id", "integer"),
            ("conversation", "string", "The conversation's topic"),
            ("number", "integer", "The statement's number in its conversation"),
            ("text", "string"),
            ("is_seed", "boolean", "Written by the moderators to start the conversation"),
            ("agree", "integer"),
            ("disagree", "integer"),
            ("pass", "integer"),
        ),
        rows=rows,
    )


# The site shows a team's canvas to the edition's members only (teams.view_teams) while the
# forum works on it; once the edition is over, the ideas are its outcome and public here.
IDEAS_PUBLIC_STATUSES = frozenset({Edition.Status.CLOSED, Edition.Status.REPORT_PUBLISHED})


def _ideas(edition: Edition) -> Table:
    canvases = (
        Canvas.objects.filter(
            team__session__edition=edition, team__session__published_at__isnull=False
        )
        .select_related("team__session", "team__topic")
        .order_by("team__session__pk", "team__number")
    )
    if edition.status not in IDEAS_PUBLIC_STATUSES:
        canvases = canvases.none()
    rows = [
        {
            "id": canvas.pk,
            "session": _text(canvas.team.session.title),
            "team": canvas.team.number,
            "topic": _text(canvas.team.topic.title) if canvas.team.topic else "",
            **{key: _text(canvas.sections.get(key, "")) for key in CANVAS_SECTIONS},
        }
        for canvas in canvases
        if any(_text(canvas.sections.get(key, "")).strip() for key in CANVAS_SECTIONS)
    ]
    return Table(
        name="ideas",
        title=_("Ideas of the teams of the creative sessions (without the members' names)"),
        columns=_columns(
            ("id", "integer"),
            ("session", "string"),
            ("team", "integer", "The team's number in its session"),
            ("topic", "string"),
            *((key, "string", str(label)) for key, label in CANVAS_SECTIONS.items()),
        ),
        rows=rows,
    )


def _decisions(edition: Edition) -> tuple[Table, list[Decision]]:
    decisions = list(decisions_of(edition, _anonymous()).order_by("position", "pk"))
    outcomes: dict[int, DecisionVersion] = {}
    for version in DecisionVersion.objects.filter(decision__in=decisions).order_by("version"):
        outcomes[version.decision_id] = version  # the newest outcome wins
    rows = []
    for decision in decisions:
        outcome = outcomes.get(decision.pk)
        rows.append(
            {
                "id": decision.pk,
                "title": _text(decision.title),
                "text": _text(decision.text),
                "status": decision.status,
                "version": decision.version,
                "poll_kind": decision.poll_kind,
                "quorum_percent": decision.quorum_percent,
                "threshold_percent": decision.threshold_percent,
                "decided_at": outcome.decided_at if outcome else None,
                "agree": outcome.agree_count if outcome else None,
                "abstain": outcome.abstain_count if outcome else None,
                "disagree": outcome.disagree_count if outcome else None,
                "block": outcome.block_count if outcome else None,
                "score_mean": outcome.score_mean if outcome else None,
                "votes": outcome.voter_count if outcome else None,
                "participants": outcome.participant_count if outcome else None,
            }
        )
    table = Table(
        name="decisions",
        title=_("Decisions (drafts excluded), with the outcome of their latest poll"),
        columns=_columns(
            ("id", "integer"),
            ("title", "string"),
            ("text", "string"),
            ("status", "string"),
            ("version", "integer"),
            ("poll_kind", "string"),
            ("quorum_percent", "integer"),
            ("threshold_percent", "integer"),
            ("decided_at", "datetime"),
            ("agree", "integer"),
            ("abstain", "integer"),
            ("disagree", "integer"),
            ("block", "integer"),
            ("score_mean", "number"),
            ("votes", "integer"),
            ("participants", "integer", "Participants who could vote"),
        ),
        rows=rows,
    )
    return table, decisions


def _listed_in_directory(people: Iterable[User]) -> set[int]:
    """The ids of the people who consent to be listed (and so named) publicly: whose newest
    directory-listing record gives consent, as people.selectors.consents_of decides, in one query."""
    newest: dict[int, bool] = {}
    records = ConsentRecord.objects.filter(
        user__in=[person.pk for person in people], kind=ConsentKind.DIRECTORY_LISTING
    ).order_by("user_id", "-recorded_at", "-id")
    for user_id, is_given in records.values_list("user_id", "is_given"):
        newest.setdefault(user_id, is_given)
    return {user_id for user_id, is_given in newest.items() if is_given}


def _commitments(decisions: list[Decision]) -> tuple[Table, list[Commitment]]:
    commitments = list(
        Commitment.objects.filter(decision__in=decisions)
        .select_related("committer", "organisation")
        .order_by("decision__position", "decision__pk", "due_on", "pk")
    )
    listed = _listed_in_directory(c.committer for c in commitments if c.committer_id)
    rows = [
        {
            "id": commitment.pk,
            "decision_id": commitment.decision_id,
            "organisation": commitment.organisation.name if commitment.organisation else "",
            "person": (
                commitment.committer.public_name if commitment.committer_id in listed else ""
            ),
            "what": commitment.what,
            "resources": commitment.resources,
            "due_on": commitment.due_on,
            "status": commitment.status,
            "drop_reason": commitment.drop_reason,
            "status_changed_at": commitment.status_changed_at,
        }
        for commitment in commitments
    ]
    table = Table(
        name="commitments",
        title=_("Commitments to the decisions"),
        columns=_columns(
            ("id", "integer"),
            ("decision_id", "integer"),
            ("organisation", "string", "The organisation that commits, if any"),
            ("person", "string", "The person who commits, where they consented to be named"),
            ("what", "string"),
            ("resources", "string"),
            ("due_on", "date"),
            ("status", "string"),
            ("drop_reason", "string"),
            ("status_changed_at", "datetime"),
        ),
        rows=rows,
        references=(("decision_id", "decisions"),),
    )
    return table, commitments


def _updates(commitments: list[Commitment]) -> Table:
    updates = CommitmentUpdate.objects.filter(commitment__in=commitments).order_by(
        "commitment__pk", "happened_on", "pk"
    )
    return Table(
        name="commitment_updates",
        title=_("Follow-up updates on the commitments (without their authors and photos)"),
        columns=_columns(
            ("id", "integer"),
            ("commitment_id", "integer"),
            ("happened_on", "date"),
            ("text", "string"),
            ("link", "string"),
        ),
        rows=[
            {
                "id": update.pk,
                "commitment_id": update.commitment_id,
                "happened_on": update.happened_on,
                "text": update.text,
                "link": update.link,
            }
            for update in updates
        ],
        references=(("commitment_id", "commitments"),),
    )


def open_data_tables(edition: Edition) -> list[Table]:
    """Every table of the edition's open data, as an anonymous visitor sees the edition."""
    challenges = _challenges(edition)
    places = _places(edition)
    decisions, decision_list = _decisions(edition)
    commitments, commitment_list = _commitments(decision_list)
    return [
        _editions(edition),
        _sessions(edition),
        challenges,
        places,
        _observations(
            edition,
            challenge_ids={row["id"] for row in challenges.rows},
            place_ids={row["id"] for row in places.rows},
        ),
        _statements(edition),
        _ideas(edition),
        decisions,
        commitments,
        _updates(commitment_list),
    ]
