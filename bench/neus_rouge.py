#!/usr/bin/python3
"""ROUGE of crosswire's story summaries on NeuS, side by side with two baselines.

usage: bench/neus_rouge.py [--crosswire build/crosswire] [--split val] [--limit N]

Each NeuS cluster holds three articles (title and lead, separated by [SEP]) and an
editors' neutral summary ("TITLE=> ... ARTICLE=> ..."). For every cluster, in the
same run, five summaries of the reference's length in words are made:

  lead       the first sentences of the articles, taken in turn (first of each,
             then second of each, ...)
  lexrank    LexRank (Erkan and Radev 2004): TF-IDF cosine graph over the
             cluster's sentences (threshold 0.1), PageRank with damping 0.85,
             sentences by score
  lexrank+t  LexRank with the articles' headlines among its sentences (a peer
             for cw+head, which may open with a headline)
  crosswire  the `summary` of `crosswire brief - --json --words N` on the
             cluster as {"articles": [...]}
  cw+head    its `headline` (one of the articles' own, the one closest to the
             other sources) followed by the summary, both within N words (what
             a reader of the brief meets first)

Every summary is cut to the reference's length in words, and the reference's
TITLE=>/ARTICLE=> markers are dropped (the words stay). Scored by
../shared/tools/rouge.py (ROUGE-1/2/L F1). Beside the scores, "repeats" is the
share of clusters whose summary holds two sentences (headline excluded;
sentences split at end marks, not after abbreviations such as "U.S." or "Sen.") that share at least half
of the content words (not English stop words) of the shorter one: a summary
that says one thing twice. The data are read where they are and
never copied; the summaries go to a temporary folder.
"""
import argparse, json, os, re, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), 'shared')

SENT = re.compile(r'(?<=[.!?])["\u201d\u2019)]?\s+(?=["\u201c\u2018(]?[A-Z0-9])')


def parse_article(s):
    s = s.strip()
    m = re.match(r'TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)$', s, re.S)
    if not m:
        return '', s
    return m.group(1).strip(), m.group(2).strip()


def reference_text(s):
    return re.sub(r'\s+', ' ', s.replace('TITLE=>', ' ').replace('ARTICLE=>', ' ')).strip()


# A period after these ends no sentence ("U.S. troops", "Sen. Sanders", "Nike Inc. said").
ABBREV = re.compile(r'(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Prof|Rev|St|Mt|Ft|Inc|Corp|Co|Ltd|'
                    r'Jr|Sr|No|vs|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Calif|Fla|Ill|Mass|Mich|Pa|Va|Wash)\.'
                    r'|\b(?:[A-Z]\.)+)["\u201d\u2019)]?$')


def sentences(text):
    parts = [x.strip() for x in SENT.split(text) if x.strip()]
    out = []
    for x in parts:
        if out and ABBREV.search(out[-1]):
            out[-1] += ' ' + x
        else:
            out.append(x)
    return out


def cut(text, n):
    return ' '.join(text.split()[:n])


def lead(arts, n):
    sents = [sentences(body) for _, body in arts]
    out, k = [], 0
    while sum(len(s.split()) for s in out) < n and any(k < len(s) for s in sents):
        for s in sents:
            if k < len(s):
                out.append(s[k])
        k += 1
    return cut(' '.join(out), n)


def lexrank(arts, n, threshold=0.1, damping=0.85, titles=False):
    sents = [s for t, body in arts for s in ([t] if titles and t else []) + sentences(body)]
    if not sents:
        return ''
    try:
        m = TfidfVectorizer(lowercase=True, stop_words='english').fit_transform(sents)
    except ValueError:  # only stop words
        return cut(' '.join(sents), n)
    sim = (m @ m.T).toarray()
    adj = (sim >= threshold).astype(float)
    deg = adj.sum(axis=1, keepdims=True)
    deg[deg == 0] = 1
    p = adj / deg
    k = len(sents)
    r = np.ones(k) / k
    for _ in range(100):
        r2 = (1 - damping) / k + damping * p.T @ r
        if np.abs(r2 - r).sum() < 1e-8:
            break
        r = r2
    order = np.argsort(-r, kind='stable')
    out, words = [], 0
    for i in order:
        if words >= n:
            break
        out.append(sents[i])
        words += len(sents[i].split())
    return cut(' '.join(out), n)


def run_brief(cw, arts, n):
    doc = {'articles': [{'name': f'a{i}', 'title': t, 'text': b} for i, (t, b) in enumerate(arts)]}
    p = subprocess.run([cw, 'brief', '-', '--json', '--words', str(max(1, n))], input=json.dumps(doc).encode(),
                       capture_output=True, timeout=60)
    if p.returncode != 0:
        raise SystemExit(f'crosswire brief failed: {p.stderr.decode(errors="replace")}')
    return json.loads(p.stdout)


