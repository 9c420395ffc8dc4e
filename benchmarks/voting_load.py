"""Load benchmark of voting (issue 14, item 7): many voters at once against the vote endpoint,
served by gunicorn on PostgreSQL with Redis and a Celery worker analysing as the votes arrive.

On loopback it starts its own Redis (a free port), creates a fresh PostgreSQL database, migrates
it, seeds one open conversation (STATEMENTS seed statements) and VOTERS participants each with an
API token, then starts gunicorn (--workers, --threads) and one Celery worker. VOTERS threads then
each vote once on every statement through POST /api/v1/conversations/{id}/votes (bearer token),
all starting together; the worker's debounced analyses run meanwhile. It reports the requests,
errors, throughput (votes per second of wall time), median and p95 latency, the analyses the
worker finished during the run, the rows stored (one per voter and statement) and the load
average before and after (the machine is shared: read the figures beside it).

No peer is measured: no other deliberation server could be run here on the same machine and
database in the same run, so the figures stand alone.

The API's per-IP rate limit (600 a minute) would throttle one machine's voters, so the run sets
API_TOKEN_RATE_LIMIT high; everything else is the production configuration (DEBUG off).

Usage (from the repository root, PostgreSQL on 127.0.0.1:5432 reachable as root):

    .venv/bin/python benchmarks/voting_load.py [--voters 200] [--statements 10]
        [--workers 4] [--threads 4] [--database postgres://root@127.0.0.1:5432/impactdays_voting_bench]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"nothing listens on port {port} after {seconds} s")


def _drop_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


SEED = """
import json, sys
from impactdays.deliberation.services import conversation_create
from impactdays.forums.models import Edition, EditionRole, ForumSeries
from impactdays.people.models import User
from impactdays.people.services import api_token_create
import datetime as dt
voters, statements = int(sys.argv[1]), int(sys.argv[2])
series = ForumSeries.objects.create(name="Load", slug="load")
edition = Edition.objects.create(series=series, title="Load", slug="load", year=2027,
    theme="Load", city="Kaunas", country="LT", latitude=54.9, longitude=23.9,
    starts_on=dt.date(2027, 5, 1), ends_on=dt.date(2027, 5, 3), time_zone="Europe/Vilnius",
    languages=["en"], status=Edition.Status.OPEN_CALL)
conversation = conversation_create(edition=edition, actor=None, topic="Courtyards",
    seed_statements=[f"Statement number {n} about the courtyards." for n in range(statements)])
keys = []
for n in range(voters):
    user = User.objects.create_user(email=f"voter{n}@load.invalid", password=None)
    EditionRole.objects.create(edition=edition, user=user, role=EditionRole.Role.PARTICIPANT)
    keys.append(api_token_create(user=user, name="load")[1])
print(json.dumps({"conversation": conversation.pk,
    "statements": list(conversation.statements.values_list("pk", flat=True)), "keys": keys}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--statements", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--database", default="postgres://root@127.0.0.1:5432/impactdays_voting_bench"
    )
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="voting-load-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        redis_port, web_port = _free_port(), _free_port()
        processes.append(
            subprocess.Popen(  # noqa: S603 - our own programs on loopback
                ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],  # noqa: S607 - Debian's redis-server on PATH
                stdout=subprocess.DEVNULL,
            )
        )
        _wait_for_port(redis_port)
        env = os.environ | {
            "DATABASE_URL": options.database,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "API_TOKEN_RATE_LIMIT": "1000000/m/user,1000000/m/ip",
            "DATA_DIR": str(work),
        }
        _recreate_database(options.database)
        subprocess.run(  # noqa: S603 - our own programs on loopback
            [BIN / "impactdays", "migrate", "--no-input", "-v", "0"], env=env, check=True
        )
        seeded = json.loads(
            subprocess.run(  # noqa: S603 - our own programs on loopback
                [
                    BIN / "impactdays",
                    "shell",
                    "-c",
                    SEED.replace("sys.argv[1]", str(options.voters)).replace(
                        "sys.argv[2]", str(options.statements)
                    ),
                ],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        worker_log = work / "worker.log"
        processes.append(
            subprocess.Popen(  # noqa: S603 - our own programs on loopback
                [
                    BIN / "celery",
                    "-A",
                    "impactdays.config.celery",
                    "worker",
                    "-c",
                    "2",
                    "-l",
                    "info",
                ],
                env=env,
                stdout=worker_log.open("wb"),
                stderr=subprocess.STDOUT,
            )
        )
        processes.append(
            subprocess.Popen(  # noqa: S603 - our own programs on loopback
                [
                    BIN / "gunicorn",
                    "impactdays.config.wsgi",
                    "--bind",
                    f"127.0.0.1:{web_port}",
                    "--workers",
                    str(options.workers),
                    "--threads",
                    str(options.threads),
                    "--log-level",
                    "warning",
                ],
                env=env,
            )
        )
        _wait_for_port(web_port)
        time.sleep(3)  # the worker connects to its broker
        for _ in range(options.workers * 4):  # every gunicorn worker loads the app before timing
            with urllib.request.urlopen(
                f"http://127.0.0.1:{web_port}/api/v1/conversations/{seeded['conversation']}",
                timeout=120,
            ) as response:
                response.read()
        url = f"http://127.0.0.1:{web_port}/api/v1/conversations/{seeded['conversation']}/votes"
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        barrier = threading.Barrier(options.voters)

        def voter(index: int) -> None:
            barrier.wait()
            for number, statement in enumerate(seeded["statements"]):
                body = json.dumps({"statement_id": statement, "value": (index + number) % 3 - 1})
                request = urllib.request.Request(  # noqa: S310 - an http:// URL of our own server
                    url,
                    data=body.encode(),
                    headers={
                        "Authorization": f"Bearer {seeded['keys'][index]}",
                        "Content-Type": "application/json",
                    },
                )
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - an http:// URL of our own server
                        response.read()
                    problem = None
                except (urllib.error.URLError, OSError) as error:
                    problem = str(error)
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if problem:
                        errors.append(problem)

        load_before = os.getloadavg()
        threads = [threading.Thread(target=voter, args=(i,)) for i in range(options.voters)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        load_after = os.getloadavg()
        time.sleep(8)  # the last debounced analysis
        count = (
            "import json; from impactdays.deliberation.models import Vote, Analysis; "
            "a = Analysis.objects.first(); print(json.dumps([Vote.objects.count(), "
            "Vote.objects.values('voter', 'statement').distinct().count(), "
            "len(a.result['points']) if a else 0]))"
        )
        stored = json.loads(
            subprocess.run(  # noqa: S603 - our own programs on loopback
                [BIN / "impactdays", "shell", "-c", count],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        analyses = worker_log.read_text(errors="replace").count("conversation_analyze_task") // 2
        latencies.sort()
        report = {
            "voters": options.voters,
            "statements": options.statements,
            "gunicorn": f"{options.workers} workers x {options.threads} threads",
            "requests": len(latencies),
            "errors": len(errors),
            "first_errors": errors[:3],
            "wall_s": round(wall, 2),
            "votes_per_s": round(len(latencies) / wall, 1),
            "median_ms": round(statistics.median(latencies) * 1000, 1),
            "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1),
            "analyses_during_run": analyses,
            "vote_rows": int(stored[0]),
            "distinct_voter_statement": int(stored[1]),
            "voters_placed_by_last_analysis": int(stored[2]),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
            "cpus": os.cpu_count(),
        }
        print(json.dumps(report, indent=2))
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)
        _drop_database(options.database)


if __name__ == "__main__":
    main()
