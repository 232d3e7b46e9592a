#!/usr/bin/python3
"""Fits and checks the no-news model of ingest's page policy on WCXB (../shared/data/wcxb_dev).

usage: bench/wcxb_news.py [--build DIR] [--max-loss 0.005]

Each page goes through `crosswire extract - --json` with CROSSWIRE_EXTRACT_FEATURES set, which
prints the features of src/extract/pagetype.c's no-news model (the type points and the page's
shape) on stderr. News is the benchmark's article and forum pages; no news its listing,
collection, product, documentation and service pages. A logistic regression (standardised
features, C 0.3, balanced classes) is fitted, and the threshold set so that at most --max-loss of
the training articles are turned away (as ingest applies it: only pages typed listing, product or
documentation are turned away).

Cross-validation by site (the five folds of bench/wcxb.py): fitted and thresholded on four folds,
counted on the fifth, for every fold; those held-out figures are the ones to quote. Then the model
fitted on all pages is printed as the C of pagetype.c (weights, bias) and the threshold
(CWI_NOT_NEWS_MIN in extract.h). The data is read from ../shared at run time and never copied.
"""
import argparse
import collections
import concurrent.futures
import gzip
import json
import math
import os
import subprocess
import sys
import zlib
from urllib.parse import urlsplit

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, '..', 'shared', 'data', 'wcxb_dev')
TYPES = ['article', 'forum', 'product', 'collection', 'listing', 'documentation', 'service']
NEWS = {'article', 'forum'}
TURNED = {'listing', 'product', 'documentation'}  # the page types ingest may turn away


def fold_of(url, k=5):
    host = (urlsplit(url or '').hostname or url or '').lower()
    if host.startswith('www.'):
        host = host[4:]
    return zlib.crc32(host.encode()) % k


def extract(build, pid):
    with gzip.open(os.path.join(DATA, 'html', pid + '.html.gz')) as f:
        html = f.read()
    env = dict(os.environ, CROSSWIRE_EXTRACT_FEATURES='1')
    p = subprocess.run([os.path.join(build, 'crosswire'), 'extract', '-', '--json'], input=html,
                       capture_output=True, env=env, check=False)
    try:
        r = json.loads(p.stdout)
    except ValueError:
        r = {}
    feats = [l.split()[1:] for l in p.stderr.decode(errors='replace').splitlines() if l.startswith('features ')]
    return r, [float(x) for x in feats[-1]] if feats else None


def fit(X, y):
    mu, sd = X.mean(0), X.std(0) + 1e-9
    m = LogisticRegression(C=0.3, max_iter=5000, class_weight='balanced').fit((X - mu) / sd, y)
    w = m.coef_[0] / sd
    return w, float(m.intercept_[0] - np.sum(m.coef_[0] * mu / sd))


def prob(w, b, X):
    return 1 / (1 + np.exp(-(X @ w + b)))


def threshold(p, typed, is_article, max_loss):
    """The lowest threshold that turns away at most max_loss of the articles (typed ones only count)."""
    n = int(is_article.sum())
    cand = sorted(p[is_article & typed], reverse=True)
    allowed = int(math.floor(max_loss * n))
    return float(cand[allowed]) if allowed < len(cand) else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(ROOT, 'build'))
    ap.add_argument('--max-loss', type=float, default=0.005)
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(DATA, 'html')):
        print(f'wcxb_news: skipped: {DATA} is absent')
        return 77
    gold = json.load(open(os.path.join(DATA, 'ground-truth.json'), encoding='utf-8'))
    ids = sorted(gold)
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        got = dict(zip(ids, ex.map(lambda pid: extract(a.build, pid), ids)))
    ids = [p for p in ids if got[p][1] is not None]  # pages the HTML path classified
    print(f'{len(ids)}/{len(gold)} pages classified')
    X = np.array([got[p][1] for p in ids])
    y = np.array([gold[p]['page_type'] not in NEWS for p in ids])
    typed = np.array([got[p][0].get('page_type') in TURNED for p in ids])
    art = np.array([gold[p]['page_type'] == 'article' for p in ids])
    fold = np.array([fold_of(gold[p].get('url') or p) for p in ids])

    def count(label, away):
        n = collections.Counter(gold[p]['page_type'] for p in ids)
        c = collections.Counter(gold[p]['page_type'] for p, t in zip(ids, away) if t)
        lst = n['listing'] + n['collection']
        stored = lst - c['listing'] - c['collection']
        print(f'{label}: listing and collection pages stored {stored}/{lst} = {stored / lst:.3f}; articles turned '
              f'away {c["article"]}/{n["article"]} = {c["article"] / n["article"]:.4f}; turned away: '
              + ', '.join(f'{t} {c[t]}/{n[t]}' for t in TYPES))

    away = np.zeros(len(ids), bool)
    thrs = []
    for k in range(5):
        tr, te = fold != k, fold == k
        w, b = fit(X[tr], y[tr])
        t = threshold(prob(w, b, X[tr]), typed[tr], art[tr], a.max_loss)
        thrs.append(round(t, 3))
        away[te] = typed[te] & (prob(w, b, X[te]) > t)
    count(f'five-fold cross-validation by site (threshold per fold {thrs})', away)
    w, b = fit(X, y)
    t = threshold(prob(w, b, X), typed, art, a.max_loss)
    count(f'fitted on all pages (threshold {t:.3f}; in-sample)', typed & (prob(w, b, X) > t))
    print('weights: {' + ', '.join(f'{v:.6g}f' for v in w) + '}')
    print(f'bias: {b:.6g}; threshold (CWI_NOT_NEWS_MIN): {t:.4f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
