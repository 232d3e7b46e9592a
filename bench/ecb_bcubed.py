#!/usr/bin/env python3
"""B-cubed precision, recall and F1 of crosswire's stories on ECB+ topics 1-35.

usage: bench/ecb_bcubed.py [CROSSWIRE] [--shuffle-seeds 1,2,3] [--topics 1-35]

Ingests ../shared/data/ecbplus_dev.jsonl (read at run time, never copied) with
the topic and subtopic removed, in file order and in shuffled orders, then
scores the stories against the subtopics (each subtopic one event) and the
topics with ../shared/tools/bcubed.py. Prints one line per run plus seconds.
"""
import json, os, random, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, '..', 'shared')
DATA = os.path.join(SHARED, 'data', 'ecbplus_dev.jsonl')
BCUBED = os.path.join(SHARED, 'tools', 'bcubed.py')


def load(lo, hi):
    docs = []
    for line in open(DATA, encoding='utf-8'):
        r = json.loads(line)
        if lo <= int(r['topic']) <= hi:
            docs.append(r)
    return docs


def score(gold, pred, tmp):
    g, p = os.path.join(tmp, 'gold.tsv'), os.path.join(tmp, 'pred.tsv')
    with open(g, 'w') as f:
        f.writelines(f'{k}\t{v}\n' for k, v in gold.items())
    with open(p, 'w') as f:
        f.writelines(f'{k}\t{v}\n' for k, v in pred.items())
    out = subprocess.run([sys.executable, BCUBED, g, p], capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1]


def run(cw, docs, tmp, tag):
    src = os.path.join(tmp, f'{tag}.jsonl')
    with open(src, 'w', encoding='utf-8') as f:
        for r in docs:  # no topic, no subtopic: only the name and the text
            f.write(json.dumps({'doc': r['doc'], 'text': r['text']}) + '\n')
    db = os.path.join(tmp, f'{tag}.db')
    t0 = time.perf_counter()
    subprocess.run([cw, '--db', db, 'ingest', src], check=True, capture_output=True)
    secs = time.perf_counter() - t0
    arts = [json.loads(l) for l in subprocess.run([cw, '--db', db, 'articles', '--json'], check=True,
                                                   capture_output=True, text=True).stdout.splitlines() if l.strip()]
    return {a['name']: str(a['story']) for a in arts}, secs


def main():
    args = sys.argv[1:]
    cw = os.path.join(ROOT, 'build', 'crosswire')
    seeds, lo, hi = [1, 2, 3], 1, 35
    i = 0
    while i < len(args):
        if args[i] == '--shuffle-seeds':
            seeds = [int(x) for x in args[i + 1].split(',') if x]; i += 2
        elif args[i] == '--topics':
            lo, hi = map(int, args[i + 1].split('-')); i += 2
        else:
            cw = args[i]; i += 1
    if not os.path.exists(DATA) or not os.path.exists(BCUBED):
        print(f'skipped: {DATA} or {BCUBED} is absent')
        return 0
    docs = load(lo, hi)
    if not docs:
        print(f'skipped: {DATA} holds no document of topics {lo}-{hi} (36-45 are kept apart for the held-out check)')
        return 0
    sub = {r['doc']: str(r['subtopic']) for r in docs}
    top = {r['doc']: str(r['topic']) for r in docs}
    print(f'ECB+ topics {lo}-{hi}: {len(docs)} documents, {len(set(sub.values()))} subtopics, '
          f'{len(set(top.values()))} topics')
    with tempfile.TemporaryDirectory() as tmp:
        orders = [('file order', docs)]
        for s in seeds:
            d = docs[:]
            random.Random(s).shuffle(d)
            orders.append((f'shuffled (seed {s})', d))
        for name, d in orders:
            pred, secs = run(cw, d, tmp, name.replace(' ', '_').replace('(', '').replace(')', ''))
            print(f'{name:20s} subtopic: {score(sub, pred, tmp)}   topic: {score(top, pred, tmp)}   '
                  f'({secs:.2f} s ingest, {len(d) / secs:.0f} docs/s)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
