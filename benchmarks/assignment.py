"""Benchmark workshop assignment (`core/assignment`) against OR-Tools and SciPy on the same instances.

Generated instances (no public real data found): N participants each rank `--choices` of W workshops
drawn without replacement with Zipf popularity (weight 1/k**`--zipf`), so popular workshops are
over-subscribed; capacities are equal and sum to ceil(`--slack` * N). Costs follow issue #11: a
k-th choice costs k - 1, an unlisted workshop 2 * choices.

For each size the script runs, in one session:
- ours: `assign_workshops` (public API, dict input, conversion included) for min-cost,
  rank-maximal and min-max-rank (best of `--repeats` runs each, after one warm-up call), and the
  min-cost flow alone on the network already built ("flow only");
- OR-Tools `SimpleMinCostFlow`, in the peer's own virtual environment, on the full bipartite graph
  (N * W arcs, as `shared/bench/assignment_bench.py`) and on the same compact graph as ours (one arc
  per listed workshop plus one to an "unlisted" hub), best of `--repeats` runs each;
- SciPy `linear_sum_assignment` on the capacity-expanded N x seats cost matrix, one run (skipped
  above `--scipy-max-cells` cells: 20,000 x 22,000 would need 3.5 GB and hours).
It checks that every min-cost result has the same optimal cost and prints the rank profiles and the
seconds (graph building included for the peers, reading the instance excluded).

The peer's virtual environment, outside the repository:
    python3.11 -m venv /work/peers/ortools-venv
    /work/peers/ortools-venv/bin/pip install ortools numpy scipy

Examples:
    .venv/bin/python benchmarks/assignment.py
    .venv/bin/python benchmarks/assignment.py --sizes 500x10 --repeats 1 --no-peer
"""

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

