"""Statement formats, one module each, described as data (``TextFormat``) rather than code, so
the same description drives per-line reading, detection and, for large files, a bulk reader."""

from functools import cache
from pathlib import Path

from points.ingest.formats.amuse import AMUSE
from points.ingest.formats.bandcamp import BANDCAMP
from points.ingest.formats.base import ChannelRule, Field, TextFormat
from points.ingest.formats.cargo import CARGO_PHYSICAL
from points.ingest.formats.cdbaby import CDBABY
from points.ingest.formats.distrokid import DISTROKID
from points.ingest.formats.tunecore import TUNECORE

FORMATS: tuple[TextFormat, ...] = (DISTROKID, TUNECORE, CDBABY, BANDCAMP, AMUSE, CARGO_PHYSICAL)

__all__ = ["FORMATS", "ChannelRule", "Field", "TextFormat", "shipped_formats"]


@cache
def shipped_formats() -> tuple[TextFormat, ...]:
    """The adapters written in code, then the mappings shipped in ``points/ingest/mappings``."""
    from points.ingest.formats.generic import load_mapping

    folder = Path(__file__).parents[1] / "mappings"
    mapped = []
    for path in sorted(folder.glob("*.yaml")):
        fmt, problems = load_mapping(path)
        if fmt is None:  # a shipped mapping that fails is a bug in points, not user input
            raise RuntimeError("\n".join(problem.format() for problem in problems))
        mapped.append(fmt)
    return (*FORMATS, *mapped)
