"""points: royalty and contract calculation for music producers, managers and small labels.

Stages, one folder each (see ../shared/DESIGN.md): ``money`` (exact amounts), ``model`` (the deal
model and its YAML loader), ``render`` (words and documents for people), ``cli`` (the ``points``
command, a thin layer over ``points.api``).
"""

__version__ = "0.1.0"
