"""The tables as SQLAlchemy Core objects, for queries. Their DDL lives in :mod:`.migrations`."""
from __future__ import annotations

from sqlalchemy import Column, Float, Integer, MetaData, Table, Text

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True), Column("name", Text), Column("applied_at", Text),
)

documents = Table(
    "documents", metadata,
    Column("id", Text, primary_key=True), Column("key", Text), Column("source", Text), Column("format", Text),
    Column("encoding", Text), Column("raw", Text), Column("text", Text), Column("language", Text),
    Column("language_score", Float), Column("title", Text), Column("title_source", Text),
    Column("publisher", Text), Column("publisher_source", Text), Column("author", Text),
    Column("published", Text), Column("published_source", Text), Column("url", Text), Column("given", Text),
    Column("warnings", Text), Column("search_text", Text), Column("ingested_at", Text),
    Column("copy_of", Text), Column("credibility", Float), Column("credibility_reasons", Text),
)

paragraphs = Table(
    "paragraphs", metadata,
    Column("doc_id", Text, primary_key=True), Column("idx", Integer, primary_key=True),
    Column("start_offset", Integer), Column("end_offset", Integer), Column("role", Text), Column("language", Text),
)

incidents = Table(
    "incidents", metadata,
    Column("id", Text, primary_key=True), Column("date", Text), Column("date_precision", Text),
    Column("event_type", Text), Column("sub_event_type", Text), Column("location_name", Text),
    Column("admin1", Text), Column("country", Text), Column("lat", Float), Column("lon", Float),
    Column("fatalities_low", Integer), Column("fatalities_best", Integer), Column("fatalities_high", Integer),
    Column("created_at", Text), Column("reports", Integer), Column("outlets", Integer),
    Column("first_published", Text), Column("summary", Text),
)

events = Table(
    "events", metadata,
    Column("id", Text, primary_key=True), Column("doc_id", Text), Column("incident_id", Text),
    Column("salience", Text), Column("date", Text), Column("date_precision", Text), Column("event_type", Text),
    Column("sub_event_type", Text), Column("actor1", Text), Column("actor2", Text), Column("location_name", Text),
    Column("admin1", Text), Column("admin2", Text), Column("country", Text), Column("lat", Float),
    Column("lon", Float), Column("geo_precision", Text), Column("fatalities_low", Integer),
    Column("fatalities_best", Integer), Column("fatalities_high", Integer), Column("evidence", Text),
    Column("evidence_start", Integer), Column("evidence_end", Integer), Column("place_id", Text),
    Column("location_confidence", Text),
)

claims = Table(
    "claims", metadata,
    Column("id", Text, primary_key=True), Column("event_id", Text), Column("doc_id", Text), Column("kind", Text),
    Column("low", Integer), Column("high", Integer), Column("qualifier", Text), Column("victims", Text),
    Column("claimant", Text), Column("evidence", Text), Column("evidence_start", Integer),
    Column("evidence_end", Integer), Column("scope", Text), Column("period", Text), Column("part_of", Integer),
    Column("added", Integer), Column("via", Text),
)

outlet_profiles = Table(
    "outlet_profiles", metadata,
    Column("outlet", Text, primary_key=True), Column("reports", Integer), Column("incidents", Integer),
    Column("first_reports", Integer), Column("copies", Integer), Column("bias", Float), Column("bias_by_side", Text),
    Column("credibility", Float),
)

reference_records = Table(
    "reference_records", metadata,
    Column("id", Text, primary_key=True), Column("date", Text), Column("admin1", Text), Column("place", Text),
    Column("civilians", Integer), Column("fighters", Integer), Column("total", Integer), Column("source", Text),
)

corrections = Table(
    "corrections", metadata,
    Column("id", Text, primary_key=True), Column("target", Text), Column("target_id", Text), Column("action", Text),
    Column("changes", Text), Column("who", Text), Column("why", Text), Column("at", Text),
)
