"""Benchmark of the opinion-analysis engine (issue 7) against red-dwarf 0.4.0, in one run.

Cases: every conversation in `SHARED/data/polis` (Pol.is openData exports, CC BY 4.0, The
Computational Democracy Project) and generated matrices of P x 2,000 at 5 % density with three
planted groups (the generator of `SHARED/bench/reddwarf_bench.py`, so both sides analyse the same
votes). Per case and side: seconds of the analysis (votes in memory -> groups; loading excluded),
peak resident memory of the process, the number of groups against Pol.is's (summary.csv), the
adjusted Rand index against Pol.is's `group-id` (or the planted groups), and ours / peer ratios.
For real conversations it also replays the votes' history (300 analyses, as `impactdays opinions
analyze` does by default) and reports that result; on generated cases it times an incremental
update after 1,000 new votes, three times from the same state. Beside every time it prints the
processor seconds and the load average (`os.getloadavg()`), since the machine is shared.

Each side runs in its own subprocess, so peak memory is per case. The peer runs from its own
virtual environment, never a project dependency:

    python3.11 -m venv /work/peers/reddwarf-venv
    /work/peers/reddwarf-venv/bin/pip install red-dwarf==0.4.0

Usage (from the repository root):

    .venv/bin/python benchmarks/opinions.py [--shared ../shared] [--sizes 20000,100000]
        [--skip-peer-above 20000] [--peer-python /work/peers/reddwarf-venv/bin/python]
        [--no-polis] [--timeout 900]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPOSITORY = Path(__file__).resolve().parents[1]
STATEMENTS = 2000
DENSITY = 0.05
PLANTED_GROUPS = 3
UPDATE_REPEATS = 3


def peak_mib() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def synthetic_votes(participants: int, statements: int, density: float, groups: int, seed: int):
    """The planted-group votes of reddwarf_bench.py's `make_synthetic`, same draws, as arrays."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, groups, size=participants)
    probabilities = rng.dirichlet([1.0, 1.0, 0.4], size=(groups, statements))
    rows, columns, values = [], [], []
    for start in range(0, participants, 2000):
        stop = min(participants, start + 2000)
        mask = rng.random((stop - start, statements)) < density
        r, c = np.nonzero(mask)
        p = probabilities[labels[start + r], c]
        u = rng.random(len(r))
        v = np.where(u < p[:, 0], 1, np.where(u < p[:, 0] + p[:, 1], -1, 0))
        rows.append(r + start)
        columns.append(c)
        values.append(v)
    return np.concatenate(rows), np.concatenate(columns), np.concatenate(values), labels


