"""Bad input is a report, never a crash: random lines under a real header are each accepted,
skipped or rejected, and the account always adds up to the lines in the file."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from points.ingest.read import read_statement

HEADER = (
    "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage\t"
    "Song/Album\tCountry of Sale\tSongwriter Royalties Withheld\tEarnings (USD)"
)
GOOD = "2026-03-05\t2026-01\tSpotify\tAva\tT\tQZRLR2600001\t198724001509\t3\t100\tSong\tUS\t0\t0.01"

cells = st.one_of(
    st.sampled_from(
        [
            "",
            "n/a",
            "0",
            "-1",
            "(7.60)",
            "1,200",
            "1e400",
            "NaN",
            "Total",
            "US",
            "QZRLR2600001",
            "2026-13-01",
            '"',
            "é",
            "\x00",
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_characters="\t\r\n", blacklist_categories=["Cs"]),
        max_size=12,
    ),
)
lines = st.one_of(
    st.just(GOOD),
    st.lists(cells, min_size=0, max_size=16).map("\t".join),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines, max_size=25))
@example(['"', GOOD])  # a stray quote swallowed the next line into one rejected record
@example(['Total\t"', GOOD])  # ... and into a "totals row" that was skipped whole
def test_random_lines_are_accounted_for(body: list[str]) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.tsv"
        path.write_text("\n".join([HEADER, *body]) + "\n", encoding="utf-8")
        result = read_statement(path)
    counts = result.counts
    assert counts.read == len(body)
    assert counts.read == counts.accepted + counts.skipped + counts.rejected
    assert len(result.rejected) == counts.rejected
    assert sum(a.lines for a in result.sums.values()) == counts.accepted
    assert counts.accepted >= body.count(GOOD)
