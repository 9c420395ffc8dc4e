"""The ``impactdays assign`` command: assign participants to parallel workshops from CSV files.

Method: ``assign_workshops`` (minimum-cost flow; rank-maximal and min-max-rank as exact
lexicographic sequences of flows), on the CSV formats of ``assignment.reading``.
"""

import argparse
import json
import sys
import time
from pathlib import Path

from impactdays.core.assignment.flow import load_kernel
from impactdays.core.assignment.reading import (
    CsvFormatError,
    read_capacities,
    read_pairs,
    read_preferences,
)
from impactdays.core.assignment.solver import (
    AssignmentInputError,
    InfeasibleAssignmentError,
    Objective,
    assign_workshops,
)

EXIT_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``impactdays assign``."""
    parser = argparse.ArgumentParser(
        prog="impactdays assign",
        description="Assign participants to parallel workshops by ranked preference.",
    )
    parser.add_argument(
        "--preferences", type=Path, required=True, help="CSV: participant,choice1,...,choiceN"
    )
    parser.add_argument("--capacities", type=Path, required=True, help="CSV: workshop,capacity")
    parser.add_argument(
        "--objective",
        choices=[item.value for item in Objective],
        default=Objective.MIN_COST.value,
        help="what to optimise (default min-cost)",
    )
    parser.add_argument(
        "--forbidden", type=Path, help="CSV: participant,workshop pairs never to assign"
    )
    parser.add_argument("--fixed", type=Path, help="CSV: participant,workshop pairs to keep")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


def main(argv: list[str]) -> int:
    """Run ``impactdays assign`` with ``argv`` (the words after ``assign``); return the exit status.

    Effects: prints the assignment, the rank profile (counts of 1st, 2nd, ... choices), the
    objective and the seconds spent, as JSON with ``--json``. Errors: a message naming the file and
    line on standard error and status 2 for an unreadable or malformed file, input that cannot seat
    everyone or bad options.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0) if stop.code in (0, None) else EXIT_ERROR
    try:
        capacities = read_capacities(args.capacities)
        preferences = read_preferences(args.preferences, capacities)
        forbidden = read_pairs(args.forbidden, capacities) if args.forbidden else []
        fixed_rows = read_pairs(args.fixed, capacities) if args.fixed else []
        fixed: dict[str, str] = {}
        for line, participant, workshop in fixed_rows:
            if participant in fixed:
                raise CsvFormatError(
                    f"{args.fixed}, line {line}: participant {participant!r} is fixed twice"
                )
            fixed[participant] = workshop
        for line, participant, _ in forbidden:
            if participant not in preferences and participant not in fixed:
                raise CsvFormatError(
                    f"{args.forbidden}, line {line}: unknown participant {participant!r}"
                )
        load_kernel()  # the compiled code loads once per process: not part of the solve
        start = time.perf_counter()
        result = assign_workshops(
            preferences,
            capacities,
            objective=args.objective,
            forbidden=[(participant, workshop) for _, participant, workshop in forbidden],
            fixed=fixed,
        )
        seconds = time.perf_counter() - start
    except OSError as error:
        print(f"impactdays assign: {error.filename}: {error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    except (AssignmentInputError, InfeasibleAssignmentError) as error:
        print(f"impactdays assign: {error}", file=sys.stderr)
        return EXIT_ERROR
    if args.json:
        print(
            json.dumps(
                {
                    "assignment": result.workshops,
                    "rank_profile": list(result.rank_profile),
                    "unranked": result.unranked_count,
                    "cost": result.cost,
                    "optimal": result.is_optimal,
                    "objective": result.objective.value,
                    "seconds": round(seconds, 3),
                },
                ensure_ascii=False,
            )
        )
    else:
        for participant, workshop in result.workshops.items():
            rank = result.ranks[participant]
            print(f"{participant}\t{workshop}\t{rank if rank is not None else 'unranked'}")
        profile = " ".join(str(count) for count in result.rank_profile)
        print(
            f"{result.objective.value}: rank profile {profile}, unranked {result.unranked_count}, "
            f"cost {result.cost} in {seconds:.2f} s",
            file=sys.stderr,
        )
    return 0
