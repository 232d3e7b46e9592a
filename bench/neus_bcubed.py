#!/usr/bin/python3
"""Stories of short feed items: crosswire against TF-IDF with agglomerative
clustering in scikit-learn, side by side in one run, on the streams
../shared/tools/neus_stream.py makes from data/neus (three outlets' headline
and lead per story; the story is the gold).

usage: /usr/bin/python3 bench/neus_bcubed.py [CROSSWIRE] [--split train|val] [--modes lead,headline,mixed]
                                             [--no-sklearn]

For each mode (lead: headline and lead; headline: the headline alone; mixed:
each item one of the two) it ingests the stream into a fresh store, scores
the stories with ../shared/tools/bcubed.py, counts the items refused, then
runs scikit-learn (TfidfVectorizer, sublinear tf, English stop words, over
the headline and the text; AgglomerativeClustering on cosine distance, 8
thresholds x 2 linkages) and prints its best setting on the same split: an
upper bound for the peer, which crosswire does not get (its rules were chosen
on `train`; report `val`). Skips (exit 0 with a message) when the data or
scikit-learn is absent.
"""
import json, os, re, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = os.path.join(ROOT, '..', 'shared', 'tools')
STREAM = os.path.join(TOOLS, 'neus_stream.py')
BCUBED = os.path.join(TOOLS, 'bcubed.py')
DATA = os.path.join(ROOT, '..', 'shared', 'data', 'neus')


def score(gold_path, pred, tmp):
    p = os.path.join(tmp, 'pred.tsv')
    with open(p, 'w') as f:
        f.writelines(f'{k}\t{v}\n' for k, v in pred.items())
    out = subprocess.run([sys.executable, BCUBED, gold_path, p], capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1]


def f1_of(line):
    toks = line.split()  # P p R r F1 f clusters k
    return float(toks[toks.index('F1') + 1])


def run_crosswire(cw, src, tmp, tag):
    db = os.path.join(tmp, f'{tag}.db')
    t0 = time.perf_counter()
    r = subprocess.run([cw, '--db', db, 'ingest', src], capture_output=True, text=True)
    secs = time.perf_counter() - t0
    m = re.search(r'(\d+) already stored, (\d+) refused', r.stdout + r.stderr)
    same, refused = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    out = subprocess.run([cw, '--db', db, 'articles', '--json'], check=True, capture_output=True, text=True).stdout
    arts = [json.loads(l) for l in out.splitlines() if l.strip()]
    return {a['name']: str(a['story']) for a in arts}, secs, same, refused


def run_sklearn(items, gold_path, tmp):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.cluster import AgglomerativeClustering
    texts = [it['title'] if it['text'] == it['title'] else it['title'] + '. ' + it['text'] for it in items]
    t0 = time.perf_counter()
    X = TfidfVectorizer(sublinear_tf=True, stop_words='english', min_df=1).fit_transform(texts).toarray()
    tv = time.perf_counter() - t0
    best = None
    for th in [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]:
        for link in ('average', 'complete'):
            t1 = time.perf_counter()
            lab = AgglomerativeClustering(n_clusters=None, distance_threshold=th, metric='cosine',
                                          linkage=link).fit_predict(X)
            t = tv + time.perf_counter() - t1
            line = score(gold_path, {it['name']: str(l) for it, l in zip(items, lab)}, tmp)
            f1 = f1_of(line)
            if best is None or f1 > best[0]:
                best = (f1, th, link, line, t)
    return best


def main():
    args = sys.argv[1:]
    cw = os.path.join(ROOT, 'build', 'crosswire')
    split, modes, peer = 'val', ['lead', 'headline', 'mixed'], True
    i = 0
    while i < len(args):
        if args[i] == '--split':
            split = args[i + 1]; i += 2
        elif args[i] == '--modes':
            modes = [m for m in args[i + 1].split(',') if m]; i += 2
        elif args[i] == '--no-sklearn':
            peer = False; i += 1
        else:
            cw = args[i]; i += 1
    if not os.path.exists(os.path.join(DATA, split + '.source')) or not os.path.exists(STREAM):
        print(f'skipped: {DATA}/{split}.source or {STREAM} is absent')
        return 0
    if peer:
        try:
            import sklearn  # noqa: F401
        except ImportError:
            print('skipped the peer: scikit-learn is not installed (apt-get install python3-sklearn)')
            peer = False
    with tempfile.TemporaryDirectory() as tmp:
        for mode in modes:
            prefix = os.path.join(tmp, f'{split}_{mode}')
            subprocess.run([sys.executable, STREAM, split, mode, prefix], check=True, capture_output=True)
            items = [json.loads(l) for l in open(prefix + '.jsonl', encoding='utf-8')]
            gold = prefix + '.gold.tsv'
            pred, secs, same, refused = run_crosswire(cw, prefix + '.jsonl', tmp, f'{split}_{mode}')
            line = score(gold, pred, tmp)
            print(f'{split} {mode:8s} crosswire  {line}  stored {len(pred)} of {len(items)} '
                  f'({same} the same as one stored, {refused} refused), {secs:.2f} s')
            if peer:
                f1, th, link, sline, t = run_sklearn(items, gold, tmp)
                print(f'{split} {mode:8s} sklearn    {sline}  ({link}, threshold {th}, best of 16 on {split}) '
                      f'{t:.2f} s')
    return 0


if __name__ == '__main__':
    sys.exit(main())
