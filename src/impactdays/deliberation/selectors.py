"""Reads of deliberation data: what a voter sees next, and how far they have come."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from impactdays.deliberation.models import Analysis, Conversation, Statement, Voter


def visible_statements(conversation: Conversation) -> QuerySet[Statement]:
    """The statements open for votes: accepted, or not yet moderated under post-moderation."""
    shown = Q(moderation=Statement.Moderation.ACCEPTED)
    if conversation.moderation == Conversation.Moderation.POST:
        shown |= Q(moderation=Statement.Moderation.UNMODERATED)
    return conversation.statements.filter(shown)


@dataclass(frozen=True)
class Progress:
    voted: int
    total: int


def voter_progress(conversation: Conversation, voter: Voter | None) -> Progress:
    """How many of the visible statements the voter has voted on."""
    statements = visible_statements(conversation)
    voted = 0 if voter is None else statements.filter(votes__voter=voter).count()
    return Progress(voted=voted, total=statements.count())


def next_statement_for(
    conversation: Conversation, voter: Voter | None, priorities: dict[int, float] | None = None
) -> Statement | None:
    """The next statement the voter has not voted on, or None when none is left.

    With the analysis's priorities (statement id -> priority), the highest first; without them
    (no analysis yet), seeds first, then the statements with the fewest votes, oldest first.
    """
    remaining = visible_statements(conversation)
    if voter is not None:
        remaining = remaining.exclude(votes__voter=voter)
    if priorities:
        ids = list(remaining.values_list("pk", flat=True))
        if ids:
            best = max(ids, key=lambda pk: (priorities.get(pk, 0.0), -pk))
            return remaining.get(pk=best)
        return None
    return (
        remaining.annotate(vote_count=Count("votes"))
        .order_by("-is_seed", "vote_count", "number")
        .first()
    )


def analysis_of(conversation: Conversation) -> Analysis | None:
    return Analysis.objects.filter(conversation=conversation).first()


def priorities_of(analysis: Analysis | None) -> dict[int, float] | None:
    """The analysis's statement priorities by statement id; None without an analysis."""
    if analysis is None:
        return None
    return {int(pk): float(value) for pk, value in analysis.result.get("priorities", {}).items()}


@dataclass(frozen=True)
class GroupSummary:
    number: int
    size: int
    colour: str
    representative: list[
        tuple[Statement, bool, list[int]]
    ]  # statement, agreed?, [agree, disagree, seen]


# Colour-blind-safe (Okabe-Ito); group i gets GROUP_COLOURS[i % 6]; the unclustered are grey.
GROUP_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"]
UNGROUPED_COLOUR = "#8a8a8a"
MAP_SIZE = 300
MAP_MARGIN = 12


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    colour: str
    is_own: bool


def _map_points(points: list[list[float]], own_number: int | None) -> list[MapPoint]:
    """Each voter's position scaled into a MAP_SIZE square, coloured by group; one's own last."""
    if not points:
        return []
    xs, ys = [p[1] for p in points], [p[2] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = (MAP_SIZE - 2 * MAP_MARGIN) / span
    middle_x, middle_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    placed = [
        MapPoint(
            x=round(MAP_SIZE / 2 + (x - middle_x) * scale, 1),
            y=round(MAP_SIZE / 2 - (y - middle_y) * scale, 1),
            colour=GROUP_COLOURS[int(group) % len(GROUP_COLOURS)]
            if group >= 0
            else UNGROUPED_COLOUR,
            is_own=own_number is not None and int(number) == own_number,
        )
        for number, x, y, group in points
    ]
    return sorted(placed, key=lambda point: point.is_own)


@dataclass(frozen=True)
class Results:
    analysis: Analysis
    groups: list[GroupSummary]
    consensus_agree: list[Statement]
    consensus_disagree: list[Statement]
    divisive: list[
        tuple[Statement, list[list[int]]]
    ]  # statement, per group [agree, disagree, seen]
    own_group: int | None
    map_points: list[MapPoint]
    map_size: int = MAP_SIZE


def results_of(conversation: Conversation, analysis: Analysis, voter: Voter | None) -> Results:
    """What the results page shows, with the statements the analysis names (hidden ones left out)."""
    result = analysis.result
    shown = {statement.pk: statement for statement in visible_statements(conversation)}
    votes = result.get("group_votes", {})
    sizes: dict[int, int] = {}
    own_group = None
    for number, _x, _y, group in result.get("points", []):
        if group >= 0:
            sizes[group] = sizes.get(group, 0) + 1
        if voter is not None and number == voter.number and group >= 0:
            own_group = group
    groups = [
        GroupSummary(
            number=index + 1,
            size=sizes.get(index, 0),
            colour=GROUP_COLOURS[index % len(GROUP_COLOURS)],
            representative=[
                (shown[item["statement"]], item["agree"], votes[str(item["statement"])][index])
                for item in items
                if item["statement"] in shown
            ],
        )
        for index, items in enumerate(result.get("representative", []))
    ]
    return Results(
        analysis=analysis,
        groups=groups,
        consensus_agree=[shown[pk] for pk in result.get("consensus_agree", []) if pk in shown],
        consensus_disagree=[
            shown[pk] for pk in result.get("consensus_disagree", []) if pk in shown
        ],
        divisive=[(shown[pk], votes[str(pk)]) for pk in result.get("divisive", []) if pk in shown],
        own_group=None if own_group is None else own_group + 1,
        map_points=_map_points(result.get("points", []), None if voter is None else voter.number),
    )
