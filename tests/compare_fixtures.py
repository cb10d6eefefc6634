"""Two accounts of one invented sequence of events, with what they were built to contain.

``small_pair()``: two short accounts of the (invented) Orla war with a known set of
agreements, one date written differently, one range against a month, places under other
names, an area match, lone events on both sides and two near misses (same place two weeks
apart; same day, other place). ``generated_pair(n, seed)``: a larger pair for the bench,
made from ``n`` invented events: each account drops some, the second dates some within the
tolerance of their precision and names some places by their other names; both get events
of their own, some of them at a matched event's place but outside its tolerance.

Both go through the story files and the loader (``load_story_files``), as a saved story
would: ``Pair.files`` are what the store and the e2e tests save.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field

from articlemap import export
from articlemap.compare import TOLERANCE_DAYS, Account
from articlemap.dataset import Dataset, load_story_files
from articlemap.schema import Event, Place
from articlemap.story import StoryMeta, story_toml
from articlemap.story_files import assemble


@dataclass
class Truth:
    """What a pair of accounts was built to contain (event ids of each account)."""

    matches: set[tuple[str, str]] = field(default_factory=set)
    lone_first: set[str] = field(default_factory=set)
    lone_second: set[str] = field(default_factory=set)
    dates_differ: set[tuple[str, str]] = field(default_factory=set)
    names_differ: dict[tuple[str, str], set[tuple[str, str]]] = field(default_factory=dict)


@dataclass
class AccountPair:
    first: Dataset
    second: Dataset
    files: tuple[dict[str, bytes], dict[str, bytes]]
    truth: Truth

    def accounts(self, keys: tuple[str, str] = ("first-story", "second-story")) -> list[Account]:
        return [
            Account(keys[0], self.first.meta.title, tuple(self.first.events)),
            Account(keys[1], self.second.meta.title, tuple(self.second.events)),
        ]


AREAS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"id": "orla-district", "name": "Orla district"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[19.9, 44.9], [20.6, 44.9], [20.6, 45.5], [19.9, 45.5], [19.9, 44.9]]
                ],
            },
        }
    ],
}


def place(
    pid: str,
    name: str,
    lat: float,
    lon: float,
    kind: str = "town",
    other: tuple[str, ...] = (),
    area: str = "",
) -> Place:
    return Place(pid, name, kind, lat, lon, "article", other_names=other, area_id=area)


def day_event(
    eid: str,
    title: str,
    day: dt.date,
    quote_text: str,
    places: tuple[str, ...],
    *,
    precision: str = "day",
    end: dt.date | None = None,
    category: str = "conflict",
) -> Event:
    """An event whose quote writes its date as ``{date}`` in ``quote_text``."""
    if precision == "undated":
        return Event(
            eid, title, None, None, "undated", "", category, places, quote_text, date_source=""
        )
    written = {
        "day": f"{day.day} {day:%B %Y}",
        "month": f"{day:%B %Y}",
        "range": f"{day.day}–{(end or day).day} {day:%B %Y}",
    }[precision]
    start, stop = day, end or day
    if precision == "month":
        start = day.replace(day=1)
        stop = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    quote = quote_text.format(date=written)
    return Event(eid, title, start, stop, precision, written, category, places, quote)


def build(
    title: str, perspective: str, places: list[Place], events: list[Event], story_id: str
) -> tuple[Dataset, dict[str, bytes]]:
    """The story's files (article = its quotes as paragraphs) and the loaded story."""
    meta = StoryMeta(id=story_id, title=title, perspective=perspective, link_categories=())
    raw = Dataset(places=places, events=events, meta=meta)
    article = f"# {title}\n\n" + "\n\n".join(e.quote for e in events) + "\n"
    files = assemble(
        story_toml(meta),
        article,
        export.places_csv(raw),
        export.events_csv(raw),
        json.dumps(AREAS).encode("utf-8"),
    )
    return load_story_files(files, name=story_id, origin=f"fixture:{story_id}"), files


D = dt.date


