"""`impactdays opinions analyze FOLDER --json`: Pol.is's opinion groups for an openData export.

Method: the Pol.is analysis of `impactdays.core.opinions.analysis` (compdemocracy/polis,
math/src/polismath/math/conversation.clj). With votes.csv's timestamps the history is replayed
(300 analyses as the votes arrived, as Pol.is ran them); with participants-votes.csv alone, one
analysis of the final votes.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from impactdays.core.opinions.analysis import (
    REPLAY_ANALYSES,
    OpinionAnalysis,
    conversation_analyze,
    conversation_replay,
)
from impactdays.core.opinions.polis_export import ExportError, polis_export_read
from impactdays.core.opinions.votes import vote_matrix_build

EXIT_ERROR = 2


def analysis_report(analysis: OpinionAnalysis, seconds: float) -> dict[str, object]:
    """The JSON-ready summary of an analysis, with the input's participant and statement ids.

    Group ids are 0-based in Pol.is's group order; a participant outside the clustering maps to
    None. Consensus lists the agree side, then the disagree side.
    """
    participants = [int(value) for value in analysis.participant_ids]
    statements = [int(value) for value in analysis.statement_ids]
    groups = analysis.group_of_participant
    members: list[list[int]] = [[] for _ in range(analysis.group_count)]
    for participant, group in zip(participants, groups, strict=True):
        if group >= 0:
            members[int(group)].append(participant)
    consensus = [statements[c] for c in analysis.consensus_agree + analysis.consensus_disagree]
    return {
        "groups": [
            {"id": group, "members": sorted(group_members)}
            for group, group_members in enumerate(members)
        ],
        "participant_group": {
            str(participant): (int(group) if group >= 0 else None)
            for participant, group in zip(participants, groups, strict=True)
        },
        "representative": {
            str(group): [statements[item.column] for item in chosen]
            for group, chosen in enumerate(analysis.representative)
        },
        "consensus": list(dict.fromkeys(consensus)),
        "group_informed_consensus": {
            str(statement): round(float(value), 6)
            for statement, value in zip(statements, analysis.group_informed_consensus, strict=True)
        },
        "divisive": [statements[column] for column in analysis.divisive],
        "seconds": round(seconds, 3),
    }


def _analyze(arguments: argparse.Namespace) -> int:
    """Run the analysis on one export folder and print the report."""
    started = time.perf_counter()
    try:
        export = polis_export_read(Path(arguments.folder))
    except ExportError as error:
        print(f"impactdays opinions: {error}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:
        print(f"impactdays opinions: {error.filename}: {error.strerror}", file=sys.stderr)
        return EXIT_ERROR
    rng = np.random.default_rng(arguments.seed)
    try:
        if arguments.replay > 0 and export.is_time_ordered and len(export.votes.values):
            analysis = conversation_replay(
                export.votes,
                rng=rng,
                analysis_count=arguments.replay,
                moderated_out_ids=export.moderated_out_ids,
            )
        else:
            analysis = conversation_analyze(
                vote_matrix_build(export.votes),
                rng=rng,
                moderated_out_ids=export.moderated_out_ids,
            )
    except ValueError as error:
        print(f"impactdays opinions: {arguments.folder}/{export.source}: {error}", file=sys.stderr)
        return EXIT_ERROR
    report = analysis_report(analysis, time.perf_counter() - started)
    if arguments.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        sizes = np.bincount(analysis.group_of_participant + 1, minlength=analysis.group_count + 1)
        print(f"{analysis.group_count} groups; {sizes[0]} participants not clustered")
        for group, size in enumerate(sizes[1:]):
            print(f"group {group}: {size} participants")
    return 0


def main(argv: list[str]) -> int:
    """Parse `analyze FOLDER [--json] [--seed N] [--replay N]` and run it; returns the exit status.

    Errors: a malformed folder prints the file and line on stderr and returns 2; bad arguments
    exit with argparse's status 2.
    """
    parser = argparse.ArgumentParser(
        prog="impactdays opinions", description="Pol.is opinion groups of a conversation."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    analyze = commands.add_parser("analyze", help="analyse a Pol.is openData export folder")
    analyze.add_argument("folder", help="folder with votes.csv or participants-votes.csv")
    analyze.add_argument("--json", action="store_true", help="print one JSON object")
    analyze.add_argument("--seed", type=int, default=0, help="seed of the PCA starting vectors")
    analyze.add_argument(
        "--replay",
        type=int,
        default=REPLAY_ANALYSES,
        metavar="N",
        help="replay votes.csv's history in N analyses, as Pol.is ran them (0: one analysis)",
    )
    arguments = parser.parse_args(argv)
    return _analyze(arguments)
