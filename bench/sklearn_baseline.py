#!/usr/bin/python3
"""Side by side on ECB+ topics 1-35: crosswire's stories against TF-IDF with
agglomerative clustering in scikit-learn (Debian's python3-sklearn), its
distance threshold chosen as the best on the same data (an upper bound for
it). Prints B-cubed P/R/F1 against the subtopics and the time of each:
crosswire in file order and three shuffled orders, then scikit-learn, then
whether crosswire's worst order beats scikit-learn's best threshold.

usage: /usr/bin/python3 bench/sklearn_baseline.py [CROSSWIRE]
"""
import os, random, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ecb_bcubed as eb


def main():
    cw = sys.argv[1] if len(sys.argv) > 1 else os.path.join(eb.ROOT, 'build', 'crosswire')
    if not os.path.exists(eb.DATA):
        print(f'skipped: {eb.DATA} is absent')
        return 0
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.cluster import AgglomerativeClustering
    except ImportError:
        print('skipped: scikit-learn is not installed (apt-get install python3-sklearn)')
        return 0
    docs = eb.load(1, 35)
    gold = {d['doc']: str(d['subtopic']) for d in docs}
    with tempfile.TemporaryDirectory() as tmp:
        worst = None
        for seed in (None, 1, 2, 3):
            d = docs[:]
            if seed: random.Random(seed).shuffle(d)
            pred, secs = eb.run(cw, d, tmp, f'cw{seed or 0}')
            line = eb.score(gold, pred, tmp)
            f1 = float(line.split()[5])
            worst = f1 if worst is None else min(worst, f1)
            name = f'shuffled (seed {seed})' if seed else 'file order'
            print(f'crosswire full ingest, {name:17s} {line}  {secs:.2f} s')
        best = None
        t0 = time.perf_counter()
        X = TfidfVectorizer(sublinear_tf=True, stop_words='english', min_df=1).fit_transform(
            [d['text'] for d in docs]).toarray()
        tv = time.perf_counter() - t0
        for th in [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]:
            for link in ('average', 'complete'):
                t1 = time.perf_counter()
                lab = AgglomerativeClustering(n_clusters=None, distance_threshold=th, metric='cosine',
                                              linkage=link).fit_predict(X)
                t = tv + time.perf_counter() - t1
                line = eb.score(gold, {d['doc']: str(l) for d, l in zip(docs, lab)}, tmp)
                f1 = float(line.split()[5])
                if best is None or f1 > best[0]:
                    best = (f1, th, link, line, t)
        print(f'sklearn TF-IDF + agglomerative ({best[2]}, threshold {best[1]}, best of 16)  {best[3]}  {best[4]:.2f} s')
        print(f'crosswire worst order F1 {worst:.3f} vs sklearn best F1 {best[0]:.3f}: '
              f'{"crosswire ahead" if worst > best[0] else "sklearn ahead"}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
