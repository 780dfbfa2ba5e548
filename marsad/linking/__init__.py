"""Linking: reports of one incident, across outlets and languages, and what they agree on.

:mod:`.links` groups events into incidents, :mod:`.copies` finds wire copies, :mod:`.reconcile`
turns the claims of an incident's reports into low/best/high, :mod:`.credibility` and :mod:`.judging`
judge articles, :mod:`.profiles` sums up outlets, and :mod:`.incidents` runs them together over
documents or a database (:mod:`.incremental`: only the new reports of a linked database).

May import: :mod:`marsad.model`, :mod:`marsad.reading` and :mod:`marsad.extraction`.
"""