def small_pair() -> AccountPair:
    first_places = [
        place("mirev", "Mirev", 45.100, 20.100, "city", ("Mirevo",), "orla-district"),
        place("tasko", "Tasko", 45.300, 20.400, area="orla-district"),
        place("dunel", "Dunel", 45.800, 21.000, "city", ("Varnsk",)),
        place("orla", "Orla district", 45.200, 20.250, "district", area="orla-district"),
        place("pelin", "Pelin", 45.600, 20.700, other=("Pelino (old)",)),
    ]
    second_places = [
        place("mirevo", "Mirevo", 45.101, 20.103, "city", area="orla-district"),
        place("tasko", "Tasko", 45.302, 20.401, area="orla-district"),
        place("varnsk", "Varnsk", 45.805, 21.010, "city"),
        place("pelino", "Pelino", 45.6004, 20.7003),
        place("halden", "Halden", 46.500, 22.000),
    ]
    first_events = [
        day_event(
            "a-talks",
            "Talks open",
            D(2031, 3, 3),
            "On {date} the delegations opened talks in Dunel.",
            ("dunel",),
            category="diplomacy",
        ),
        day_event(
            "a-siege",
            "Siege of Tasko",
            D(2031, 5, 12),
            "From {date} our forces held Tasko against the siege.",
            ("tasko",),
            precision="range",
            end=D(2031, 5, 20),
        ),
        day_event(
            "a-parade",
            "Victory parade",
            D(2031, 6, 15),
            "A parade marched through Mirev on {date}.",
            ("mirev",),
            category="society",
        ),
        day_event(
            "a-district",
            "Fighting in the Orla district",
            D(2031, 8, 5),
            "Heavy fighting spread across the Orla district on {date}.",
            ("orla",),
        ),
        day_event(
            "a-visit",
            "Minister visits Dunel",
            D(2031, 9, 15),
            "The minister visited Dunel on {date}.",
            ("dunel",),
            category="politics",
        ),
        day_event(
            "a-meeting",
            "Meeting in Tasko",
            D(2031, 10, 2),
            "Elders met in Tasko on {date}.",
            ("tasko",),
            category="politics",
        ),
        day_event(
            "a-shelling",
            "Mirev shelled",
            D(2031, 11, 9),
            "On {date} the enemy shelled Mirev without warning.",
            ("mirev",),
        ),
        day_event(
            "a-ceasefire",
            "Ceasefire signed",
            D(2031, 12, 1),
            "The ceasefire was signed at Pelin on {date}.",
            ("pelin",),
            category="agreement",
        ),
        day_event(
            "a-origins",
            "Old grievances",
            D(2031, 1, 1),
            "The quarrel over the valley is older than anyone remembers.",
            ("mirev",),
            precision="undated",
            category="politics",
        ),
    ]
    second_events = [
        day_event(
            "b-talks",
            "Negotiations begin",
            D(2031, 3, 3),
            "Negotiators met in Varnsk on {date} to open talks.",
            ("varnsk",),
            category="diplomacy",
        ),
        day_event(
            "b-siege",
            "Tasko besieged",
            D(2031, 5, 1),
            "Tasko was besieged for much of {date}.",
            ("tasko",),
            precision="month",
        ),
        day_event(
            "b-refugees",
            "Refugees reach Halden",
            D(2031, 7, 20),
            "Refugees crowded into Halden on {date}.",
            ("halden",),
            category="society",
        ),
        day_event(
            "b-village",
            "Villages near Tasko shelled",
            D(2031, 8, 6),
            "Villages around Tasko came under fire on {date}.",
            ("tasko",),
        ),
        day_event(
            "b-visit",
            "Visit to Varnsk",
            D(2031, 9, 30),
            "A delegation toured Varnsk on {date}.",
            ("varnsk",),
            category="politics",
        ),
        day_event(
            "b-summit",
            "Summit in Halden",
            D(2031, 10, 2),
            "A summit convened in Halden on {date}.",
            ("halden",),
            category="diplomacy",
        ),
        day_event(
            "b-shelling",
            "Shelling of Mirevo",
            D(2031, 11, 10),
            "Artillery shelled Mirevo on {date}, observers reported.",
            ("mirevo",),
        ),
        day_event(
            "b-ceasefire",
            "Ceasefire",
            D(2031, 12, 1),
            "Both sides signed the ceasefire in Pelino on {date}.",
            ("pelino",),
            category="agreement",
        ),
    ]
    first, first_files = build(
        "The Orla war: the ministry's account",
        "The northern ministry's account of the Orla war (invented for the tests).",
        first_places,
        first_events,
        "orla-ministry",
    )
    second, second_files = build(
        "The Orla war: an observers' report",
        "A report by outside observers of the Orla war (invented for the tests).",
        second_places,
        second_events,
        "orla-observers",
    )
    truth = Truth(
        matches={
            ("a-talks", "b-talks"),
            ("a-siege", "b-siege"),
            ("a-district", "b-village"),
            ("a-shelling", "b-shelling"),
            ("a-ceasefire", "b-ceasefire"),
        },
        lone_first={"a-parade", "a-visit", "a-meeting", "a-origins"},
        lone_second={"b-refugees", "b-visit", "b-summit"},
        dates_differ={
            ("a-siege", "b-siege"),
            ("a-district", "b-village"),
            ("a-shelling", "b-shelling"),
        },
        names_differ={
            ("a-talks", "b-talks"): {("Dunel", "Varnsk")},
            ("a-shelling", "b-shelling"): {("Mirev", "Mirevo")},
            ("a-ceasefire", "b-ceasefire"): {("Pelin", "Pelino")},
        },
    )
    return AccountPair(first, second, (first_files, second_files), truth)


