"""The ``impactdays teams`` command: solve one MDGPLIB instance and print the groups.

Method: ``form_diverse_teams`` (annealed maxima search; Lai and Hao, EJOR 254(3), 2016; Yang et al.,
EJOR 302(3), 2022) on an instance in the format of Gallego et al. (J. Oper. Res. Soc. 2013).
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from impactdays.core.teams.grouping import form_diverse_teams
from impactdays.core.teams.mdgplib import InstanceFormatError, read_mdgplib
from impactdays.core.teams.problem import InfeasibleTeamsError
from impactdays.core.teams.search import WORKERS, SearchProgress

EXIT_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``impactdays teams``."""
    parser = argparse.ArgumentParser(
        prog="impactdays teams",
        description="Split the elements of an MDGPLIB instance into maximally diverse groups.",
    )
    parser.add_argument("--instance", type=Path, required=True, help="MDGPLIB instance file")
    parser.add_argument("--seconds", type=float, default=10.0, help="time bound (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--max-rounds", type=int, default=None, help="stop after N rounds")
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help=f"parallel searches (default {WORKERS})"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--progress", action="store_true", help="report progress on stderr")
    return parser


def _print_progress(report: SearchProgress) -> None:
    """Write one progress line to standard error."""
    print(
        f"{report.seconds:8.2f} s  round {report.rounds:5d}  best {report.best_objective:.3f}",
        file=sys.stderr,
    )


def main(argv: list[str]) -> int:
    """Run ``impactdays teams`` with ``argv`` (the words after ``teams``); return the exit status.

    Effects: prints the objective, the groups (0-based ids) and the seconds spent, as JSON with
    ``--json``. Errors: a message naming the file (and line) on standard error and status 2 for an
    unreadable or malformed file, infeasible bounds or bad options.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0) if stop.code in (0, None) else EXIT_ERROR
    if args.seconds <= 0 or args.workers < 1 or (args.max_rounds or 0) < 0:
        print(
            "impactdays teams: --seconds must be > 0, --workers >= 1 and --max-rounds >= 0",
            file=sys.stderr,
        )
        return EXIT_ERROR
    try:
        problem = read_mdgplib(args.instance)
        grouping = form_diverse_teams(
            problem,
            rng=np.random.default_rng(args.seed),
            seconds=args.seconds,
            max_rounds=args.max_rounds,
            progress=_print_progress if args.progress else None,
            workers=args.workers,
        )
    except InstanceFormatError as error:
        print(f"impactdays teams: {error}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:
        print(f"impactdays teams: {args.instance}: {error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    except (InfeasibleTeamsError, ValueError) as error:
        print(f"impactdays teams: {args.instance}: {error}", file=sys.stderr)
        return EXIT_ERROR
    if args.json:
        print(
            json.dumps(
                {
                    "objective": round(grouping.objective, 6),
                    "groups": grouping.groups,
                    "seconds": round(grouping.seconds, 3),
                }
            )
        )
    else:
        print(f"objective {grouping.objective:.3f} in {grouping.seconds:.2f} s")
        for index, group in enumerate(grouping.groups):
            print(f"group {index}: {' '.join(map(str, group))}")
    return 0
