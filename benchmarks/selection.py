"""Benchmark: LEXIMIN selection (impactdays.core.selection) against sortition-algorithms.

Peer: the Sortition Foundation's PyPI `sortition-algorithms` 0.12.15, run through the shared
script `shared/bench/sortition_bench.py` in its own virtual environment. Its true LEXIMIN needs the
commercial Gurobi, so the peer runs its MAXIMIN on HiGHS (`--algorithm maximin`), which computes
LEXIMIN's first level only: the minimum probability, not the rest of the vector. Ours computes the
full LEXIMIN vector, the panel weights and a draw, so the time ratio is conservative.

Create the peer's environment once (outside the repository):

    python3.11 -m venv /work/peers/sortition-venv
    /work/peers/sortition-venv/bin/pip install sortition-algorithms==0.12.15 scipy

Run (one run per case, cases one at a time; the peer gets a timeout per case):

    .venv/bin/python benchmarks/selection.py [--shared ../shared] \
        [--peer-python /work/peers/sortition-venv/bin/python] [--peer-timeout 300] [--quick] \
        [--no-peer] [--only generated_n2000]

Each row prints both tools' wall seconds and processor seconds (`cpu s`, user + system of the
child process): the machine is shared, so the load average is printed too.

Both sides run as separate processes with a timeout; a side that times out prints "did not
finish in T s" (the ratio is then a lower bound, "> x"). Ours stops its column generation at
its own time limit (`impactdays select --time-limit`, 240 s by default) and then says so under
its row, with the certified bound: the LEXIMIN over the LP relaxation bounds the optimum's
minimum from above, and every person has at least the printed share of that bound's
probability.

Cases: the two published instances of Flanigan et al. (Nature 2021) in `shared/data/sortition`
(their published LEXIMIN minimum is 10 %), then generated pools of 300 to 5,000 people with 4 to 8
categories: skewed, correlated pools (self-selection) with quotas around a target share, the shape
of real citizens' assembly recruitment. Each row prints n, k, categories, types, our minimum
probability and Gini, the peer's, both times and the ratio peer/ours.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from impactdays.core.selection import (
    InfeasibleQuotasError,
    check_feasible,
    group_types,
    read_instance,
)

REPOSITORY = Path(__file__).resolve().parents[1]
PUBLISHED = (("example_small_20", 20), ("example_large_200", 200))
# (pool size, categories, panel size, generator seed)
GENERATED = (
    (300, 4, 30, 1),
    (500, 5, 40, 2),
    (1000, 6, 60, 3),
    (2000, 7, 100, 4),
    (5000, 8, 150, 5),
)


def write_generated_pool(
    folder: Path, pool_size: int, category_count: int, panel_size: int, seed: int
) -> None:
    """Write features.csv and candidates.csv (sortition-algorithms' format) of a generated pool.

    Each category has 2 to 5 values. Pool shares differ from the target shares (self-selection),
    and a latent score per person correlates the categories, so some value combinations are rare.
    Quotas are the target share of the panel +- max(1, 4 % of k), widened until a panel exists.
    """
    rng = np.random.default_rng(seed)
    value_counts = rng.integers(2, 6, size=category_count)
    latent = rng.normal(size=pool_size)
    columns: list[list[str]] = []
    targets: list[np.ndarray] = []
    for category, values in enumerate(value_counts):
        pool_share = rng.dirichlet(np.full(values, 1.5))
        targets.append(rng.dirichlet(np.full(values, 6.0)))
        loadings = rng.normal(scale=0.8, size=values)
        logits = np.log(pool_share)[None, :] + latent[:, None] * loadings[None, :]
        probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        draws = (probabilities.cumsum(axis=1) > rng.random(pool_size)[:, None]).argmax(axis=1)
        columns.append([f"c{category}v{value}" for value in draws])
    slack = max(1, round(0.04 * panel_size))
    while True:
        rows = []
        for category, values in enumerate(value_counts):
            for value in range(values):
                centre = targets[category][value] * panel_size
                rows.append(
                    (
                        f"c{category}",
                        f"c{category}v{value}",
                        max(0, math.floor(centre) - slack),
                        math.ceil(centre) + slack,
                    )
                )
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "features.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["feature", "value", "min", "max"])
            writer.writerows(rows)
        with (folder / "candidates.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["nationbuilder_id", *(f"c{c}" for c in range(category_count))])
            for person in range(pool_size):
                writer.writerow([f"p{person}", *(column[person] for column in columns)])
        instance = read_instance(
            folder / "features.csv", folder / "candidates.csv", panel_size=panel_size
        )
        try:
            check_feasible(group_types(instance))
        except InfeasibleQuotasError:
            slack += 1
            continue
        return


def run_ours(
    categories: Path, people: Path, panel_size: int, timeout: float
) -> dict[str, float] | None:
    """Run `impactdays select --json` (LEXIMIN, panel weights, one draw); None on timeout.

    Its own process, like the peer's, so both are timed the same way: the command's `seconds`
    (grouping into types, LEXIMIN, final LP and draw; reading the files excluded, as for the peer).
    """
    command = [
        sys.executable,
        "-m",
        "impactdays.manage",
        "select",
        "--categories",
        str(categories),
        "--people",
        str(people),
        "--panel-size",
        str(panel_size),
        "--seed",
        "1",
        "--json",
    ]
    before = children_cpu()
    try:
        finished = subprocess.run(  # noqa: S603 - our own benchmark command line
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    if finished.returncode != 0:
        print(finished.stderr[-2000:], file=sys.stderr)
        return None
    out = json.loads(finished.stdout)
    return {
        "cpu": children_cpu() - before,
        "seconds": out["seconds"],
        "min_prob": out["min_probability"],
        "gini": out["gini"],
        "types": out["types"],
        "exact": out.get("exact", True),
        "share": out.get("target_share", 1.0),
        "bound": out.get("min_probability_upper_bound"),
    }


def run_peer(
    peer_python: Path, bench: Path, folder: Path, panel_size: int, timeout: float
) -> dict[str, float] | None:
    """Run the peer's maximin (HiGHS) on an instance folder; None when it times out or fails."""
    command = [
        str(peer_python),
        str(bench),
        str(folder),
        "--panel-size",
        str(panel_size),
        "--algorithm",
        "maximin",
    ]
    before = children_cpu()
    try:
        finished = subprocess.run(  # noqa: S603 - our own benchmark command line
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    if finished.returncode != 0:
        print(finished.stderr[-2000:], file=sys.stderr)
        return None
    out = json.loads(finished.stdout)
    return {
        "cpu": children_cpu() - before,
        "seconds": out["seconds"],
        "min_prob": out["min_prob"],
        "gini": out["gini"],
    }


def children_cpu() -> float:
    """Return the processor seconds (user + system) of this process's finished children.

    On a shared machine the wall time depends on the others' load; the processor time of the
    whole child (start-up and file reading included) much less.
    """
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def format_load() -> str:
    """Return the 1, 5 and 15 minute load averages (the machine is shared)."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("IMPACTDAYS_SHARED", REPOSITORY.parent / "shared")),
    )
    parser.add_argument(
        "--peer-python", type=Path, default=Path("/work/peers/sortition-venv/bin/python")
    )
    parser.add_argument("--peer-timeout", type=float, default=300.0)
    parser.add_argument("--our-timeout", type=float, default=300.0)
    parser.add_argument("--quick", action="store_true", help="published instances only")
    parser.add_argument("--no-peer", action="store_true", help="time ours only")
    parser.add_argument("--skip-large", action="store_true", help="generated pools up to 1,000")
    parser.add_argument(
        "--only", default="", help="run only the cases whose name contains this text"
    )
    args = parser.parse_args()
    bench = args.shared / "bench" / "sortition_bench.py"
    cases: list[tuple[str, Path, Path, Path, int]] = []
    for name, k in PUBLISHED:
        folder = args.shared / "data" / "sortition" / name
        cases.append((name, folder, folder / "categories.csv", folder / "respondents.csv", k))
    with tempfile.TemporaryDirectory() as scratch:
        if not args.quick:
            for n, categories, k, seed in GENERATED:
                if args.skip_large and n > 1000:
                    continue
                name = f"generated_n{n}_c{categories}_k{k}"
                folder = Path(scratch) / name
                write_generated_pool(folder, n, categories, k, seed)
                cases.append((name, folder, folder / "features.csv", folder / "candidates.csv", k))
        print(f"load average at the start: {format_load()}")
        print(
            f"{'case':28} {'n':>5} {'k':>4} {'types':>5} | {'ours min':>9} {'gini':>6} "
            f"{'s':>8} {'cpu s':>7} | {'peer min':>9} {'gini':>6} {'s':>8} {'cpu s':>7} | "
            f"{'peer/ours':>9}"
        )
        for name, folder, categories_path, people_path, k in cases:
            if args.only not in name:
                continue
            instance = read_instance(categories_path, people_path, k)
            types = group_types(instance).type_count
            ours = run_ours(categories_path, people_path, k, args.our_timeout)
            peer = (
                None
                if args.no_peer
                else run_peer(args.peer_python, bench, folder, k, args.peer_timeout)
            )
            row = f"{name:28} {instance.pool_size:>5} {k:>4} {types:>5} | "
            if ours is None:
                row += f"{'did not finish in ' + format(args.our_timeout, '.0f') + ' s':>34} | "
            else:
                row += (
                    f"{ours['min_prob']:>9.5f} {ours['gini']:>6.3f} {ours['seconds']:>8.2f} "
                    f"{ours['cpu']:>7.1f} | "
                )
            if peer is None:
                reason = (
                    "not run" if args.no_peer else f"did not finish in {args.peer_timeout:.0f} s"
                )
                row += f"{reason:>34} | "
            else:
                row += (
                    f"{peer['min_prob']:>9.5f} {peer['gini']:>6.3f} {peer['seconds']:>8.2f} "
                    f"{peer['cpu']:>7.1f} | "
                )
            if ours is not None and peer is not None:
                row += f"{peer['seconds'] / max(ours['seconds'], 1e-3):>9.1f}"
            elif ours is not None and not args.no_peer:
                row += f"> {args.peer_timeout / max(ours['seconds'], 1e-3):.1f}"
            print(f"{row}   (load {format_load()})")
            if ours is not None and not ours["exact"]:
                print(
                    f"{'':28}   not proven optimal in the time limit: optimum's minimum <= "
                    f"{ours['bound']:.5f}; everyone has >= {ours['share']:.3f} of the bound's "
                    "probability"
                )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
