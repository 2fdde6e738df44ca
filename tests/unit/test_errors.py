"""Problems print as ``file:line:col: severity [code] message`` and sort by place."""

from __future__ import annotations

from points.errors import Problem, Severity, Source, has_errors, sorted_problems


def test_source_is_written_as_compilers_do() -> None:
    assert str(Source("a.yaml", 3, 7)) == "a.yaml:3:7"
    assert str(Source("a.yaml", 3)) == "a.yaml:3"
    assert str(Source("a.yaml")) == "a.yaml"
    assert str(Source("royalties.xlsx", sheet="Detail", cell="C14")) == "royalties.xlsx[Detail]!C14"


def test_problem_format_and_json() -> None:
    problem = Problem(
        Source("c.yaml", 2, 1), "unknown-key", "unknown key 'fess'", "did you mean 'fees'?"
    )
    assert problem.format() == (
        "c.yaml:2:1: error [unknown-key] unknown key 'fess'\n    hint: did you mean 'fees'?"
    )
    assert problem.to_json() == {
        "file": "c.yaml",
        "line": 2,
        "column": 1,
        "sheet": None,
        "cell": None,
        "severity": "error",
        "code": "unknown-key",
        "message": "unknown key 'fess'",
        "hint": "did you mean 'fees'?",
    }


def test_warnings_alone_are_not_errors() -> None:
    warning = Problem(Source("a"), "w", "m", severity=Severity.WARNING)
    assert not has_errors([warning])
    assert has_errors([warning, Problem(Source("a"), "e", "m")])


def test_problems_sort_by_file_then_line_then_column() -> None:
    problems = [
        Problem(Source("b.yaml", 1, 1), "x", "m"),
        Problem(Source("a.yaml", 10, 2), "x", "m"),
        Problem(Source("a.yaml", 9, 5), "x", "m"),
        Problem(Source("a.yaml", 10, 1), "x", "m"),
    ]
    assert [str(p.source) for p in sorted_problems(problems)] == [
        "a.yaml:9:5",
        "a.yaml:10:1",
        "a.yaml:10:2",
        "b.yaml:1:1",
    ]
