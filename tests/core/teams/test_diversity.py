import numpy as np
import pytest

from impactdays.core.teams.diversity import Attribute, AttributeKind, diversity_distances


def test_diversity_distances_weighs_each_kind_of_attribute():
    profiles = [
        {"country": "DE", "age": 20, "languages": {"en", "de"}},
        {"country": "GE", "age": 40, "languages": {"en"}},
        {"country": "DE", "languages": set()},
    ]
    attributes = [
        Attribute("country", AttributeKind.CATEGORICAL, 2.0),
        Attribute("age", AttributeKind.NUMERIC, 1.0),
        Attribute("languages", AttributeKind.SET, 4.0),
    ]

    distance = diversity_distances(profiles, attributes)

    assert distance.tolist() == [[0.0, 5.0, 0.0], [5.0, 0.0, 2.0], [0.0, 2.0, 0.0]]


def test_diversity_distances_refuses_text_for_a_numeric_attribute():
    with pytest.raises(ValueError) as caught:
        diversity_distances([{"age": "old"}], [Attribute("age", AttributeKind.NUMERIC)])

    assert str(caught.value) == "attribute 'age' is numeric but person 0 has 'old'"


def test_diversity_distances_refuses_a_negative_weight():
    with pytest.raises(ValueError, match="weight"):
        diversity_distances([{}], [Attribute("age", AttributeKind.NUMERIC, -1.0)])


def test_diversity_distances_of_no_attribute_is_zero():
    assert np.array_equal(diversity_distances([{}, {}], []), np.zeros((2, 2)))
