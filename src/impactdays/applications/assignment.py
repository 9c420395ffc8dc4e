"""Automatic assignment of reviewers to applications: r reviewers each, balanced load, no conflicts.

A greedy that serves the most constrained application first (the fewest reviewers free of
conflicts) and gives it the least-loaded reviewers, ties broken by id so that the result is the
same every time. Without conflicts every reviewer ends within one assignment of every other.
Existing assignments are kept and count towards both the application's r and the reviewer's load.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """An application (or a reviewer): its id, the person's id and their organisation."""

    id: int
    person_id: int
    organisation: str


@dataclass(frozen=True)
class AssignmentResult:
    pairs: list[tuple[int, int]]  # new (application id, reviewer id) pairs
    short: dict[int, int]  # application id → reviewers still missing


def _organisation_key(name: str) -> str:
    return " ".join(name.casefold().split())


def is_conflict(application: Candidate, reviewer: Candidate) -> bool:
    """A reviewer never reviews their own application nor one from their own organisation."""
    if application.person_id == reviewer.person_id:
        return True
    own = _organisation_key(application.organisation)
    return bool(own) and own == _organisation_key(reviewer.organisation)


def assign_reviewers(
    applications: list[Candidate],
    reviewers: list[Candidate],
    existing: set[tuple[int, int]],
    per_application: int,
) -> AssignmentResult:
    """New (application, reviewer) pairs so that each application has `per_application` reviewers.

    `existing` pairs stay; an application that cannot get enough reviewers free of conflicts gets
    as many as there are and is listed in `short` with how many it misses.
    """
    load = {reviewer.id: 0 for reviewer in reviewers}
    assigned: dict[int, set[int]] = {application.id: set() for application in applications}
    for application_id, reviewer_id in existing:
        if reviewer_id in load:
            load[reviewer_id] += 1
        if application_id in assigned:
            assigned[application_id].add(reviewer_id)
    eligible = {
        application.id: [r for r in reviewers if not is_conflict(application, r)]
        for application in applications
    }
    order = sorted(applications, key=lambda a: (len(eligible[a.id]), a.id))
    pairs: list[tuple[int, int]] = []
    short: dict[int, int] = {}
    for application in order:
        missing = per_application - len(assigned[application.id])
        if missing <= 0:
            continue
        free = [r for r in eligible[application.id] if r.id not in assigned[application.id]]
        chosen = sorted(free, key=lambda r: (load[r.id], r.id))[:missing]
        for reviewer in chosen:
            load[reviewer.id] += 1
            assigned[application.id].add(reviewer.id)
            pairs.append((application.id, reviewer.id))
        if len(chosen) < missing:
            short[application.id] = missing - len(chosen)
    return AssignmentResult(pairs=pairs, short=short)
