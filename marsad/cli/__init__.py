"""The ``marsad`` command line: a thin layer that parses arguments and calls the library.

:mod:`.commands` holds the commands over documents and the database, :mod:`.gazetteer` the ``marsad
gazetteer`` group, :mod:`.common` what they share (consoles, the error exit, safe printing, options).

Exit status: 0 when everything was processed, 3 when some input was rejected (the rest was still
processed), 2 for a usage error, 1 for a failure that stopped the command (for example a database that
cannot be opened).

May import: every layer.
"""
from .commands import app
from .common import EXIT_REJECTED
from .gazetteer import app as gazetteer_app

app.add_typer(gazetteer_app, name="gazetteer")

__all__ = ["EXIT_REJECTED", "app"]
