"""The ``marsad`` commands: each parses its arguments and calls one library function.

Exit status: 0 when everything was processed, 3 when some input was rejected
(the rest was still processed), 2 for a usage error, 1 for a failure that
stopped the command (for example a database that cannot be opened).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from .. import __version__
from ..jobs.batch import IngestReport
from ..jobs.batch import ingest as ingest_paths
from ..model import Rejection
from ..pipeline import default_pipeline
from ..reading.inputs import BATCH_SUFFIXES, read_paths
from ..reading.textnorm import printable
from ..storage import StorageError, Store
from ..web.output import document_record
from .common import (
    EXIT_REJECTED,
    DbOption,
    MaxDocumentOption,
    cells,
    err,
    fail,
    open_store,
    out,
    output_file,
    say,
    toll,
    writable,
)

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="marsad: conflict events from Arabic and English news reports.")
GazetteerUse = typer.Option(None, "--gazetteer", help="The local gazetteer to place events with (default: "
                            "$MARSAD_GAZETTEER, else gazetteer.sqlite in the user's data folder when it exists).")


def _use_gazetteer(path: Optional[Path]) -> None:
    """Make ``path`` the local gazetteer of this process and of the workers it starts (as $MARSAD_GAZETTEER)."""
    if path is None:
        return
    if not path.is_file():
        fail(f"--gazetteer {path}: no such file (make one with `marsad gazetteer import PATH...`)", 2)
    os.environ["MARSAD_GAZETTEER"] = str(path.resolve())

def _waiting(what: str):
    def on_wait(holder: str) -> None:
        say(err, f"waiting: the database is being written by {holder}; this {what} starts when it "
                  "finishes (--no-wait stops instead)")
    return on_wait


def _estimate_inputs(paths: List[Path]) -> int:
    """Roughly how many documents the paths hold (lines of batches, else files), for the progress bar."""
    total = 0
    for path in paths:
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        for f in files:
            if f.suffix.lower() in BATCH_SUFFIXES and f.exists():
                with f.open("rb") as handle:
                    total += sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
            else:
                total += 1
    return total


SHOWN = 20  # rejections and warnings printed; --report FILE lists them all


def _print_report(report: IngestReport, console: Console) -> None:
    table = Table(title="ingest", show_header=False)
    for name in ("read", "new", "duplicates"):
        table.add_row(name, str(getattr(report, name)))
    table.add_row("rejected", str(len(report.rejected)))
    table.add_row("warnings", str(len(report.warnings)))
    console.print(table)
    for r in report.rejected[:SHOWN]:
        say(console, f"  rejected {r.source}: {r.reason}")
    _more(console, len(report.rejected), "rejections")
    for source, warning in report.warnings[:SHOWN]:
        say(console, f"  warning {source}: {warning}")
    _more(console, len(report.warnings), "warnings")


def _more(console: Console, count: int, what: str) -> None:
    if count > SHOWN:
        console.print(f"  ... and {count - SHOWN} more {what} (--report FILE lists them all)", highlight=False,
                      markup=False)


def _run_ingest(paths: List[Path], store: Store, quiet: bool, workers: int, scheduler: Optional[str],
                max_bytes: int) -> IngestReport:
    total = _estimate_inputs(paths)
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]:.0f} docs/s"), TimeElapsedColumn(), TextColumn("ETA"),
               TimeRemainingColumn()]
    with Progress(*columns, console=err, disable=quiet or total < 50, transient=True) as bar:
        task = bar.add_task("ingesting", total=total, rate=0.0)

        def progress(report: IngestReport) -> None:
            elapsed = bar.tasks[0].elapsed or 0
            bar.update(task, completed=report.read, rate=report.read / elapsed if elapsed else 0.0)

        if workers or scheduler:
            from ..jobs.cluster import ingest_distributed

            return ingest_distributed([str(p) for p in paths], store, workers=workers or None,
                                      scheduler=scheduler, progress=progress, max_bytes=max_bytes)
        return ingest_paths([str(p) for p in paths], store, progress=progress, max_bytes=max_bytes)


@app.command()
def ingest(paths: List[Path] = typer.Argument(..., help="Files and folders: text, HTML, JSONL or CSV."),
           db: Optional[str] = DbOption,
           quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
           workers: int = typer.Option(0, "--workers", min=0, help="Process on a local Dask cluster of N workers."),
           scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Process on this Dask cluster."),
           link: bool = typer.Option(True, "--link/--no-link", help="Link the events into incidents afterwards."),
           max_document_mb: float = MaxDocumentOption,
           wait: bool = typer.Option(True, "--wait/--no-wait",
                                     help="While another ingest or link writes the database: wait, or stop."),
           report_file: Optional[Path] = typer.Option(None, "--report",
                                                      help="Write the full report (every rejection and "
                                                           "warning) to this JSON file."),
           gazetteer: Optional[Path] = GazetteerUse
           ) -> None:
    """Read, clean, extract and store documents (a document already stored is skipped), then link.

    A document that cannot be read, processed or stored is rejected with its reason and the rest go on;
    the exit status is 3 when anything was rejected."""
    writable(report_file, "--report")
    _use_gazetteer(gazetteer)
    with open_store(db) as store:
        with store.writing("ingest", wait=wait, on_wait=_waiting("ingest")):
            report = _run_ingest(paths, store, quiet, workers, scheduler, int(max_document_mb * 2**20))
            if link and (report.new or store.unlinked_count()):  # new reports, or a link cut short
                from ..linking.incidents import link_database

                link_database(store)
        _print_report(report, err if quiet else out)
    if report_file is not None:
        try:
            report_file.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError as exc:
            fail(f"--report {report_file}: {exc.strerror or exc} (the documents are stored)")
    if report.rejected:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def extract(inputs: List[Path] = typer.Argument(..., help="Files and folders: text, HTML, JSONL or CSV."),
            link: bool = typer.Option(False, "--link", help="Link events of the batch into incidents."),
            fmt: str = typer.Option("jsonl", "--format", help="Output format: jsonl or json."),
            output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
            max_document_mb: float = MaxDocumentOption,
            gazetteer: Optional[Path] = GazetteerUse
            ) -> None:
    """Process documents and print one JSON object per input document, in input order (a rejected input
    gets an object with its "error"; the exit status is then 3)."""
    if fmt not in ("jsonl", "json"):
        fail(f"unknown format {fmt!r}: choose jsonl or json", 2)
    writable(output, "-o")
    _use_gazetteer(gazetteer)
    items = list(default_pipeline().run_many(read_paths(inputs, max_bytes=int(max_document_mb * 2**20))))
    docs = [i for i in items if not isinstance(i, Rejection)]
    linked = None
    if link:
        from ..linking.incidents import build, report_of

        linked = build([report_of(d) for d in docs])
    records, rejected = [], 0
    for item in items:
        if isinstance(item, Rejection):
            rejected += 1
            if rejected <= SHOWN:
                say(err, f"rejected {item.source}: {item.reason}")
            records.append({"doc": Path(item.source.split(":")[0]).name, "source": item.source,
                            "error": item.reason, "events": []})
        elif linked is not None:
            score, reasons = linked.credibility[item.id]
            records.append(document_record(item, incident_of=linked.incident_of, credibility=score,
                                           reasons=reasons, copy_of=linked.copies.get(item.id)))
        else:
            records.append(document_record(item))
    with output_file(output) as handle:
        if fmt == "json":
            handle.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
        else:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if rejected > SHOWN:
        err.print(f"... and {rejected - SHOWN} more rejections (each has its \"error\" record in the output)",
                  highlight=False, markup=False)
    if rejected:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def evaluate(paths: List[Path] = typer.Argument(None, help="Documents to extract (default: docs/ beside the gold)."),
             gold: Path = typer.Option(..., "--gold", help="Gold annotations, one JSON object per line."),
             as_json: bool = typer.Option(False, "--json", help="Print the metrics as one JSON object."),
             bounds: List[str] = typer.Option([], "--min", help="KEY=VALUE: fail when a metric is below it.")
             ) -> None:
    """Extract from documents and score the output against gold annotations."""
    from ..evaluation.scoring import score

    try:
        gold_docs = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        fail(f"cannot read gold file {gold}: {exc}", 2)
    inputs = paths or [gold.parent / "docs"]
    records = [document_record(d) for d in default_pipeline().run_many(read_paths(inputs))
               if not isinstance(d, Rejection)]
    result = score(gold_docs, records)
    if as_json:
        out.print(json.dumps(result), highlight=False)
    else:
        for key, value in result.items():
            out.print(f"{key:28} {value}", highlight=False)
    failed = []
    for bound in bounds:
        key, _, value = bound.partition("=")
        got = result.get(key)
        try:
            if got is None or got < float(value):
                failed.append(f"{key}={got} < {value}")
        except ValueError:
            fail(f"--min {bound!r}: expected KEY=NUMBER", 2)
    if failed:
        err.print("below bounds: " + ", ".join(failed), highlight=False)
        raise typer.Exit(1)


@app.command()
def export(what: str = typer.Option("documents", "--what",
                                    help="documents; events (one row per report's event, with its claims); "
                                         "incidents (one row per incident, ACLED's and UCDP's columns); claims."),
           fmt: str = typer.Option("jsonl", "--format",
                                   help="jsonl, csv (events and incidents in ACLED's columns) or geojson "
                                        "(events and incidents)."),
           output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
           background: bool = typer.Option(False, "--background",
                                           help="Keep background mentions (events told as context) in the "
                                                "events and incidents."),
           excel: bool = typer.Option(False, "--excel", help="CSV for Excel: a UTF-8 byte-order mark first, so "
                                                             "that Arabic opens as Arabic."),
           db: Optional[str] = DbOption) -> None:
    """Export stored documents, events, incidents or claims (each claim with its claimant's type)."""
    from ..web.export import check_choice
    from ..web.export import export as export_rows

    try:
        check_choice(what, fmt)  # a usage error, before the database is opened
    except ValueError as exc:
        fail(str(exc), 2)
    if excel and fmt != "csv":
        fail(f"--excel makes CSV for Excel: it needs --format csv, not {fmt}", 2)
    writable(output, "-o")
    with open_store(db, create=False) as store, output_file(output, newline="") as handle:
        count = export_rows(store, handle, what=what, fmt=fmt, background=background, excel=excel)
    err.print(f"exported {count} {what}", highlight=False)


@app.command()
def search(query: str = typer.Argument(..., help="Words to find, in Arabic or English."),
           limit: int = typer.Option(20, "--limit", min=1, max=1000),
           db: Optional[str] = DbOption) -> None:
    """Full-text search over stored documents."""
    from ..storage.search import search_terms

    try:
        search_terms(query)  # a usage error, before the database is opened
    except ValueError as exc:
        fail(str(exc), 2)
    with open_store(db, create=False) as store:
        try:
            hits = store.search(query, limit=limit)
        except ValueError as exc:
            fail(str(exc), 2)
    if not hits:
        err.print("no documents match", highlight=False)
        return
    for hit in hits:
        line = Text(printable(hit.key), style="bold")
        line.append(printable(f" {hit.id} {hit.language or '?'} {hit.publisher or '?'} {hit.published or '?'}"),
                    style="dim")
        out.print(line, highlight=False, soft_wrap=True)
        if hit.title:
            say(out, f"  {hit.title}")
        say(out, f"  {hit.snippet}")


@app.command()
def link(db: Optional[str] = DbOption,
         wait: bool = typer.Option(True, "--wait/--no-wait",
                                   help="While another ingest or link writes the database: wait, or stop.")
         ) -> None:
    """Relink every stored report: link the events into incidents, reconcile their figures and judge their
    sources (ingest links only what it adds)."""
    from ..linking.incidents import link_database

    with open_store(db, create=False) as store:
        linked = link_database(store, full=True, wait=wait, on_wait=_waiting("link"))
    multi = sum(1 for i in linked.incidents if len(i.docs) > 1)
    out.print(f"{len(linked.incidents)} incidents ({multi} told by more than one report), "
              f"{len(linked.copies)} wire copies", highlight=False)


@app.command()
def incidents(db: Optional[str] = DbOption, limit: int = typer.Option(50, "--limit", min=1),
              as_json: bool = typer.Option(False, "--json", help="Print JSON lines with every claim.")) -> None:
    """Incidents with their reconciled death tolls (low/best/high), told by several reports first."""
    with open_store(db, create=False) as store:
        rows = store.incidents()
    rows.sort(key=lambda r: (-(r["reports"] or 0), r["date"] or "9999", r["id"]))
    if as_json:
        for row in rows[:limit]:
            out.print(json.dumps(row, ensure_ascii=False), highlight=False, markup=False, soft_wrap=True)
        return
    table = Table(title="incidents")
    for name in ("id", "date", "type", "place", "reports", "outlets", "killed low/best/high", "flags"):
        table.add_column(name, overflow="fold")
    for r in rows[:limit]:
        killed = r["summary"].get("reconciled", {}).get("killed", {})
        table.add_row(*cells(r["id"], r["date"] or "?", r["sub_event_type"] or "", r["location_name"] or "?",
                              r["reports"], r["outlets"], toll(r["fatalities_low"], r["fatalities_best"],
                                                               r["fatalities_high"]),
                              "; ".join(killed.get("flags", []))))
    out.print(table)


@app.command()
def sources(db: Optional[str] = DbOption) -> None:
    """Outlet profiles: incidents reported, first reports, copies, bias against the consensus, credibility."""
    with open_store(db, create=False) as store:
        rows = store.outlet_profiles()
    table = Table(title="sources")
    for name in ("outlet", "reports", "incidents", "first", "copies", "bias (log2)", "by victims' side",
                 "credibility"):
        table.add_column(name, overflow="fold")
    for r in rows:
        sides = ", ".join(f"{k} {v:+.2f}" for k, v in r["bias_by_side"].items())
        table.add_row(*cells(r["outlet"], r["reports"], r["incidents"], r["first_reports"], r["copies"],
                              "" if r["bias"] is None else f'{r["bias"]:+.2f}', sides,
                              "" if r["credibility"] is None else f'{r["credibility"]:.2f}'))
    out.print(table)


@app.command()
def reference(path: Path = typer.Argument(..., help="CSV: UCDP GED's own columns, or "
                                                    "date,admin1,place,civilians,fighters,total,source"),
              db: Optional[str] = DbOption) -> None:
    """Import a reference casualty record (FA-KES method; UCDP GED's CSV or the short layout, told by its
    header); `marsad link` then scores articles against it."""
    from ..linking.credibility import ReferenceError, read_reference_file

    try:
        found = read_reference_file(path)
    except ReferenceError as exc:
        fail(str(exc), 2)
    with open_store(db, create=False) as store:
        new = store.add_reference(found.records)
    layout = "UCDP GED" if found.layout == "ucdp" else "date,admin1,... layout"
    out.print(f"{len(found.records)} reference rows read ({layout}), {new} new", highlight=False)
    for reason, count in sorted(found.left_out.items()):
        out.print(f"  left out ({reason}): {count}", highlight=False)


@app.command()
def serve(db: Optional[str] = DbOption, host: str = typer.Option("127.0.0.1", "--host"),
          port: int = typer.Option(8000, "--port", min=1, max=65535),
          write_token: Optional[str] = typer.Option(None, "--write-token", envvar="MARSAD_WRITE_TOKEN",
                                                    help="Token that allows writes (else read-only)."),
          gazetteer: Optional[Path] = GazetteerUse) -> None:
    """Serve the HTTP API and the dashboard (read-only unless a write token is set)."""
    import uvicorn

    _use_gazetteer(gazetteer)
    from ..web.app import create_app

    try:
        application = create_app(db, write_token=write_token, create=False)
    except StorageError as exc:
        fail(str(exc))
    except ValueError as exc:  # a setting such as MARSAD_MAX_BODY_MB that is not a number
        fail(str(exc), 2)
    read_only = application.state.store.read_only
    mode = f"read-only: {read_only}" if read_only else "writable with the token" if write_token else "read-only"
    say(err, f"marsad on http://{host}:{port}/ ({mode})")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
def stages() -> None:
    """List the pipeline's stages in order, with what each adds."""
    for stage in default_pipeline().stages:
        out.print(f"[bold]{stage.name:10}[/] {stage.adds}", highlight=False)


@app.command()
def demo(db: Path = typer.Option(Path("marsad-demo.db"), "--db", help="Demo database file (made afresh).")) -> None:
    """Run the whole pipeline on the bundled sample corpus into a fresh database and show what it found."""
    from ..jobs.demo import run_demo, summary_tables

    try:
        report, store = run_demo(db)
    except StorageError as exc:
        fail(str(exc))
    with store:
        _print_report(report, out)
        for table in summary_tables(store):
            out.print(table)
    say(out, f"database: {db}  (try: marsad search دمشق --db {db})")


def _version(value: bool) -> None:
    if value:
        out.print(f"marsad {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")) -> None:
    """marsad: conflict events from Arabic and English news reports."""
