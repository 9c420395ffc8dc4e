"""The demo snapshot (tests/demo/snapshot.py): a restore leaves exactly what the build left."""

from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS

from impactdays.applications.models import Application
from impactdays.forums.models import Edition
from impactdays.people.models import User
from tests.demo.snapshot import (
    POST_MIGRATE_TABLES,
    DemoSnapshot,
    TableCopy,
    _holds_only_post_migrate_rows,
    _restore,
    _take,
)
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


def _sorted(copies):
    """Each table's rows in one order (COPY's text lines on PostgreSQL)."""
    return {
        table: (copied.columns, sorted(copied.rows, key=repr), sorted(copied.copy.splitlines()))
        for table, copied in copies.items()
    }


def test_a_restore_gives_back_every_row_the_demo_build_left_and_nothing_else(
    demo_forum, demo_snapshot
):
    taken = demo_snapshot.tables[DEFAULT_DB_ALIAS]  # right after the session's build
    restores = demo_snapshot.restores
    applications = Application.objects.count()
    # A test changes the demo: deletes, edits and adds rows...
    Application.objects.filter(pk__in=Application.objects.values("pk")[:5]).delete()
    Edition.objects.filter(city="Yaroslavl").update(theme="Changed by a test")
    UserFactory(email="someone@example.org")
    # ...and its end empties the tables, as a transactional test's flush does.
    _restore(
        DEFAULT_DB_ALIAS,
        {
            table: copied if table in POST_MIGRATE_TABLES else TableCopy(copied.columns)
            for table, copied in taken.items()
        },
    )

    demo_snapshot.load()

    assert demo_snapshot.restores == restores + 1
    assert _sorted(_take(DEFAULT_DB_ALIAS)) == _sorted(taken)
    assert Application.objects.count() == applications > 5
    assert Edition.objects.get(city="Yaroslavl").theme != "Changed by a test"
    assert not User.objects.filter(email="someone@example.org").exists()


def test_the_demo_is_built_on_top_of_rows_a_test_wrote_before_asking_for_it(monkeypatch):
    """Restoring would drop them; the command builds on a database in use without changing its
    accounts (test_demo_never_promotes_an_existing_account), so the snapshot calls it instead."""
    builds = []
    monkeypatch.setattr(DemoSnapshot, "_build", lambda self, using: builds.append(using))
    snapshot = DemoSnapshot(tables={DEFAULT_DB_ALIAS: {}})  # as if taken already
    assert _holds_only_post_migrate_rows(DEFAULT_DB_ALIAS)
    mine = UserFactory(email="mine@example.org")
    assert not _holds_only_post_migrate_rows(DEFAULT_DB_ALIAS)

    snapshot.load()

    assert builds == [DEFAULT_DB_ALIAS]
    assert snapshot.restores == 0
    assert User.objects.filter(pk=mine.pk).exists()


def test_files_the_build_saved_are_copied_into_the_next_test_s_media_root(
    settings, tmp_path, monkeypatch
):
    def build(self, using):  # a part that saves an upload, and no rows
        folder = Path(settings.MEDIA_ROOT) / "speakers"
        folder.mkdir(parents=True)
        (folder / "photo.jpg").write_bytes(b"a photo")

    monkeypatch.setattr(DemoSnapshot, "_build", build)
    snapshot = DemoSnapshot()
    snapshot.load()
    settings.MEDIA_ROOT = tmp_path / "the next test's media"

    snapshot.load()

    assert snapshot.restores == 1
    assert (tmp_path / "the next test's media/speakers/photo.jpg").read_bytes() == b"a photo"
    snapshot.discard()
    assert snapshot.files == {}