DEFAULT_PEER = "/work/peers/ortools-venv/bin/python"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="500x10,5000x50,20000x200", help="NxW,...")
    parser.add_argument("--choices", type=int, default=5)
    parser.add_argument("--zipf", type=float, default=1.0)
    parser.add_argument("--slack", type=float, default=1.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--peer-python", default=DEFAULT_PEER)
    parser.add_argument("--scipy-max-cells", type=float, default=3e7)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--json", action="store_true", help="also print every figure as JSON")
    parser.add_argument("--peer-run", type=Path, help=argparse.SUPPRESS)  # inside the peer's venv
    return parser.parse_args()


def make_instance(
    participants: int, workshops: int, choices: int, zipf: float, slack: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    weight = np.log(1.0 / np.arange(1, workshops + 1) ** zipf)
    # Gumbel top-k: the first `choices` of a weighted draw without replacement, all rows at once.
    keys = weight[None, :] - np.log(-np.log(rng.random((participants, workshops))))
    prefs = np.argsort(-keys, axis=1)[:, :choices]
    total = math.ceil(slack * participants)
    capacity = np.full(workshops, total // workshops)
    capacity[: total - capacity.sum()] += 1
    return prefs.astype(np.int64), capacity.astype(np.int64)


def rank_matrix(prefs: np.ndarray, workshops: int) -> np.ndarray:
    """0-based rank of each workshop for each participant; `choices` where unlisted."""
    participants, choices = prefs.shape
    ranks = np.full((participants, workshops), choices, dtype=np.int64)
    ranks[np.arange(participants)[:, None], prefs] = np.arange(choices)[None, :]
    return ranks


def profile_of(ranks: np.ndarray, choices: int) -> list[int]:
    """Counts of 1st .. choices-th choices, then of unlisted seats."""
    return np.bincount(ranks, minlength=choices + 1).tolist()


# ---------- peers (run inside the peer's virtual environment) ----------


def ortools_dense(prefs: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    from ortools.graph.python import min_cost_flow

    participants, choices = prefs.shape
    workshops = capacity.size
    cost = np.where(
        rank_matrix(prefs, workshops) < choices, rank_matrix(prefs, workshops), 2 * choices
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = participants + workshops, participants + workshops + 1
    tails = np.concatenate(
        [
            np.full(participants, source),
            np.repeat(np.arange(participants), workshops),
            participants + np.arange(workshops),
        ]
    )
    heads = np.concatenate(
        [
            np.arange(participants),
            np.tile(participants + np.arange(workshops), participants),
            np.full(workshops, sink),
        ]
    )
    caps = np.concatenate([np.ones(participants + participants * workshops), capacity])
    costs = np.concatenate([np.zeros(participants), cost.ravel(), np.zeros(workshops)])
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int64),
        heads.astype(np.int64),
        caps.astype(np.int64),
        costs.astype(np.int64),
    )
    flow.set_node_supply(source, participants)
    flow.set_node_supply(sink, -participants)
    assert flow.solve() == flow.OPTIMAL
    used = flow.flows(arcs[participants : participants + participants * workshops])
    return used.reshape(participants, workshops).argmax(axis=1)


def ortools_compact(prefs: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """The same compact network as ours; the hub's seats are handed out afterwards."""
    from ortools.graph.python import min_cost_flow

    participants, choices = prefs.shape
    workshops = capacity.size
    hub = participants + workshops
    source, sink = hub + 1, hub + 2
    listed = participants * choices
    tails = np.concatenate(
        [
            np.full(participants, source),
            np.repeat(np.arange(participants), choices),
            np.arange(participants),
            np.full(workshops, hub),
            participants + np.arange(workshops),
        ]
    )
    heads = np.concatenate(
        [
            np.arange(participants),
            participants + prefs.ravel(),
            np.full(participants, hub),
            participants + np.arange(workshops),
            np.full(workshops, sink),
        ]
    )
    caps = np.concatenate(
        [np.ones(participants + listed + participants), np.full(workshops, participants), capacity]
    )
    costs = np.concatenate(
        [
            np.zeros(participants),
            np.tile(np.arange(choices), participants),
            np.full(participants, 2 * choices),
            np.zeros(2 * workshops),
        ]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int64),
        heads.astype(np.int64),
        caps.astype(np.int64),
        costs.astype(np.int64),
    )
    flow.set_node_supply(source, participants)
    flow.set_node_supply(sink, -participants)
    assert flow.solve() == flow.OPTIMAL
    direct = flow.flows(arcs[participants : participants + listed]).reshape(participants, choices)
    hub_seats = flow.flows(arcs[participants + listed + participants :][:workshops])
    choice = np.full(participants, -1)
    has = direct.any(axis=1)
    choice[has] = prefs[has, direct[has].argmax(axis=1)]
    # Any pairing of hub participants and hub seats costs the same (no forbidden pairs here).
    choice[~has] = np.repeat(np.arange(workshops), hub_seats)
    return choice


def scipy_expanded(prefs: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    from scipy.optimize import linear_sum_assignment

    choices = prefs.shape[1]
    ranks = rank_matrix(prefs, capacity.size)
    cost = np.where(ranks < choices, ranks, 2 * choices)
    seat_workshop = np.repeat(np.arange(capacity.size), capacity)
    rows, columns = linear_sum_assignment(cost[:, seat_workshop])
    choice = np.empty(prefs.shape[0], dtype=np.int64)
    choice[rows] = seat_workshop[columns]
    return choice


def peer_main(instance: Path) -> None:
    from importlib import metadata

    import ortools.graph.python.min_cost_flow  # noqa: F401 - import outside the timing
    import scipy.optimize  # noqa: F401

    data = np.load(instance)
    prefs, capacity, scipy_ok = data["prefs"], data["capacity"], bool(data["scipy"])
    choices = prefs.shape[1]
    ranks_of = rank_matrix(prefs, capacity.size)
    results = {}
    solvers = [("ortools_dense", ortools_dense), ("ortools_compact", ortools_compact)]
    if scipy_ok:
        solvers.append(("scipy_lsa", scipy_expanded))
    for name, solver in solvers:
        seconds = math.inf
        for _ in range(1 if name == "scipy_lsa" else int(data["repeats"])):
            start = time.perf_counter()
            choice = solver(prefs, capacity)
            seconds = min(seconds, time.perf_counter() - start)
        assert (np.bincount(choice, minlength=capacity.size) <= capacity).all()
        ranks = ranks_of[np.arange(prefs.shape[0]), choice]
        cost = int(np.where(ranks < choices, ranks, 2 * choices).sum())
        results[name] = {
            "seconds": seconds,
            "cost": cost,
            "profile": profile_of(ranks, choices),
        }
    results["versions"] = {
        "ortools": metadata.version("ortools"),
        "scipy": metadata.version("scipy"),
    }
    print(json.dumps(results))


# ---------- ours ----------


def run_ours(prefs: np.ndarray, capacity: np.ndarray, repeats: int) -> dict[str, dict]:
    from impactdays.core.assignment import assign_workshops

    preferences = {f"p{i}": [f"w{w}" for w in row] for i, row in enumerate(prefs.tolist())}
    capacities = {f"w{w}": int(c) for w, c in enumerate(capacity.tolist())}
    assign_workshops({"warm-up": ["w0"]}, {"w0": 1})  # loads the compiled kernel
    results = {}
    for objective in ("min-cost", "rank-maximal", "min-max-rank"):
        best = math.inf
        for _ in range(repeats):
            start = time.perf_counter()
            result = assign_workshops(preferences, capacities, objective=objective)
            best = min(best, time.perf_counter() - start)
        results[objective] = {
            "seconds": best,
            "cost": result.cost,
            "profile": [*result.rank_profile, result.unranked_count],
            "certified": result.is_optimal,
        }
    # The solver alone on a network already built (no dict conversion): what OR-Tools "compact"
    # measures, graph building aside.
    from impactdays.core.assignment.solver import Objective, _network, _optimise

    network = _network(
        [list(row) for row in prefs.tolist()],
        [set() for _ in range(prefs.shape[0])],
        set(),
        capacity,
        prefs.shape[1],
    )
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        solved_on, flow, certified = _optimise(network, Objective.MIN_COST, prefs.shape[0])
        best = min(best, time.perf_counter() - start)
    ranks = solved_on.arc_rank[flow.arc_of[flow.arc_of >= 0]]
    ranks = np.concatenate([ranks, np.full(int((flow.arc_of < 0).sum()), prefs.shape[1])])
    results["min-cost, flow only"] = {
        "seconds": best,
        "cost": int(np.where(ranks < prefs.shape[1], ranks, 2 * prefs.shape[1]).sum()),
        "profile": profile_of(ranks, prefs.shape[1]),
        "certified": certified,
    }
    return results


def main() -> None:
    args = arguments()
    if args.peer_run:
        peer_main(args.peer_run)
        return
    rows = []
    for size in args.sizes.split(","):
        participants, workshops = (int(part) for part in size.lower().split("x"))
        prefs, capacity = make_instance(
            participants, workshops, args.choices, args.zipf, args.slack, args.seed
        )
        ours = run_ours(prefs, capacity, args.repeats)
        peers: dict = {}
        if not args.no_peer:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "instance.npz"
                cells = participants * int(capacity.sum())
                np.savez(
                    path,
                    prefs=prefs,
                    capacity=capacity,
                    scipy=cells <= args.scipy_max_cells,
                    repeats=args.repeats,
                )
                completed = subprocess.run(  # noqa: S603 - our own script in the peer's python
                    [args.peer_python, __file__, "--peer-run", str(path)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                peers = json.loads(completed.stdout)
        rows.append({"size": size, "ours": ours, "peers": peers})
        print_size(size, ours, peers)
    if args.json:
        print(json.dumps(rows, indent=1))


def print_size(size: str, ours: dict, peers: dict) -> None:
    versions = peers.pop("versions", None)
    print(f"\n{size} (participants x workshops)" + (f"  peers: {versions}" if versions else ""))
    print(f"  {'solver':30s} {'seconds':>8s} {'cost':>8s}  profile (1st..last, unlisted)")
    for name, figures in ours.items():
        label = f"ours {name}" + ("" if figures["certified"] else " (NOT certified)")
        print(f"  {label:30s} {figures['seconds']:8.3f} {figures['cost']:8d}  {figures['profile']}")
    for name, figures in peers.items():
        print(f"  {name:30s} {figures['seconds']:8.3f} {figures['cost']:8d}  {figures['profile']}")
    costs = {figures["cost"] for figures in peers.values()} | {ours["min-cost"]["cost"]}
    print(f"  same optimal cost: {len(costs) == 1}", end="")
    fastest = min((figures["seconds"] for figures in peers.values()), default=None)
    if fastest:
        public = fastest / ours["min-cost"]["seconds"]
        alone = fastest / max(ours["min-cost, flow only"]["seconds"], 1e-6)
        print(f"; fastest peer / ours min-cost: {public:.2f} (public API), {alone:.2f} (flow only)")
    else:
        print()


if __name__ == "__main__":
    sys.exit(main())
