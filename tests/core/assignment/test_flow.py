"""The flow kernel's dual certificate: it holds for solved flows and fails when tampered with."""

import numpy as np

from impactdays.core.assignment.solver import _is_certificate, _network, _rank_costs, _solve


def test_certificate_holds_and_detects_wrong_potentials():
    choices = [[0, 1], [0, 1], [0], [1, 2]]
    network = _network(choices, [set() for _ in choices], set(), np.array([1, 1, 2]), 2)

    flow = _solve(network, _rank_costs(2), len(choices))

    assert flow is not None
    assert flow.is_certified
    flow.potential[len(choices)] += 5  # workshop 0's potential
    assert not _is_certificate(network, flow)


def test_infeasible_flow_is_reported():
    choices = [[0], [0], [0]]
    network = _network(choices, [set() for _ in choices], {0, 1, 2}, np.array([2, 0]), 1)

    assert _solve(network, _rank_costs(1), len(choices)) is None
