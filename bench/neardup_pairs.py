#!/usr/bin/env python3
"""Near-duplicate detection measured on generated pairs.

usage: bench/neardup_pairs.py [CROSSWIRE] [--pairs N] [--seed S]

From ECB+ documents (../shared/data/ecbplus_dev.jsonl, read at run time) it
makes the copies that outlets make of wire text, and negatives:

  positives: each a document and a copy made by 2-4 of these transformations
    headline   the first line (the headline) is replaced by a rewritten one
               (words dropped and reordered, an outlet's prefix added)
    lead       the first sentence is trimmed to its second half, or dropped
    drop       one paragraph (line) in five is dropped (at least one kept)
    reorder    two paragraphs after the lead swap places
    boiler     boilerplate lines are added before and after the text
               ("Advertisement", "Sign up for our newsletter ...", a copyright line)
    spelling   house spelling: US and UK spellings swapped (color/colour,
               center/centre, ...), "percent" <-> "per cent", numbers 1-9 spelled out
  negatives:
    unrelated  two documents of different topics
    same-topic two different documents of one subtopic (same event, own words)

All documents and copies are ingested into one store; a pair counts as found
when crosswire relates its two articles as "exact" or "near". Prints
precision and recall overall and per transformation and negative kind.
"""
import json, os, random, re, sqlite3, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, '..', 'shared', 'data', 'ecbplus_dev.jsonl')

SPELL = [('color', 'colour'), ('center', 'centre'), ('honor', 'honour'), ('favor', 'favour'), ('labor', 'labour'),
         ('defense', 'defence'), ('organize', 'organise'), ('theater', 'theatre'), ('percent', 'per cent'),
         ('traveled', 'travelled'), ('neighbor', 'neighbour'), ('program', 'programme')]
NUM = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']
BOILER_TOP = ['Advertisement', 'Share this article', 'Listen to this story']
BOILER_END = ['Sign up for our newsletter to get the top stories every morning in your inbox.',
              'Copyright 2013 The Daily Herald. All rights reserved. This material may not be redistributed.',
              'Follow us on social media for the latest updates and breaking news.']


def headline(lines, rnd):
    w = lines[0].split()
    rnd.shuffle(w)
    w = w[:max(3, len(w) * 2 // 3)]
    lines[0] = rnd.choice(['UPDATE: ', 'WATCH: ', '', 'Breaking: ']) + ' '.join(w)


def lead(lines, rnd):
    if len(lines) < 3: return
    s = lines[1].split()
    if rnd.random() < 0.5 and len(s) > 8:
        lines[1] = ' '.join(s[len(s) // 2:])
    else:
        del lines[1]


def drop(lines, rnd):
    k = max(1, (len(lines) - 1) // 5)
    for _ in range(k):
        if len(lines) > 3: del lines[rnd.randrange(2, len(lines))]


def reorder(lines, rnd):
    if len(lines) > 4:
        i, j = rnd.sample(range(2, len(lines)), 2)
        lines[i], lines[j] = lines[j], lines[i]


def boiler(lines, rnd):
    lines.insert(1, rnd.choice(BOILER_TOP))
    lines.append(rnd.choice(BOILER_END))


def spelling(lines, rnd):
    for i, l in enumerate(lines):
        for us, uk in SPELL:
            l = re.sub(r'\b%s' % us, uk, l)
        l = re.sub(r'\b([1-9])\b', lambda m: NUM[int(m.group(1))], l)
        lines[i] = l


TRANSFORMS = {'headline': headline, 'lead': lead, 'drop': drop, 'reorder': reorder, 'boiler': boiler,
              'spelling': spelling}


def main():
    args = sys.argv[1:]
    cw = os.path.join(ROOT, 'build', 'crosswire')
    n, seed = 600, 1
    i = 0
    while i < len(args):
        if args[i] == '--pairs': n = int(args[i + 1]); i += 2
        elif args[i] == '--seed': seed = int(args[i + 1]); i += 2
        else: cw = args[i]; i += 1
    if not os.path.exists(DATA):
        print(f'skipped: {DATA} is absent')
        return 0
    rnd = random.Random(seed)
    docs = [json.loads(l) for l in open(DATA, encoding='utf-8')]
    docs = [d for d in docs if len(d['text'].splitlines()) >= 4]
    recs, pairs = [], []  # pairs: (a, b, label, kind)
    used = set()
    for d in docs:
        recs.append({'doc': d['doc'], 'text': d['text']})
    for k in range(n):
        d = rnd.choice(docs)
        lines = d['text'].splitlines()
        names = rnd.sample(sorted(TRANSFORMS), rnd.randint(2, 4))
        for t in names:
            TRANSFORMS[t](lines, rnd)
        name = f'copy{k}_{d["doc"]}'
        recs.append({'doc': name, 'text': '\n'.join(lines)})
        pairs.append((name, d['doc'], True, '+'.join(sorted(names))))
    by_sub = {}
    for d in docs: by_sub.setdefault(d['subtopic'], []).append(d)
    for k in range(n):
        a, b = rnd.sample(docs, 2)
        if a['topic'] != b['topic']: pairs.append((a['doc'], b['doc'], False, 'unrelated'))
        sub = rnd.choice([s for s in by_sub.values() if len(s) > 1])
        a, b = rnd.sample(sub, 2)
        pairs.append((a['doc'], b['doc'], False, 'same-topic'))
    with tempfile.TemporaryDirectory() as tmp:
        src, db = os.path.join(tmp, 'pairs.jsonl'), os.path.join(tmp, 'pairs.db')
        rnd.shuffle(recs)
        with open(src, 'w') as f:
            for r in recs: f.write(json.dumps(r) + '\n')
        t0 = time.perf_counter()
        subprocess.run([cw, '--db', db, 'ingest', src], check=True, capture_output=True)
        secs = time.perf_counter() - t0
        con = sqlite3.connect(db)
        found = set()
        for a, b in con.execute('SELECT x.name, y.name FROM relations r JOIN articles x ON x.id = r.a '
                                'JOIN articles y ON y.id = r.b WHERE r.kind >= 2'):
            found.add((a, b)); found.add((b, a))
        con.close()
    tp = sum(1 for a, b, l, _ in pairs if l and (a, b) in found)
    fp = sum(1 for a, b, l, _ in pairs if not l and (a, b) in found)
    pos = sum(1 for p in pairs if p[2])
    neg = len(pairs) - pos
    print(f'{len(recs)} articles ingested in {secs:.2f} s; {pos} positive pairs, {neg} negative pairs')
    print(f'precision {tp / max(1, tp + fp):.3f}  recall {tp / max(1, pos):.3f}  (tp {tp}, fp {fp}, fn {pos - tp})')
    per = {}
    for a, b, l, kind in pairs:
        for t in (kind.split('+') if l else [kind]):
            c = per.setdefault(t, [0, 0])
            c[0] += 1; c[1] += (a, b) in found
    for t, (m, f) in sorted(per.items()):
        print(f'  {t:11s} {m:5d} pairs, related as duplicates: {f / m:.3f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
