"""Benchmark team formation (MDGP) on MDGPLIB against the best known values and anti-clustering.

Runs `form_diverse_teams` on MDGPLIB instances (RanReal, RanInt, Geo; n = 120, 240, 480; ss and ds)
from the shared folder, and for each instance prints our objective, its gap to the best known value
(TPSDP, Yang et al., EJOR 2022; `bks_tpsdp.csv`), the seconds spent, and, on ss instances (the peer
makes equal-size groups only), the exchange heuristic of PyPI `anti-clustering` 0.4.1 run in the
same session through `shared/bench/mdgp_bench.py`, with the ratio of our objective to the peer's.
`cpu s` is the processor time our search got (both threads): on a busy machine it shows how much
of the two cores the wall-clock bound really bought.

Time bounds (the issue's targets, 2 cores): 10 s at n = 120, 30 s at n = 240, 60 s at n = 480,
times `--seconds-scale`. One run per instance, seed `--seed`.

The peer's virtual environment, outside the repository:
    python3.11 -m venv /work/peers/anticlust-venv
    /work/peers/anticlust-venv/bin/pip install anti-clustering==0.4.1 numpy

Examples:
    python benchmarks/teams.py --sizes 120 --per-size 2
    python benchmarks/teams.py --sets RanReal,Geo --sizes 120,240 --seconds-scale 0.5 --no-peer
    IMPACTDAYS_SHARED=/work/shared python benchmarks/teams.py     # everything, about 35 minutes
"""

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from impactdays.core.teams.grouping import form_diverse_teams
from impactdays.core.teams.mdgplib import read_mdgplib

REPOSITORY = Path(__file__).resolve().parents[1]
SECONDS = {120: 10.0, 240: 30.0, 480: 60.0}
TARGET_GAP = {120: 0.3, 240: 0.7, 480: 1.5}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("IMPACTDAYS_SHARED", REPOSITORY.parent / "shared")),
        help="the shared folder (default: $IMPACTDAYS_SHARED or ../shared)",
    )
    parser.add_argument("--sets", default="RanReal,RanInt,Geo")
    parser.add_argument("--sizes", default="120,240,480")
    parser.add_argument("--types", default="ss,ds")
    parser.add_argument("--per-size", type=int, default=5, help="instances 01..N of each class")
    parser.add_argument("--seconds-scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--peer-python", default="/work/peers/anticlust-venv/bin/python", help="peer's python"
    )
    parser.add_argument("--peer-restarts", type=int, default=9)
    parser.add_argument("--peer-timeout", type=float, default=900.0, help="seconds per peer run")
    parser.add_argument("--no-peer", action="store_true")
    return parser.parse_args()


def best_known(library: Path) -> dict[str, float]:
    with (library / "bks_tpsdp.csv").open(newline="") as stream:
        return {row["instance"]: float(row["bks"]) for row in csv.DictReader(stream)}


def run_peer(args: argparse.Namespace, instance: Path) -> dict[str, float] | None:
    command = [
        args.peer_python,
        str(args.shared / "bench" / "mdgp_bench.py"),
        str(instance),
        "--solver",
        "anticlust-exchange",
        "--restarts",
        str(args.peer_restarts),
        "--seed",
        str(args.seed),
    ]
    try:
        done = subprocess.run(  # noqa: S603  # our own peer script, paths from the command line
            command, capture_output=True, text=True, check=False, timeout=args.peer_timeout
        )
    except subprocess.TimeoutExpired:
        print(f"  peer stopped after {args.peer_timeout:.0f} s on {instance.name}", file=sys.stderr)
        return None
    if done.returncode != 0:
        print(f"  peer failed: {done.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    report = json.loads(done.stdout)
    return {"objective": report["objective"], "seconds": report["solve_seconds"]}


def main() -> None:
    args = arguments()
    library = args.shared / "data" / "mdgplib"
    bks = best_known(library)
    peer_ready = not args.no_peer and Path(args.peer_python).exists()
    # Compile the kernels (numba caches them) before any clock runs.
    warm = read_mdgplib(library / "RanReal" / "RanReal_n010_ss_01.txt")
    form_diverse_teams(warm, rng=np.random.default_rng(0), seconds=1.0, max_rounds=1)
    print(
        f"{'instance':<22} {'best known':>12} {'ours':>12} {'gap %':>7} {'s':>6} {'cpu s':>6} "
        f"{'peer':>12} {'gap %':>7} {'s':>6} {'ours/peer':>9}"
    )
    gaps: dict[int, list[float]] = {}
    worse_than_peer: list[str] = []
    for size in [int(value) for value in args.sizes.split(",")]:
        for kind in args.types.split(","):
            for family in args.sets.split(","):
                for number in range(1, args.per_size + 1):
                    name = f"{family}_n{size:03d}_{kind}_{number:02d}"
                    instance = library / family / f"{name}.txt"
                    problem = read_mdgplib(instance)
                    started, cpu_started = time.perf_counter(), time.process_time()
                    ours = form_diverse_teams(
                        problem,
                        rng=np.random.default_rng(args.seed),
                        seconds=SECONDS[size] * args.seconds_scale,
                    )
                    seconds = time.perf_counter() - started
                    cpu = time.process_time() - cpu_started
                    gap = 100 * (bks[name] - ours.objective) / bks[name]
                    gaps.setdefault(size, []).append(gap)
                    line = (
                        f"{name:<22} {bks[name]:>12.3f} {ours.objective:>12.3f} {gap:>7.3f} "
                        f"{seconds:>6.1f} {cpu:>6.1f}"
                    )
                    peer = run_peer(args, instance) if peer_ready and kind == "ss" else None
                    if peer is not None:
                        peer_gap = 100 * (bks[name] - peer["objective"]) / bks[name]
                        line += (
                            f" {peer['objective']:>12.3f} {peer_gap:>7.3f} {peer['seconds']:>6.1f}"
                            f" {ours.objective / peer['objective']:>9.4f}"
                        )
                        if ours.objective < peer["objective"]:
                            worse_than_peer.append(name)
                    else:
                        line += f" {'-':>12} {'-':>7} {'-':>6} {'-':>9}"
                    print(line, flush=True)
    print()
    for size, values in gaps.items():
        mean = statistics.fmean(values)
        verdict = "met" if mean <= TARGET_GAP[size] else "NOT met"
        print(
            f"n = {size}: mean gap {mean:.3f} % over {len(values)} instances "
            f"(target {TARGET_GAP[size]} % in {SECONDS[size] * args.seconds_scale:.0f} s: {verdict})"
        )
    print(f"instances where the peer beat us: {worse_than_peer or 'none'}")


if __name__ == "__main__":
    main()
