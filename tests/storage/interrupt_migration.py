"""Helper of test_migrations.py, run in a child process: ``interrupt_migration.py DB N build|kill``.

- ``build``: make DB a marsad database at schema N-1 (migrations 1 to N-1 only) holding one document
  row (for N = 1, nothing: the database is new).
- ``kill``: open DB with every migration, which applies N first; the process kills itself with SIGKILL
  right after the first statement of that migration has run (as a power cut or ``kill -9`` would).
  Exits 3 if no migration statement ran.
"""
import os
import signal
import sys

from sqlalchemy import text

import marsad.storage.migrations as migrations
from marsad.storage import Store

db, number, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if mode == "build" and number == 1:
    print("schema 0 (a new database: nothing to build)")
elif mode == "build":
    everything = migrations.MIGRATIONS
    migrations.MIGRATIONS = everything[:number - 1]
    with Store(db) as store:
        with store.engine.begin() as conn:
            conn.execute(text("INSERT INTO documents (id, key, format, text, ingested_at) "
                              "VALUES ('d1', 'k1', 'text', 'an analyst''s record', '2024-01-01')"))
        print("schema", store.schema_version())
else:
    def run_first_then_die(conn, statements: str) -> None:
        first = next(s for s in statements.split(";") if s.strip())
        conn.execute(text(first))
        print("ran:", " ".join(first.split())[:60], flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

    migrations._run = run_first_then_die
    Store(db)
    print("no migration statement ran", flush=True)
    sys.exit(3)
