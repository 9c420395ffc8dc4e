"""The reviewer assignment on its own: r each, balanced load, no conflicts, existing pairs kept."""

from hypothesis import given
from hypothesis import strategies as st

from impactdays.applications.assignment import Candidate, assign_reviewers, is_conflict


def test_no_reviewer_reviews_their_own_organisation_or_application():
    application = Candidate(1, 10, " Textil  Centre")

    assert is_conflict(application, Candidate(2, 20, "textil centre"))
    assert is_conflict(application, Candidate(3, 10, "elsewhere"))
    assert not is_conflict(application, Candidate(4, 30, "Urban Lab"))
    assert not is_conflict(Candidate(5, 11, ""), Candidate(6, 31, ""))


def test_the_most_constrained_application_is_served_first():
    # Only reviewer 2 may review application 1; a naive order would give 2 away first.
    applications = [Candidate(1, 100, "A"), Candidate(2, 101, "")]
    reviewers = [Candidate(1, 1, "A"), Candidate(2, 2, "B")]

    result = assign_reviewers(applications, reviewers, set(), per_application=1)

    assert sorted(result.pairs) == [(1, 2), (2, 1)]
    assert result.short == {}


def test_existing_pairs_count_and_a_shortfall_is_reported():
    applications = [Candidate(1, 100, "A")]
    reviewers = [Candidate(1, 1, "A"), Candidate(2, 2, "B")]

    result = assign_reviewers(applications, reviewers, {(1, 2)}, per_application=2)

    assert result.pairs == []
    assert result.short == {1: 1}


@given(
    application_count=st.integers(0, 30),
    reviewer_count=st.integers(1, 8),
    per_application=st.integers(1, 4),
)
def test_without_conflicts_every_application_gets_r_and_loads_differ_by_at_most_one(
    application_count, reviewer_count, per_application
):
    applications = [Candidate(i, 1000 + i, "") for i in range(application_count)]
    reviewers = [Candidate(i, i, "") for i in range(reviewer_count)]

    result = assign_reviewers(applications, reviewers, set(), per_application)

    r = min(per_application, reviewer_count)
    per_app: dict[int, list[int]] = {}
    for application_id, reviewer_id in result.pairs:
        per_app.setdefault(application_id, []).append(reviewer_id)
    assert all(len(set(v)) == len(v) == r for v in per_app.values())
    assert len(per_app) == application_count
    loads = [sum(1 for _a, rev in result.pairs if rev == reviewer.id) for reviewer in reviewers]
    assert max(loads) - min(loads) <= 1
