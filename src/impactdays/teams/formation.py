"""From a session's setup to the engine's input, and the scores and rule breaks of any teams.

Pure reads: the services (services.py) write. The engine (``impactdays.core.teams``) knows people
by index; this module translates between indices and people, and explains, with names, what keeps
the setup from holding before anything runs.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from django.utils.translation import gettext as _

from impactdays.applications.models import Application, Question
from impactdays.applications.selectors import call_of, call_questions
from impactdays.core.teams.diversity import (
    Attribute,
    AttributeKind,
    AttributeValue,
    diversity_distances,
)
from impactdays.core.teams.forum import PreferenceRule, SessionRules
from impactdays.forums.models import Edition
from impactdays.people.models import User
from impactdays.teams.models import PROFILE_ATTRIBUTES, CreativeSession, Pair, Team, Topic

SET_ATTRIBUTES = {"languages"}
# Application answers count as attributes too: "answer:<question key>", for the questions whose
# answers are one of a few values (a choice, a country, a language) or a set of them.
ANSWER_PREFIX = "answer:"
ANSWER_KINDS = {
    Question.Kind.CHOICE,
    Question.Kind.MULTIPLE_CHOICE,
    Question.Kind.YES_NO,
    Question.Kind.COUNTRY,
    Question.Kind.LANGUAGE,
}


def answer_questions(edition: Edition) -> list[Question]:
    """The questions of the edition's call whose answers can count towards diversity."""
    call = call_of(edition)
    if call is None:
        return []
    return [question for question in call_questions(call) if question.kind in ANSWER_KINDS]


def attribute_labels(edition: Edition) -> dict[str, str]:
    """Every attribute a session of the edition may weigh, with its label."""
    labels = {name: str(label) for name, label in PROFILE_ATTRIBUTES.items()}
    for question in answer_questions(edition):
        labels[ANSWER_PREFIX + question.key] = str(question.label)
    return labels


def organisation_key(user: User) -> str:
    """The organisation as people write it, compared without case and outer spaces."""
    return " ".join(user.organisation.split()).casefold()


def _answer_value(value: object) -> AttributeValue:
    if isinstance(value, list):
        return frozenset(str(item) for item in value) or None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if value not in (None, "") else None


def profile_of(
    user: User, answers: Mapping[str, object] | None = None
) -> dict[str, AttributeValue]:
    profile: dict[str, AttributeValue] = {
        "country": str(user.country) or None,
        "sector": user.sector or None,
        "organisation": organisation_key(user) or None,
        "languages": frozenset(user.languages) or None,
    }
    for key, value in (answers or {}).items():
        profile[ANSWER_PREFIX + key] = _answer_value(value)
    return profile


def _weighted(session: CreativeSession) -> dict[str, float]:
    return {
        name: float(weight)
        for name, weight in session.weights.items()
        if isinstance(weight, int | float) and weight > 0
    }


def session_attributes(session: CreativeSession) -> list[Attribute]:
    weights = _weighted(session)
    multiple = (
        {
            ANSWER_PREFIX + question.key
            for question in answer_questions(session.edition)
            if question.kind == Question.Kind.MULTIPLE_CHOICE
        }
        if any(name.startswith(ANSWER_PREFIX) for name in weights)
        else set()
    )
    attributes = []
    for name, weight in weights.items():
        is_set = name in SET_ATTRIBUTES or name in multiple
        attributes.append(
            Attribute(name, AttributeKind.SET if is_set else AttributeKind.CATEGORICAL, weight)
        )
    return attributes


def distances_of(session: CreativeSession, users: Sequence[User]) -> npt.NDArray[np.float64]:
    answers: dict[int, dict[str, object]] = {}
    if any(name.startswith(ANSWER_PREFIX) for name in _weighted(session)):
        submitted = Application.objects.filter(
            call__edition=session.edition,
            applicant__in=users,
            status=Application.Status.SUBMITTED,
        ).values_list("applicant_id", "answers")
        answers = {applicant: dict(given) for applicant, given in submitted}
    return diversity_distances(
        [profile_of(user, answers.get(user.pk)) for user in users], session_attributes(session)
    )


def team_count_for(people: int, session: CreativeSession) -> int:
    """The fewest teams of at most the largest size that hold everyone."""
    return max(1, math.ceil(people / session.max_team_size))


