#!/usr/bin/python3
"""Where the sources differ, on ECB+ stories with one fact changed the way outlets differ.

usage: bench/diffs_synth.py [--data DIR] [--cw PATH] [--kinds K,K] [--limit N] [--seed S]
                            [--scope one|all|mixed] [--style same|other|mixed] [--show-misses]
                            [--show-changes] [--oracle] [--sample N]

A story is the documents of one ECB+ subtopic (../shared/data/ecbplus_dev.jsonl; at least two
documents). For each story and each kind, the generator looks for a fact that one article states and
at least one OTHER article of the story states too (the same token in a sentence sharing content
words: see similar()), changes it in that one article, and runs `crosswire brief FILE --json` on the
story (one made-up outlet per document, no publication time). Kinds:

  number    a figure: 12 -> 15, "three" -> "five", $2.5 million -> $3.1 million
  date      a weekday (Tuesday -> Thursday), a day of a month (May 3 -> May 5), a year
  time      a clock time (11 am -> 3 pm), noon/midnight, a part of the day (afternoon -> morning)
  place     a capitalised place name -> another place of the same kind (country, US state, other
            geographic name, facility) taken from another topic's documents (place names come from the
            LOC mentions of ../shared/data/ecbplus_dev_mentions.jsonl, and from a list of countries and
            US states used to tell their kinds apart)
  spelling  a person's surname -> one letter changed (a doubled letter, a vowel swapped, a letter dropped)
  speaker   the speaker attributed to a statement (NAME said, said NAME, according to NAME) -> another
            person named in the story

--scope one (default) changes the occurrence that the other article also states; all changes every
occurrence of the same token in that article; mixed picks one of the two per story and kind.
--style same (default) writes the new value the way the original is written; other writes it another
way (five -> 7, May 3 -> 5 May, 6:00 p.m. -> 15:00, Saturday morning -> Saturday at 3 pm, a full name
<-> a surname); mixed picks one of the two per story and kind.
Figures are printed for two halves: train = stories of odd ECB+ topics, val = even topics (choose
rules on one, report the other). --oracle scores the brief a perfect check would give (1.000).

A change is found when an item of the brief's `discrepancies` or `quote_variants` has a form (keys
forms/mentions/variants/statements, each {article, text}) in the changed article overlapping the new
words and one in another article overlapping the original words there (the overlap rule of
../shared/tools/diffs_score.py: one text contains the other, here at word boundaries, or they share
half the words of the shorter one; for a speaker, a form's `speaker` counts as its text too).

Every story is also run unchanged: ECB+ documents of one subtopic are independent reports of one
event, so every item reported on them counts as a false alarm; they may genuinely differ, so a random
sample of them is printed with their forms to be judged by a reader.
Deterministic for a seed. Exits 0 with a message when the data is absent.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

KINDS = ['number', 'date', 'time', 'place', 'spelling', 'speaker']

# ---------------------------------------------------------------- the overlap rule of diffs_score.py
WORD = re.compile(r'\w+')


def words(s):
    return set(WORD.findall((s or '').lower()))


def overlaps(a, b):
    """diffs_score.py's rule, with containment at word boundaries: the changed words are often one
    short token ("4"), which plain containment would find inside "40 years" or "$140 million"."""
    a, b = (a or '').strip().lower(), (b or '').strip().lower()
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if re.search(r'(?<!\w)' + re.escape(short) + r'(?!\w|[.,]\d)', long_):
        return True
    wa, wb = words(a), words(b)
    small = min(len(wa), len(wb))
    return small > 0 and len(wa & wb) * 2 >= small


def forms_of(item):
    out = []
    for key in ('forms', 'mentions', 'variants', 'statements'):
        val = item.get(key)
        if isinstance(val, dict):  # {article: text}, as in seeds/expected.json
            val = [{'article': k, 'text': v} for k, v in val.items()]
        for f in val or []:
            if isinstance(f, dict) and f.get('article'):
                out.append(f)
    return out


def form_texts(f, speaker):
    t = [f.get('text') or f.get('quote') or '']
    if speaker and f.get('speaker'):
        t.append(f['speaker'])
    return t

# ---------------------------------------------------------------- words and context
STOP = set('''a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just me
more most my no nor not now of off on once only or other our ours out over own same she should so
some such than that the their theirs them then there these they this those through to too under until
up very was we were what when where which while who whom why will with would you your yours said says
told say mr mrs ms s t http www com html one two new year years since first time last only just even
still well may might must many much another every ago later yet back according like get got make made
told week day today yesterday tomorrow three four five'''.split())
MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
          'October', 'November', 'December']
MONTH_RE = '|'.join(MONTHS + ['Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct',
                              'Nov', 'Dec'])
WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
NUM_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
             'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen',
             'nineteen', 'twenty']
TENS = {'thirty': 30, 'forty': 40, 'fifty': 50, 'sixty': 60, 'seventy': 70, 'eighty': 80, 'ninety': 90}
REPORT = r"(?:said|says|told|added|stated|explained|insisted|claimed|declared|announced|tweeted|wrote|noted)"
QUOTE_MARK = re.compile(r"``|''|[\"“”]")
COUNTRIES = '''Afghanistan Albania Algeria Argentina Armenia Australia Austria Azerbaijan Bahrain Bangladesh
Belarus Belgium Bolivia Bosnia Brazil Bulgaria Cambodia Cameroon Canada Chad Chile China Colombia Congo
Croatia Cuba Cyprus Denmark Ecuador Egypt Eritrea Estonia Ethiopia Finland France Georgia Germany Ghana
Greece Guatemala Haiti Honduras Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica
Japan Jordan Kazakhstan Kenya Kosovo Kuwait Kyrgyzstan Latvia Lebanon Liberia Libya Lithuania Malaysia
Mali Malta Mexico Moldova Mongolia Morocco Mozambique Myanmar Nepal Netherlands Nicaragua Niger Nigeria
Norway Oman Pakistan Panama Paraguay Peru Philippines Poland Portugal Qatar Romania Russia Rwanda
Scotland Senegal Serbia Singapore Slovakia Slovenia Somalia Spain Sudan Sweden Switzerland Syria Taiwan
Tajikistan Tanzania Thailand Tunisia Turkey Turkmenistan Uganda Ukraine Uruguay Uzbekistan Venezuela
Vietnam Wales Yemen Zambia Zimbabwe England Britain'''.split() + [
    'New Zealand', 'North Korea', 'South Korea', 'South Africa', 'Saudi Arabia', 'Sri Lanka',
    'United States', 'United Kingdom', 'Czech Republic', 'Ivory Coast', 'Costa Rica', 'El Salvador',
    'Dominican Republic', 'United Arab Emirates']
US_STATES = '''Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Hawaii
Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota
Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah
Vermont Virginia Washington Wisconsin Wyoming'''.split() + [
    'New Hampshire', 'New Jersey', 'New Mexico', 'New York', 'North Carolina', 'North Dakota',
    'Rhode Island', 'South Carolina', 'South Dakota', 'West Virginia']
PLACE_FIRST = set('''New North South East West Mount Gulf Lake Port Fort Upper Lower Central Great San
Santa Los Las El Saint St Cape Bay Palm'''.split())
ORG_WORDS = set('Ltd Inc Corp Co LLC Company Group Distributors Bank Department Agency'.split())
TITLES = set('''Mr Mrs Ms Dr President Sen Senator Gov Governor Rep Judge Justice Prosecutor Officer
Sheriff Chief Captain Capt Lt Sgt General Gen Minister Prime King Queen Prince Princess Pope Saint St
Father Rev Coach Mayor Secretary Deputy Detective Agent The A An In Of And'''.split())
OUTLET_A = ['Morning', 'Evening', 'Daily', 'Weekly', 'Northern', 'Southern', 'Coastal', 'Valley', 'City',
            'National', 'Harbor', 'Capital']
OUTLET_B = ['Ledger', 'Courier', 'Herald', 'Post', 'Tribune', 'Gazette', 'Chronicle', 'Observer',
            'Dispatch', 'Sentinel', 'Record', 'Bulletin', 'Wire', 'Times']


def content(line, drop=()):
    drop = {w.lower() for d in drop for w in WORD.findall(d)}
    return {w for w in WORD.findall(line.lower())
            if w not in STOP and w not in drop and not w.isdigit() and len(w) > 2}


def similar(la, lb, drop):
    """Share of content words of the two sentences (the fact's own words left out): shared / the smaller."""
    a, b = content(la, drop), content(lb, drop)
    if not a or not b:
        return 0.0, 0
    shared = len(a & b)
    return shared / min(len(a), len(b)), shared


SIM_MIN, SHARED_MIN = 0.25, 3

# ---------------------------------------------------------------- documents
class Doc:
    def __init__(self, d):
        self.name, self.topic, self.text = d['doc'], d['topic'], d['text']
        self.lines = []  # (start, end) of each line that is not a URL
        pos = 0
        for line in self.text.split('\n'):
            if not re.match(r'\s*(https?:|www\.)', line):
                self.lines.append((pos, pos + len(line)))
            pos += len(line) + 1

    def line_of(self, off):
        for i, (s, e) in enumerate(self.lines):
            if s <= off < e:
                return i
        return -1

    def line(self, i):
        s, e = self.lines[i]
        return self.text[s:e]


class Occ:
    """One statement of a fact in one document: its key (what it says), span, and how to change it."""
    def __init__(self, doc, start, end, key, change, extra=None):
        self.doc, self.start, self.end, self.key, self.change = doc, start, end, key, change
        self.text = doc.text[start:end]
        self.li = doc.line_of(start)
        self.extra = extra or {}

# ---------------------------------------------------------------- finders, one per kind
def num_value(s):
    s = s.replace(' ', '')
    low = s.lower()
    if low in NUM_WORDS:
        return NUM_WORDS.index(low)
    if low in TENS:
        return TENS[low]
    try:
        return float(s.replace(',', ''))
    except ValueError:
        return None


def fmt_like(orig, value):
    if orig.lower() in NUM_WORDS or orig.lower() in TENS:
        v = int(value)
        w = NUM_WORDS[v] if v < len(NUM_WORDS) else {y: x for x, y in TENS.items()}.get(v, str(v))
        return w.capitalize() if orig[0].isupper() else w
    if '.' in orig:
        dec = len(orig.split('.')[-1].strip())
        return f'{value:.{dec}f}'
    v = int(value)
    return f'{v:,}' if ',' in orig else str(v)


NUM_RE = re.compile(r"(?<![\w.:/,-])(\d{1,3}(?:,\d{3})+|\d+(?:\. ?\d+(?= ?(?:million|billion|percent|per cent|%|MM)))?"
                    r"|(?i:" + '|'.join(NUM_WORDS[2:] + list(TENS)) + r"))(?![\w:/]|,\d|\. ?\d| ?- ?\d)")


def find_numbers(doc, lex=None):
    out = []
    for m in NUM_RE.finditer(doc.text):
        s, e = m.span()
        if doc.line_of(s) < 0:
            continue
        before, after = doc.text[max(0, s - 12):s], doc.text[e:e + 8]
        if re.search(r'(' + MONTH_RE + r')\.? ?$', before) or re.match(r' ?(' + MONTH_RE + r')\b', after):
            continue  # a day of a month: the date kind
        if re.match(r' ?(:|a\.? ?m\b|p\.? ?m\b|am\b|pm\b|o\' ?clock|GMT|BST|EST)', after, re.I):
            continue  # a clock time
        if re.search(r'(No\.|number|#) ?$', before, re.I) or re.match(r'0\d', m.group(0)):
            continue
        if re.match(r' \d', after):
            continue  # a telephone number, a code
        if re.match(r' (?:hundred|thousand|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b',
                    after, re.I):
            continue  # part of a longer number (nineteen fifties)
        raw = m.group(0)
        v = num_value(raw)
        if v is None or v == 0 or (raw.isdigit() and 1900 <= v <= 2035 and len(raw) == 4):
            continue
        out.append(Occ(doc, s, e, ('num', v), lambda rng, o, style='same', raw=raw, v=v: change_number(rng, raw, v, style)))
    return out


def change_number(rng, raw, v, style='same'):
    """A different value near the original; style 'other' writes it the other way (five <-> 5,
    6,900 <-> 7200), as outlets with different style books do."""
    if raw.lower() in NUM_WORDS or raw.lower() in TENS:
        choices = [x for x in range(2, 21) if x != v and abs(x - v) <= max(3, v // 3)]
        nv = rng.choice(choices)
        return str(nv) if style == 'other' else fmt_like(raw, nv)
    if '.' in raw:
        dec = len(raw.split('.')[-1].strip())
        step = 10 ** -dec
        delta = max(step, round(v * rng.uniform(0.12, 0.4) / step) * step)
        return fmt_like(raw.replace(' ', ''), v + delta if rng.random() < 0.6 or v - delta <= 0 else v - delta)
    v = int(v)
    delta = max(1, int(round(v * rng.uniform(0.1, 0.4))))
    if v <= 3:
        delta = rng.choice([1, 2, 3])
    new = v + delta if rng.random() < 0.6 or v - delta <= 0 else v - delta
    if style == 'other':
        if 2 <= new <= 20:
            return NUM_WORDS[new]
        if new >= 1000:
            return fmt_like('1' if ',' in raw else '1,000', new)
    return fmt_like(raw, new)


DATE_RE = re.compile(r'\b(?:(' + '|'.join(WEEKDAYS) + r')|(' + MONTH_RE + r')\.? (\d{1,2})(?:st|nd|rd|th)?'
                     r'|(\d{1,2})(?:st|nd|rd|th)? (' + MONTH_RE + r')|((?:19|20)\d\d))\b(?![\w/-]| ?/)')


def month_index(m):
    for i, name in enumerate(MONTHS):
        if name.lower().startswith(m.lower()[:3]):
            return i
    return -1


def find_dates(doc, lex=None):
    out = []
    for m in DATE_RE.finditer(doc.text):
        s, e = m.span()
        if doc.line_of(s) < 0 or (s > 0 and doc.text[s - 1] in '/-'):
            continue
        wd, mon, day, day2, mon2, year = m.groups()
        if wd:
            out.append(Occ(doc, s, e, ('weekday', wd),
                           lambda rng, o, style='same', wd=wd: rng.choice([w for w in WEEKDAYS if w != wd])))
        elif mon or mon2:
            mon, day = (mon, day) if mon else (mon2, day2)
            if mon == 'May' and not day:
                continue
            d = int(day)
            if not 1 <= d <= 31:
                continue
            raw = m.group(0)

            def ch(rng, o, style='same', raw=raw, d=d, day=day, mon=mon):
                nd = d + rng.choice([-3, -2, -1, 1, 2, 3, 4])
                nd = nd if 1 <= nd <= 28 else d - rng.choice([1, 2, 3])
                if style == 'other':  # May 3 -> 5 May, 23 October -> October 25th
                    sfx = rng.choice(['', 'th' if nd not in (1, 2, 3, 21, 22, 23) else ''])
                    return f'{nd} {mon}' if raw[0].isalpha() else f'{mon} {nd}{sfx}'
                return re.sub(r'\b' + day + r'(?=\D|$)', str(nd), raw, count=1)
            out.append(Occ(doc, s, e, ('day', month_index(mon), d), ch))
        else:
            y = int(year)
            if y > 2035:
                continue
            out.append(Occ(doc, s, e, ('year', y),
                           lambda rng, o, style='same', y=y: str(y + rng.choice([-2, -1, 1, 2]))))
    return out


CLOCK_RE = re.compile(r'(?<![\w:.])(\d{1,2})(?:[:.] ?(\d\d))? ?(a\. ?m\.|p\. ?m\.|am|pm|a\.m|p\.m)(?![\w])', re.I)
PART_RE = re.compile(r'\b(?:(' + '|'.join(WEEKDAYS) + r'|this|that|last|early|late|on|in the|tomorrow|yesterday)'
                     r' )(morning|afternoon|evening|night)\b')
# parts of the day that a reader takes for different times (evening and night, afternoon and evening overlap)
PART_CONFLICT = {'morning': ['afternoon', 'evening', 'night'], 'afternoon': ['morning', 'night'],
                 'evening': ['morning'], 'night': ['morning', 'afternoon']}
NOON_RE = re.compile(r'\b(?:at|around|about|before|after|until|by|past|since|from|to|near) (noon|midnight)\b')
PARTS = ['morning', 'afternoon', 'evening', 'night']


def find_times(doc, lex=None):
    out = []
    for m in CLOCK_RE.finditer(doc.text):
        s, e = m.span()
        if doc.line_of(s) < 0:
            continue
        h, mi, ap = int(m.group(1)), m.group(2), m.group(3)
        if not 1 <= h <= 12:
            continue
        pm = ap.lower().startswith('p')
        h24 = (h % 12) + (12 if pm else 0)

        mid = doc.text[m.end(1):m.start(3)]  # the minutes and the space, kept as written

        def ch(rng, o, style='same', h24=h24, mid=mid, ap=ap, mi=mi):
            nh = (h24 + rng.choice([-5, -4, -3, -2, 2, 3, 4, 5])) % 24
            nh = nh if 6 <= nh <= 22 else (nh + 12) % 24
            if style == 'other':
                return clock_text(rng, nh, int(mi or 0), avoid=o.text)
            nap = ap
            if ap.lower().startswith('a') and nh >= 12:
                nap = ap.replace('a', 'p').replace('A', 'P')
            elif ap.lower().startswith('p') and nh < 12:
                nap = ap.replace('p', 'a').replace('P', 'A')
            return f'{nh % 12 or 12}{mid}{nap}'
        out.append(Occ(doc, s, e, ('clock', h24, int(mi or 0)), ch))
    for m in PART_RE.finditer(doc.text):
        s, e = m.span(2)
        if doc.line_of(s) < 0:
            continue
        p = m.group(2)
        if m.group(1) == 'last':  # last night -> yesterday morning
            s = m.start(1)
            out.append(Occ(doc, s, e, ('part', p), lambda rng, o, style='same', p=p: 'yesterday ' + (
                'at ' + clock_text(rng, PART_HOURS[rng.choice(PART_CONFLICT[p])], 0) if style == 'other'
                else rng.choice(PART_CONFLICT[p]))))
            continue
        weekday = m.group(1) in WEEKDAYS
        out.append(Occ(doc, s, e, ('part', p), lambda rng, o, style='same', p=p, weekday=weekday: (
            'at ' + clock_text(rng, PART_HOURS[rng.choice(PART_CONFLICT[p])], 0) if style == 'other' and weekday
            else rng.choice(PART_CONFLICT[p]))))
    for m in NOON_RE.finditer(doc.text):
        s, e = m.span(1)
        if doc.line_of(s) < 0:
            continue
        w = m.group(1)
        out.append(Occ(doc, s, e, ('clock', 12 if w == 'noon' else 0, 0),
                       lambda rng, o, style='same', w=w: (
                           clock_text(rng, 22 if w == 'noon' else 14, 0) if style == 'other'
                           else 'midnight' if w == 'noon' else 'noon')))
    return out


PART_HOURS = {'morning': 9, 'afternoon': 15, 'evening': 19, 'night': 23}
CLOCK_STYLES = ['{h} {ap}', '{h}{ap}', '{h} {dots}', '{h}:{mm} {dots}', '{h}:{mm}{ap}', '{H}:{mm}']


def clock_text(rng, h24, mi, avoid=''):
    """A clock time written in one of the ways outlets write it (3 pm, 3pm, 3 p.m., 3:00 p.m., 15:00)."""
    for _ in range(10):
        st = rng.choice(CLOCK_STYLES if mi == 0 else CLOCK_STYLES[3:])
        t = st.format(h=h24 % 12 or 12, H=f'{h24:02d}', mm=f'{mi:02d}', ap='pm' if h24 >= 12 else 'am',
                      dots='p.m.' if h24 >= 12 else 'a.m.')
        if re.sub(r'\d', '', t) != re.sub(r'\d', '', avoid):
            return t
    return t


def cap_bounded(text, s, e):
    """The name at s:e is not part of a longer capitalised name."""
    before = text[max(0, s - 30):s]
    after = text[e:e + 30]
    if re.match(r"[\w-]", after[:1]) or re.search(r'[\w-]$', before):
        return False
    if re.match(r' (?:of )?[A-Z][a-z]', after):
        return False
    mb = re.search(r'([A-Z][\w.]*) $', before)
    if mb and not re.search(r'(?:^|[.!?"“`] ?)\s*' + re.escape(mb.group(1)) + ' $', before):
        return False  # a capitalised word before (not a sentence's first word)
    return True


class Lexicon:
    """Place names with their kinds, and people's names, from the mentions and the texts."""
    def __init__(self, docs, mentions):
        lower = set()
        for d in docs:
            lower.update(w for w in re.findall(r'\b[a-z][a-z]+\b', d.text))
        self.lower = lower
        self.place_kind, self.place_topics = {}, defaultdict(set)
        for c in COUNTRIES:
            self.place_kind[c] = 'country'
        for c in US_STATES:
            self.place_kind[c] = 'us_state'
        self.people = defaultdict(set)  # surname -> first names (may be empty)
        for m in mentions:
            t = re.sub(r"\s+", ' ', m['text']).strip()
            if m['type'].startswith('LOC'):
                t = re.split(r' , | in | \(|, ', t)[0].strip(' .')
                t = re.sub(r"^(In|The|At|Of|From) ", '', t)
                ws = t.split()
                if not ws or not all(w[:1].isupper() or w in ('of', 'de', 'la') for w in ws):
                    continue
                if len(t) < 4 or ws[-1].lower() in lower or ws[0] in TITLES or "'" in t:
                    continue
                if len(ws) > 1 and ws[0].lower() in lower and ws[0] not in PLACE_FIRST:
                    continue  # Near Houston, Parts of Asia
                if ws[-1].rstrip('.') in ORG_WORDS:
                    continue  # a company, not a place
                kind = self.place_kind.get(t) or ('facility' if m['type'] == 'LOC_FAC' else 'geo')
                self.place_kind.setdefault(t, kind)
                self.place_topics[t].add(m['topic'])
            elif m['type'] == 'HUMAN_PART_PER':
                t = re.sub(r" ?['’] ?s$", '', t)
                ws = [w for w in t.split() if w.rstrip('.') not in TITLES]
                if len(ws) < 2 or len(ws) > 4 or not all(re.fullmatch(r"[A-Z][a-zA-Z-]+|[A-Z]\.", w) for w in ws):
                    continue
                sur = ws[-1]
                if len(sur) < 4 or sur.lower() in lower or sur in self.place_kind or sur in MONTHS + WEEKDAYS:
                    continue
                self.people[sur].add(' '.join(ws[:-1]))
        for d in docs:  # which topics' texts use each place name
            for p in self.place_kind:
                if p in d.text and re.search(r'\b' + re.escape(p) + r'\b', d.text):
                    self.place_topics[p].add(d.topic)


def find_places(doc, lex):
    out = []
    for p, kind in lex.place_kind.items():
        if p not in doc.text:
            continue
        for m in re.finditer(r'\b' + re.escape(p) + r'\b', doc.text):
            s, e = m.span()
            if doc.line_of(s) < 0 or not cap_bounded(doc.text, s, e):
                continue
            out.append(Occ(doc, s, e, ('place', p), None, {'kind': kind}))
    return out


def find_surnames(doc, lex):
    out = []
    for sur, firsts in lex.people.items():
        if sur not in doc.text:
            continue
        for m in re.finditer(r'\b' + re.escape(sur) + r'\b', doc.text):
            s, e = m.span()
            if doc.line_of(s) < 0 or re.match(r'[\w-]', doc.text[e:e + 1]):
                continue
            if re.match(r' [A-Z][a-z]', doc.text[e:e + 3]):
                continue  # part of a longer name (Ford Center)
            out.append(Occ(doc, s, e, ('surname', sur), None))
    return out


def find_spellings(doc, lex):
    """Surnames, and the first names written before them (a head of state's first name misspelt)."""
    out = find_surnames(doc, lex)
    for o in list(out):
        sur = o.key[1]
        for first in lex.people[sur]:
            f = first.split()[-1] if first else ''
            if len(f) < 4 or not re.fullmatch(r'[A-Z][a-z]+', f) or f.lower() in lex.lower:
                continue
            s = o.start - len(f) - 1
            if s >= 0 and doc.text[s:o.start] == f + ' ' and not re.match(r'\w', doc.text[s - 1:s] or ' '):
                out.append(Occ(doc, s, s + len(f), ('first', f, sur), None))
    return out


VOWEL_SWAP = {'a': 'eo', 'e': 'ai', 'i': 'ey', 'o': 'au', 'u': 'o'}


def misspell(rng, name, taken):
    """One letter changed the way names get misspelt or transliterated: a consonant after a vowel
    doubled (Hefner -> Heffner, Nichols -> Nicholls), a vowel swapped for one it is confused with
    (Reagins -> Reigins, Madeline -> Madelyne), one letter of a double or a silent h dropped (Timmons ->
    Timons, Nichols -> Nicols), a vowel pair turned round (Reid -> Ried), a transliterated ending
    (Zelensky -> Zelenskyy, Gurbanguly -> Gurbanguli, Ivanov -> Ivanoff)."""
    tries = []
    n = len(name)
    vow = lambda c: c.lower() in 'aeiou'
    for i in range(1, n - 1):
        c = name[i]
        if not c.islower():
            continue
        prev, nxt = name[i - 1], name[i + 1]
        if not vow(c) and c not in 'hwyjqkxv' and vow(prev) and nxt != c and (vow(nxt) or (c in 'ft' and nxt in 'lnmr')):
            tries.append(name[:i + 1] + c + name[i + 1:])
        if vow(c):
            for v in VOWEL_SWAP[c]:
                if v != prev.lower() and v != nxt:
                    tries.append(name[:i] + v + name[i + 1:])
        if n > 4 and (prev == c or (c == 'h' and prev in 'cgt')):
            tries.append(name[:i] + name[i + 1:])
        if vow(c) and vow(nxt) and c != nxt and i + 1 < n - 1:
            tries.append(name[:i] + nxt + c + name[i + 2:])
    for end, alt in (('sky', 'skyy'), ('ski', 'sky'), ('y', 'i'), ('i', 'y'), ('ov', 'off'), ('ev', 'yev')):
        if name.endswith(end) and n > 4:
            tries.append(name[:n - len(end)] + alt)
    tries = [t for t in dict.fromkeys(tries) if t.lower() != name.lower() and t not in taken]
    return rng.choice(tries) if tries else None


SPEAK_AFTER = re.compile(r"^(?: ,)?(?: ['’] ?s \w+)?,? ?(?:" + REPORT + r"|has said|had said)\b")
SPEAK_BEFORE = re.compile(r"(?:" + REPORT + r"|according to|said [\w ]{0,30}?) $")


def find_speakers(doc, lex):
    out = []
    for occ in find_surnames(doc, lex):
        s, e = occ.start, occ.end
        sur = occ.key[1]
        # the first name, when written
        fs = s
        for first in sorted(lex.people[sur], key=len, reverse=True):
            if first and doc.text[max(0, s - len(first) - 1):s] == first + ' ':
                fs = s - len(first) - 1
                break
        after = doc.text[e:e + 40]
        before = doc.text[max(0, fs - 60):fs]
        sb = SPEAK_BEFORE.search(before)
        if sb and 'said' in sb.group(0) and not re.match(r"\s*(?:[.,;:!?]|''|[\"”]|$|\n| of | who )", after):
            sb = None  # said NAME had ...: NAME is what was said, not who said it
        if not (SPEAK_AFTER.match(after) or sb):
            continue
        o = Occ(doc, fs, e, ('speaker', sur), None, {'full': fs < s})
        out.append(o)
    return out

# ---------------------------------------------------------------- changes
class Change:
    def __init__(self, kind, story, doc, occs, new_texts, others, match=None):
        self.kind, self.story, self.doc, self.match = kind, story, doc, match  # match: the other article's
        self.occs, self.new_texts = occs, new_texts  # the changed occurrences and their new texts
        self.others = others  # {doc name: [original texts there]}

    def apply(self):
        t = self.doc.text
        for o, n in sorted(zip(self.occs, self.new_texts), key=lambda x: -x[0].start):
            t = t[:o.start] + n + t[o.end:]
        return t


def story_keys(occs_by_doc):
    keys = set()
    for occs in occs_by_doc.values():
        keys.update(o.key for o in occs)
    return keys


def candidates(kind, docs, lex):
    find = {'number': find_numbers, 'date': find_dates, 'time': find_times, 'place': find_places,
            'spelling': find_spellings, 'speaker': find_speakers}[kind]
    by_doc = {d.name: find(d, lex) for d in docs}
    cands = []
    for d in docs:
        for o in by_doc[d.name]:
            if o.li < 0:
                continue
            best = None
            for d2 in docs:
                if d2 is d:
                    continue
                for o2 in by_doc[d2.name]:
                    if o2.key != o.key or o2.li < 0:
                        continue
                    sim, shared = similar(d.line(o.li), d2.line(o2.li), [o.text, o2.text])
                    need = SIM_MIN if kind != 'speaker' else 0.4  # a speaker: the same statement
                    if sim >= need and shared >= SHARED_MIN and (best is None or sim > best[0]):
                        best = (sim, o2)
            if best:
                cands.append((o, best[1]))
    return cands, by_doc


def make_change(kind, story, docs, lex, rng, scope, style):
    cands, by_doc = candidates(kind, docs, lex)
    if kind == 'speaker':
        quoted = [c for c in cands if QUOTE_MARK.search(c[0].doc.line(c[0].li))]
        cands = quoted or cands
    if not cands:
        return None
    rng.shuffle(cands)
    taken = story_keys(by_doc)
    story_text = '\n'.join(d.text for d in docs)
    for o, o2 in cands:
        doc = o.doc
        same = [x for x in by_doc[doc.name] if x.key == o.key]
        occs = [o] if scope == 'one' else same
        if kind in ('number', 'date', 'time'):
            new = None
            for _ in range(20):
                n = o.change(rng, o, style)
                k2 = key_of(kind, n, o)
                if n != o.text and k2 not in taken:
                    new = n
                    break
            if new is None:
                continue
            if kind == 'number':  # the same quantity: the same next word (12 people)
                occs = [x for x in occs if x is o or next_word(x) == next_word(o)]
                nv = key_of(kind, new, o)[1]
                new_texts = [new if x is o else fmt_like(x.text.replace(' ', ''), nv) for x in occs]
            else:
                new_texts = [new if x.text == o.text else x.change(rng, x, style) for x in occs]
        elif kind == 'place':
            pk = o.extra['kind']
            pool = sorted(p for p, k in lex.place_kind.items()
                          if k == pk and p != o.key[1] and lex.place_topics[p] - {docs[0].topic}
                          and not re.search(r'\b' + re.escape(p) + r'\b', story_text))
            if not pool:
                continue
            new = rng.choice(pool)
            new_texts = [new] * len(occs)
        elif kind == 'spelling':
            new = misspell(rng, o.text, set())
            if not new or new in story_text:
                continue
            new_texts = [new] * len(occs)
        else:  # speaker
            sur = o.key[1]
            here = {x.key[1] for x in find_surnames_all(docs, lex)}
            line = doc.line(o.li)
            others = sorted(p for p in here if p != sur and p not in line and p not in sur and sur not in p)
            if not others:
                continue
            full = {p: sorted(f for f in lex.people[p] if f and f + ' ' + p in story_text) for p in others}
            if o.extra.get('full') and any(full.values()):
                others = [p for p in others if full[p]]
            p = rng.choice(others)
            want_full = o.extra.get('full') if style == 'same' else not o.extra.get('full')
            new = (full[p][0] + ' ' + p) if (want_full and full[p]) else p
            new_texts = [new] * len(occs)
        origs = defaultdict(list)
        for d2 in docs:
            if d2 is doc:
                continue
            for x in by_doc[d2.name]:
                if x.key == o.key:
                    origs[d2.name].append(x.text)
        return Change(kind, story, doc, occs, new_texts, dict(origs), o2)
    return None


def next_word(o):
    m = re.match(r'[\s$-]*([\w]+)', o.doc.text[o.end:o.end + 30])
    return m.group(1).lower() if m else ''


def find_surnames_all(docs, lex):
    out = []
    for d in docs:
        out.extend(find_surnames(d, lex))
    return out


def key_of(kind, text, o):
    """The key of a changed value, read back, so that the new value is one the story does not state."""
    if text.split()[-1] in PARTS:
        return ('part', text.split()[-1])
    hm = re.search(r'\b(\d\d):(\d\d)$', text)
    if kind == 'time' and hm:
        return ('clock', int(hm.group(1)), int(hm.group(2)))
    if text in ('noon', 'midnight'):
        return ('clock', 12 if text == 'noon' else 0, 0)
    if kind == 'number':
        v = num_value(text)
        return ('num', v) if v is not None else None
    d = Doc({'doc': '', 'topic': 0, 'text': text})
    occ = {'number': find_numbers, 'date': find_dates, 'time': find_times}[kind](d, None)
    return occ[0].key if occ else None

# ---------------------------------------------------------------- running and scoring
def outlet(i):
    return f'The {OUTLET_A[i % len(OUTLET_A)]} {OUTLET_B[(i // len(OUTLET_A) + i) % len(OUTLET_B)]}'


def run_brief(cw, tmp, docs, replaced=None):
    arts = []
    for i, d in enumerate(docs):
        text = replaced[1] if replaced and replaced[0] == d.name else d.text
        arts.append({'name': d.name, 'title': '', 'text': text, 'outlet': outlet(i)})
    path = os.path.join(tmp, 'story.json')
    with open(path, 'w', encoding='utf-8') as f:
        json.dump({'articles': arts}, f)
    p = subprocess.run([cw, 'brief', path, '--json'], capture_output=True, text=True)
    if p.returncode != 0:
        return {'_error': p.stderr.strip()[:200]}
    try:
        return json.loads(p.stdout)
    except ValueError:
        return {'_error': 'output is not JSON'}


def items_of(brief):
    return [('discrepancy', x) for x in brief.get('discrepancies') or []] + \
           [('quote_variant', x) for x in brief.get('quote_variants') or []]


def found(brief, ch):
    sp = ch.kind == 'speaker'
    for _, item in items_of(brief):
        fs = forms_of(item)
        mine = any(f['article'] == ch.doc.name and
                   any(overlaps(t, n) for t in form_texts(f, sp) for n in ch.new_texts) for f in fs)
        theirs = any(f['article'] in ch.others and
                     any(overlaps(t, o) for t in form_texts(f, sp) for o in ch.others[f['article']]) for f in fs)
        if mine and theirs:
            return True
    return False


def show_item(kind, item):
    what = item.get('what') or item.get('speaker') or item.get('about') or ''
    forms = forms_of(item)
    fs = '; '.join(f"{f['article']}: {(f.get('text') or '')[:70]!r}" +
                   (f" ({f['speaker']})" if f.get('speaker') else '') for f in forms[:8])
    if len(forms) > 8:
        fs += f'; ... {len(forms) - 8} more'
    return f'{kind} [{what[:60]}] {fs}'


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default=os.path.join(root, '..', 'shared', 'data'))
    ap.add_argument('--cw', default=os.path.join(root, 'build', 'crosswire'))
    ap.add_argument('--kinds', default=','.join(KINDS))
    ap.add_argument('--limit', type=int, default=0, help='at most N stories')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--scope', choices=['one', 'all', 'mixed'], default='one')
    ap.add_argument('--style', choices=['same', 'other', 'mixed'], default='same',
                    help='write the new value as the original is written, or another way (five -> 7, '
                         'May 3 -> 5 May, 11 am -> 15:00, afternoon -> at 9 a.m., a full name <-> a surname)')
    ap.add_argument('--show-misses', action='store_true')
    ap.add_argument('--oracle', action='store_true',
                    help='score the brief a perfect check would give instead of crosswire\'s (recall 1.000)')
    ap.add_argument('--show-changes', action='store_true',
                    help='print every change, with its sentence and the other article\'s matching sentence')
    ap.add_argument('--sample', type=int, default=20, help='items of unchanged stories printed')
    a = ap.parse_args()
    kinds = [k for k in a.kinds.split(',') if k]
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        sys.exit(f'unknown kind {bad}: kinds are {",".join(KINDS)}')
    dpath = os.path.join(a.data, 'ecbplus_dev.jsonl')
    mpath = os.path.join(a.data, 'ecbplus_dev_mentions.jsonl')
    if not (os.path.exists(dpath) and os.path.exists(mpath)):
        print(f'SKIP: no {dpath} or {mpath}: the data is not here')
        return 0
    if not os.access(a.cw, os.X_OK):
        sys.exit(f'no {a.cw}: run make first, or pass --cw')
    docs = [Doc(json.loads(l)) for l in open(dpath, encoding='utf-8') if l.strip()]
    mentions = [json.loads(l) for l in open(mpath, encoding='utf-8') if l.strip()]
    lex = Lexicon(docs, mentions)
    stories = defaultdict(list)
    for d, raw in zip(docs, open(dpath, encoding='utf-8')):
        stories[json.loads(raw)['subtopic']].append(d)
    names = sorted((s for s in stories if len(stories[s]) >= 2), key=lambda s: (len(s), s))
    if a.limit:
        names = names[:a.limit]
    halves = ('train', 'val')
    half = {n: halves[(stories[n][0].topic + 1) % 2] for n in names}  # train: odd topics, val: even
    stats = {(k, h): [0, 0] for k in kinds for h in halves}
    misses, alarms = [], []
    unchanged = {h: [0, 0] for h in halves}  # stories, items
    errors = 0
    with tempfile.TemporaryDirectory() as tmp:
        for sname in names:
            h = half[sname]
            sdocs = sorted(stories[sname], key=lambda d: d.name)
            brief = run_brief(a.cw, tmp, sdocs)
            errors += '_error' in brief
            its = items_of(brief)
            unchanged[h][0] += 1
            unchanged[h][1] += len(its)
            alarms.extend((sname, k, it) for k, it in its)
            for kind in kinds:
                rng = random.Random(f'{a.seed}/{sname}/{kind}')
                scope = a.scope if a.scope != 'mixed' else rng.choice(['one', 'all'])
                style = a.style if a.style != 'mixed' else rng.choice(['same', 'other'])
                ch = make_change(kind, sname, sdocs, lex, rng, scope, style)
                if ch is None:
                    continue
                if a.oracle:  # the brief a perfect check would give: checks the generator and the scorer
                    b = {'discrepancies': [{'forms': [{'article': ch.doc.name, 'text': ch.new_texts[0]}] + [
                        {'article': n, 'text': t[0]} for n, t in sorted(ch.others.items())]}]}
                    assert ch.new_texts[0] in ch.apply() and not found({'discrepancies': []}, ch)
                else:
                    b = run_brief(a.cw, tmp, sdocs, (ch.doc.name, ch.apply()))
                errors += '_error' in b
                ok = found(b, ch)
                stats[kind, h][0] += 1
                stats[kind, h][1] += ok
                if a.show_changes:
                    o, m = ch.occs[0], ch.match
                    print(f'{"found" if ok else "MISSED"} {kind} {sname} {ch.doc.name}: {o.text!r} -> '
                          f'{ch.new_texts[0]!r} ({len(ch.occs)} changed)\n    {o.doc.line(o.li)[:200]}\n'
                          f'    {m.doc.name}: {m.doc.line(m.li)[:200]}')
                if not ok:
                    o = ch.occs[0]
                    near = [show_item(k, it) for k, it in items_of(b)
                            if any(f['article'] == ch.doc.name for f in forms_of(it))]
                    misses.append(f'missed {kind} {sname} {ch.doc.name}: {o.text!r} -> {ch.new_texts[0]!r}'
                                  f' ({len(ch.occs)} changed; also in {", ".join(sorted(ch.others))})\n'
                                  f'    {o.doc.line(o.li)[:160]}\n' +
                                  ''.join(f'    reported: {x[:200]}\n' for x in near[:3]))
    print(f'diffs_synth: {len(names)} ECB+ stories (train: odd topics, val: even topics), seed {a.seed}, '
          f'scope {a.scope}, style {a.style}, crosswire {a.cw}')
    if a.show_misses and misses:
        print(''.join(misses), end='')
    rate = lambda f, c: f'{f:3d}/{c:3d} ' + (f'{f / c:.3f}' if c else '  n/a')
    print(f'{"found/changed, recall":22s} {"train":>13s}  {"val":>13s}  {"all":>13s}')
    tot = {h: [0, 0] for h in halves}
    for k in kinds:
        cols = []
        for h in halves:
            c, f = stats[k, h]
            tot[h][0] += c
            tot[h][1] += f
            cols.append(rate(f, c))
        c = sum(stats[k, h][0] for h in halves)
        f = sum(stats[k, h][1] for h in halves)
        print(f'{k:22s} {cols[0]}  {cols[1]}  {rate(f, c)}')
    print(f'{"all kinds":22s} {rate(tot["train"][1], tot["train"][0])}  {rate(tot["val"][1], tot["val"][0])}  '
          f'{rate(tot["train"][1] + tot["val"][1], tot["train"][0] + tot["val"][0])}')
    per10 = lambda n, i: f'{10 * i / n:.2f}' if n else 'n/a'
    n_all = sum(v[0] for v in unchanged.values())
    i_all = sum(v[1] for v in unchanged.values())
    print('unchanged stories: ' + ', '.join(
        f'{h} {unchanged[h][0]} stories, {unchanged[h][1]} items ({per10(*unchanged[h])} per ten stories)'
        for h in halves) + f'; all {n_all} stories, {i_all} items ({per10(n_all, i_all)} per ten stories)')
    if errors:
        print(f'brief failed on {errors} runs')
    if alarms and a.sample > 0:
        rng = random.Random(a.seed)
        sample = rng.sample(alarms, min(a.sample, len(alarms)))
        print(f'a sample of {len(sample)} of the {len(alarms)} items reported on unchanged stories:')
        for sname, k, it in sample:
            print(f'  {sname}: {show_item(k, it)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
