"""Document templates: the shipped ones and a workspace's own, run in jinja2's sandbox.

A template is one file, ``NAME.md.j2``, that writes the Markdown dialect of
``points.render.markup``. It opens with a jinja comment saying what it is::

    {#
    title: Producer agreement
    takes: contract
    kind: draft
    description: Fee, advance, points, record one, accounting and audit.
    #}

``takes`` is what it is rendered from (``contract``, ``split_sheet`` or ``recordings``) and
``kind`` what it makes (``draft``: marked for review by counsel; ``sheet``: a document to sign;
``derived``: figures derived from other files). Templates in ``<workspace>/templates/`` add to
the shipped ones, or replace one of the same name.

Templates come from users, so they run in jinja2's immutable sandbox (no ``__class__``-style
escapes, no changing the data they are given) with limits on what they make, how long they
run and where they load from (``points.render.sandbox``), undefined names an error, and every value
they print escaped for the dialect (``markup.escape_source``): a value can never make a heading,
a table cell or a signature line. A template may call ``refuse("why")`` when what it was given
does not fit (a letter of direction for a contract without one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Literal, NoReturn, cast

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.exceptions import SecurityError

from points.render.limits import MAX_OUTPUT_CHARS
from points.render.markup import escape_source
from points.render.sandbox import ConfinedLoader, LimitedSandbox, TemplateLimitError, outside

__all__ = [
    "SUFFIX",
    "DocumentError",
    "TemplateFailure",
    "TemplateInfo",
    "TemplateRefusal",
    "TemplateSet",
]

SUFFIX = ".md.j2"
Takes = Literal["contract", "split_sheet", "recordings"]
Kind = Literal["draft", "sheet", "derived"]
_TAKES: tuple[Takes, ...] = ("contract", "split_sheet", "recordings")
_KINDS: tuple[Kind, ...] = ("draft", "sheet", "derived")
_TAKES_WORDS = {
    "contract": "a contract",
    "split_sheet": "a split sheet",
    "recordings": "a work's recordings",
}
_KIND_WORDS = {
    "draft": "an agreement draft",
    "sheet": "a split sheet",
    "derived": "a derived sheet",
}
_FRONT = re.compile(r"\A\s*\{#(.*?)#\}", re.DOTALL)
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


class DocumentError(ValueError):
    """A document cannot be made from what was asked: the message says why."""


class TemplateFailure(DocumentError):
    """A template is broken (bad syntax, an unsafe or undefined name); names file and line."""


class TemplateRefusal(DocumentError):
    """A template declined what it was given (its own ``refuse("…")``)."""


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    name: str
    title: str
    takes: Takes
    kind: Kind
    description: str
    path: Path
    origin: Literal["shipped", "workspace"]
    overrides: bool = False  # a workspace template that replaces a shipped one

    @property
    def takes_words(self) -> str:
        return _TAKES_WORDS[self.takes]

    @property
    def kind_words(self) -> str:
        return _KIND_WORDS[self.kind]

    @property
    def where(self) -> str:
        if self.origin == "shipped":
            return "shipped"
        return f"workspace{' (replaces shipped)' if self.overrides else ''}: {self.path}"


def _front_matter(path: Path, text: str) -> dict[str, str]:
    match = _FRONT.match(text)
    if match is None:
        raise TemplateFailure(
            f"{path}:1: a template starts with a {{# … #}} comment giving its title, takes "
            "and kind (see contract_templates/README.md)"
        )
    fields: dict[str, str] = {}
    first_line = text[: match.start(1)].count("\n") + 1
    for offset, line in enumerate(match.group(1).splitlines()):
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon or key not in ("title", "takes", "kind", "description"):
            raise TemplateFailure(
                f"{path}:{first_line + offset}: expected 'title:', 'takes:', 'kind:' or "
                f"'description:', found {line.strip()!r}"
            )
        fields[key] = value.strip()
    return fields


def read_info(path: Path, origin: Literal["shipped", "workspace"]) -> TemplateInfo:
    """What a template file says it is.

    Raises:
        TemplateFailure: the file is unreadable or its opening comment is wrong.
    """
    name = path.name.removesuffix(SUFFIX)
    why = outside(path, path.parent)
    if why:
        raise TemplateFailure(why)
    if not _NAME.match(name):
        raise TemplateFailure(
            f"{path}: a template's name is lower-case letters, digits and '-', as "
            "producer-agreement.md.j2"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateFailure(f"{path}: cannot read: {error}") from None
    fields = _front_matter(path, text)
    takes, kind = fields.get("takes", "contract"), fields.get("kind", "draft")
    if takes not in _TAKES:
        raise TemplateFailure(f"{path}: takes: {takes!r} is not one of {', '.join(_TAKES)}")
    if kind not in _KINDS:
        raise TemplateFailure(f"{path}: kind: {kind!r} is not one of {', '.join(_KINDS)}")
    return TemplateInfo(
        name=name,
        title=fields.get("title") or name.replace("-", " ").capitalize(),
        takes=takes,
        kind=kind,
        description=fields.get("description", ""),
        path=path,
        origin=origin,
    )


def _refuse(message: str) -> NoReturn:
    raise TemplateRefusal(str(message))


def _template_line(traceback: TracebackType | None, path: Path) -> int | None:
    """The template line an error was raised at: jinja2 rewrites tracebacks so that template
    code appears as frames of the template file."""
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == str(path):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


class TemplateSet:
    """The templates one workspace can use: shipped ones, then its own over them."""

    def __init__(self, shipped: Path, workspace: Path | None = None) -> None:
        self.folders = [f for f in (workspace, shipped) if f is not None and f.is_dir()]
        self.shipped, self.workspace = shipped, workspace
        self.environment = LimitedSandbox(
            loader=ConfinedLoader(self.folders),
            undefined=StrictUndefined,
            autoescape=False,  # the dialect has its own escaping, applied by finalize
            finalize=escape_source,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.environment.globals["refuse"] = _refuse

    def _files(self, folder: Path | None) -> list[Path]:
        if folder is None or not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX) and p.is_file())

    def all(self) -> tuple[list[TemplateInfo], list[str]]:
        """Every usable template by name, and what is wrong with any that are not."""
        found: dict[str, TemplateInfo] = {}
        broken: list[str] = []
        for origin, folder in (("shipped", self.shipped), ("workspace", self.workspace)):
            for path in self._files(folder):
                try:
                    info = read_info(path, cast(Literal["shipped", "workspace"], origin))
                except TemplateFailure as error:
                    broken.append(str(error))
                    continue
                if info.name in found:
                    info = replace(info, overrides=True)
                found[info.name] = info
        return sorted(found.values(), key=lambda t: t.name), broken

    def get(self, name: str) -> TemplateInfo:
        """The template called ``name`` (a workspace's own first).

        Raises:
            DocumentError: no such template, or it is broken.
        """
        name = name.removesuffix(SUFFIX)
        for origin, folder in (("workspace", self.workspace), ("shipped", self.shipped)):
            path = folder / f"{name}{SUFFIX}" if folder is not None else None
            if path is not None and path.is_file():
                info = read_info(path, cast(Literal["shipped", "workspace"], origin))
                shipped = (self.shipped / path.name).is_file()
                return replace(info, overrides=origin == "workspace" and shipped)
        known, _ = self.all()
        names = ", ".join(t.name for t in known) or "none"
        raise DocumentError(f"no template {name!r}; the templates are: {names}")

    def render(self, info: TemplateInfo, context: Mapping[str, object]) -> str:
        """Run a template on ``context``; the result is text in the Markdown dialect.

        Raises:
            TemplateFailure: the template is broken; the message names its file and line.
            TemplateRefusal: the template refused what it was given.
        """
        self.environment.budget()
        try:
            template = self.environment.get_template(info.path.name)
            return _streamed(template.generate(context))
        except TemplateRefusal as refusal:
            raise TemplateRefusal(f"{info.name}: {refusal}") from None
        except TemplateSyntaxError as error:
            where = f"{error.filename or info.path}:{error.lineno}"
            raise TemplateFailure(f"{where}: template syntax error: {error.message}") from None
        except SecurityError as error:
            line = _template_line(error.__traceback__, info.path)
            where = f"{info.path}:{line}" if line else str(info.path)
            raise TemplateFailure(f"{where}: not allowed in a template: {error}") from None
        except RecursionError:  # a macro that calls itself, or a recursive loop, too deep
            raise TemplateFailure(
                f"{info.path}: the template recursed too deeply (a macro or a recursive loop "
                "that calls itself without end?)"
            ) from None
        except MemoryError:
            raise TemplateFailure(f"{info.path}: the template ran out of memory") from None
        except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as error:
            line = _template_line(error.__traceback__, info.path)
            where = f"{info.path}:{line}" if line else str(info.path)
            raise TemplateFailure(f"{where}: {type(error).__name__}: {error}") from None
        finally:
            self.environment.end_budget()


def _streamed(pieces: Iterator[str]) -> str:
    """A template's output, read piece by piece and refused as soon as it passes
    ``MAX_OUTPUT_CHARS``, so an endless or enormous document is never held whole."""
    kept: list[str] = []
    size = 0
    for piece in pieces:
        size += len(piece)
        if size > MAX_OUTPUT_CHARS:
            raise TemplateLimitError(
                f"the template wrote more than {MAX_OUTPUT_CHARS:,} characters (the limit)"
            )
        kept.append(piece)
    return "".join(kept)
