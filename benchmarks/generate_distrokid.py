"""Generate a large, realistic DistroKid "Excruciating Detail" statement for benchmarks.

The layout is the 13-column TSV export (../shared/STATEMENT_FORMATS.md, section 1): tab-separated,
CRLF line ends, earnings with 8 decimals (single streams pay fractions of a cent), album lines
with a blank ISRC, country ``OU`` for Instagram/Facebook, a few negative adjustments and
zero-quantity lines. Deterministic for a given seed, so two runs write the same bytes.

    python benchmarks/generate_distrokid.py 10000000 /tmp/dk10m.tsv   # about 1.1 GB
"""

from __future__ import annotations

import argparse
import random
from decimal import Decimal
from pathlib import Path

from points.model.common import gtin_check_digit

HEADER = (
    "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage\t"
    "Song/Album\tCountry of Sale\tSongwriter Royalties Withheld\tEarnings (USD)"
)
# (store, share of lines, per-unit rate range in millionths of a dollar)
STORES = (
    ("Spotify", 40, (2500, 4500)),
    ("Apple Music", 15, (6000, 9000)),
    ("YouTube (Ads)", 12, (300, 1200)),
    ("YouTube (Red)", 4, (5000, 9000)),
    ("Amazon Unlimited", 6, (3500, 5500)),
    ("Deezer", 5, (3000, 5000)),
    ("Tidal", 3, (9000, 13000)),
    ("Instagram/Facebook", 8, (50, 400)),
    ("iTunes", 4, (690000, 700000)),
    ("Napster", 3, (8000, 12000)),
)
COUNTRIES = ("US", "US", "US", "GB", "DE", "FR", "BR", "MX", "JP", "CA", "AU", "NO", "SE", "NL")
ARTISTS = ("Ava Stone", "MKO", "Lena Park", "Nightjar", "Café Tacvba Tribute")


def _catalog(rng: random.Random, releases: int) -> list[tuple[str, str, str, str]]:
    """(artist, title, isrc, upc) for every track of ``releases`` albums."""
    tracks = []
    for album in range(releases):
        upc = f"1987240{album:05d}"
        upc += str(gtin_check_digit(upc))
        artist = rng.choice(ARTISTS)
        for track in range(rng.randint(1, 12)):
            isrc = f"QZRLR{26 - album % 5:02d}{album * 12 + track:05d}"
            tracks.append((artist, f"Track {album}-{track + 1}", isrc, upc))
    return tracks


def generate(lines: int, path: Path, seed: int = 2026, releases: int = 400) -> None:
    rng = random.Random(seed)
    catalog = _catalog(rng, releases)
    stores = [store for store, weight, _ in STORES for _ in range(weight)]
    rates = {store: rate for store, _, rate in STORES}
    months = [f"2026-{m:02d}" for m in range(1, 7)]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        for _ in range(lines):
            artist, title, isrc, upc = rng.choice(catalog)
            store = rng.choice(stores)
            sale_month = rng.choice(months)
            reporting = f"2026-{int(sale_month[5:]) + 2:02d}-05"  # paid two months later
            country = "OU" if store == "Instagram/Facebook" else rng.choice(COUNTRIES)
            album = store == "iTunes" and rng.random() < 0.2
            quantity = rng.choice((0, 1, 1, 2, 3, 5, 12, 40, 150, 900))
            if rng.random() < 0.001:
                quantity = -rng.randint(1, 3)  # returns and adjustments
            low, high = rates[store]
            earnings = Decimal(quantity * rng.randint(low, high)).scaleb(-6)
            out.write(
                f"{reporting}\t{sale_month}\t{store}\t{artist}\t{title}\t"
                f"{'' if album else isrc}\t{upc}\t{quantity}\t100\t{'Album' if album else 'Song'}\t"
                f"{country}\t0\t{earnings:.8f}\r\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lines", type=int, help="data lines to write (10000000 ≈ 1.1 GB)")
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    generate(args.lines, args.path, args.seed)


if __name__ == "__main__":
    main()
