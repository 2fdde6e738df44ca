"""The limited sandbox: what a template may make is bounded before it is made, and ordinary
templates are untouched. (The CLI tests feed the worst cases through `points draft` under a
1 GiB limit; these pin each guard on its own, in process.)"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from points.render import sandbox
from points.render.limits import MAX_OUTPUT_CHARS, MAX_VALUE_SIZE
from points.render.sandbox import size_of
from points.render.templates import TemplateFailure, TemplateSet

HEADER = "{#\ntitle: Test\ntakes: contract\nkind: draft\n#}\n"


def _render(tmp_path: Path, body: str, **context: object) -> str:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "t.md.j2").write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    templates = TemplateSet(tmp_path / "shipped", folder)
    return templates.render(templates.get("t"), context)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ 'x' * (10 ** 7) }}", "a repetition (*) would make more than"),
        ("{{ (10 ** 7) * 'x' }}", "a repetition (*) would make more than"),
        ("{{ [[0] * 1000] * 1001 }}", "a repetition (*)"),  # nested items count
        ("{{ 'x'.center(10 ** 7) }}", "str.center() would make"),
        ("{{ 'x'|center(10 ** 7) }}", "the number 10000000 is larger than any"),
        ("{{ [1]|batch(10 ** 9, 'x') }}", "the number 1000000000 is larger than any"),
        ("{{ [1]|slice(10 ** 9) }}", "the number 1000000000 is larger than any"),
        ("{{ '{:{}}'.format('x', 3000000000) }}", "str.format() would make"),
        ("{{ '%*s'|format(3000000000, 'x') }}", "|format would make"),
        ("{{ ('x' * 1000)|wordwrap(1, wrapstring='y' * 1000) }}", "|wordwrap would make"),
        ("{{ ('\t' * 1000).expandtabs(2000) }}", "str.expandtabs() would make"),
        ("{{ ('x' * 1000).translate({120: 'y' * 2000}) }}", "str.translate() would make"),
        ("{{ ('x' * 1000).replace('x', 'y' * 2000) }}", "str.replace() would make"),
        ("{{ ''.join(['x' * 600000, 'y' * 600000]) }}", "str.join() would make"),
        ("{{ ('{0}' * 100).format('x' * 20000) }}", "str.format() would make"),
        ("{{ ('%(a)s' * 100) % {'a': 'x' * 20000} }}", "a % formatting would make"),
        ("{{ 2 ** 5000 }}", "would have about 10,000 bits"),
        ("{{ lipsum(100000) }}", "'lipsum' is undefined"),
        ("{% set a = 'x' * 600000 %}{{ a + a }}", "a '+' would make"),
    ],
)
def test_each_guard_refuses_before_making(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(TemplateFailure, match=re.escape(message)):
        _render(tmp_path, body)


def test_a_refusal_names_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(TemplateFailure) as refused:
        _render(tmp_path, "line one\n{{ 'x' * (10 ** 9) }}\n")
    assert str(refused.value).startswith(f"{tmp_path / 'templates' / 't.md.j2'}:7: ")


def test_a_slow_render_stops_at_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", -1.0)  # already past its deadline
    with pytest.raises(TemplateFailure, match="ran for more than -1 seconds"):
        _render(tmp_path, "{% for i in range(2000) %}{% endfor %}")


def test_blocks_and_macros_are_capped_as_they_grow(tmp_path: Path) -> None:
    body = (
        "{% macro big() %}{% for i in range(30) %}{{ 'x' * 100000 }}{% endfor %}{% endmacro %}"
        "{{ big() }}"
    )
    with pytest.raises(TemplateFailure, match=f"more than {MAX_OUTPUT_CHARS:,} characters"):
        _render(tmp_path, body)


def test_ordinary_templates_are_untouched(tmp_path: Path) -> None:
    body = """\
        {% macro pad(n) %}{{ '%03d' % n }}{% endmacro %}
        {% for name in names|sort %}
        - {{ loop.index }}. {{ name|title }} {{ pad(loop.index) }} {{ '{:>4}'.format(name) }}
        {% endfor %}
        {{ names|join(', ') }}; {{ '=' * 3 }}; {{ (names + ['z'])|length }}; {{ 2 ** 10 }}
        {{ 'a-b'.replace('-', ' and ') }} {{ 'ab'|center(6) }}|
        """
    assert _render(tmp_path, body, names=["bo", "al"]) == (
        # values are escaped for the Markdown dialect (markup.escape_source): "\\," "\\="
        "- 1. Al 001   al\n- 2. Bo 002   bo\nbo\\, al; \\=\\=\\=; 3; 1024\na and b   ab  |\n"
    )


def test_size_of_counts_nested_text_and_stops_early() -> None:
    assert size_of("abc") == 3
    assert size_of(["ab", ["c", "de"]]) == 2 + 2 + 2 + 1 + 2
    assert size_of({"k": "vv"}) == 3
    assert size_of(7) == 0
    huge = ["x" * 1000] * 10_000_000  # ten billion characters by reference
    assert MAX_VALUE_SIZE < size_of(huge) < MAX_VALUE_SIZE + 10_000_000


def test_recursive_loops_filtered_loops_and_call_blocks_still_work(tmp_path: Path) -> None:
    # the loop guard wraps every {% for %}'s iterable: loop.length, recursion, an inline
    # test and a caller() inside a filter block must all see what they saw before
    body = (
        "{% for x in items recursive %}{{ x.n }}{% if x.c %}({{ loop(x.c) }}){% endif %}"
        " {{ loop.length }}{% endfor %}\n"
        "{% for x in items if x.n != 'b' %}{{ x.n }}{% else %}none{% endfor %}\n"
        "{% macro m() %}{{ caller('in') }}{% endmacro %}"
        "{% filter upper %}{% call(v) m() %}{{ v }}{% endcall %}{% endfilter %}\n"
    )
    items = [{"n": "a", "c": [{"n": "b", "c": []}]}, {"n": "c", "c": []}]
    # (trim_blocks eats the newline after each closing tag)
    assert _render(tmp_path, body, items=items) == "a(b 1) 2c 2acIN"


def test_large_numbers_as_values_are_fine(tmp_path: Path) -> None:
    # only widths and counts are limited, not the numbers a document prints
    body = (
        "{% macro m(n) %}{{ n }}{% endmacro %}"
        "{{ 5000000|string }} {{ '%d' % 5000000 }} {{ '{}'.format(5000000) }} {{ m(5000000) }} "
        "{{ 5000000 + 1 }} {{ 5000000|round|int }} {{ '%d'|format(5000000) }}"
    )
    assert _render(tmp_path, body) == ("5000000 5000000 5000000 5000000 5000001 5000000 5000000")
