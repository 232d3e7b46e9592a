#!/usr/bin/python3
"""The brief on the seed articles (../shared/seeds): ingest them, then `story ID
--json` must hold a timeline with the days a reader resolves (2025-11-27,
2025-11-30, 2025-12-01, 2025-12-02) and a summary in which no two sentences
state the same fact; --format md and html render it; `brief -` gives the same
kind of document statelessly. Skips (77) when the seeds are absent, or when the
story document carries no resolved dates (the check stage not wired)."""
import json, os, re, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cwtest import CW, SHARED, SKIP, run, jsonl, case, finish  # noqa: E402

SEEDS = os.path.join(SHARED, 'seeds')
DAYS = ['2025-11-27', '2025-11-30', '2025-12-01', '2025-12-02']
STOP = set('the a an of to in on and or for with at by from as is are was were be been has have had that this '
           'it its his her their they he she we said says will would could than but not also about after over into'.split())


def content(s):
    return {w[:6] for w in re.findall(r'\w+', s.lower()) if w not in STOP and len(w) > 2}


def same_fact(a, b):
    x, y = content(a), content(b)
    m = min(len(x), len(y))
    return m and len(x & y) / m >= 0.5


if not os.path.isdir(SEEDS):
    print(f'skipped: {SEEDS} is absent')
    sys.exit(SKIP)

tmp = tempfile.mkdtemp()
db = os.path.join(tmp, 'seeds.db')
seed_files = sorted(os.path.join(SEEDS, f) for f in os.listdir(SEEDS) if f.endswith('.txt'))
run('ingest', *seed_files, db=db, check=0)
stories = jsonl(run('stories', '--json', db=db, check=0).stdout)
big = max(stories, key=lambda s: s['size'])
doc = json.loads(run('story', str(big['id']), '--json', db=db, check=0).stdout)

if not any(isinstance(d, dict) and d.get('date') for d in doc.get('dates', [])):
    print('skipped: the story document has no resolved dates (the check stage is not wired into it yet)')
    sys.exit(SKIP)


@case
def contract_keys():
    for k in ('articles', 'independent_groups', 'summary', 'timeline', 'coverage', 'dates'):
        assert k in doc, k
    assert all('name' in a for a in doc['articles'])


@case
def timeline_holds_the_days():
    days = [t['date'] for t in doc['timeline']]
    for d in DAYS:
        assert d in days, f'{d} not in timeline {days}'
    assert days == sorted(days), days
    for t in doc['timeline']:
        assert t['what'] and t['articles'], t


@case
def summary_without_repeats():
    s = [x['text'] for x in doc['summary']]
    assert len(s) >= 2, s
    for i in range(len(s)):
        for j in range(i + 1, len(s)):
            assert not same_fact(s[i], s[j]), f'same fact twice:\n  {s[i]}\n  {s[j]}'


@case
def summary_cites_spans():
    texts = {}
    for x in doc['summary']:
        assert x['articles'] and x['spans'], x
        sp = x['spans'][0]
        name = sp['article']
        if name not in texts:
            texts[name] = json.loads(run('show', name, '--json', db=db, check=0).stdout)['text'].encode()
        assert texts[name][sp['start']:sp['end']].decode() == x['text'], (x['text'], sp)


@case
def words_setting():
    short = json.loads(run('story', str(big['id']), '--json', '--words', '40', db=db, check=0).stdout)
    n = sum(len(x['text'].split()) for x in short['summary'])
    assert len(short['summary']) >= 1 and (n <= 60 or len(short['summary']) == 1), n
    assert len(short['summary']) <= len(doc['summary'])


@case
def renderings():
    md = run('story', str(big['id']), '--format', 'md', db=db, check=0).stdout.decode()
    assert md.startswith('# ') and '\n## Summary\n' in md and '\n## Timeline\n' in md, md[:300]
    html = run('story', str(big['id']), '--format', 'html', db=db, check=0).stdout.decode()
    assert html.startswith('<!DOCTYPE html>') and '<script' not in html and '</html>' in html


@case
def stateless_brief():
    arts = [{'name': os.path.basename(f), 'text': open(f, encoding='utf-8').read()} for f in seed_files]
    out = json.loads(run('brief', '-', input=json.dumps({'articles': arts}).encode(), check=0).stdout)
    assert len(out['articles']) == len(arts)
    s = [x['text'] for x in out['summary']]
    assert s
    for i in range(len(s)):
        for j in range(i + 1, len(s)):
            assert not same_fact(s[i], s[j]), f'same fact twice:\n  {s[i]}\n  {s[j]}'
    days = {t['date'] for t in out['timeline']}
    assert set(DAYS) <= days, days


@case
def hostile_headline():
    arts = [{'name': 'x', 'title': '<script>alert(1)</script>', 'text': 'The council approved the new harbour '
             'plan on Monday after a long debate about costs.'}]
    p = run('brief', '-', '--format', 'html', input=json.dumps({'articles': arts}).encode(), check=0)
    assert b'<script' not in p.stdout and b'&lt;script&gt;' in p.stdout
    assert run('brief', '-', input=b'{"articles": 3}').returncode == 1
    assert run('brief', '-', '--format', 'pdf', input=b'{}').returncode == 2


finish()
