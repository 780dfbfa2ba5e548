"""What every ``marsad`` command shares: the consoles, the error exit, safe printing, common options and
checked output paths."""
from __future__ import annotations

import math
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator, Optional

import typer
from rich.console import Console
from sqlalchemy.exc import DBAPIError

from ..jobs.demo import cells, toll
from ..reading.inputs import MAX_DOCUMENT_BYTES
from ..reading.textnorm import printable
from ..storage import StorageError, Store

EXIT_REJECTED = 3
err = Console(stderr=True)
out = Console()

DbOption = typer.Option(None, "--db", help="Database file or URL (default: $MARSAD_DB or ./marsad.db).")


def megabytes(value: float) -> float:
    if not math.isfinite(value) or not 0.001 <= value <= MAX_DOCUMENT_MB:
        raise typer.BadParameter(f"{value} is not a size from 0.001 to {MAX_DOCUMENT_MB} (megabytes)")
    return value


MAX_DOCUMENT_MB = 1024
MaxDocumentOption = typer.Option(MAX_DOCUMENT_BYTES / 2**20, "--max-document-mb", callback=megabytes,
                                 help="Reject a file or batch row larger than this (0.001 to 1024).")


def writable(path: Optional[Path], option: str) -> None:
    """Stop with a usage error, before any work, when ``path`` cannot be written."""
    if path is None:
        return
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        fail(f"{option} {path}: is a folder, not a file", 2)
    if not folder.is_dir():
        fail(f"{option} {path}: the folder {folder} does not exist", 2)
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        fail(f"{option} {path}: permission denied", 2)


@contextmanager
def output_file(path: Optional[Path], option: str = "-o", newline: Optional[str] = None) -> Iterator[IO[str]]:
    """The file to write to (stdout without a path); a file that cannot be opened is a clear usage error."""
    if path is None:
        yield sys.stdout
        return
    writable(path, option)
    try:
        handle = path.open("w", encoding="utf-8", newline=newline)
    except OSError as exc:
        fail(f"{option} {path}: {exc.strerror or exc}", 2)
    with handle:
        yield handle


def fail(message: str, code: int = 1) -> None:
    err.print("[bold red]error:[/] ", end="", highlight=False)
    say(err, message)  # messages quote untrusted names
    raise typer.Exit(code)


def say(console: Console, text: str) -> None:
    """Print a line that holds untrusted text (file names, stored keys): never markup, controls escaped."""
    console.print(printable(text), markup=False, highlight=False, soft_wrap=True)


@contextmanager
def open_store(db: Optional[str], create: bool = True) -> Iterator[Store]:
    """The database; commands that only read pass ``create=False`` (no database is made for them)."""
    try:
        store = Store(db, create=create)
    except StorageError as exc:
        fail(str(exc))
    try:
        yield store
    except StorageError as exc:
        fail(str(exc))
    except DBAPIError as exc:  # a database damaged or taken away after it was opened
        fail(str(store.failure(exc, "read")))
    finally:
        store.close()


__all__ = ["EXIT_REJECTED", "DbOption", "MaxDocumentOption", "cells", "err", "fail", "open_store", "out",
           "output_file", "say", "toll", "writable"]
