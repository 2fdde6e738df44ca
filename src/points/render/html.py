"""Documents as one self-contained, printable HTML page: inline CSS, no scripts, no network.

The page is a jinja2 template run in the sandbox with autoescape on, so every piece of text —
names and titles from user files included — reaches the page escaped. A draft carries its mark
as a banner at the top and as a faint diagonal watermark that prints on every page.
"""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from points.render.markup import Block, Heading, plain

__all__ = ["to_html"]

_PAGE = """<!DOCTYPE html>
<html lang="{{ language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="points">
<title>{{ title }}</title>
<style>
@page { size: letter; margin: 0.8in 0.85in 0.9in; }
:root { --ink: #1d232b; --muted: #5b6572; --rule: #c9cfd6; --accent: #1f3a5f; --tint: #f3f5f8; }
* { box-sizing: border-box; }
html { background: #e9ecef; }
body {
  margin: 0; color: var(--ink); font-size: 10.5pt; line-height: 1.5;
  font-family: "Charter", "Georgia", "Liberation Serif", "DejaVu Serif", "Times New Roman", serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.sheet {
  position: relative; max-width: 8.5in; margin: 0.4in auto; padding: 0.75in 0.85in 0.8in;
  background: #fff; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.18);
}
.masthead {
  display: flex; justify-content: space-between; align-items: baseline;
  border-bottom: 2px solid var(--accent); padding-bottom: 6pt; margin-bottom: 18pt;
  font-family: "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 8pt; letter-spacing: 0.12em; text-transform: uppercase; color: var(--muted);
}
.masthead .kind { color: var(--accent); font-weight: 700; }
.banner {
  border: 1.5pt solid #9b1c1c; color: #9b1c1c; background: #fdf2f2; text-align: center;
  font-family: "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-weight: 700; font-size: 9.5pt; letter-spacing: 0.06em; text-transform: uppercase;
  padding: 6pt 10pt; margin: 0 0 18pt;
}
.watermark {
  position: fixed; top: 45%; left: 50%; transform: translate(-50%, -50%) rotate(-35deg);
  font-family: "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 120pt; font-weight: 700; letter-spacing: 0.1em; color: rgba(155, 28, 28, 0.06);
  pointer-events: none; z-index: 2; white-space: nowrap;
}
main { position: relative; z-index: 1; }
h1 {
  font-size: 20pt; line-height: 1.2; font-weight: 600; margin: 0 0 4pt; color: var(--accent);
}
h2 {
  font-family: "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 10pt; font-weight: 700; letter-spacing: 0.08em; text-transform: uppercase;
  color: var(--accent); margin: 20pt 0 6pt; padding-bottom: 3pt;
  border-bottom: 0.75pt solid var(--rule); break-after: avoid;
}
h3 { font-size: 11pt; margin: 14pt 0 4pt; break-after: avoid; }
p { margin: 0 0 8pt; }
h1 + p { color: var(--muted); font-size: 11pt; margin-bottom: 14pt; }
ul, ol { margin: 0 0 10pt; padding-left: 20pt; }
li { margin: 0 0 4pt; }
hr { border: 0; border-top: 0.75pt solid var(--rule); margin: 16pt 0; }
table { width: 100%; border-collapse: collapse; margin: 4pt 0 12pt; break-inside: avoid; }
th, td { padding: 4pt 7pt; vertical-align: top; text-align: left; }
table.grid th {
  font-family: "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 8pt; letter-spacing: 0.06em; text-transform: uppercase; color: var(--muted);
  border-bottom: 1pt solid var(--ink); font-weight: 700;
}
table.grid td { border-bottom: 0.5pt solid var(--rule); }
table.grid tr:last-child td { border-bottom: 1pt solid var(--ink); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.details { width: auto; min-width: 60%; background: var(--tint); }
table.details th {
  width: 11em; color: var(--muted); font-weight: 600; white-space: nowrap;
  border-bottom: 0.5pt solid #fff;
}
table.details td { border-bottom: 0.5pt solid #fff; }
.notice {
  border-left: 3pt solid var(--accent); background: var(--tint); padding: 8pt 12pt;
  margin: 6pt 0 14pt; font-size: 10pt;
}
.notice p { margin: 0 0 4pt; }
.notice p:last-child { margin-bottom: 0; }
.signatures {
  display: grid; grid-template-columns: 1fr 1fr; column-gap: 0.5in; row-gap: 26pt;
  margin: 18pt 0 8pt;
}
.signature { break-inside: avoid; font-size: 10pt; }
.signature .line { border-bottom: 0.75pt solid var(--ink); height: 34pt; }
.signature .label {
  font-family: "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 7pt; letter-spacing: 0.1em; text-transform: uppercase; color: var(--muted);
  margin: 2pt 0 4pt;
}
.signature .name { font-weight: 700; }
.signature .capacity { color: var(--muted); }
.signature .date { margin-top: 10pt; display: flex; gap: 6pt; align-items: flex-end; }
.signature .date .fill { flex: 1; border-bottom: 0.75pt solid var(--ink); min-height: 13pt; }
footer {
  margin-top: 28pt; padding-top: 6pt; border-top: 0.75pt solid var(--rule); color: var(--muted);
  font-family: "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 7.5pt; display: flex; justify-content: space-between; gap: 12pt;
}
@media print {
  html { background: none; }
  .sheet { margin: 0; padding: 0; max-width: none; box-shadow: none; }
}
</style>
</head>
<body>
{%- macro runs(text) -%}
{%- for run in text -%}
{%- if run.bold and run.italic %}<strong><em>{{ run.text }}</em></strong>
{%- elif run.bold %}<strong>{{ run.text }}</strong>
{%- elif run.italic %}<em>{{ run.text }}</em>
{%- else %}{{ run.text }}{% endif -%}
{%- endfor -%}
{%- endmacro %}
{% if watermark %}<div class="watermark" aria-hidden="true">{{ watermark }}</div>{% endif %}
<div class="sheet">
<div class="masthead"><span class="kind">{{ kind }}</span><span>{{ reference }}</span></div>
{% if banner %}<div class="banner" role="note">{{ banner }}</div>{% endif %}
<main>
{% for group in groups %}
{%- if group.signatures %}
<div class="signatures">
{%- for s in group.signatures %}
<div class="signature">
<div class="line"></div>
<div class="label">Signature</div>
<div class="name">{{ runs(s.name) }}</div>
{%- for c in s.capacity %}
<div class="capacity">{{ runs(c) }}</div>
{%- endfor %}
<div class="date"><span>Date:</span><span class="fill">{{ runs(s.date) }}</span></div>
</div>
{%- endfor %}
</div>
{%- else %}{% set b = group.block %}
{%- if b.kind == "heading" %}
<h{{ b.level }}>{{ runs(b.text) }}</h{{ b.level }}>
{%- elif b.kind == "paragraph" %}
<p>{{ runs(b.text) }}</p>
{%- elif b.kind == "list" %}
<{{ "ol" if b.ordered else "ul" }}>
{%- for item in b.items %}
<li>{{ runs(item) }}</li>
{%- endfor %}
</{{ "ol" if b.ordered else "ul" }}>
{%- elif b.kind == "table" %}
<table class="grid">
<thead><tr>
{%- for cell in b.header -%}
<th{% if b.right[loop.index0] %} class="num"{% endif %}>{{ runs(cell) }}</th>
{%- endfor -%}
</tr></thead>
<tbody>
{%- for row in b.rows %}
<tr>
{%- for cell in row -%}
<td{% if b.right[loop.index0] %} class="num"{% endif %}>{{ runs(cell) }}</td>
{%- endfor -%}
</tr>
{%- endfor %}
</tbody>
</table>
{%- elif b.kind == "rule" %}
<hr>
{%- elif b.kind == "notice" %}
<div class="notice">
{%- for p in b.paragraphs %}
<p>{{ runs(p) }}</p>
{%- endfor %}
</div>
{%- elif b.kind == "details" %}
<table class="details">
{%- for key, value in b.rows %}
<tr><th scope="row">{{ runs(key) }}</th><td>{{ runs(value) }}</td></tr>
{%- endfor %}
</table>
{%- endif %}
{%- endif %}
{%- endfor %}
</main>
<footer><span>{{ footer }}</span><span>{{ reference }}</span></footer>
</div>
</body>
</html>
"""


