"""The gazetteer: places imported from standard gazetteer files into one local SQLite file.

:func:`import_paths` reads Who's On First, GeoNames, OpenSyria, UCDP and plain CSV files (:mod:`.formats`),
joins the records that are one place (:mod:`.store`) and keys every name so that its spellings match
(:mod:`.keys`). A Who's On First import also leaves the admin areas' simplified outlines (:mod:`.outlines`)
for the dashboard's map. The extract stage reads the file to know places beyond the bundled list.

May import: :mod:`marsad.model`, :mod:`marsad.reading` and the rest of :mod:`marsad.extraction`.
"""
from .formats import GazetteerError, Record
from .store import Candidate, LocalGazetteer, default_path, import_paths

__all__ = ["Candidate", "GazetteerError", "LocalGazetteer", "Record", "default_path", "import_paths"]
