#!/usr/bin/env python3
"""Throughput and memory of ingest with relating and clustering at scale.

usage: bench/stories_scale.py [--stages] [CROSSWIRE] [N ...]      (default N: 10000 100000)

Makes N synthetic articles from the ECB+ dev documents (read at run time):
each article is an "event" (a random subtopic) retold from sentences drawn
from that subtopic's documents with a fresh number and name suffix, so most
articles are distinct; 15% are copies of an earlier article (with a new
headline and a boilerplate line) and story sizes follow a long tail. Ingests
them with the CLI and prints articles/s, peak memory (maxrss of the ingest),
store size, and the growth from one N to the next. The figure includes
reading, extraction, text, SQLite and FTS5, not only relate and cluster.
It also prints the B-cubed precision, recall and F1 of the stories against
the ECB+ subtopics the articles' sentences were drawn from and against the
made-up events (a copy belongs to its original's), scored by
../shared/tools/bcubed.py, so that what keeps the cost bounded at scale can be
seen not to cost the stories their quality. The events of one subtopic tell
one real event with other tags and figures, so neither label is the whole
truth (stories come out larger than events and smaller than subtopics): the
figures are for comparing versions, not with ECB+.

With --stages it runs build/bench/bench_stories on the same inputs instead,
which prints the seconds and articles/s of each relate and cluster stage
alone (fingerprint, duplicates, cluster, origin, relate+cluster).
"""
import json, os, random, resource, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, '..', 'shared', 'data', 'ecbplus_dev.jsonl')
BCUBED = os.path.join(ROOT, '..', 'shared', 'tools', 'bcubed.py')


def make(n, path, rnd):
    docs = [json.loads(l) for l in open(DATA, encoding='utf-8')]
    by_sub = {}
    for d in docs:
        by_sub.setdefault(d['subtopic'], []).extend(s for s in d['text'].splitlines()[1:] if len(s.split()) > 5)
    subs = sorted(k for k, v in by_sub.items() if len(v) > 8)
    made, made_lab, labels = [], [], []
    with open(path, 'w') as f:
        for i in range(n):
            if made and rnd.random() < 0.15:
                k = rnd.randrange(max(0, len(made) - 2000), len(made))
                t = made[k].splitlines()
                labels.append(made_lab[k])
                text = 'Copy: ' + t[0] + '\n' + '\n'.join(t[1:]) + '\nAll rights reserved.'
            else:
                ev = int(rnd.paretovariate(1.2)) % max(1, i // 20 + 1)  # long-tailed story sizes
                sub = subs[(i // 20 - ev) % len(subs)] if i >= 20 else rnd.choice(subs)
                tag = f'Event{(i // 20 - ev)}'
                sents = rnd.sample(by_sub[sub], min(8, len(by_sub[sub])))
                text = f'{tag} {sents[0][:60]}\n' + '\n'.join(s + f' ({tag} {rnd.randint(1, 999)})' for s in sents)
                made.append(text)
                made_lab.append((sub, tag))
                labels.append((sub, tag))
            f.write(json.dumps({'name': f'syn{i}', 'text': text}) + '\n')
    return labels


def main():
    args = sys.argv[1:]
    stages = '--stages' in args
    args = [a for a in args if a != '--stages']
    cw = os.path.join(ROOT, 'build', 'crosswire')
    if args and not args[0].isdigit(): cw = args.pop(0)
    ns = [int(a) for a in args] or [10000, 100000]
    if not os.path.exists(DATA):
        print(f'skipped: {DATA} is absent')
        return 0
    prev = None
    for n in ns:
        with tempfile.TemporaryDirectory() as tmp:
            src, db = os.path.join(tmp, 'syn.jsonl'), os.path.join(tmp, 'syn.db')
            labels = make(n, src, random.Random(n))
            if stages:
                sys.stdout.flush()
                subprocess.run([os.path.join(ROOT, 'build', 'bench', 'bench_stories'), src], check=True)
                continue
            t0 = time.perf_counter()
            p = subprocess.run(['/usr/bin/time', '-f', '%M', cw, '--db', db, 'ingest', src], capture_output=True,
                               text=True)
            secs = time.perf_counter() - t0
            rss = int(p.stderr.strip().splitlines()[-1]) / 1024
            size = sum(os.path.getsize(os.path.join(tmp, f)) for f in os.listdir(tmp) if f.startswith('syn.db')) / 1e6
            out = subprocess.run([cw, '--db', db, 'stories', '--json'], capture_output=True).stdout.splitlines()
            nst = len(out)
            grow = f'  time x{secs / prev[1]:.1f} for n x{n / prev[0]:.0f}' if prev else ''
            print(f'{n:8d} articles: {n / secs:7.0f} articles/s ({secs:.1f} s), peak {rss:.0f} MB, store {size:.0f} MB, '
                  f'{nst} stories{grow}')
            if os.path.exists(BCUBED):
                pred = os.path.join(tmp, 'pred.tsv')
                with open(pred, 'w') as p:
                    for line in out:
                        st = json.loads(line)
                        p.writelines(f'{a}\t{st["id"]}\n' for a in st['articles'])
                for k, what in ((0, 'subtopics'), (1, 'events')):
                    gold = os.path.join(tmp, 'gold.tsv')
                    with open(gold, 'w') as g:
                        g.writelines(f'syn{i}\t{lab[k]}\n' for i, lab in enumerate(labels))
                    t = subprocess.run([sys.executable, BCUBED, gold, pred], capture_output=True, text=True).stdout.split()
                    print(f'          stories against {what}: B-cubed P {t[1]} R {t[3]} F1 {t[5]} '
                          f'({len(set(lab[k] for lab in labels))} {what})')
            prev = (n, secs)
    return 0


if __name__ == '__main__':
    sys.exit(main())