def _groups(blocks: Sequence[Block]) -> list[dict[str, object]]:
    """Blocks for the page, with consecutive signatures gathered into one two-column grid."""
    groups: list[dict[str, object]] = []
    for block in blocks:
        if block.kind != "signature":
            groups.append({"block": block, "signatures": None})
        elif groups and isinstance(signatures := groups[-1]["signatures"], list):
            signatures.append(block)
        else:
            groups.append({"block": None, "signatures": [block]})
    return groups


_ENVIRONMENT = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
_TEMPLATE = _ENVIRONMENT.from_string(_PAGE)


def to_html(
    blocks: Sequence[Block],
    *,
    kind: str,
    reference: str = "",
    banner: str | None = None,
    watermark: str | None = None,
    footer: str = "",
    language: str = "en",
) -> str:
    """One printable page.

    Args:
        kind: the document's kind for the masthead, e.g. "Split sheet".
        reference: a short reference shown in the masthead and footer (an id, a date).
        banner: a mark at the top of the page (a draft's, a derived sheet's).
        watermark: a word printed faintly across every page ("DRAFT").
        footer: a line at the foot of the document.
    """
    title = next((plain(b.text) for b in blocks if isinstance(b, Heading)), kind)
    return _TEMPLATE.render(
        title=title,
        kind=kind,
        reference=reference,
        banner=banner,
        watermark=watermark,
        footer=footer,
        language=language,
        groups=_groups(blocks),
    )
