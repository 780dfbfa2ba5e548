"""The pipeline's stages, one module each: ``ingest``, ``clean``, ``language``, ``metadata``.

Every module has ``run(doc: Document, **options) -> Document``; the order and
names are set by :func:`marsad.pipeline.default_pipeline`.
"""