def crosswire(cw, arts, n):
    """(headline and summary, summary alone) at n words: `brief --words n` counts the headline's
    words in n; the summary alone is asked again with the headline's words added, so that both
    rows fill n words."""
    out = run_brief(cw, arts, n)
    head = (out.get('headline') or {}).get('text', '')
    hw = len(head.split())
    both = cut(' '.join([head] + [s['text'] for s in out['summary']]), n)
    alone = out if not hw else run_brief(cw, arts, n + hw)
    return both, cut(' '.join(s['text'] for s in alone['summary']), n), cut(' '.join(s['text'] for s in out['summary']), max(1, n - hw))


def content_words(sentence):
    return {w for w in re.findall(r"[a-z0-9]+", sentence.lower()) if w not in ENGLISH_STOP_WORDS}


def repeats(summary):
    """Whether two sentences of the summary share half the content words of the shorter."""
    sets = [c for c in (content_words(x) for x in sentences(summary)) if c]
    return any(len(a & b) * 2 >= min(len(a), len(b)) for i, a in enumerate(sets) for b in sets[i + 1:])


def score(refs_path, sys_path):
    p = subprocess.run([sys.executable, os.path.join(SHARED, 'tools', 'rouge.py'), refs_path, sys_path],
                       capture_output=True, text=True, check=True)
    last = p.stdout.strip().splitlines()[-1].split()
    return float(last[1]), float(last[3]), float(last[5])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--crosswire', default=os.path.join(ROOT, 'build', 'crosswire'))
    ap.add_argument('--split', default='val', help='val (for measuring) or train (for choosing weights)')
    ap.add_argument('--limit', type=int, default=0, help='only the first N clusters')
    a = ap.parse_args()
    src = os.path.join(SHARED, 'data', 'neus', a.split + '.source')
    tgt = os.path.join(SHARED, 'data', 'neus', a.split + '.target')
    if not os.path.exists(src):
        print(f'skipped: {src} is absent')
        return 0
    sources = open(src, encoding='utf-8').read().splitlines()
    targets = open(tgt, encoding='utf-8').read().splitlines()
    assert len(sources) == len(targets)
    if a.limit:
        sources, targets = sources[:a.limit], targets[:a.limit]
    names = ['lead', 'lexrank', 'lexrank+t', 'crosswire', 'cw+head']
    systems = {k: [] for k in names}
    bodies = {k: [] for k in names}  # the summary sentences, for repeats (a headline is not one)
    refs, lens, clusters = [], [], []
    for line, target in zip(sources, targets):
        arts = [parse_article(x) for x in line.split('[SEP]') if x.strip()]
        ref = reference_text(target)
        refs.append(ref)
        lens.append(len(ref.split()))
        clusters.append(arts)
    with ThreadPoolExecutor(2) as ex:
        cw = list(ex.map(lambda k: crosswire(a.crosswire, clusters[k], lens[k]), range(len(refs))))
    for arts, n, (both, alone, body) in zip(clusters, lens, cw):
        for k, v in (('lead', lead(arts, n)), ('lexrank', lexrank(arts, n)),
                     ('lexrank+t', lexrank(arts, n, titles=True)), ('crosswire', alone)):
            systems[k].append(v)
            bodies[k].append(v)
        systems['cw+head'].append(both)
        bodies['cw+head'].append(body)
    with tempfile.TemporaryDirectory() as d:
        rp = os.path.join(d, 'refs.txt')
        open(rp, 'w', encoding='utf-8').write('\n'.join(refs) + '\n')
        print(f'NeuS {a.split}: {len(refs)} clusters, summaries at the reference length '
              f'(mean {sum(lens) / len(lens):.1f} words), ROUGE F1 x100 (shared/tools/rouge.py)')
        print(f'{"system":<10} {"ROUGE-1":>8} {"ROUGE-2":>8} {"ROUGE-L":>8} {"repeats":>8}')
        for name, outs in systems.items():
            sp = os.path.join(d, name + '.txt')
            open(sp, 'w', encoding='utf-8').write('\n'.join(o.replace('\n', ' ') for o in outs) + '\n')
            r1, r2, rl = score(rp, sp)
            rep = 100 * sum(map(repeats, bodies[name])) / len(outs)
            print(f'{name:<10} {r1:8.2f} {r2:8.2f} {rl:8.2f} {rep:7.1f}%')
    return 0


if __name__ == '__main__':
    sys.exit(main())
