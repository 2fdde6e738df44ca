"""A statement format described by the user in a small YAML mapping, so a new source needs no
code (../shared/STATEMENT_FORMATS.md, "Generic mapping").

    name: my-label
    title: My Label royalty statement
    delimiter: ";"              # optional: sniffed otherwise
    encoding: cp1252            # optional: sniffed otherwise
    header_line: 4              # optional: the header's line number, below a title block
    decimal_separator: ","      # "." by default
    date_formats: ["%d/%m/%Y"]  # strptime notations, tried in order
    currency: EUR               # when the file has no currency column
    columns:                    # canonical field: column name, or a list tried in order
      reporting_date: Period
      isrc: ISRC
      territory: [Territory, Country]
      units: Qty
      net: Royalty
      other_net: Net Sales      # optional: the net in a second currency, as the file states it
      other_currency: Sale Currency
    channel:                    # how a line's channel is told
      column: sales_type        # a canonical field mapped above
      values: {Streaming: stream, Download: download, CD: physical}
      default: other
    not_income:                 # lines to skip, as not income: a field's values, or
      product_kind: [payout]    # (skipped as "payout, not income") each with its reason
      store: {Balance Forwarded: "balance brought forward, not income"}

Problems in the mapping file are reported like any workspace file: file, line, column, hint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field as PydanticField
from pydantic import field_validator, model_validator

from points.errors import Problem, Source
from points.ingest.formats.base import ChannelRule, Field, TextFormat
from points.model.common import CurrencyCode, Frozen, Identifier, invalid
from points.model.contracts import Channel
from points.model.loader import validate_document
from points.model.yaml_document import parse_yaml

__all__ = ["MappingSpec", "load_mapping"]


def _names(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class ChannelSpec(Frozen):
    column: Field
    values: dict[str, Channel] = PydanticField(default_factory=dict)
    default: Channel = Channel.OTHER


class MappingSpec(Frozen):
    """The contents of a mapping file."""

    name: Identifier
    title: str | None = None
    delimiter: Literal[",", ";", "\t", "|"] | None = None
    encoding: str | None = None
    header_line: int | None = PydanticField(default=None, ge=1)
    decimal_separator: Literal[".", ","] = "."
    date_formats: tuple[str, ...] = PydanticField(default=("%Y-%m-%d",), min_length=1)
    currency: CurrencyCode | None = None
    columns: dict[Field, tuple[str, ...]]
    channel: ChannelSpec | None = None
    not_income: dict[Field, dict[str, str]] = PydanticField(default_factory=dict)

    @field_validator("columns", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {key: _names(names) for key, names in value.items()}
        return value

    @field_validator("not_income", mode="before")
    @classmethod
    def _with_reasons(cls, value: Any) -> Any:
        """A value, or a list of them, is skipped as '<value>, not income'."""
        if not isinstance(value, dict):
            return value
        return {
            key: {v: f"{v}, not income" for v in _names(values)}
            if isinstance(values, str | list)
            else values
            for key, values in value.items()
        }

    @model_validator(mode="after")
    def _enough_to_read(self) -> MappingSpec:
        for needed in (Field.REPORTING_DATE, Field.NET):
            if needed not in self.columns:
                raise invalid(
                    "mapping-incomplete",
                    f"the mapping has no column for {needed}",
                    f"add '{needed}: <column name>' under columns",
                )
        if Field.CURRENCY not in self.columns and self.currency is None:
            raise invalid(
                "mapping-incomplete",
                "the mapping names no currency column and no fixed currency",
                "add 'currency: USD' (or the file's currency), or map a currency column",
            )
        if (Field.OTHER_NET in self.columns) != (Field.OTHER_CURRENCY in self.columns):
            raise invalid(
                "mapping-incomplete",
                "a second currency needs both other_net and other_currency",
                "map the column of the net in the second currency and the column naming it",
            )
        if self.channel is not None and self.channel.column not in self.columns:
            raise invalid(
                "mapping-incomplete",
                f"the channel is told by {self.channel.column}, which no column is mapped to",
                f"map {self.channel.column} under columns",
            )
        return self

    def to_format(self) -> TextFormat:
        channel = self.channel or ChannelSpec(column=Field.SALES_TYPE)
        return TextFormat(
            name=self.name,
            title=self.title or f"{self.name} (mapping)",
            columns=self.columns,
            required=tuple(f for f in (Field.REPORTING_DATE, Field.NET) if f in self.columns),
            date_formats=self.date_formats,
            channel=ChannelRule(
                channel.column,
                {value.casefold(): c for value, c in channel.values.items()},
                channel.default,
            ),
            currency=self.currency,
            decimal_comma=self.decimal_separator == ",",
            not_income={
                field: {value.casefold(): reason for value, reason in reasons.items()}
                for field, reasons in self.not_income.items()
            },
            delimiter=self.delimiter,
            encoding=self.encoding,
            header_line=self.header_line,
        )


def load_mapping(path: Path) -> tuple[TextFormat | None, list[Problem]]:
    """Read a mapping file into a format, or the problems that stop it, with their positions."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(Source(str(path)), "unreadable", f"cannot read the mapping: {error}")]
    document, problems = parse_yaml(text, str(path))
    if document is None:
        return None, problems
    spec, invalid_problems = validate_document(document, MappingSpec)
    problems += invalid_problems
    return (spec.to_format() if spec and not problems else None), problems