def run_ours(case: str) -> dict:
    """Analyse one case in this process and return its figures (the child side)."""
    from impactdays.core.opinions import (
        conversation_analyze,
        conversation_update,
        vote_batch,
        vote_matrix_build,
    )
    from impactdays.core.opinions.analysis import conversation_replay
    from impactdays.core.opinions.comparison import adjusted_rand_index
    from impactdays.core.opinions.polis_export import polis_export_read, polis_groups_read

    result: dict = {}
    moderated_out: list[int] = []
    if case.startswith("synthetic:"):
        participants = int(case.split(":")[1])
        rows, columns, values, labels = synthetic_votes(
            participants, STATEMENTS, DENSITY, PLANTED_GROUPS, 0
        )
        batch = vote_batch(rows, columns, values)
        reference = dict(enumerate(labels.tolist()))
    else:
        folder = Path(case)
        export = polis_export_read(folder)
        batch, moderated_out = export.votes, export.moderated_out_ids
        reference = polis_groups_read(folder)
    result["load_before"] = os.getloadavg()[0]
    started, processor = time.perf_counter(), time.process_time()
    matrix = vote_matrix_build(batch)
    analysis = conversation_analyze(
        matrix, rng=np.random.default_rng(0), moderated_out_ids=moderated_out
    )
    result["seconds"] = time.perf_counter() - started
    result["cpu_seconds"] = time.process_time() - processor
    ours = {
        int(p): int(g)
        for p, g in zip(matrix.participant_ids, analysis.group_of_participant, strict=True)
        if g >= 0
    }
    common = sorted(set(ours) & set(reference))
    result["groups"] = analysis.group_count
    result["clustered"] = len(ours)
    result["ari"] = adjusted_rand_index([ours[p] for p in common], [reference[p] for p in common])
    result["votes"] = matrix.vote_count
    if not case.startswith("synthetic:"):
        started = time.perf_counter()
        replay = conversation_replay(
            batch, rng=np.random.default_rng(0), moderated_out_ids=moderated_out
        )
        result["replay_seconds"] = time.perf_counter() - started
        replayed = {
            int(p): int(g)
            for p, g in zip(
                replay.state.matrix.participant_ids, replay.group_of_participant, strict=True
            )
            if g >= 0
        }
        common = sorted(set(replayed) & set(reference))
        result["replay_groups"] = replay.group_count
        result["replay_ari"] = adjusted_rand_index(
            [replayed[p] for p in common], [reference[p] for p in common]
        )
    else:
        rng = np.random.default_rng(1)
        new_rows = rng.integers(0, matrix.shape[0], 1000)
        new_columns = rng.integers(0, STATEMENTS, 1000)
        new_values = rng.integers(-1, 2, 1000)
        # The same update from the same state, UPDATE_REPEATS times: wall and processor seconds
        # of each, so a reader can tell the machine's load from the engine's work.
        result["updates"] = []
        for _ in range(UPDATE_REPEATS):
            started, processor = time.perf_counter(), time.process_time()
            conversation_update(
                analysis.state,
                vote_batch(new_rows, new_columns, new_values),
                rng=np.random.default_rng(0),
            )
            result["updates"].append(
                (time.perf_counter() - started, time.process_time() - processor)
            )
        result["update_seconds"] = result["updates"][0][0]
    result["peak_mib"] = peak_mib()
    result["load_after"] = os.getloadavg()[0]
    return result


