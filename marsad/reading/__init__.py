"""Reading: from what the user gives to a cleaned, dated document ready for extraction.

The stages ``ingest`` (content id, HTML to text, page metadata), ``clean`` (paragraph roles: story,
furniture, datelines, credits), ``language`` (each paragraph's language) and ``metadata`` (title,
publisher, publication date, dateline), with what they share: the input readers (:mod:`.inputs`),
outlets, explicit calendar dates, text normalisation and the data-file loader (:mod:`.lexicon`).
Their knowledge is in ``data/`` (outlets, and per language page furniture, calendars and
identifying words).

May import: :mod:`marsad.model` only.
"""
