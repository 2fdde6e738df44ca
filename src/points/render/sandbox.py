"""jinja2's immutable sandbox, with limits on what a template can make and how long it runs.

jinja2's sandbox stops a template from reaching Python's internals, but not from asking for
``'x' * 3000000000``, ten thousand turns of a loop inside ten thousand more, or itself as an
include: each of those took gigabytes or minutes before. Here every way a template makes a
big value is bounded *before* the value exists (``points.render.limits`` has the figures and
why):

- ``*``, ``**``, ``+`` and ``%`` are intercepted: a string or list times a number, or a power,
  is sized from its operands first; ``%`` formatting from its format and arguments;
- every call and filter is checked: the ones that multiply text (``replace``, ``join``,
  ``indent``, ``format``, ``expandtabs``, ``wordwrap``, ``center``…) are sized from their
  arguments first, widths taken from the arguments (``'%*s'``, ``'{:{}}'``) included; a
  filter's width or count above ``MAX_VALUE_SIZE`` (``batch``, ``slice``) is refused; every
  result is sized after;
- ``~`` results and every buffer a block, macro or ``{% set %}`` fills are sized as they grow;
- ``range()`` gives at most ``MAX_RANGE`` numbers, every ``{% for %}`` turn counts towards
  ``MAX_LOOP_ITERATIONS``, loads of other templates towards ``MAX_INCLUDES``, and a render
  past ``RENDER_SECONDS`` stops at its next turn, call or operator;
- templates load from their folders only: a file that resolves outside (a link to
  ``/etc/passwd``) is refused by name, and never read.

A limit passed raises ``TemplateLimitError`` (a jinja2 ``SecurityError``), which the template
set reports with the template's file and line.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from points.confined import leads_outside
from points.render.limits import (
    MAX_INCLUDES,
    MAX_LOOP_ITERATIONS,
    MAX_OUTPUT_CHARS,
    MAX_POWER_BITS,
    MAX_RANGE,
    MAX_VALUE_SIZE,
    RENDER_SECONDS,
)

__all__ = ["Budget", "ConfinedLoader", "LimitedSandbox", "TemplateLimitError", "outside", "size_of"]


class TemplateLimitError(SecurityError):
    """A template asked for more than a limit allows; the message says which and how much."""


@dataclass
class Budget:
    """What one render has used so far: loop turns, loads of other templates, and when it
    must end. Set by ``LimitedSandbox.budget`` around a render."""

    deadline: float
    turns: int = 0
    loads: int = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(
                f"the template ran for more than {RENDER_SECONDS:g} seconds (the limit)"
            )


_BUDGET: ContextVar[Budget | None] = ContextVar("points_template_budget", default=None)
_SIZED = (str, bytes, list, tuple, set, frozenset, dict)


def size_of(value: object, limit: int = MAX_VALUE_SIZE) -> int:
    """Characters of a string, or items of a container with those of the strings and
    containers in it; counting stops a little past ``limit``, so sizing a huge value is
    cheap."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if not isinstance(value, (list, tuple, set, frozenset, dict)):
        return 0
    total = len(value)
    items: Iterable[object] = value.values() if isinstance(value, dict) else value
    for item in items:
        if total > limit:
            break
        if isinstance(item, _SIZED):
            total += size_of(item, limit - total)
    return total


def _too_big(size: int, what: str) -> None:
    if size > MAX_VALUE_SIZE:
        raise TemplateLimitError(
            f"{what} would make more than {MAX_VALUE_SIZE:,} characters or items, the most "
            "one value of a template may have"
        )


def _checked(value: object, what: str = "a value") -> object:
    _too_big(size_of(value), what)
    return value


# printf-style conversions: a width or precision of '*' comes from the arguments
_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")
_BRACES = re.compile(r"\{[^{}]*\}")
_DIGITS = re.compile(r"\d+")
_NESTED = re.compile(r"\{[^{}]*\{")  # a replacement field inside another: '{:{}}'


def _format_estimate(template: str, arguments: Sequence[object]) -> int:
    """How long ``template`` formatted with ``arguments`` can be: each placeholder at most
    the largest argument, plus the largest width, whether written in the format or taken
    from the arguments (``'%*s'``, ``'{:{}}'``)."""
    digits = _DIGITS.findall(template)
    if any(len(d) >= 12 for d in digits):
        return MAX_VALUE_SIZE + 1
    widths = [int(d) for d in digits] or [0]
    starred = any("*" in width + precision for width, precision in _PRINTF.findall(template))
    if starred or _NESTED.search(template):
        widths += [abs(a) for a in arguments if isinstance(a, int) and not isinstance(a, bool)]
    largest = max([size_of(a) or len(str(a)) for a in arguments] or [0])
    fields = len(_PRINTF.findall(template)) + len(_BRACES.findall(template))
    return len(template) + fields * (largest + max(widths))


