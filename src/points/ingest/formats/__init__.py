"""Statement formats, one module each, described as data (``TextFormat``) rather than code, so
the same description drives per-line reading, detection and, for large files, a bulk reader."""

from points.ingest.formats.base import ChannelRule, Field, TextFormat
from points.ingest.formats.distrokid import DISTROKID

FORMATS: tuple[TextFormat, ...] = (DISTROKID,)

__all__ = ["FORMATS", "ChannelRule", "Field", "TextFormat"]
