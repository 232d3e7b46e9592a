#!/usr/bin/env python3
"""Two events of one subject kept apart: each ECB+ topic alone (its two
subtopics are two events of one kind, often with the same people, places
and wording: two rehab stays of one actress, two quakes in one region, two
launches of one company) ingested into a fresh store, its stories scored
against the subtopics with B-cubed, averaged over topics.

usage: bench/ecb_events.py [CROSSWIRE] [--topics 1-17|18-35] [--gap DAYS] [--spread DAYS] [--seeds 0,1,2]

Topics 1-17 are for choosing rules (train), 18-35 for reporting (val).
Without --gap the articles carry no date (what ECB+ gives). With --gap N
each article gets a publication date: the days of the first event's
articles spread over 0-2 days (--spread), the second's the same N days later, as a
plan announced and called off weeks later would be reported (the dates
come from the subtopic, so this checks that the time between articles is
used, not that it can be found). --gap 0 --spread 14 checks the other side:
events whose articles run over two weeks are not cut into weeks. Seed 0 is file order, others shuffle.
Reads ../shared/data/ecbplus_dev.jsonl at run time; skips (exit 0) when
absent.
"""
import datetime, json, os, random, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, '..', 'shared')
DATA = os.path.join(SHARED, 'data', 'ecbplus_dev.jsonl')


def bcubed(pred, gold):
    cs, gs = {}, {}
    for k, v in pred.items():
        cs.setdefault(v, set()).add(k)
    for k, v in gold.items():
        gs.setdefault(v, set()).add(k)
    p = sum(len(cs[pred[k]] & gs[gold[k]]) / len(cs[pred[k]]) for k in pred) / len(pred)
    r = sum(len(cs[pred[k]] & gs[gold[k]]) / len(gs[gold[k]]) for k in pred) / len(pred)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def run_topic(cw, docs, gap, spread, seed, tmp):
    rnd = random.Random(seed * 1000 + docs[0]['topic'])
    docs = list(docs)
    if seed:
        rnd.shuffle(docs)
    subs = sorted({d['subtopic'] for d in docs})
    day0 = datetime.date(2024, 3, 4)
    src = os.path.join(tmp, 'in.jsonl')
    with open(src, 'w', encoding='utf-8') as f:
        for d in docs:
            r = {'name': d['doc'], 'text': d['text']}
            if gap is not None:
                off = rnd.randint(0, spread) + (gap if d['subtopic'] == subs[-1] else 0)
                r['published'] = (day0 + datetime.timedelta(days=off)).isoformat()
            f.write(json.dumps(r) + '\n')
    db = os.path.join(tmp, 'e.db')
    if os.path.exists(db):
        os.remove(db)
    subprocess.run([cw, '--db', db, 'ingest', src], capture_output=True)
    out = subprocess.run([cw, '--db', db, 'articles', '--json'], capture_output=True, text=True).stdout
    pred = {a['name']: a['story'] for a in map(json.loads, out.splitlines())}
    gold = {d['doc']: d['subtopic'] for d in docs if d['doc'] in pred}
    return bcubed(pred, gold), len(set(pred.values()))


def main():
    args = sys.argv[1:]
    cw, lo, hi, gap, spread, seeds = os.path.join(ROOT, 'build', 'crosswire'), 1, 17, None, 2, [0, 1, 2]
    i = 0
    while i < len(args):
        if args[i] == '--topics':
            lo, hi = map(int, args[i + 1].split('-')); i += 2
        elif args[i] == '--gap':
            gap = int(args[i + 1]); i += 2
        elif args[i] == '--spread':
            spread = int(args[i + 1]); i += 2
        elif args[i] == '--seeds':
            seeds = [int(x) for x in args[i + 1].split(',')]; i += 2
        else:
            cw = args[i]; i += 1
    if not os.path.exists(DATA):
        print(f'skipped: {DATA} is absent')
        return 0
    topics = {}
    for line in open(DATA, encoding='utf-8'):
        d = json.loads(line)
        if lo <= d['topic'] <= hi:
            topics.setdefault(d['topic'], []).append(d)
    topics = {t: ds for t, ds in topics.items() if len({d['subtopic'] for d in ds}) == 2}
    with tempfile.TemporaryDirectory() as tmp:
        tot = []
        for seed in seeds:
            res = [run_topic(cw, ds, gap, spread, seed, tmp) for t, ds in sorted(topics.items())]
            p = sum(x[0][0] for x in res) / len(res)
            r = sum(x[0][1] for x in res) / len(res)
            f = sum(x[0][2] for x in res) / len(res)
            apart = sum(1 for x in res if x[1] >= 2) / len(res)
            tot.append(f)
            print(f'topics {lo}-{hi} ({len(res)}) gap {gap if gap is not None else "none"} spread {spread if gap is not None else "-"} '
                  f'{"file order" if seed == 0 else "shuffle " + str(seed)}: P {p:.3f} R {r:.3f} F1 {f:.3f} '
                  f'(two stories or more in {apart:.0%} of topics)', flush=True)
        print(f'mean F1 {sum(tot) / len(tot):.3f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
