"""Papers people sign: a template's text rendered as Markdown, HTML or DOCX, with a safe name.

The pieces: a template (``points.render.templates``) writes the Markdown dialect
(``points.render.markup``) from a context of plain views built here and in the split sheet and
agreement modules; the blocks it parses into become each format. Everything a template can
print is text already written for people (names, percentages, money, dates), so the numbers on
a document are the model's, formatted by ``points.render.text``.

A draft always carries the mark ``DRAFT_MARK``: it is added here, whatever the template says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from points.model import Party, Recording, Role, Workspace
from points.render import FORMATS, Format
from points.render.html import to_html
from points.render.markup import MarkupError, parse, to_markdown
from points.render.pdf import html_to_pdf
from points.render.safety import safe_filename
from points.render.templates import TemplateFailure, TemplateInfo, TemplateSet

__all__ = [
    "DERIVED_MARK",
    "DRAFT_MARK",
    "FORMATS",
    "Format",
    "PartyView",
    "RecordingView",
    "RenderedDocument",
    "party_view",
    "recording_view",
    "render_template",
    "safe_filename",
]

DRAFT_MARK = "DRAFT — for review by counsel; not legal advice"
DERIVED_MARK = "Derived from the contracts — for information; not a signed split sheet"
_KIND_WORDS = {"draft": "Agreement draft", "sheet": "Split sheet", "derived": "Master points"}
_MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass(frozen=True, slots=True)
class PartyView:
    """A party as documents name it. Empty strings, not None, for what the workspace lacks."""

    id: str
    legal_name: str
    professional_name: str
    display_name: str
    name_line: str  # "Ava Marie Stone p/k/a Ava Stone"; a company: "… d/b/a …"
    known_as: str  # "professionally known as Ava Stone", "doing business as …", or ""
    pro: str
    ipi: str
    email: str
    address: str
    country: str  # the country's name in the workspace's language
    contact: str  # address, country and email on one line


_COMPANY_ROLES = frozenset({Role.LABEL, Role.PUBLISHER, Role.DISTRIBUTOR})


def _country(code: str | None, locale: str) -> str:
    if not code:
        return ""
    try:
        return str(Locale.parse(locale).territories.get(code, code))
    except (UnknownLocaleError, ValueError):
        return code


def party_view(workspace: Workspace, party_id: str) -> PartyView:
    """The party called ``party_id`` (a reference the loader has checked exists)."""
    party = workspace.parties_by_id.get(party_id) or Party(id=party_id, legal_name=party_id)
    professional = party.professional_name or ""
    name_line, known_as = party.legal_name, ""
    if professional and professional != party.legal_name:
        company = any(role in _COMPANY_ROLES for role in party.roles)
        name_line += f" {'d/b/a' if company else 'p/k/a'} {professional}"
        known_as = f"{'doing business' if company else 'professionally known'} as {professional}"
    country = _country(party.country, workspace.settings.locale)
    contact = ", ".join(part for part in (party.address, country, party.email) if part)
    return PartyView(
        id=party.id,
        legal_name=party.legal_name,
        professional_name=professional,
        display_name=party.display_name,
        name_line=name_line,
        known_as=known_as,
        pro=party.pro or "",
        ipi=party.ipi or "",
        email=party.email or "",
        address=party.address or "",
        country=country,
        contact=contact,
    )


@dataclass(frozen=True, slots=True)
class RecordingView:
    isrc: str
    title: str  # with its version: "Glass Harbor (Radio Edit)"
    artist: str


def format_isrc(code: str) -> str:
    """QZRLR2600002 → QZ-RLR-26-00002, as ISRCs are printed."""
    return f"{code[:2]}-{code[2:5]}-{code[5:7]}-{code[7:]}" if len(code) == 12 else code


def recording_view(workspace: Workspace, isrc: str) -> RecordingView:
    recording = workspace.recordings_by_isrc.get(isrc) or Recording(
        isrc=isrc, title=isrc, artist=""
    )
    title = recording.title + (f" ({recording.version})" if recording.version else "")
    return RecordingView(format_isrc(recording.isrc), title, recording.artist)


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    """A document ready to write: its bytes, and a safe file name derived from its title."""

    filename: str
    content: bytes
    media_type: str
    template: TemplateInfo


def render_template(
    templates: TemplateSet,
    info: TemplateInfo,
    context: Mapping[str, object],
    output: Format,
    *,
    reference: str,
    name: str,
) -> RenderedDocument:
    """Run a template and write the result in ``output``.

    Args:
        reference: a short reference shown in the masthead and footer (an id).
        name: what the file is named after (a title), after the template's title unless it
            starts with it; it is sanitised here.

    Raises:
        TemplateFailure, TemplateRefusal: from the template.
        PdfError: PDF was asked for and Chromium could not print it (or is missing).
    """
    source = templates.render(info, context)
    try:
        blocks = parse(source)
    except MarkupError as error:
        raise TemplateFailure(f"{info.path}: {error}") from None
    banner = {"draft": DRAFT_MARK, "derived": DERIVED_MARK}.get(info.kind)
    kind = _KIND_WORDS[info.kind]
    footer = f"{kind} · {info.title}" if info.kind == "draft" else kind
    content: bytes
    if output == "md":
        content = to_markdown(blocks, banner).encode("utf-8")
    elif output in ("html", "pdf"):  # the PDF is the printable page, printed by Chromium
        page = to_html(
            blocks,
            kind=kind,
            reference=reference,
            banner=banner,
            watermark="DRAFT" if info.kind == "draft" else None,
            footer=footer,
        )
        content = page.encode("utf-8") if output == "html" else html_to_pdf(page)
    else:
        from points.render.word import to_docx  # python-docx loads slowly; only .docx needs it

        content = to_docx(blocks, kind=kind, reference=reference, banner=banner, footer=footer)
    stem = name if name.casefold().startswith(info.title.casefold()) else f"{info.title} - {name}"
    stem += " DRAFT" if info.kind == "draft" else ""
    return RenderedDocument(safe_filename(stem, output), content, _MEDIA[output], info)