# --- the larger generated pair ------------------------------------------------------------------

SYLLABLES = (
    "ka",
    "ro",
    "mi",
    "sel",
    "tan",
    "vor",
    "li",
    "du",
    "nes",
    "pa",
    "gor",
    "ev",
    "um",
    "zi",
)
ACTIONS = (
    ("shelled", "shelling"),
    ("besieged", "siege"),
    ("evacuated", "evacuation"),
    ("blockaded", "blockade"),
    ("liberated", "liberation"),
    ("bombed", "bombing"),
    ("negotiated", "negotiations"),
    ("occupied", "occupation"),
    ("raided", "raid"),
    ("captured", "capture"),
    ("rebuilt", "reconstruction"),
    ("flooded", "flood"),
)
FIRST_PHRASES = ("our forces reported that", "the ministry stated that", "it is recorded that")
SECOND_PHRASES = ("observers noted that", "witnesses said that", "the report finds that")
PRECISIONS = ("day", "day", "day", "day", "range", "month")


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _written(start: dt.date, end: dt.date, precision: str) -> str:
    if precision == "day":
        return f"{start.day} {start:%B %Y}"
    if precision == "month":
        return f"{start:%B %Y}"
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def _span(day: dt.date, precision: str, rng: random.Random) -> tuple[dt.date, dt.date]:
    if precision == "day":
        return day, day
    if precision == "month":
        start = day.replace(day=1)
        return start, (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return day, day + dt.timedelta(days=rng.randint(2, 9))


def _event(
    eid: str,
    title: str,
    start: dt.date,
    end: dt.date,
    precision: str,
    places: tuple[Place, ...],
    quote: str,
) -> Event:
    written = _written(start, end, precision)
    return Event(
        eid,
        title,
        start,
        end,
        precision,
        written,
        "conflict",
        tuple(p.id for p in places),
        quote.format(date=written),
    )


def generated_pair(n: int = 400, seed: int = 1, n_places: int | None = None) -> AccountPair:
    """``n`` invented events over ``n_places`` places and three years (see the module's
    docstring); deterministic for a given (n, seed)."""
    rng = random.Random(seed)
    n_places = n_places or max(20, n // 4)
    truth = Truth()
    first_places: dict[str, Place] = {}
    second_places: dict[str, Place] = {}
    pool = []
    used_names: set[str] = set()
    for i in range(n_places):
        name = _name(rng)
        while name in used_names:
            name = _name(rng) + _name(rng).lower()
        used_names.add(name)
        other = _name(rng) + "a"
        lat, lon = 44 + rng.random() * 4, 19 + rng.random() * 6
        pool.append((f"p{i}", name, other, lat, lon))
    first_events: list[Event] = []
    second_events: list[Event] = []

    def first_place(i: int) -> Place:
        pid, name, other, lat, lon = pool[i]
        return first_places.setdefault(pid, place(pid, name, lat, lon, other=(other,)))

    def second_place(i: int, renamed: bool) -> Place:
        _, name, other, lat, lon = pool[i]
        if renamed:  # the second account uses the other name; its own id and a few km off
            key = f"q{i}-r"
            return second_places.setdefault(
                key, place(key, other, lat + rng.uniform(-0.02, 0.02), lon + 0.01)
            )
        key = f"q{i}"
        return second_places.setdefault(key, place(key, name, lat, lon))

    origin = dt.date(2030, 1, 1)
    for i in range(n):
        day = origin + dt.timedelta(days=rng.randrange(3 * 365))
        precision = rng.choice(PRECISIONS)
        start, end = _span(day, precision, rng)
        where = rng.sample(range(n_places), rng.choice((1, 1, 2)))
        verb, noun = rng.choice(ACTIONS)
        in_first, in_second = rng.random() < 0.85, rng.random() < 0.85
        a_id, b_id = f"a{i}", f"b{i}"
        if in_first:
            places = tuple(first_place(j) for j in where)
            names = " and ".join(p.name for p in places)
            quote = f"On {{date}} {rng.choice(FIRST_PHRASES)} {names} was {verb}."
            first_events.append(
                _event(
                    a_id, f"{noun.capitalize()} of {names}", start, end, precision, places, quote
                )
            )
        if in_second:
            renamed = rng.random() < 0.3
            places = tuple(second_place(j, renamed) for j in where)
            b_start, b_end, b_precision = start, end, precision
            shift = rng.random()
            if shift < 0.25:  # the same event, dated differently within the tolerance
                delta = rng.randint(1, TOLERANCE_DAYS[precision])
                b_start = start + dt.timedelta(days=delta * rng.choice((-1, 1)))
                b_end = b_start + (end - start)
                if precision == "month":
                    b_precision, b_end = "range", b_start + dt.timedelta(days=20)
            elif shift < 0.35 and precision == "day":  # a coarser date: the month
                b_start, b_end = _span(start, "month", rng)
                b_precision = "month"
            names = " and ".join(p.name for p in places)
            quote = (
                f"{rng.choice(SECOND_PHRASES).capitalize()} the {noun} in {names} came on {{date}}."
            )
            second_events.append(
                _event(
                    b_id,
                    f"{noun.capitalize()} in {names}",
                    b_start,
                    b_end,
                    b_precision,
                    places,
                    quote,
                )
            )
            if in_first:
                truth.matches.add((a_id, b_id))
                if (b_start, b_end, b_precision) != (start, end, precision):
                    truth.dates_differ.add((a_id, b_id))
        if in_first and not in_second:
            truth.lone_first.add(a_id)
        if in_second and not in_first:
            truth.lone_second.add(b_id)
        # A decoy of the second account's own: another event at the same place, dated
        # well outside the tolerance (a different episode of the same war).
        if rng.random() < 0.2:
            c_id = f"c{i}"
            gap = TOLERANCE_DAYS["month"] + rng.randint(20, 120)
            c_start = end + dt.timedelta(days=gap)
            verb2, noun2 = rng.choice(ACTIONS)
            places = (second_place(where[0], False),)
            second_events.append(
                _event(
                    c_id,
                    f"{noun2.capitalize()} in {places[0].name}",
                    c_start,
                    c_start,
                    "day",
                    places,
                    f"{rng.choice(SECOND_PHRASES).capitalize()} {places[0].name} was {verb2} "
                    "on {date}.",
                )
            )
            truth.lone_second.add(c_id)
    first, first_files = build(
        "Generated first account",
        "Generated for the compare bench.",
        list(first_places.values()),
        first_events,
        "generated-first",
    )
    second, second_files = build(
        "Generated second account",
        "Generated for the compare bench.",
        list(second_places.values()),
        second_events,
        "generated-second",
    )
    return AccountPair(first, second, (first_files, second_files), truth)