def run_peer(case: str, peer_python: str, shared: Path, timeout: int) -> dict | None:
    """Run reddwarf_bench.py on one case in the peer's virtual environment."""
    script = shared / "bench" / "reddwarf_bench.py"
    if case.startswith("synthetic:"):
        arguments = [
            "--synthetic",
            f"{case.split(':')[1]}x{STATEMENTS}",
            "--density",
            str(DENSITY),
            "--groups",
            str(PLANTED_GROUPS),
        ]
    else:
        arguments = [case]
    try:
        completed = subprocess.run(  # noqa: S603  # the peer's interpreter, named by the operator
            [peer_python, str(script), *arguments],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except (subprocess.SubprocessError, OSError) as error:
        print(f"  peer failed on {case}: {error}", file=sys.stderr)
        return None
    figures = json.loads(completed.stdout)
    reference = figures.get("reference") or {}
    return {
        "seconds": figures["wall_s_min"],
        "peak_mib": figures["peak_rss_mib_after_pipeline"],
        "groups": figures["groups_found"],
        "ari": reference.get("ari_vs_reference"),
    }


def run_child(case: str, timeout: int) -> dict | None:
    """Run our side of one case in a fresh interpreter, so its peak memory is its own."""
    try:
        completed = subprocess.run(  # noqa: S603  # this script in this interpreter
            [sys.executable, __file__, "--child", case],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except (subprocess.SubprocessError, OSError) as error:
        print(f"  ours failed on {case}: {error}", file=sys.stderr)
        return None
    return json.loads(completed.stdout)


def polis_group_count(folder: Path) -> int | None:
    """The `groups` line of a conversation's summary.csv."""
    for line in (folder / "summary.csv").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(",")
        if key == "groups":
            return int(value)
    return None


def ratio(ours: float | None, peer: float | None) -> str:
    """Ours / peer, or a dash."""
    if ours is None or not peer:
        return "-"
    return f"{ours / peer:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--shared", default=os.environ.get("IMPACTDAYS_SHARED", str(REPOSITORY.parent / "shared"))
    )
    parser.add_argument("--sizes", default="20000,100000", help="generated participant counts")
    parser.add_argument(
        "--skip-peer-above", type=int, default=None, help="no peer run above this many participants"
    )
    parser.add_argument("--peer-python", default="/work/peers/reddwarf-venv/bin/python")
    parser.add_argument("--no-polis", action="store_true", help="skip the real conversations")
    parser.add_argument("--no-peer", action="store_true", help="run ours only")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per subprocess")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(run_ours(arguments.child)))
        return

    shared = Path(arguments.shared)
    cases: list[tuple[str, str, int | None, int]] = []
    if not arguments.no_polis:
        for folder in sorted(p for p in (shared / "data" / "polis").iterdir() if p.is_dir()):
            cases.append((folder.name, str(folder), polis_group_count(folder), 0))
    for size in [int(s) for s in arguments.sizes.split(",") if s]:
        cases.append(
            (f"generated {size}x{STATEMENTS} 5%", f"synthetic:{size}", PLANTED_GROUPS, size)
        )

    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load average {os.getloadavg()}; "
        f"peer {arguments.peer_python}"
    )
    header = "case | Pol.is k | ours k | peer k | ours ARI | peer ARI | ours s | peer s | s ratio | ours MiB | peer MiB | MiB ratio | replay k | replay ARI | replay s"
    print(header)
    matches = replay_matches = peer_matches = 0
    for name, case, polis_k, size in cases:
        ours = run_child(case, arguments.timeout)
        skip_peer = arguments.no_peer or (
            arguments.skip_peer_above is not None and size > arguments.skip_peer_above
        )
        peer = (
            None if skip_peer else run_peer(case, arguments.peer_python, shared, arguments.timeout)
        )
        if ours is None:
            print(f"{name} | {polis_k} | failed")
            continue
        peer = peer or {}
        peer_ari = peer.get("ari")
        if size == 0:
            matches += ours["groups"] == polis_k and ours["ari"] >= 0.8
            replay_matches += ours["replay_groups"] == polis_k and ours["replay_ari"] >= 0.8
            peer_matches += peer.get("groups") == polis_k and (peer_ari or 0) >= 0.8
        replay = (
            f" | {ours['replay_groups']} | {ours['replay_ari']:.3f} | {ours['replay_seconds']:.2f}"
            if "replay_groups" in ours
            else " | - | - | -"
        )
        print(
            f"{name} | {polis_k} | {ours['groups']} | {peer.get('groups', '-')} | "
            f"{ours['ari']:.3f} | {'-' if peer_ari is None else f'{peer_ari:.3f}'} | "
            f"{ours['seconds']:.3f} | {peer.get('seconds', '-')} | {ratio(ours['seconds'], peer.get('seconds'))} | "
            f"{ours['peak_mib']:.0f} | {peer.get('peak_mib', '-')} | {ratio(ours['peak_mib'], peer.get('peak_mib'))}"
            f"{replay}"
        )
        print(
            f"  processor {ours['cpu_seconds']:.3f} s; load average {ours['load_before']:.1f} "
            f"before, {ours['load_after']:.1f} after"
        )
        if "updates" in ours:
            timings = ", ".join(f"{wall:.3f} s ({cpu:.3f} s cpu)" for wall, cpu in ours["updates"])
            print(f"  incremental update after 1,000 new votes, {UPDATE_REPEATS} times: {timings}")
    if not arguments.no_polis:
        real = sum(1 for c in cases if c[3] == 0)
        print(
            f"real conversations with Pol.is's k and ARI >= 0.8: one analysis {matches} of {real}, "
            f"replayed history {replay_matches} of {real}, red-dwarf {peer_matches} of {real}"
        )


if __name__ == "__main__":
    main()
