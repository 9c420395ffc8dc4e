"""The demo forum, built once per test session and restored before each test that asks for it.

Building the demo (`impactdays demo`: every part of demo_parts(), the open call's generated
applications included) takes seconds; a test that needs the demo gets a copy of the rows the first
build left, restored in a fraction of that. The copy is every table's content (django_migrations
aside), taken right after the build, when nothing else was in the database:

- SQLite: the rows as stored (no converter applied), inserted again;
- PostgreSQL: each table through COPY, in PostgreSQL's text format, then the sequences moved past
  the restored ids.

Restoring replaces the whole content of the database (content types and permissions included, as
the snapshot's rows refer to its own) and copies the files the build saved into the test's media
roots, so a test starts from the pristine demo whatever the tests before it changed. It runs in one transaction: foreign keys are checked at its end (Django creates
them deferrable), so the order of the tables does not matter. A test that already wrote other rows
before asking for the demo gets the demo built on top of them, as `impactdays demo` does on a
database in use; nothing is snapshotted then.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction

# What `migrate` and each flush (post_migrate) put into a database: not the tests' data.
POST_MIGRATE_TABLES = frozenset({"django_content_type", "auth_permission", "django_site"})
# Where the demo's parts may save files: copied with the rows, into each test's own roots.
MEDIA_ROOTS = ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT")
# The schema's state, kept as the database has it.
KEPT_TABLES = frozenset({"django_migrations"})


@dataclass
class TableCopy:
    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)  # SQLite
    copy: bytes = b""  # PostgreSQL's COPY text


@dataclass
class DemoSnapshot:
    """The demo's rows by table and database alias, once taken."""

    tables: dict[str, dict[str, TableCopy]] = field(default_factory=dict)
    # The files a part saved (uploads): each media root's tree as the build left it.
    files: dict[str, Path] = field(default_factory=dict)
    builds: int = 0
    restores: int = 0

    def load(self, using: str = DEFAULT_DB_ALIAS) -> None:
        """Leave the pristine demo in the database: restored when snapshotted, else built."""
        if not _holds_only_post_migrate_rows(using):
            # Rows of the test's own are there: build on top of them, as the command would.
            self._build(using)
        elif using in self.tables:
            _restore(using, self.tables[using])
            for setting, copied in self.files.items():
                shutil.copytree(copied, getattr(settings, setting), dirs_exist_ok=True)
            self.restores += 1
        else:
            self._build(using)
            self.tables[using] = _take(using)
            self._take_files()
        # The processes' own caches: content types and the site by id, and whatever the build or
        # the tests before put into the cache; the demo starts without them.
        ContentType.objects.clear_cache()
        Site.objects.clear_cache()
        cache.clear()

    def _take_files(self) -> None:
        """Copy the media roots (each test has its own, tests/conftest.py) as the build left them."""
        copies = Path(tempfile.mkdtemp(prefix="impactdays-demo-files-"))
        for setting in MEDIA_ROOTS:
            root = Path(getattr(settings, setting))
            if root.is_dir():
                self.files[setting] = shutil.copytree(root, copies / setting)

    def discard(self) -> None:
        """Remove the copied files (at the end of the session)."""
        for copied in self.files.values():
            shutil.rmtree(copied.parent, ignore_errors=True)
        self.files.clear()

    def _build(self, using: str) -> None:
        if using != DEFAULT_DB_ALIAS:
            raise ValueError("`impactdays demo` builds in the default database only")
        call_command("demo", "--allow-production", stdout=StringIO())
        self.builds += 1


def _tables(using: str) -> list[str]:
    connection = connections[using]
    return sorted(set(connection.introspection.table_names()) - KEPT_TABLES)


def _holds_only_post_migrate_rows(using: str) -> bool:
    connection = connections[using]
    quote = connection.ops.quote_name
    checked = [table for table in _tables(using) if table not in POST_MIGRATE_TABLES]
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT 1 FROM (SELECT 1 FROM {quote(table)} LIMIT 1) AS t{index}"  # noqa: S608 -- table names from introspection
                for index, table in enumerate(checked)
            )
        )
        return cursor.fetchone() is None


def _columns(connection: Any, cursor: Any, table: str) -> list[str]:
    """The table's column names. On SQLite straight from PRAGMA table_info: Django's
    introspection parses the CREATE TABLE text and trips over some check constraints."""
    if connection.vendor == "sqlite":
        cursor.execute(f"PRAGMA table_info({connection.ops.quote_name(table)})")
        return [row[1] for row in cursor.fetchall()]
    return [column.name for column in connection.introspection.get_table_description(cursor, table)]


def _take(using: str) -> dict[str, TableCopy]:
    connection = connections[using]
    quote = connection.ops.quote_name
    copies: dict[str, TableCopy] = {}
    with connection.cursor() as cursor:
        for table in _tables(using):
            columns = _columns(connection, cursor, table)
            names = ", ".join(quote(column) for column in columns)
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {quote(table)} ({names}) TO STDOUT") as copy:
                    copies[table] = TableCopy(columns, copy=b"".join(bytes(part) for part in copy))
            else:
                # `+column` is the stored value itself, which the driver returns untouched: no
                # converter (datetimes, booleans) applies to an expression.
                values = ", ".join(f"+{quote(column)}" for column in columns)
                cursor.execute(f"SELECT {values} FROM {quote(table)}")  # noqa: S608 -- names from introspection
                copies[table] = TableCopy(columns, rows=cursor.fetchall())
    return copies


def _restore(using: str, copies: dict[str, TableCopy]) -> None:
    from django.apps import apps

    connection = connections[using]
    quote = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with foreign key checks pending (rows the test wrote in
            # this transaction): run those checks now, then defer them again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for statement in connection.ops.sql_flush(no_style(), list(copies), allow_cascade=False):
            cursor.execute(statement)
        for table, copied in copies.items():
            names = ", ".join(quote(column) for column in copied.columns)
            if connection.vendor == "postgresql":
                if copied.copy:
                    with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                        copy.write(copied.copy)
            elif copied.rows:
                placeholders = ", ".join(["%s"] * len(copied.columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})",  # noqa: S608 -- names from introspection
                    copied.rows,
                )
        # PostgreSQL's sequences past the restored ids; SQLite moves its own on insert.
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
