"""Statement formats, one module each, described as data (``TextFormat``) rather than code, so
the same description drives per-line reading, detection and, for large files, a bulk reader."""

from points.ingest.formats.bandcamp import BANDCAMP
from points.ingest.formats.base import ChannelRule, Field, TextFormat
from points.ingest.formats.cdbaby import CDBABY
from points.ingest.formats.distrokid import DISTROKID
from points.ingest.formats.tunecore import TUNECORE

FORMATS: tuple[TextFormat, ...] = (DISTROKID, TUNECORE, CDBABY, BANDCAMP)

__all__ = ["FORMATS", "ChannelRule", "Field", "TextFormat"]
