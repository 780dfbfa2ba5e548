"""Storage: the one module through which every read and write of the database goes.

:class:`Store` (in :mod:`.database`) over SQLite or PostgreSQL, with the schema (:mod:`.schema`),
numbered migrations (:mod:`.migrations`), the writer lock (:mod:`.locking`), analysts' review
(:mod:`.review`) and stored incidents (:mod:`.incidents`).

May import: :mod:`marsad.model`, :mod:`marsad.reading`, :mod:`marsad.extraction` and
:mod:`marsad.linking`.
"""
from .database import DatabaseBusy, DatabaseReadOnly, SearchHit, StorageError, Store, database_url

__all__ = ["DatabaseBusy", "DatabaseReadOnly", "SearchHit", "StorageError", "Store", "database_url"]
