"""Benchmark team formation on MDGPLIB with a processor-time budget per thread, not a wall clock.

On the shared development machine the wall-clock benchmark (`benchmarks/teams.py`) measures the
load as much as the method: at load average 11 our two threads get 1.5 to 2 of the 20
processor-seconds that 10 s on two idle cores would give. This script makes the time bound of each
search thread its own processor time (`time.thread_time`), so two methods, or two settings, can
be compared on the same work whatever else runs. It reports the gap to the best known value (TPSDP,
Yang et al., EJOR 2022) per instance and the mean per class and overall.

`--set NAME=VALUE` overrides a constant of `impactdays.core.teams.search` (e.g. START_TEMPERATURE)
for a comparison; nothing is written.

Examples:
    python benchmarks/teams_cpu.py --cpu-seconds 1.0                  # n = 120, all 30 instances
    python benchmarks/teams_cpu.py --sets RanReal,RanInt --set START_TEMPERATURE=0.2
"""

import argparse
import csv
import os
import statistics
import time
import types
from pathlib import Path

import numpy as np

from impactdays.core.teams import search
from impactdays.core.teams.grouping import form_diverse_teams
from impactdays.core.teams.mdgplib import read_mdgplib

REPOSITORY = Path(__file__).resolve().parents[1]


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
    parser.add_argument("--size", type=int, default=120)
    parser.add_argument("--types", default="ss,ds")
    parser.add_argument("--per-size", type=int, default=5, help="instances 01..N of each class")
    parser.add_argument("--cpu-seconds", type=float, default=1.0, help="per search thread")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=search.WORKERS)
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE in search")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    for assignment in args.set:
        name, value = assignment.split("=", 1)
        setattr(search, name, type(getattr(search, name))(value))
    # The search reads `time.perf_counter` of its module: give it each thread's processor clock.
    search.time = types.SimpleNamespace(perf_counter=time.thread_time)  # type: ignore[assignment]
    library = args.shared / "data" / "mdgplib"
    with (library / "bks_tpsdp.csv").open(newline="") as stream:
        bks = {row["instance"]: float(row["bks"]) for row in csv.DictReader(stream)}
    warm = read_mdgplib(library / "RanReal" / "RanReal_n010_ss_01.txt")
    form_diverse_teams(warm, rng=np.random.default_rng(0), seconds=1.0, max_rounds=1)
    gaps: dict[str, list[float]] = {}
    for kind in args.types.split(","):
        for family in args.sets.split(","):
            for number in range(1, args.per_size + 1):
                name = f"{family}_n{args.size:03d}_{kind}_{number:02d}"
                problem = read_mdgplib(library / family / f"{name}.txt")
                started = time.perf_counter()
                ours = form_diverse_teams(
                    problem,
                    rng=np.random.default_rng(args.seed),
                    seconds=args.cpu_seconds,
                    workers=args.workers,
                )
                gap = 100 * (bks[name] - ours.objective) / bks[name]
                gaps.setdefault(f"{family} {kind}", []).append(gap)
                print(
                    f"{name:<22} gap {gap:>7.3f} %  rounds {ours.rounds:>3}  "
                    f"wall {time.perf_counter() - started:>5.1f} s",
                    flush=True,
                )
    print()
    for label, values in gaps.items():
        print(f"{label:<12} mean gap {statistics.fmean(values):.3f} % over {len(values)}")
    every = [gap for values in gaps.values() for gap in values]
    print(
        f"all          mean gap {statistics.fmean(every):.3f} % over {len(every)} "
        f"({args.cpu_seconds} processor-s per thread, {args.workers} threads, seed {args.seed})"
    )


if __name__ == "__main__":
    main()
