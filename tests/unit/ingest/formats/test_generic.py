"""User mappings: a new source described in YAML, with mistakes reported by file and line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from textwrap import dedent

from points.ingest.formats import TextFormat
from points.ingest.formats.generic import load_mapping
from points.ingest.read import read_statement
from points.model.contracts import Channel
from points.model.periods import Month

FIXTURES = Path(__file__).parents[3] / "fixtures" / "statements"

MAPPING = """
    name: northern-label
    title: Northern Label quarterly statement
    delimiter: ";"
    encoding: cp1252
    header_line: 3
    decimal_separator: ","
    date_formats: ["%d/%m/%Y"]
    currency: EUR
    columns:
      reporting_date: Statement Date
      isrc: ISRC
      title: Titre
      territory: [Territoire, Pays]
      units: Qté
      net: Royalties €
      sales_type: Type
    channel:
      column: sales_type
      values: {Streaming: stream, CD: physical}
      default: other
    not_income:
      sales_type: [Avance]
    """


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(dedent(text).lstrip("\n").encode(encoding))
    return path


def _mapping(tmp_path: Path, name: str, text: str) -> TextFormat:
    fmt, problems = load_mapping(_write(tmp_path, name, text))
    assert problems == []
    assert fmt is not None
    return fmt


def test_a_mapped_source_with_a_title_block_decimal_commas_and_cp1252(tmp_path: Path) -> None:
    fmt = _mapping(tmp_path, "northern.yaml", MAPPING)
    statement = _write(
        tmp_path,
        "q1.csv",
        """
        Northern Label — relevé de redevances
        Période: T1 2026
        Statement Date;ISRC;Titre;Pays;Type;Qté;Royalties €
        31/03/2026;QZRLR2600002;Glass Harbor;France;Streaming;1 500;4,05
        31/03/2026;QZRLR2600001;Night Transit;BE;CD;-2;(3,20)
        31/03/2026;;Avance sur redevances;FR;Avance;;-500,00
        """,
        encoding="cp1252",
    )
    result = read_statement(statement, fmt.name, (fmt,))
    assert result.reason.startswith("Northern Label quarterly statement: forced")
    counts = result.counts
    assert (counts.read, counts.accepted, counts.skipped, counts.rejected) == (3, 2, 1, 0)
    stream, cd = result.lines
    assert (stream.units, stream.net, stream.currency) == (Decimal(1500), Decimal("4.05"), "EUR")
    assert (stream.channel, stream.territory, stream.reporting_period) == (
        Channel.STREAM, "FR", Month(2026, 3),
    )  # fmt: skip
    assert (cd.channel, cd.units, cd.net) == (Channel.PHYSICAL, Decimal(-2), Decimal("-3.20"))
    assert str(cd.source).endswith("q1.csv:5")


def test_mapping_mistakes_are_reported_with_their_lines(tmp_path: Path) -> None:
    typo = MAPPING.replace("decimal_separator", "decimal_seperator")
    fmt, problems = load_mapping(_write(tmp_path, "typo.yaml", typo))
    assert fmt is None
    [(line, code, hint)] = [(p.source.line, p.code, p.hint) for p in problems]
    assert (line, code) == (6, "unknown-key")
    assert hint is not None
    assert hint.startswith("did you mean 'decimal_separator'?")
    no_net = MAPPING.replace("      net: Royalties €\n", "")
    fmt, problems = load_mapping(_write(tmp_path, "no-net.yaml", no_net))
    assert [(p.code, p.message) for p in problems] == [
        ("mapping-incomplete", "the mapping has no column for net")
    ]


def test_the_shipped_believe_mapping() -> None:
    result = read_statement(FIXTURES / "believe.csv")
    assert result.format.name == "believe"
    streamed, _, download = result.lines
    assert (streamed.units, streamed.net, streamed.territory) == (
        Decimal(1204), Decimal("3.0702"), "DE",
    )  # fmt: skip
    assert (download.channel, download.territory, download.upc) == (
        Channel.DOWNLOAD, "GB", "198724001509",
    )  # fmt: skip
    assert sum(line.net for line in result.lines) == Decimal("9.73505")


def test_a_mapped_second_currency(tmp_path: Path) -> None:
    """A label's CSV that states each line in EUR and, before conversion, in SEK:
    12.00 SEK → 1.05 EUR and 4.00 SEK → 0.35 EUR; a line already in EUR has no second net."""
    mapping = """
        name: nordic
        currency: EUR
        columns: {reporting_date: Month, isrc: ISRC, net: EUR, other_net: Local,
                  other_currency: Local Currency}
        """
    fmt = _mapping(tmp_path, "nordic.yaml", mapping)
    statement = _write(
        tmp_path,
        "nordic.csv",
        """
        Month,ISRC,Local,Local Currency,EUR
        2026-04-01,QZRLR2600001,12.00,SEK,1.05
        2026-04-01,QZRLR2600002,4.00,SEK,0.35
        2026-04-01,QZRLR2600003,2.00,EUR,2.00
        """,
    )
    lines = read_statement(statement, fmt.name, (fmt,)).lines
    assert [(line.other_currency, line.other_net) for line in lines] == [
        ("SEK", Decimal("12.00")), ("SEK", Decimal("4.00")), (None, None),
    ]  # fmt: skip
    half = mapping.replace(" other_currency: Local Currency", "")
    fmt, problems = load_mapping(_write(tmp_path, "half.yaml", half))
    assert [(p.code, p.message) for p in problems] == [
        ("mapping-incomplete", "a second currency needs both other_net and other_currency")
    ]
