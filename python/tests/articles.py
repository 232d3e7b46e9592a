"""Invented news articles for the Python tests and the Dask benchmark.

Every word, name and event here is made up from syllables; nothing is taken
from real outlets. A corpus is a set of stories; each story has its own
invented places and people and a pool of sentences, and is told by several
outlets: an original report, wire copies (the same text under another title),
near copies (a few words changed) and retellings (some sentences reused, the
rest the outlet's own). Stories spread over a span of days.
"""
from __future__ import annotations

import random
from typing import Dict, Iterator, List

SYL = "ka lo mi ra ven tor sul dra vi ne ost bar lin mek za ru pel har gon tis ab el iv um".split()
COMMON = ("the council said on the day that officials would meet again after the talks while residents "
          "waited for news from the capital and many asked what would happen next").split()
TOPIC = ("flood bridge harbour election strike ceasefire budget school rail hospital storm court ruling "
         "festival museum drought wildfire mine factory port vaccine protest tariff satellite dam pipeline "
         "reservoir airport border treaty merger").split()
VERBS = "said announced warned confirmed denied promised reported estimated approved rejected".split()
OUTLETS = ["Vellon Courier", "Ostra Gazette", "Miradel Post", "Korvan Daily", "Tisbar Wire", "Zalun Herald",
           "Pelgon Times", "Rudra Observer"]


def _name(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(SYL) for _ in range(parts)).capitalize()


def _sentence(rng: random.Random, people: List[str], places: List[str], topic: List[str]) -> str:
    who, where = rng.choice(people), rng.choice(places)
    words = [rng.choice(topic if rng.random() < 0.5 else COMMON) for _ in range(rng.randint(8, 16))]
    n = rng.randint(2, 900)
    return (f"{who} {rng.choice(VERBS)} in {where} that {' '.join(words)} with {n} "
            f"{rng.choice(topic)} reported by {rng.choice(people)}.")


def corpus(n_articles: int, seed: int = 19, days: int = 120, start_day: int = 0) -> List[Dict[str, str]]:
    """About n_articles invented article records (``name``, ``title``,
    ``text``, ``outlet``, ``published``), story after story in time order of
    their first report, unique names."""
    rng = random.Random(seed)
    out: List[Dict[str, str]] = []
    story = 0
    while len(out) < n_articles:
        story += 1
        people = [f"{_name(rng, 2)} {_name(rng)}" for _ in range(3)]
        places = [_name(rng) for _ in range(2)]
        topic = rng.sample(TOPIC, 4) + [p.lower() for p in places]
        pool = [_sentence(rng, people, places, topic) for _ in range(24)]
        day = start_day + rng.randrange(days)
        size = min(1 + int(rng.paretovariate(1.3)), 30, n_articles - len(out))
        told: List[Dict[str, str]] = []
        for k in range(size):
            outlet = rng.choice(OUTLETS)
            hour = rng.randrange(24 * 3)
            published = _date(day + hour // 24, hour % 24)
            title = f"{places[0]}: {rng.choice(people).split()[1]} {rng.choice(VERBS)} {' '.join(rng.sample(topic, 3))}"
            kind = rng.random() if told else 1.0
            if kind < 0.12:  # wire copy: same text, the outlet's own title
                text = rng.choice(told)["text"]
            elif kind < 0.25:  # near copy: a few words changed
                words = rng.choice(told)["text"].split(" ")
                for _ in range(max(1, len(words) // 60)):
                    words[rng.randrange(len(words))] = rng.choice(COMMON)
                text = " ".join(words)
            else:  # an original or a retelling: some of the pool, some of its own
                sents = rng.sample(pool, rng.randint(5, 9))
                sents += [_sentence(rng, people, places, topic) for _ in range(rng.randint(2, 6))]
                rng.shuffle(sents)
                text = "\n".join(" ".join(sents[i:i + 3]) for i in range(0, len(sents), 3))
            rec = {"name": f"s{story:05d}-{k:02d}", "title": title, "text": text, "outlet": outlet,
                   "published": published}
            told.append(rec)
            out.append(rec)
    return out


def _date(day: int, hour: int) -> str:
    import datetime
    d = datetime.datetime(2031, 1, 1) + datetime.timedelta(days=day, hours=hour)
    return d.strftime("%Y-%m-%dT%H:%M:00Z")


def page(title: str, text: str, outlet: str = "Vellon Courier") -> str:
    """An HTML page around an article, with the navigation and footer a site adds."""
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n"))
    return (f"<!doctype html><html><head><title>{title} | {outlet}</title>"
            f'<meta property="og:site_name" content="{outlet}"></head><body>'
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{title}</h1>{paras}</article>"
            f"<footer>Copyright {outlet}. All rights reserved. Contact us. Privacy.</footer></body></html>")


def iter_jsonl(records: List[Dict[str, str]]) -> Iterator[str]:
    import json
    for r in records:
        yield json.dumps(r, ensure_ascii=False)
