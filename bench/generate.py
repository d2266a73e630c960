"""Fill the benchmark's PostgreSQL database with a newsroom-sized dataset.

At --scale 1: 1,000,000 crossing figures, 200,000 claims, 20,000 sources, 5,000 actors (16 of
them countries with ISO codes), 50,000 meetings with participants, 2,000 funding requests with
their stage changes, 500 proposals and 10,000 stances, on top of the Latin Post article. Skewed
the way reporting is: Honduras, Guatemala and El Salvador hold most of the figures (Honduras about
a fifth), arrivals and daily averages most of the measures, a few speakers most of the quotes;
periods are daily, weekly or monthly over 2011–2024; about 3% of records are drafts or in review,
so visibility filters have rows to drop. Every figure is backed by a claim from its own source.

The same --seed and --scale give the same rows. A marker table records both, so a second run with
the same values only applies new migrations and re-runs ANALYZE. Filling starts by dropping the
database, so its name must start with crisis_bench.

Usage: .venv/bin/python bench/generate.py [--seed N] [--scale F] [--force]
       (database: BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/crisis_bench)
"""

import argparse
import bisect
import datetime
import os
import random
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import words  # noqa: E402
from bench.copyload import (  # noqa: E402
    NULL,
    Copier,
    check_bench_database,
    read_marker,
    recreate_database,
    write_marker,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/crisis_bench"
# Bump when the shape of the data changes, so an old dataset is not taken for a current one.
GENERATOR_VERSION = 1

EPOCH = datetime.date(2011, 1, 1)
LAST = datetime.date(2024, 12, 31)
SPAN = (LAST - EPOCH).days + 1
# Sources and as-of dates run past the last period; ISO strings are looked up, not formatted per row.
DAY = [(EPOCH + datetime.timedelta(days=d)).isoformat() for d in range(SPAN + 400)]
MONTHS = []
for _year in range(EPOCH.year, LAST.year + 1):
    for _month in range(1, 13):
        _start = datetime.date(_year, _month, 1)
        _next = datetime.date(_year + _month // 12, _month % 12 + 1, 1)
        MONTHS.append(((_start - EPOCH).days, (_next - EPOCH).days - 1))
# News follows the surges: 2014, 2019 and 2021–22.
YEAR_WEIGHTS = {2011: 0.5, 2012: 0.6, 2013: 0.8, 2014: 3.0, 2015: 1.2, 2016: 1.4, 2017: 0.9,
                2018: 1.3, 2019: 2.0, 2020: 0.8, 2021: 2.2, 2022: 1.8, 2023: 1.5, 2024: 1.2}


@dataclass
class Sizes:
    figures: int = 1_000_000
    claims: int = 200_000
    sources: int = 20_000
    actors: int = 5_000
    meetings: int = 50_000
    funding_requests: int = 2_000
    proposals: int = 500
    stances: int = 10_000

    def scaled(self, scale):
        return Sizes(**{k: max(20, round(v * scale)) for k, v in asdict(self).items()})


class Picker:
    """Weighted choice by bisecting cumulative weights: fast enough for a million draws."""

    def __init__(self, items, weights):
        self.items, self.cum, total = list(items), [], 0.0
        for weight in weights:
            total += weight
            self.cum.append(total)

    def one(self, rng):
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]

    def distinct(self, rng, count):
        picked = []
        for _ in range(count * 4):
            item = self.one(rng)
            if item not in picked:
                picked.append(item)
                if len(picked) == count:
                    break
        return picked


def zipf(items, exponent=1.1):
    return Picker(items, [1 / (rank + 1) ** exponent for rank in range(len(items))])


def stamp(day):
    return f"{DAY[day]} 12:00:00+00"


def text_or_null(value):
    return NULL if value is None else str(value)


def slug(text, number):
    from django.utils.text import slugify

    return f"{slugify(text)[:90]}-{number}"


@dataclass
class Block:
    """One statistics release: a single series (measure, place, step) over consecutive periods."""

    index: int
    source_id: int
    publisher: str
    metric: str
    unit: str
    geography: str
    area: str
    country_id: int | None
    country_name: str
    step: str
    start: int
    length: int
    lag: int
    first_figure: int = 0
    first_claim: int = 0

    def period(self, j):
        if self.step == "month":
            return MONTHS[self.start + j]
        if self.step == "week":
            first = self.start + 7 * j
            return first, first + 6
        return self.start + j, self.start + j

    @property
    def last_day(self):
        return self.period(self.length - 1)[1] + self.lag


class Generator:
    def __init__(self, connection, seed, sizes):
        self.connection, self.seed, self.sizes = connection, seed, sizes
        self.rng = random.Random(seed)
        self.copier = Copier(connection, datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
        self.run_length = max(1, round(sizes.figures / max(1, sizes.claims // 2)))
        self.day_picker = Picker(
            range(SPAN), [YEAR_WEIGHTS[(EPOCH + datetime.timedelta(d)).year] for d in range(SPAN)]
        )
        self.claims_actors, self.claims_meetings = [], []
        self.claims_funding, self.claims_proposals = [], []

    # ------------------------------------------------------------ helpers

    def next_id(self, model):
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
            return cursor.fetchone()[0] + 1

    def status(self, day):
        """status and published_at: 97% published, the rest drafts or in review."""
        draw = self.rng.random()
        if draw < 0.97:
            return f"published\t{stamp(min(day + 1, len(DAY) - 1))}"
        return f"{'draft' if draw < 0.985 else 'in_review'}\t{NULL}"

    def copy(self, model, fields, lines, total, label=None):
        return self.copier.copy(model, fields, lines, total, label)

    # ------------------------------------------------------------ actors

    def actors(self):
        from crisis.models import Actor

        existing = {a.country_code: a for a in Actor.objects.filter(kind="country")}
        others = list(Actor.objects.exclude(kind="country").order_by("pk").values_list("pk", "name", "kind"))
        next_id = self.next_id(Actor)
        self.country_ids, self.names, lines = {}, {}, []
        country_fields = ["id", "name", "slug", "kind", "country_code", "description", "status",
                          "published_at", "created_at", "updated_at"]
        for code, name, country_slug, _share in words.COUNTRIES:
            if code in existing:
                self.country_ids[code] = existing[code].pk
                self.names[existing[code].pk] = existing[code].name
                continue
            self.country_ids[code], self.names[next_id] = next_id, name
            description = "Country of origin of some of the children who reached the United States."
            lines.append(f"{next_id}\t{name}\t{country_slug}\tcountry\t{code}\t{description}\t"
                         f"published\t{stamp(0)}\t{stamp(0)}\t{stamp(0)}")
            next_id += 1
        self.copy(Actor, country_fields, lines, len(lines), "actors (countries)")
        self.country_names = {code: name for code, name, _s, _w in words.COUNTRIES}
        self.country_picker = Picker(
            [c[0] for c in words.COUNTRIES], [c[3] for c in words.COUNTRIES]
        )
        # People are often American officials; the figures are mostly about Central America.
        people_countries = Picker(
            [c[0] for c in words.COUNTRIES], [25 if c[0] == "US" else c[3] for c in words.COUNTRIES]
        )

        count = max(0, self.sizes.actors - len(others) - len(self.country_ids))
        kinds = Picker(["person", "organisation", "government_body", "legislature", "group"],
                       [72, 14, 10, 1, 3])
        fields = ["id", "name", "slug", "kind", "short_name", "description", "country_id", "status",
                  "published_at", "created_at", "updated_at"]
        self.speakers = [pk for pk, _name, _kind in others]
        self.names.update({pk: name for pk, name, _kind in others})
        self.gov_bodies = [pk for pk, _n, kind in others if kind == "government_body"]
        self.legislatures = [pk for pk, _n, kind in others if kind == "legislature"]
        rng, lines = self.rng, []
        for i in range(count):
            pk, kind = next_id + i, kinds.one(rng)
            code = people_countries.one(rng)
            country = self.country_names[code]
            if kind == "person":
                name = f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"
                description = f"{rng.choice(words.ROLES).capitalize()}, {country}."
            elif kind == "organisation":
                name = f"{rng.choice(words.ORG_WORDS[1])} {rng.choice(words.ORG_WORDS[0])} of {country}"
                description = f"Works on {rng.choice(words.TOPICS)}."
            elif kind == "government_body":
                name = f"{country} {rng.choice(words.GOV_BODIES)}"
                description = "A government office quoted on migration."
                self.gov_bodies.append(pk)
            elif kind == "legislature":
                name = f"{country} {rng.choice(words.LEGISLATURES)}"
                description = "A legislature asked to fund or change the response."
                self.legislatures.append(pk)
            else:
                name = f"Parents of children from {country}"
                description = "A group of people described together in the reporting."
            short = "".join(w[0] for w in name.split() if w[0].isupper())[:8] if kind != "person" else ""
            country_id = self.country_ids[code] if rng.random() < 0.85 else None
            self.names[pk] = name
            self.speakers.append(pk)
            day = self.day_picker.one(rng)
            lines.append(f"{pk}\t{name}\t{slug(name, pk)}\t{kind}\t{short}\t{description}\t"
                         f"{text_or_null(country_id)}\t{self.status(day)}\t{stamp(day)}\t{stamp(day)}")
        self.copy(Actor, fields, lines, count, "actors")
        self.speaker_picker = zipf(self.speakers)
        # Claims are about countries far more often than about any one person.
        about = list(self.country_ids.values()) + self.speakers
        self.about_picker = Picker(about, [20.0] * len(self.country_ids)
                                   + [1 / (r + 1) for r in range(len(self.speakers))])
        self.gov_picker = zipf(self.gov_bodies or self.speakers)
        self.legislature_picker = zipf(self.legislatures or self.speakers)

    # ------------------------------------------------------------ figures: the plan

    def plan_blocks(self, count):
        """Split the figures into `count` releases of skewed length, one per statistics source."""
        rng = self.rng
        weights = [min(rng.paretovariate(1.2), 200.0) for _ in range(count)]
        total, cap = sum(weights), SPAN
        lengths = [max(1, int(self.sizes.figures * w / total)) for w in weights]
        missing = self.sizes.figures - sum(lengths)
        for i in sorted(range(count), key=lambda i: -weights[i]):
            if missing <= 0:
                break
            add = min(cap - lengths[i], missing)
            lengths[i] += add
            missing -= add
        metrics = Picker(words.METRICS, [m[2] for m in words.METRICS])
        geographies = Picker([g[0] for g in words.GEOGRAPHIES], [g[1] for g in words.GEOGRAPHIES])
        sectors = Picker([s[0] for s in words.SECTORS], [s[1] for s in words.SECTORS])
        agencies = Picker(words.AGENCIES, [a[2] for a in words.AGENCIES])
        blocks = []
        for i, length in enumerate(lengths):
            metric, unit, _w = metrics.one(rng)
            geography = geographies.one(rng)
            if metric == "court_attendance_rate":
                geography = "immigration_courts"
            elif metric in ("share_of_children", "removals"):
                geography = "country_of_origin"
            code, area = None, ""
            if geography == "country_of_origin" or (geography == "border_sector" and rng.random() < 0.3):
                code = self.country_picker.one(rng)
            if geography == "country_of_origin":
                area = code
            elif geography == "border_sector":
                area = sectors.one(rng)
            if length > 730:
                step = "day"
            elif length > len(MONTHS):
                step = rng.choice(["day", "week"])
            else:
                step = Picker(["day", "week", "month"], [2, 2, 6]).one(rng)
            span = {"day": SPAN, "week": SPAN // 7, "month": len(MONTHS)}[step]
            length = min(length, span)
            start = rng.randrange(span - length + 1)
            start = start * 7 if step == "week" else start
            blocks.append(Block(
                i, 0, agencies.one(rng)[0], metric, unit, geography, area,
                self.country_ids[code] if code else None, self.country_names.get(code, ""),
                step, start, length, rng.randrange(1, 45),
            ))
        return blocks

    # ------------------------------------------------------------ sources

    def sources(self):
        from crisis.models import Source

        n_stat = max(1, round(self.sizes.sources * 0.4))
        blocks = self.plan_blocks(n_stat)
        first = self.next_id(Source)
        fields = ["id", "title", "slug", "publisher", "kind", "url", "published_on",
                  "published_on_precision", "cites_id", "notes", "status", "published_at",
                  "created_at", "updated_at"]
        agency_domain = {a[0]: a[1] for a in words.AGENCIES}
        rng, lines = self.rng, []
        for block in blocks:
            pk = block.source_id = first + block.index
            day = min(block.last_day + rng.randrange(0, 10), len(DAY) - 2)
            what = words.METRIC_PHRASES[block.metric]
            where = f" from {block.country_name}" if block.country_name else ""
            title = (f"{block.publisher}: {what}{where}, {block.step}ly figures, "
                     f"{DAY[block.period(0)[0]]} to {DAY[block.period(block.length - 1)[1]]}")
            url = f"https://www.{agency_domain[block.publisher]}/statistics/{block.metric}/{pk}"
            lines.append(f"{pk}\t{title}\t{slug(block.publisher + ' ' + block.metric, pk)}\t"
                         f"{block.publisher}\tofficial_statistics\t{url}\t{DAY[day]}\tday\t{NULL}\t\t"
                         f"{self.status(day)}\t{stamp(day)}\t{stamp(day)}")
        self.blocks = blocks
        self.stat_source_publishers = {b.source_id: b.publisher for b in blocks}
        outlets = Picker(words.OUTLETS, [o[3] for o in words.OUTLETS])
        news = []
        for i in range(self.sizes.sources - n_stat):
            pk = first + n_stat + i
            publisher, domain, kind, _w = outlets.one(rng)
            day = self.day_picker.one(rng)
            country = self.country_names[self.country_picker.one(rng)]
            title = (f"{rng.choice(words.TOPICS).capitalize()}: what {publisher} found in {country}"
                     if kind != "transcript" else f"Hearing on {rng.choice(words.TOPICS)}")
            cites = news[rng.randrange(len(news))][1] if news and rng.random() < 0.05 else None
            url = f"https://www.{domain}/{DAY[day][:4]}/{DAY[day][5:7]}/story-{pk}"
            notes = "Relays an earlier report." if cites else ""
            lines.append(f"{pk}\t{title}\t{slug(publisher, pk)}\t{publisher}\t{kind}\t{url}\t"
                         f"{DAY[day]}\tday\t{text_or_null(cites)}\t{notes}\t"
                         f"{self.status(day)}\t{stamp(day)}\t{stamp(day)}")
            news.append((day, pk))
        self.copy(Source, fields, lines, len(lines), "sources")
        news.sort()
        self.news_days = [day for day, _pk in news]
        self.news_ids = [pk for _day, pk in news]

    def source_near(self, day):
        """A news source published on or shortly after `day`, as reporting follows events."""
        i = bisect.bisect_left(self.news_days, day)
        i = min(i + self.rng.randrange(12), len(self.news_ids) - 1)
        return self.news_ids[i], self.news_days[i]

    # ------------------------------------------------------------ claims

    CLAIM_FIELDS = ["id", "text", "quote", "speaker_id", "speaker_title", "source_id", "kind",
                    "verdict", "verdict_rationale", "rank", "rank_reason", "occurred_on",
                    "occurred_on_precision", "said_on", "said_on_precision", "correction_note",
                    "corrected_at", "status",
                    "published_at", "created_at", "updated_at"]

    def claim_line(self, pk, text, source, said, *, kind="fact", quote="", speaker=None,
                   occurred=None, occurred_precision="day", status=None):
        rng = self.rng
        rank, reason = "normal", ""
        if rng.random() < 0.05:
            rank, reason = rng.choice([("preferred", "Matches the official release."),
                                       ("deprecated", "Superseded by a later, corrected figure.")])
        status = status or self.status(said)
        note, corrected = "", NULL
        if status.startswith("published") and rng.random() < 0.004:
            status = "retracted" + status[len("published"):]
            note = "Retracted: the source withdrew this report."
            corrected = stamp(min(said + 2, len(DAY) - 1))
        speaker_title = "" if speaker else "the outlet's own reporting"
        return (f"{pk}\t{text}\t{quote}\t{text_or_null(speaker)}\t{speaker_title}\t{source}\t{kind}\t"
                f"\t\t{rank}\t{reason}\t{DAY[occurred] if occurred is not None else NULL}\t"
                f"{occurred_precision}\t{DAY[said]}\tday\t{note}\t{corrected}\t{status}\t"
                f"{stamp(said)}\t{stamp(said)}")

    def figure_claims(self, first):
        """One claim per run of consecutive figures in a release; returns the claims' lines."""
        claim_id, lines = first, []
        for block in self.blocks:
            block.first_claim = claim_id
            block_rng = random.Random(f"{self.seed}-block-{block.index}")
            what = words.METRIC_PHRASES[block.metric]
            where = f" from {block.country_name}" if block.country_name else (
                f" in the {block.area} sector" if block.area else "")
            public = self.run_public(block)
            for j in range(0, block.length, self.run_length):
                last = min(j + self.run_length, block.length) - 1
                start, end = block.period(j)[0], block.period(last)[1]
                said = min(end + block.lag, len(DAY) - 2)
                speaker = self.speaker_picker.one(block_rng) if block_rng.random() < 0.4 else None
                text = (f"{block.publisher} reported {what}{where}, {block.step} by {block.step}, "
                        f"from {DAY[start]} to {DAY[end]}.")
                status = f"published\t{stamp(said)}" if public[j // self.run_length] else f"draft\t{NULL}"
                lines.append(self.claim_line(claim_id, text, block.source_id, said, kind="figure",
                                             speaker=speaker, occurred=start, status=status,
                                             occurred_precision="month" if block.step == "month" else "day"))
                if block.country_id:
                    self.claims_actors.append((claim_id, block.country_id))
                claim_id += 1
        return lines

    def general_claims(self, first, count):
        rng, lines = self.rng, []
        kinds = Picker(["quote", "fact", "forecast", "position", "plan"], [40, 25, 10, 10, 15])
        for i in range(count):
            pk = first + i
            speaker = self.speaker_picker.one(rng)
            code = self.country_picker.one(rng)
            fill = {"speaker": self.names[speaker], "country": self.country_names[code],
                    "number": f"{rng.randrange(20, 900) * 100:,}"}
            kind = kinds.one(rng)
            quote = rng.choice(words.QUOTE_TEMPLATES).format(**fill) if kind == "quote" else ""
            source, said = self.source_near(self.day_picker.one(rng))
            said = max(0, said - rng.randrange(3))
            occurred = max(0, said - rng.randrange(30)) if rng.random() < 0.8 else None
            lines.append(self.claim_line(pk, rng.choice(words.CLAIM_TEMPLATES).format(**fill), source,
                                         said, kind=kind, quote=quote, speaker=speaker, occurred=occurred))
            for actor in {self.country_ids[code], *self.about_picker.distinct(rng, rng.randrange(1, 3))}:
                self.claims_actors.append((pk, actor))
        return lines

    # ------------------------------------------------------------ figures

    FIGURE_FIELDS = ["id", "value", "period_start", "period_end", "as_of", "status", "published_at",
                     "created_at", "updated_at", "metric", "unit", "qualifier", "population",
                     "geography", "area", "country_id", "method", "source_id",
                     "period_start_precision", "period_end_precision", "as_of_precision"]
    BASE = {"uac_arrivals": 90, "uac_daily_average": 150, "family_unit_arrivals": 140,
            "removals": 12, "share_of_children": 12, "court_attendance_rate": 60}
    COUNTRY_FACTOR = {"HN": 1.0, "GT": 0.9, "SV": 0.7, "MX": 0.5}

    def figure_lines(self):
        figure_id = self.next_id_figures
        for block in self.blocks:
            block.first_figure = figure_id
            block_rng = random.Random(f"{self.seed}-figures-{block.index}")
            qualifier = Picker(["exact", "approximate", "at_least", "at_most"], [85, 10, 3, 2]).one(block_rng)
            population = ("family units" if block.metric == "family_unit_arrivals"
                          else "unaccompanied children")
            method = "Monthly release, revised the following month." if block_rng.random() < 0.1 else ""
            precision = "month" if block.step == "month" else "day"
            constant = (f"{block.metric}\t{block.unit}\t{qualifier}\t{population}\t{block.geography}\t"
                        f"{block.area}\t{text_or_null(block.country_id)}\t{method}\t{block.source_id}\t"
                        f"{precision}\t{precision}\tday")
            percent = block.unit == "percent"
            days = {"day": 1, "week": 7, "month": 30}[block.step]
            code = next((c for c, pk in self.country_ids.items() if pk == block.country_id), None)
            base = self.BASE[block.metric] * (1 if percent or block.unit == "people_per_day" else days)
            base *= 1 if percent else self.COUNTRY_FACTOR.get(code, 0.15 if code else 2.5)
            public, published = self.run_public(block), stamp(block.last_day)
            random_value, status = block_rng.random, ""
            for j in range(block.length):
                if j % self.run_length == 0:
                    status = f"published\t{published}" if public[j // self.run_length] else f"draft\t{NULL}"
                start, end = block.period(j)
                raw = base * (0.5 + random_value())
                value = f"{min(raw, 100.0):.1f}" if percent else str(int(raw))
                as_of = DAY[end + block.lag]
                yield (f"{figure_id}\t{value}\t{DAY[start]}\t{DAY[end]}\t{as_of}\t{status}\t"
                       f"{stamp(end)}\t{stamp(end)}\t{constant}")
                figure_id += 1

    def run_public(self, block):
        """Whether each run of the release is published; its claim and its figures agree."""
        rng = random.Random(f"{self.seed}-runs-{block.index}")
        return [rng.random() < 0.975 for _ in range(0, block.length, self.run_length)]

    def figure_links(self):
        """(claim, figure) pairs: each run of figures is backed by its claim."""
        for block in self.blocks:
            for j in range(block.length):
                yield f"{block.first_claim + j // self.run_length}\t{block.first_figure + j}"

    # ------------------------------------------------------------ meetings, funding, proposals

    def meetings(self, first_claim):
        from crisis.models import Meeting, MeetingParticipant

        rng, first = self.rng, self.next_id(Meeting)
        lines, people, claims = [], [], []
        statuses = Picker(["held", "scheduled", "postponed", "cancelled"], [80, 10, 5, 5])
        roles = Picker(["attendee", "observer"], [85, 15])
        countries = list(self.country_ids.values())
        for i in range(self.sizes.meetings):
            pk, day = first + i, self.day_picker.one(rng)
            members = self.speaker_picker.distinct(rng, rng.randrange(2, 6))
            if len(members) < 2:
                members = members + [rng.choice(countries)]
            topic, place = rng.choice(words.TOPICS), rng.choice(words.PLACES)
            title = f"{self.names[members[0]]} meets {self.names[members[1]]} on {topic}"
            country = rng.choice(countries) if rng.random() < 0.7 else None
            outcome = f"Agreed to keep talking about {topic}." if rng.random() < 0.5 else ""
            lines.append(f"{pk}\t{title[:200]}\t{slug(title[:60], pk)}\t{DAY[day]}\tday\t{place}\t"
                         f"{text_or_null(country)}\t{statuses.one(rng)}\tTo discuss {topic}.\t{outcome}\t"
                         f"{self.status(day)}\t{stamp(day)}\t{stamp(day)}")
            for n, actor in enumerate(members):
                people.append(f"{pk}\t{actor}\t{'host' if n == 0 else roles.one(rng)}")
            source, said = self.source_near(day)
            claim_id = first_claim + i
            text = f"{self.names[members[0]]} and {self.names[members[1]]} met in {place} to discuss {topic}."
            claims.append(self.claim_line(claim_id, text, source, said, occurred=day))
            self.claims_meetings.append((claim_id, pk))
            self.claims_actors.extend((claim_id, actor) for actor in members[:2])
        self.copy(Meeting, ["id", "title", "slug", "date", "date_precision", "place", "country_id",
                            "meeting_status", "purpose", "outcome", "status", "published_at",
                            "created_at", "updated_at"], lines, len(lines), "meetings")
        self.copy(MeetingParticipant, ["meeting_id", "actor_id", "role"], people, len(people),
                  "meeting participants")
        return claims

    def funding(self, first_claim):
        from crisis.models import FundingPurpose, FundingRequest, FundingStageChange

        rng, first = self.rng, self.next_id(FundingRequest)
        requests, steps, purposes, claims = [], [], [], []
        claim_id = first_claim
        for i in range(self.sizes.funding_requests):
            pk, day = first + i, self.day_picker.one(rng)
            requester, addressee = self.gov_picker.one(rng), self.legislature_picker.one(rng)
            amount = rng.randrange(1, 4000) * 1_000_000
            aims = rng.sample(words.FUNDING_PURPOSES, rng.randrange(1, 4))
            title = f"{self.names[requester]}: request for {aims[0]}"
            stages = ["requested"]
            if rng.random() < 0.6:
                stages.append("passed_one_chamber")
            if rng.random() < 0.7:
                stages.append(Picker(["enacted", "rejected", "withdrawn"], [5, 2, 1]).one(rng))
            step_day = day
            for stage in stages:
                source, said = self.source_near(step_day)
                text = (f"{self.names[requester]} asked {self.names[addressee]} for "
                        f"${amount:,} for {', '.join(aims)}; stage: {stage.replace('_', ' ')}.")
                claims.append(self.claim_line(claim_id, text, source, said, occurred=step_day,
                                              speaker=requester))
                steps.append(f"{pk}\t{stage}\t{DAY[step_day]}\tday\t\t{claim_id}")
                self.claims_funding.append((claim_id, pk))
                claim_id += 1
                step_day = min(step_day + rng.randrange(10, 120), SPAN - 1)
            requests.append(f"{pk}\t{title[:200]}\t{slug(title[:60], pk)}\t{amount}\tUSD\t"
                            f"{'t' if rng.random() < 0.5 else 'f'}\t{requester}\t{addressee}\t"
                            f"To pay for {', '.join(aims)}.\t{DAY[day]}\tday\t{stages[-1]}\t"
                            f"{self.status(day)}\t{stamp(day)}\t{stamp(day)}")
            share = amount // len(aims)
            purposes.extend(f"{pk}\t{aim}\t{share}\t{n}" for n, aim in enumerate(aims))
        self.copy(FundingRequest, ["id", "title", "slug", "amount", "currency", "is_approximate",
                                   "requester_id", "addressee_id", "summary", "requested_on",
                                   "requested_on_precision", "stage", "status", "published_at",
                                   "created_at", "updated_at"], requests, len(requests), "funding requests")
        self.copy(FundingPurpose, ["request_id", "description", "amount", "position"], purposes,
                  len(purposes), "funding purposes")
        self.funding_steps = (FundingStageChange, steps)
        return claims

    def proposals(self, first_claim):
        from crisis.models import PolicyProposal, Stance

        rng, first = self.rng, self.next_id(PolicyProposal)
        lines, backers, proposals = [], [], []
        stages = Picker(["proposed", "debated", "enacted", "withdrawn", "rejected"], [40, 30, 10, 10, 10])
        for i in range(self.sizes.proposals):
            pk, day = first + i, self.day_picker.one(rng)
            subject = rng.choice(words.PROPOSAL_SUBJECTS)
            title = f"{subject.capitalize()} ({DAY[day][:4]})"
            law = "TVPRA 2008" if rng.random() < 0.3 else ""
            lines.append(f"{pk}\t{title}\t{slug(subject[:60], pk)}\tWould bring in {subject}.\t{law}\t\t"
                         f"{stages.one(rng)}\t{self.status(day)}\t{stamp(day)}\t{stamp(day)}")
            backers.extend(f"{pk}\t{a}" for a in self.speaker_picker.distinct(rng, rng.randrange(1, 4)))
            proposals.append((pk, subject, day))
        self.copy(PolicyProposal, ["id", "title", "slug", "summary", "law", "law_url", "stage", "status",
                                   "published_at", "created_at", "updated_at"],
                  lines, len(lines), "proposals")
        self.copy(PolicyProposal.proponents.through, ["policyproposal_id", "actor_id"], backers,
                  len(backers), "proposal proponents")
        proposal_picker = zipf(proposals, 0.8)
        positions = Picker(list(words.POSITIONS_TEXT), [45, 35, 12, 8])
        stances, claims = [], []
        for i in range(self.sizes.stances):
            claim_id = first_claim + i
            actor, (proposal, subject, day) = self.speaker_picker.one(rng), proposal_picker.one(rng)
            position = positions.one(rng)
            source, said = self.source_near(min(day + rng.randrange(0, 700), SPAN - 1))
            text = f"{self.names[actor]} {words.POSITIONS_TEXT[position]} {subject}."
            claims.append(self.claim_line(claim_id, text, source, said, kind="position", speaker=actor))
            stances.append(f"{actor}\t{proposal}\t{position}\t{claim_id}")
            self.claims_proposals.append((claim_id, proposal))
        self.stance_rows = (Stance, stances)
        return claims

    # ------------------------------------------------------------ everything, in foreign-key order

    def run(self):
        from crisis.models import Claim, CrossingStatistic

        with self.connection.cursor() as cursor:
            # Checked row by row as COPY goes, instead of millions of deferred checks at COMMIT.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL synchronous_commit = off")
        self.actors()
        self.sources()
        first_claim = self.next_id(Claim)
        self.next_id_figures = self.next_id(CrossingStatistic)
        figure_claims = self.figure_claims(first_claim)
        claim_id = first_claim + len(figure_claims)
        self.copy(Claim, self.CLAIM_FIELDS, figure_claims, len(figure_claims), "claims (figures)")
        meeting_claims = self.meetings(claim_id)
        claim_id += len(meeting_claims)
        funding_claims = self.funding(claim_id)
        claim_id += len(funding_claims)
        stance_claims = self.proposals(claim_id)
        claim_id += len(stance_claims)
        for label, lines in (("meetings", meeting_claims), ("funding", funding_claims),
                             ("stances", stance_claims)):
            self.copy(Claim, self.CLAIM_FIELDS, lines, len(lines), f"claims ({label})")
        general = max(0, self.sizes.claims - (claim_id - first_claim))
        self.copy(Claim, self.CLAIM_FIELDS, self.general_claims(claim_id, general), general,
                  "claims (quotes and facts)")
        model, rows = self.funding_steps
        self.copy(model, ["request_id", "stage", "date", "date_precision", "note", "claim_id"], rows,
                  len(rows), "funding stage changes")
        model, rows = self.stance_rows
        self.copy(model, ["actor_id", "proposal_id", "position", "claim_id"], rows, len(rows), "stances")
        total = sum(b.length for b in self.blocks)
        self.copy(CrossingStatistic, self.FIGURE_FIELDS, self.figure_lines(), total, "figures")
        self.link(Claim.statistics, self.figure_links(), total, "figure claims")
        for field, pairs in ((Claim.actors, self.claims_actors), (Claim.meetings, self.claims_meetings),
                             (Claim.funding_requests, self.claims_funding),
                             (Claim.proposals, self.claims_proposals)):
            self.link(field, (f"{a}\t{b}" for a, b in pairs), len(pairs), f"claim {field.field.name}")
        self.reset_sequences()

    def link(self, descriptor, lines, total, label):
        field = descriptor.field
        through = descriptor.through
        names = [through._meta.get_field(field.m2m_field_name()).attname,
                 through._meta.get_field(field.m2m_reverse_field_name()).attname]
        self.copy(through, names, lines, total, label)

    def reset_sequences(self):
        from django.apps import apps
        from django.core.management.color import no_style

        models = apps.get_app_config("crisis").get_models()
        statements = self.connection.ops.sequence_reset_sql(no_style(), models)
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def counts(connection):
    from crisis import models

    names = ["CrossingStatistic", "Claim", "Source", "Actor", "Meeting", "MeetingParticipant",
             "FundingRequest", "FundingStageChange", "PolicyProposal", "Stance"]
    result = {}
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {getattr(models, name)._meta.db_table}")
            result[name] = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM crisis_crossingstatistic WHERE status <> 'published'")
        result["CrossingStatistic not published"] = cursor.fetchone()[0]
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size (0.01 for a try)")
    parser.add_argument("--force", action="store_true", help="drop and fill again even if present")
    args = parser.parse_args(argv)

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    check_bench_database(url)
    sizes = Sizes().scaled(args.scale) if args.scale != 1 else Sizes()
    spec = {"generator": GENERATOR_VERSION, "seed": args.seed, "sizes": asdict(sizes)}
    marker = read_marker(url)
    fresh = args.force or marker is None or {k: marker.get(k) for k in spec} != spec
    if fresh:
        print(f"Filling {url} (seed {args.seed}, {sizes.figures:,} figures)", file=sys.stderr)
        recreate_database(url)

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-key-" + "x" * 40)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crisis.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_article", verbosity=0)
    if fresh:
        with transaction.atomic():
            Generator(connection, args.seed, sizes).run()
            spec["counts"] = counts(connection)
            with connection.cursor() as cursor:
                write_marker(cursor, spec)
    else:
        print(f"Dataset already there (seed {args.seed}, {sizes.figures:,} figures); "
              "migrations applied, not regenerated", file=sys.stderr)
    analyze_started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"ANALYZE in {time.monotonic() - analyze_started:.1f} s; "
          f"done in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