class Roots:
    """Union-find over user ids: who ends up in one team through keep-together pairs."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def root(self, item: int) -> int:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, first: int, second: int) -> None:
        self.parent[self.root(first)] = self.root(second)


@dataclass
class Plan:
    """What a run would do: the people to place, the teams to fill, the rules, and the problems."""

    people: list[User]
    team_count: int
    topics: list[Topic | None]
    rules: SessionRules
    problems: list[str] = field(default_factory=list)


def _names(users: Sequence[User]) -> str:
    return ", ".join(sorted(user.public_name for user in users))


def _team_topics(
    session: CreativeSession, locked: Sequence[Team], count: int
) -> list[Topic | None]:
    """Each new team's topic: the topic with the fewest teams so far, in the topics' order."""
    topics = list(session.topics.all())
    if not topics:
        return [None] * count
    used = {topic.pk: 0 for topic in topics}
    for team in locked:
        if team.topic_id in used:
            used[team.topic_id] += 1
    chosen: list[Topic | None] = []
    for _index in range(count):
        topic = min(topics, key=lambda item: (used[item.pk], item.position, item.pk))
        used[topic.pk] += 1
        chosen.append(topic)
    return chosen


def formation_plan(session: CreativeSession) -> Plan:
    """The run the setup asks for, with every reason it cannot hold, in words (empty: it can run).

    People present and not in a locked team are placed into new teams beside the locked ones.
    """
    locked = list(session.teams.filter(is_locked=True).prefetch_related("members"))
    locked_ids = {member.user_id for team in locked for member in team.members.all()}
    participants = [
        participant
        for participant in session.participants.filter(is_present=True).select_related("user")
        if participant.user_id not in locked_ids
    ]
    people = [participant.user for participant in participants]
    index = {user.pk: position for position, user in enumerate(people)}
    count = len(people)
    low, high = session.min_team_size, session.max_team_size
    team_count = team_count_for(count, session)
    problems: list[str] = []
    if count == 0:
        problems.append(_("No one left to place: check in the people present first."))
    elif low > high:
        problems.append(_("The smallest team is larger than the largest team."))
    elif team_count * low > count:
        problems.append(
            _(
                "%(count)s people cannot fill %(teams)s teams of at least %(low)s: lower the "
                "smallest team size or check in more people."
            )
            % {"count": count, "teams": team_count, "low": low}
        )
    topics = _team_topics(session, locked, team_count)
    all_topics = list(session.topics.all())
    if session.preference != CreativeSession.Preference.IGNORE and not all_topics:
        problems.append(_("Topic preferences need topics: add the session's topics first."))

    roots = Roots()
    pairs = list(session.pairs.select_related("first", "second"))
    together = [pair for pair in pairs if pair.kind == Pair.Kind.TOGETHER]
    apart = [pair for pair in pairs if pair.kind == Pair.Kind.APART]
    for pair in together:
        if pair.first_id in index and pair.second_id in index:
            roots.join(pair.first_id, pair.second_id)
    for pair in apart:
        if (
            pair.first_id in index
            and pair.second_id in index
            and roots.root(pair.first_id) == roots.root(pair.second_id)
        ):
            problems.append(
                _(
                    "%(first)s and %(second)s must be kept apart, but the keep-together "
                    "pairs put them in one team."
                )
                % {"first": pair.first.public_name, "second": pair.second.public_name}
            )
    groups: dict[int, list[User]] = {}
    for user in people:
        groups.setdefault(roots.root(user.pk), []).append(user)
    for group in groups.values():
        if len(group) > high:
            problems.append(
                _("%(names)s must be kept together, but no team takes more than %(high)s.")
                % {"names": _names(group), "high": high}
            )
    keep_apart = {
        (index[pair.first_id], index[pair.second_id])
        for pair in apart
        if pair.first_id in index and pair.second_id in index
    }
    if session.organisations_apart:
        by_organisation: dict[str, list[User]] = {}
        for user in people:
            if organisation_key(user):
                by_organisation.setdefault(organisation_key(user), []).append(user)
        for colleagues in by_organisation.values():
            if len(colleagues) > team_count:
                problems.append(
                    _(
                        "%(count)s people come from %(organisation)s but there are only "
                        "%(teams)s teams, so they cannot all be apart: turn off keeping "
                        "organisations apart, or keep some of them together."
                    )
                    % {
                        "count": len(colleagues),
                        "organisation": colleagues[0].organisation,
                        "teams": team_count,
                    }
                )
                continue
            for position, first in enumerate(colleagues):
                for second in colleagues[position + 1 :]:
                    if roots.root(first.pk) != roots.root(second.pk):
                        keep_apart.add((index[first.pk], index[second.pk]))
    keep_together = [
        (index[pair.first_id], index[pair.second_id])
        for pair in together
        if pair.first_id in index and pair.second_id in index
    ]
    rules = SessionRules(keep_apart=sorted(keep_apart), keep_together=keep_together)
    if session.preference != CreativeSession.Preference.IGNORE and all_topics and count:
        topic_ids = [topic.pk for topic in all_topics]
        rankings = []
        for participant in participants:
            ranked = [pk for pk in participant.ranking if pk in topic_ids]
            # Who ranked nothing may join any topic.
            rankings.append(ranked or topic_ids)
        rules = SessionRules(
            team_challenge=[topic.pk if topic else 0 for topic in topics],
            rankings=rankings,
            preference=PreferenceRule(session.preference),
            accepted_choices=session.accepted_choices,
            keep_apart=rules.keep_apart,
            keep_together=rules.keep_together,
        )
    return Plan(people=people, team_count=team_count, topics=topics, rules=rules, problems=problems)


@dataclass
class TeamScore:
    team: Team
    members: list[User]
    diversity: float | None  # the mean difference between two members; None below two
    breaks: list[str]


@dataclass
class SessionScore:
    teams: list[TeamScore]
    diversity: float | None
    random_diversity: float | None
    unplaced: list[User]


def _mean_pair(distance: npt.NDArray[np.float64], members: Sequence[int]) -> float | None:
    if len(members) < 2:
        return None
    block = distance[np.ix_(members, members)]
    return float(block.sum() / (len(members) * (len(members) - 1)))


def session_scores(session: CreativeSession) -> SessionScore:
    """Each team's and the session's diversity beside a random split's, and every rule broken.

    Diversity is the mean difference between two members of a team (the weighted attribute
    distance). A random split into teams puts every pair together with the same chance, so its
    expected value is the mean difference over all pairs of the people placed.
    """
    teams = list(
        session.teams.select_related("topic").prefetch_related("members__user").order_by("number")
    )
    placed = [[member.user for member in team.members.all()] for team in teams]
    people = [user for members in placed for user in members]
    position = {user.pk: index for index, user in enumerate(people)}
    distance = distances_of(session, people) if people else np.zeros((0, 0))
    present = {
        participant.user_id: participant
        for participant in session.participants.filter(is_present=True).select_related("user")
    }
    team_of = {
        user.pk: team.pk for team, members in zip(teams, placed, strict=True) for user in members
    }
    pairs = list(session.pairs.select_related("first", "second"))
    together_ids = {
        frozenset((pair.first_id, pair.second_id))
        for pair in pairs
        if pair.kind == Pair.Kind.TOGETHER
    }
    all_topics = [topic.pk for topic in session.topics.all()]
    scores: list[TeamScore] = []
    inside_sum, inside_pairs = 0.0, 0
    for team, members in zip(teams, placed, strict=True):
        indices = [position[user.pk] for user in members]
        breaks: list[str] = []
        size = len(members)
        if not session.min_team_size <= size <= session.max_team_size:
            breaks.append(
                _("%(size)s members, outside %(low)s to %(high)s.")
                % {"size": size, "low": session.min_team_size, "high": session.max_team_size}
            )
        member_ids = {user.pk for user in members}
        for pair in pairs:
            if pair.kind == Pair.Kind.APART and {pair.first_id, pair.second_id} <= member_ids:
                breaks.append(
                    _("%(first)s and %(second)s should be apart.")
                    % {"first": pair.first.public_name, "second": pair.second.public_name}
                )
            if (
                pair.kind == Pair.Kind.TOGETHER
                and pair.first_id in member_ids
                and team_of.get(pair.second_id) != team.pk
            ):
                breaks.append(
                    _("%(first)s and %(second)s should be together.")
                    % {"first": pair.first.public_name, "second": pair.second.public_name}
                )
        if session.organisations_apart:
            seen: dict[str, User] = {}
            for user in members:
                key = organisation_key(user)
                if not key:
                    continue
                if key in seen and frozenset((seen[key].pk, user.pk)) not in together_ids:
                    breaks.append(
                        _("%(first)s and %(second)s are both from %(organisation)s.")
                        % {
                            "first": seen[key].public_name,
                            "second": user.public_name,
                            "organisation": user.organisation,
                        }
                    )
                seen.setdefault(key, user)
        if session.preference == CreativeSession.Preference.HARD and team.topic_id:
            for user in members:
                participant = present.get(user.pk)
                ranked = [
                    pk for pk in (participant.ranking if participant else []) if pk in all_topics
                ]
                if ranked and team.topic_id not in ranked[: session.accepted_choices]:
                    breaks.append(
                        _("%(name)s did not choose this topic.") % {"name": user.public_name}
                    )
        for user in members:
            if user.pk not in present:
                breaks.append(_("%(name)s is not checked in.") % {"name": user.public_name})
        diversity = _mean_pair(distance, indices)
        if diversity is not None:
            inside_sum += diversity * size * (size - 1)
            inside_pairs += size * (size - 1)
        scores.append(TeamScore(team=team, members=members, diversity=diversity, breaks=breaks))
    count = len(people)
    return SessionScore(
        teams=scores,
        diversity=inside_sum / inside_pairs if inside_pairs else None,
        random_diversity=float(distance.sum() / (count * (count - 1))) if count > 1 else None,
        unplaced=[
            participant.user for user_id, participant in present.items() if user_id not in team_of
        ],
    )
