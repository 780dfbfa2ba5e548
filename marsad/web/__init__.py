"""Serving: the HTTP API, the dashboard, queries and exports over a stored database.

:mod:`.app` builds the FastAPI application (imported only with the ``web`` extra), :mod:`.api` and
:mod:`.pages` are its routes, :mod:`.security` the write token, :mod:`.query` the filters shared by
both, and :mod:`.export` / :mod:`.output` the rows written to CSV, JSON and JSONL (these two need no
web extra; the CLI uses them too).

May import: every layer below it (not :mod:`marsad.cli` or :mod:`marsad.evaluation`).
"""
