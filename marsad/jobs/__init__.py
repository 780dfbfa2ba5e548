"""Jobs: whole corpora through the pipeline into a database.

:mod:`.batch` (one process, resumable, one writer at a time), :mod:`.cluster` (the same on a Dask
cluster) and :mod:`.demo` (the bundled sample corpus, ingested and linked).

May import: everything below it: :mod:`marsad.model`, :mod:`marsad.pipeline`, :mod:`marsad.reading`,
:mod:`marsad.extraction`, :mod:`marsad.linking` and :mod:`marsad.storage`.
"""
