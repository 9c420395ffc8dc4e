"""The publication e-mails go through a real Celery worker on a real broker (run by .ci/run)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from impactdays.forums import services
from impactdays.forums.models import Edition
from tests.forums.factories import EditionFactory, EditionRoleFactory

WAIT_SECONDS = 90


def _database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] or ""
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_edition_publish_emails_are_sent_by_a_real_worker(tmp_path: Path):
    if not settings.CELERY_BROKER_URL or connection.vendor != "postgresql":
        pytest.skip("needs CELERY_BROKER_URL (or REDIS_URL) and DATABASE_URL on PostgreSQL")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "impactdays.config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        edition = EditionFactory(status=Edition.Status.DRAFT, title="SID Worker Test")
        people = [
            EditionRoleFactory(edition=edition, role=role).user for role in ("organiser", "speaker")
        ]

        services.edition_status_move(edition=edition, to=Edition.Status.OPEN_CALL, actor=None)

        # Waiting for the worker (a bound on the wait, not a timing assertion).
        deadline = time.monotonic() + WAIT_SECONDS
        joined = ""
        while time.monotonic() < deadline and not all(f"To: {p.email}" in joined for p in people):
            time.sleep(0.5)
            joined = "\n".join(path.read_text() for path in mail_dir.glob("*.log"))
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=30)

    assert "Subject: SID Worker Test is published" in joined, log
    assert sorted(p.email for p in people if f"To: {p.email}" in joined) == sorted(
        p.email for p in people
    )
    assert "edition_published_notify_task" in log
