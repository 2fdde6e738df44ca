"""A small workspace for split sheet and agreement tests, with hostile names on request."""

from textwrap import dedent

SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"

PARTIES = dedent("""
    parties:
      - id: ava
        legal_name: Ava Marie Stone
        professional_name: Ava Stone
        roles: [artist, writer]
        pro: ASCAP
        ipi: "00523417988"
        email: ava@example.com
        address: 14 Harbor Row, Portland, ME 04101
        country: US
      - id: kai
        legal_name: Kai Loa
        roles: [producer, writer]
        pro: BMI
        ipi: "00412345678"
        country: US
      - id: north
        legal_name: North Shore Music Publishing LLC
        professional_name: North Shore Music
        roles: [publisher]
      - id: label
        legal_name: Redline Records LLC
        professional_name: Redline Records
        roles: [label]
        address: 1200 Cedar Ave, Nashville, TN 37203
    """).lstrip()

CATALOG = dedent("""
    recordings:
      - {isrc: QZ-RLR-26-00011, title: Tidewater, artist: Ava Stone, work: tidewater}
    releases:
      - upc: "198724001509"
        title: Tidewater
        artist: Ava Stone
        release_date: 2026-05-01
        label: label
        tracks: [QZ-RLR-26-00011]
    works:
      - id: tidewater
        title: Tidewater
        writers:
          - {party: ava, share: 60}
          - {party: kai, share: 40}
    """).lstrip()

PRODUCER = dedent("""
    id: kai-producer
    title: Producer agreement — Kai Loa (Tidewater)
    date: 2026-01-10
    payer: ava
    payee: kai
    recordings: [QZ-RLR-26-00011]
    accounting: {currency: USD, period: quarterly, minimum_payment: 25, statement_due_days: 60}
    fees:
      - {amount: 1500, due: delivery, description: production fee}
    advances:
      - {amount: 3000, due: signing}
    royalties:
      - {channels: [stream, download], points: 4}
    payees:
      - {party: kai, percent: 50}
      - {party: north, percent: 50}
    letter_of_direction: {artist: ava, paid_by: label, date: 2026-01-12}
    """).lstrip()

WORK_FOR_HIRE = dedent("""
    id: kai-mix
    title: Mix engineering — Kai Loa (Tidewater)
    payer: label
    payee: kai
    role: mixer
    recordings: [QZ-RLR-26-00011]
    accounting: {currency: USD, period: quarterly}
    fees:
      - {amount: 800.50, due: delivery, description: stereo mix and stems}
    """).lstrip()

SPLIT = dedent("""
    id: tidewater
    title: Tidewater
    date: 2026-01-09
    work: tidewater
    recording: QZ-RLR-26-00011
    convention: writer_and_publisher
    contributors:
      - party: ava
        roles: [lyrics, melody]
        composition_share: 60
        publisher: north
        publisher_share: 60
        master_share: 80
        signed: 2026-01-09
      - party: kai
        roles: [music, production]
        composition_share: 40
        publisher_share: 40
        master_share: 20
    notes: Written at Tall Pines, January 2026.
    """).lstrip()


def paper_files(hostile: bool = False) -> dict[str, str]:
    """The workspace's files; ``hostile`` gives Kai's legal name a spreadsheet formula and the
    song's title a script tag."""
    files = {
        "points.yaml": "locale: en_US\n",
        "parties.yaml": PARTIES,
        "catalog.yaml": CATALOG,
        "contracts/kai-producer.yaml": PRODUCER,
        "contracts/kai-mix.yaml": WORK_FOR_HIRE,
        "splits/tidewater.yaml": SPLIT,
    }
    if hostile:
        files["parties.yaml"] = PARTIES.replace("legal_name: Kai Loa", f'legal_name: "{FORMULA}"')
        files["splits/tidewater.yaml"] = SPLIT.replace("title: Tidewater", f'title: "{SCRIPT}"')
        files["contracts/kai-producer.yaml"] = PRODUCER.replace(
            "title: Producer agreement — Kai Loa (Tidewater)", f'title: "{SCRIPT}"'
        )
    return files
