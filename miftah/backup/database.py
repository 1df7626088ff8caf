"""The database part of a backup, per engine: a consistent copy taken while the site serves and writes, and its
restore onto a target in one transaction.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies every page in one step inside one read
transaction, so the copy is one moment of the database; in WAL mode writers go on meanwhile. Restoring uses the same
API the other way, which replaces the target's whole content atomically.
PostgreSQL: `pg_dump --format=custom` (one MVCC snapshot); restoring pipes `pg_restore`'s SQL into one `psql
--single-transaction` that first drops what the target has, so a failed restore leaves the target as it was. The
password goes through PGPASSWORD, never on a command line.
"""

import os
import sqlite3
import subprocess
import time
from pathlib import Path

from django.db import connection

from .errors import BackupError

MEMBER = {"sqlite": "database/miftah.sqlite3", "postgresql": "database/miftah.pgdump"}
LOCKED_SECONDS = 60  # SQLite: how long to wait for a lock (a rollback-journal writer) before giving up


def engine():
    vendor = connection.vendor
    if vendor not in MEMBER:
        raise BackupError(f"قاعدة البيانات {vendor} غير مدعومة في النسخ الاحتياطي",
                          f"the {vendor} database is not supported by backups")
    return vendor


def dump(target):
    """Write a consistent copy of the site's database to the path `target`."""
    if engine() == "sqlite":
        if connection.in_atomic_block:  # SQLite cannot copy from a connection that is writing (SQLITE_LOCKED)
            raise BackupError("لا تُؤخذ نسخة احتياطية من داخل معاملة مفتوحة",
                              "a backup cannot be taken inside an open transaction")
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy, progress=_give_up_when_locked(time.monotonic()))  # one step
        copy.close()
        return
    _run(["pg_dump", "--format=custom", "--file", str(target)], "pg_dump")


def load(source):
    """Replace the site's database with the copy at `source`, all or nothing."""
    connection.close()
    if engine() == "sqlite":
        name = connection.settings_dict["NAME"]
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as copy, sqlite3.connect(name) as live:
            copy.backup(live)
        copy.close()
        live.close()
        return
    wipe = """DO $$ DECLARE r record; BEGIN
      FOR r IN SELECT viewname FROM pg_views WHERE schemaname = current_schema() LOOP
        EXECUTE format('DROP VIEW IF EXISTS %I CASCADE', r.viewname); END LOOP;
      FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename); END LOOP;
      FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() LOOP
        EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', r.sequencename); END LOOP;
    END $$;"""
    _run(["pg_restore", "--list", str(source)], "pg_restore")  # the tools are there and the dump reads
    restore = subprocess.Popen(["pg_restore", "--no-owner", "--no-privileges", "--no-comments", "--file", "-",
                                str(source)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_pg_env())
    psql = subprocess.run(["psql", "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--single-transaction",
                           "--command", wipe, "--file", "-"], stdin=restore.stdout, capture_output=True,
                          env=_pg_env())
    restore.stdout.close()
    restore_error = restore.stderr.read().decode(errors="replace")
    if restore.wait() != 0 or psql.returncode != 0:
        raise BackupError("تعذّرت استعادة قاعدة البيانات، ولم تتغير",
                          "the database could not be restored and was left as it was: "
                          + (restore_error or psql.stderr.decode(errors="replace")).strip()[-2000:])


def _give_up_when_locked(started):
    def progress(status, remaining, total):
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() - started > LOCKED_SECONDS:
            raise BackupError("قاعدة البيانات بقيت مقفلة فلم تُؤخذ النسخة", "the database stayed locked; no backup taken")
    return progress


def is_empty():
    """No tables yet (a new database before `migrate`)."""
    return not connection.introspection.table_names()


def _pg_env():
    db = connection.settings_dict
    env = dict(os.environ)
    values = {"PGDATABASE": db.get("NAME"), "PGUSER": db.get("USER"), "PGPASSWORD": db.get("PASSWORD"),
              "PGHOST": db.get("HOST"), "PGPORT": str(db.get("PORT") or "")}
    options = db.get("OPTIONS") or {}
    if options.get("sslmode"):
        values["PGSSLMODE"] = options["sslmode"]
    env.update({key: value for key, value in values.items() if value})
    return env


def _run(command, what):
    try:
        result = subprocess.run(command, capture_output=True, env=_pg_env())
    except FileNotFoundError:
        raise BackupError(f"الأمر {what} غير مثبّت (حزمة postgresql-client)",
                          f"{what} is not installed (the postgresql-client package)") from None
    if result.returncode != 0:
        raise BackupError(f"فشل {what}", f"{what} failed: {result.stderr.decode(errors='replace').strip()[-2000:]}")