def _numbers(arguments: Iterable[object]) -> None:
    """A whole number above ``MAX_VALUE_SIZE`` passed to a filter after the value it filters
    is a width or a count that would make something too big: refused before the call."""
    for argument in arguments:
        whole = isinstance(argument, int) and not isinstance(argument, bool)
        if whole and abs(argument) > MAX_VALUE_SIZE:  # type: ignore[arg-type]
            raise TemplateLimitError(
                f"the number {argument} is larger than any a template may pass ({MAX_VALUE_SIZE:,})"
            )


def _estimate(
    name: str,
    subject: object,
    args: Sequence[object],
    kwargs: dict[str, Any],
    *,
    method: bool = False,
) -> int:
    """The size a text-multiplying operation would make, from its operands, before it is
    run; 0 for operations whose result is no bigger than what they are given. ``method``:
    ``subject.name(*args)`` (a ``str`` method) rather than the filter ``subject|name(*args)``.
    """
    rest = [*args, *kwargs.values()]
    text = size_of(subject)
    if name == "replace" and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        count = str(subject).count(old) if old else text + 1
        return text + count * max(0, len(new) - len(old))
    if name == "join":
        if method:  # "sep".join(items)
            separator, items = str(subject), args[0] if args else ()
        else:  # items|join(sep)
            separator, items = (str(args[0]) if args else ""), subject
        count = size_of(items)
        return count + len(separator) * count
    if name in ("format", "format_map"):
        return _format_estimate(str(subject), rest)
    if name == "wordwrap":  # s|wordwrap(width=79, break_long_words, wrapstring)
        width = args[0] if args and isinstance(args[0], int) else kwargs.get("width", 79)
        wrap = args[2] if len(args) > 2 else kwargs.get("wrapstring") or "\n"
        return text + (text // max(int(width), 1) + 1) * max(len(str(wrap)), 1)
    if name == "translate" and args and isinstance(args[0], dict):
        largest = max([size_of(v) for v in args[0].values()] or [0])
        return text * max(largest, 1)
    if name in ("indent", "expandtabs", "center", "ljust", "rjust", "zfill"):
        largest = max([size_of(a) or (a if isinstance(a, int) else 0) for a in rest] or [0])
        return text + (str(subject).count("\n") + str(subject).count("\t") + 2) * largest
    return 0


class ConfinedLoader(FileSystemLoader):
    """Loads a template only from inside its folders: a name that resolves outside them
    (through a symbolic link, say) is refused by name and never read."""

    def __init__(self, folders: Sequence[Path]) -> None:
        super().__init__([str(f) for f in folders], encoding="utf-8")
        self.folders = list(folders)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.folders:
            candidate = folder / template
            if candidate.is_symlink() or candidate.exists():
                why = outside(candidate, folder)
                if why:
                    raise TemplateLimitError(why)
                break
        return super().get_source(environment, template)


def outside(path: Path, folder: Path) -> str | None:
    """Why a template file may not be read, if it resolves outside its folder (a symbolic
    link to ``/etc/passwd``); else ``None``."""
    real = leads_outside(path, folder)
    if real is None:
        return None
    return (
        f"{path} leads outside its templates folder (to {real}): templates are read only "
        f"from inside {folder}"
    )


class _CappedBuffer(list[str]):
    """A block's or macro's output as it is built: refused once it passes the output limit,
    so ``{% for %}{{ big }}{% endfor %}`` inside ``{% set %}`` cannot build gigabytes."""

    size = 0

    def _grow(self, items: Iterable[object]) -> None:
        self.size += sum(len(str(item)) for item in items)
        if self.size > MAX_OUTPUT_CHARS:
            raise TemplateLimitError(
                f"a block of the template wrote more than {MAX_OUTPUT_CHARS:,} characters "
                "(the limit)"
            )

    def append(self, item: str) -> None:
        self._grow((item,))
        super().append(item)

    def extend(self, items: Iterable[str]) -> None:
        items = list(items)
        self._grow(items)
        super().extend(items)


class _LimitedCodeGenerator(CodeGenerator):
    """jinja2's compiler, with every loop's iterable, every ``~`` and every buffer routed
    through the environment's counters (names a template cannot reach or rebind)."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.points_buffer()")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        guard = nodes.EnvironmentAttribute("points_loop", lineno=node.lineno)
        node.iter = nodes.Call(guard, [node.iter], [], None, None, lineno=node.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.points_sized(")
        super().visit_Concat(node, frame)
        self.write(")")


def _limited_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimitError(
            f"range() would give {len(numbers):,} numbers; a template may ask for at most "
            f"{MAX_RANGE:,}"
        )
    return numbers


def _filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that checks its arguments before it runs and its result after."""

    def limited(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not isinstance(a, (Environment, Context, EvalContext))]
        if name != "format":  # the value filtered may be any number; format is sized below
            _numbers([*values[1:], *kwargs.values()])
        if values:
            _too_big(_estimate(name, values[0], values[1:], kwargs), f"|{name}")
        LimitedSandbox.tick()
        return _checked(function(*args, **kwargs), f"the result of |{name}")

    for attribute in ("jinja_pass_arg",):  # how jinja2 knows to pass the environment
        if hasattr(function, attribute):
            setattr(limited, attribute, getattr(function, attribute))
    limited.__name__ = getattr(function, "__name__", name)
    return limited


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox documents render in: see the module docstring for what it bounds."""

    code_generator_class = _LimitedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _limited_range
        self.globals.pop("lipsum", None)  # placeholder text: no paper needs it, and it is big
        self.filters = {name: _filter(name, f) for name, f in self.filters.items()}

    # -- the budget of one render -----------------------------------------------------------

    @staticmethod
    def tick() -> None:
        budget = _BUDGET.get()
        if budget is not None:
            budget.tick()

    def budget(self) -> Budget:
        """A fresh budget for one render, made current until ``end_budget``."""
        budget = Budget(deadline=time.monotonic() + RENDER_SECONDS)
        _BUDGET.set(budget)
        return budget

    def end_budget(self) -> None:
        _BUDGET.set(None)

    def points_loop(self, iterable: Iterable[object]) -> Iterator[object]:
        """Every turn of every loop, counted against the render's budget."""
        budget = _BUDGET.get()
        for item in iterable:
            if budget is not None:
                budget.turns += 1
                if budget.turns > MAX_LOOP_ITERATIONS:
                    raise TemplateLimitError(
                        f"the template's loops turned more than {MAX_LOOP_ITERATIONS:,} "
                        "times (the limit)"
                    )
                if budget.turns % 1024 == 0:
                    budget.tick()
            yield item

    def points_buffer(self) -> list[str]:
        return _CappedBuffer()

    def points_sized(self, value: object) -> object:
        return _checked(value, "a joined string (~)")

    # -- loading other templates ------------------------------------------------------------

    def get_template(self, name: Any, parent: Any = None, globals: Any = None) -> Any:
        budget = _BUDGET.get()
        if budget is not None and parent is not None:  # an include, import or extends
            budget.loads += 1
            if budget.loads > MAX_INCLUDES:
                raise TemplateLimitError(
                    f"the template loaded other templates more than {MAX_INCLUDES} times "
                    "(includes that include themselves?)"
                )
        return super().get_template(name, parent, globals)

    # -- what the sandbox intercepts --------------------------------------------------------

    def call_binop(self, context: Context, operator_name: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator_name == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, _SIZED) and isinstance(count, int):
                    _too_big(size_of(sequence) * max(count, 0), "a repetition (*)")
        elif operator_name == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0:
                bits = max(abs(left), 1).bit_length() * right
                if bits > MAX_POWER_BITS:
                    raise TemplateLimitError(
                        f"{left} ** {right} would have about {bits:,} bits; a template may "
                        f"make at most {MAX_POWER_BITS:,}"
                    )
        elif operator_name == "%" and isinstance(left, str):
            arguments = right if isinstance(right, tuple) else (right,)
            if isinstance(right, dict):
                arguments = tuple(right.values())
            _too_big(_format_estimate(left, arguments), "a % formatting")
        return _checked(self.binop_table[operator_name](left, right), f"a {operator_name!r}")

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.tick()
        target = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped
        subject = getattr(target, "__self__", None)
        if isinstance(subject, str):
            name = getattr(target, "__name__", "")
            _too_big(_estimate(name, subject, args, kwargs, method=True), f"str.{name}()")
        result = ImmutableSandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
        return _checked(result, "a call's result")
