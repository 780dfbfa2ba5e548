"""``marsad gazetteer``: import standard gazetteer files into the local gazetteer, list its sources, find names."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table

from ..extraction.gazetteer import GazetteerError, LocalGazetteer, default_path
from ..extraction.gazetteer.formats import detect
from ..extraction.gazetteer.store import in_import_order
from .common import cells, err, fail, out, say

app = typer.Typer(help="The local gazetteer: places imported from Who's On First, GeoNames, OpenSyria, UCDP or "
                       "your own CSV (see the README's Gazetteer section).")
GazetteerOption = typer.Option(None, "--gazetteer", envvar="MARSAD_GAZETTEER",
                               help="The gazetteer file (default: $MARSAD_GAZETTEER, else gazetteer.sqlite in "
                                    "the user's data folder).")


def _open(path: Optional[Path]) -> LocalGazetteer:
    try:
        return LocalGazetteer(path)
    except GazetteerError as exc:
        fail(str(exc))
        raise  # fail() has exited already


@app.callback(invoke_without_command=True)
def show(ctx: typer.Context, gazetteer: Optional[Path] = GazetteerOption) -> None:
    """The sources loaded, with their record counts and attributions, and how many places have Arabic names."""
    if ctx.invoked_subcommand is not None:
        return
    with _open(gazetteer) as gz:
        counts, sources = gz.counts(), gz.sources()
        path = gz.path
    table = Table(title=f"gazetteer {path}")
    for column in ("source", "format", "records", "imported", "attribution"):
        table.add_column(column, overflow="fold")
    for s in sources:
        table.add_row(*cells(s["name"], s["format"], s["records"], s["imported_at"], s["attribution"] or ""))
    out.print(table)
    out.print(f"{counts['places']} places, {counts['with_arabic_name']} with an Arabic name, {counts['names']} "
              f"names and spellings, {counts['outlines']} admin outlines", highlight=False)


@app.command("import")
def import_(paths: List[Path] = typer.Argument(..., help="Gazetteer files or folders."),
            source: Optional[str] = typer.Option(None, "--source", help="The source's name (one path only)."),
            gazetteer: Optional[Path] = GazetteerOption) -> None:
    """Import gazetteer files (a file that is no gazetteer, such as a README, is skipped with a word)."""
    if source and len(paths) != 1:
        fail(f"--source names one source, but {len(paths)} paths were given: import them one by one", 2)
    target = gazetteer or default_path()
    readable = []
    for path in paths:
        try:
            detect(path)
        except GazetteerError as exc:
            if not path.exists():
                fail(str(exc))
            say(err, f"skipped {exc}")
        else:
            readable.append(path)
    try:
        with LocalGazetteer(target, create=True) as gz:
            for path, fmt in in_import_order(readable):
                s = gz.add_source(path, name=source, fmt=fmt)
                shapes = f", {s['outlines']} admin outlines for the map" if s["outlines"] else ""
                say(out, f"{s['source']} ({s['format']}): {s['records']} records, {s['new_places']} new places, "
                              f"{s['merged']} joined to places already known{shapes}")
            counts = gz.counts()
    except GazetteerError as exc:
        fail(str(exc))
    say(out, f"gazetteer {target}: {counts['places']} places, {counts['with_arabic_name']} with an Arabic name")


@app.command()
def find(name: str = typer.Argument(..., help="A place name, in Arabic or Latin script, in any spelling."),
         limit: int = typer.Option(20, "--limit", min=1, max=500),
         as_json: bool = typer.Option(False, "--json", help="One JSON object per candidate."),
         gazetteer: Optional[Path] = GazetteerOption) -> None:
    """The places a name may stand for: matched by spelling key first, then by consonant skeleton."""
    with _open(gazetteer) as gz:
        found = gz.find(name, limit=limit)
    if not found:
        say(err, f"no place is called {name!r}")
        raise typer.Exit(1)
    if as_json:
        for c in found:
            out.print(json.dumps(asdict(c), ensure_ascii=False), markup=False, highlight=False, soft_wrap=True)
        return
    table = Table()
    for column in ("id", "name", "arabic", "kind", "admin1", "admin2", "lat, lon", "matched by"):
        table.add_column(column, overflow="fold")
    for c in found:
        table.add_row(*cells(c.id, c.name, c.name_ar or "", c.kind, c.admin1 or "", c.admin2 or "",
                             f"{c.lat:.4f}, {c.lon:.4f}", c.matched_by))
    out.print(table)
