"""A person's observations are part of their personal-data download."""

from impactdays.people.personal_data import personal_data_of
from tests.challenges.factories import ObservationFactory


def test_personal_data_lists_own_observations_only(edition, participant):
    ObservationFactory(edition=edition, author=participant, text="Mine")
    ObservationFactory(edition=edition, text="Someone else's")

    data = personal_data_of(participant)

    assert [item["text"] for item in data["observations"]] == ["Mine"]
