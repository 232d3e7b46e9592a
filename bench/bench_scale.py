#!/usr/bin/env python3
"""bench_scale: end-to-end ingest at 10,000 / 100,000 / 1,000,000 articles.

The articles are made from the dev data (../shared/data: ECB+ dev documents
and PolNeAR train/dev texts; never copied into the repository). The dev data
holds about 1,700 documents, far fewer than a million articles, so a story
does not retell one document: its base is eight to fourteen sentences (a run) from each
of two or three documents of one kind (an ECB+ topic, or PolNeAR's politics),
and every sentence it tells is made its own with the story's invented place
name, so that stories are distinct even where they draw on the same
sentences. (The first version based each story on one whole document, which
a million articles reused about 200 times each: most articles were then near
copies of articles of other stories, and relating them was most of the work.)
Story sizes follow a long tail (most stories one to three articles, a few
dozens); within a story about 10% of the articles are wire copies (the base
with a new lede or the last sentences cut), 2% exact copies (same text,
another outlet), and the rest retellings (most of the base sentences in
another order, with two to four sentences of other documents of the kind).

The JSON Lines are written to a file first; the figure is for `crosswire
ingest FILE` alone: articles per second (wall clock, one process), peak
resident memory (ru_maxrss of the process), the peak of its anonymous
memory (RssAnon in /proc, sampled five times a second: what the process
holds, without the pages of the store it reads through a memory map, which
are the kernel's page cache), and the store's size on disk (database + WAL).

usage: bench/bench_scale.py [--sizes 10000,100000,1000000] [--cw build/crosswire] [--keep DIR]
"""
import argparse, glob, json, os, random, re, shutil, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(os.path.dirname(ROOT), 'shared', 'data')

OUTLETS = ['Vell Courier', 'Daily Lantern', 'Northern Ledger', 'Harbour Times', 'Capital Wire', 'Morning Post',
           'Evening Standard', 'River Gazette', 'Valley Herald', 'Coastal News', 'Metro Daily', 'The Observer',
           'Plains Tribune', 'Island Record', 'Border Mail', 'Summit Journal', 'Bay Chronicle', 'Delta Review',
           'Central Dispatch', 'Highland Echo', 'Port Examiner', 'Lake Sentinel', 'Forest Voice', 'Canyon Star',
           'Mesa Press', 'Prairie Bulletin', 'Garden Weekly', 'Granite Monitor', 'Iron Courant', 'Silver Pages']
SYL = ['ka', 'lo', 'ven', 'tor', 'mi', 'sa', 'dru', 'bel', 'ost', 'ra', 'nik', 'qua', 'zel', 'por', 'an', 'the']


def load_docs():
    docs = []
    p = os.path.join(DATA, 'ecbplus_dev.jsonl')
    if os.path.exists(p):
        for line in open(p):
            d = json.loads(line)
            t = d['text'].replace(" ''", '"').replace('`` ', '"').replace(' ,', ',').replace(' .', '.')
            docs.append(('ecb%d' % d['topic'], t))
    for f in sorted(glob.glob(os.path.join(DATA, 'polnear', '*', 'text', '*.txt'))):
        docs.append(('polnear', open(f, encoding='utf-8', errors='replace').read()))
    if not docs:
        sys.exit('bench_scale: no dev data under ' + DATA)
    out = []
    for kind, t in docs:
        sents = [s.strip() for s in re.split(r'(?<=[.!?"])\s+', t) if len(s.strip()) > 20]
        if len(sents) >= 4:
            out.append((kind, sents))
    return out


def place(rng):
    return ''.join(rng.choice(SYL) for _ in range(rng.randint(2, 3))).capitalize()


def story_sizes(rng, n):
    """Long-tailed story sizes summing to n."""
    left = n
    while left > 0:
        r = rng.random()
        k = 1 if r < 0.45 else rng.randint(2, 3) if r < 0.8 else rng.randint(4, 12) if r < 0.97 else rng.randint(13, 60)
        k = min(k, left)
        left -= k
        yield k


def own(s, name, rng):
    """The sentence told about this story's place: its name after the first
    'the', or a lead-in naming it."""
    if ' the ' in s:
        return s.replace(' the ', f' the {name} ', 1)
    return f'In {name}, {s[0].lower()}{s[1:]}' if rng.random() < 0.5 else f'{s} ({name})'


def articles(n, seed=7):
    rng = random.Random(seed)
    docs = load_docs()
    by_kind = {}
    for i, (kind, _) in enumerate(docs):
        by_kind.setdefault(kind, []).append(i)
    i = 0
    for sid, size in enumerate(story_sizes(rng, n)):
        kind = docs[rng.randrange(len(docs))][0]
        name, figure = place(rng), rng.randint(2, 999)
        day = 1 + sid * 365 // max(1, n // 3) % 365
        base = []
        for d in rng.sample(by_kind[kind], min(len(by_kind[kind]), rng.randint(2, 3))):
            sents = docs[d][1]
            k = min(len(sents), rng.randint(8, 14))
            at = rng.randrange(len(sents) - k + 1)
            base += [own(s, name, rng) for s in sents[at:at + k]]
        base[0] = f'{name}: {base[0]}'
        base.append(f'Officials in {name} put the figure at {figure} on day {sid}.')
        title = ' '.join(base[0].split()[:10])
        for k in range(size):
            outlet = OUTLETS[rng.randrange(len(OUTLETS))]
            r = rng.random()
            if k == 0:
                sents = base
            elif r < 0.02:
                sents = base
            elif r < 0.12:
                lede = f'{outlet} reports from {name}.'
                sents = [lede] + base[1:max(3, len(base) - rng.randint(0, 3))]
            else:
                keep = [s for s in base if rng.random() < 0.7] or base[:3]
                rng.shuffle(keep)
                other = docs[rng.choice(by_kind[kind])][1]
                keep += [own(s, name, rng) for s in rng.sample(other, min(len(other), rng.randint(2, 4)))]
                keep.append(f'{outlet} counted {figure + k} people in {name} on day {sid}.')
                sents = keep
            paras, cur = [], []
            for s in sents:
                cur.append(s)
                if len(cur) >= rng.randint(2, 4):
                    paras.append(' '.join(cur))
                    cur = []
            if cur:
                paras.append(' '.join(cur))
            yield {'name': f'a{i}', 'title': title if k == 0 else f'{title} ({outlet})', 'outlet': outlet,
                   'published': '2024-%02d-%02d' % (1 + (day - 1) // 31 % 12, 1 + (day - 1) % 28),
                   'text': '\n'.join(paras)}
            i += 1


def anon_peak(pid, stop, out):
    """Samples RssAnon of pid until stop is set; the largest value (kB) goes to out[0]."""
    while not stop.wait(0.2):
        try:
            with open(f'/proc/{pid}/status') as f:
                for line in f:
                    if line.startswith('RssAnon:'):
                        out[0] = max(out[0], int(line.split()[1]))
        except OSError:
            return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sizes', default='10000,100000,1000000')
    ap.add_argument('--cw', default=os.path.join(ROOT, 'build', 'crosswire'))
    ap.add_argument('--keep', default=None, help='folder for the JSON Lines and stores (default: a temporary one)')
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix='cw_scale_')
    os.makedirs(work, exist_ok=True)
    print(f'{"articles":>10} {"input MB":>9} {"seconds":>8} {"articles/s":>10} {"peak RSS MB":>11} {"anon MB":>8} '
          f'{"store MB":>9} {"stored":>8} {"stories":>8}')
    for n in [int(x) for x in a.sizes.split(',')]:
        src = os.path.join(work, f'scale2_{n}.jsonl')  # 2: the generator of sentences made each story's own
        if not os.path.exists(src):
            with open(src + '.part', 'w') as f:
                for art in articles(n):
                    f.write(json.dumps(art, ensure_ascii=False) + '\n')
            os.rename(src + '.part', src)
        db = os.path.join(work, f'scale2_{n}.db')
        for p in glob.glob(db + '*'):
            os.unlink(p)
        t = time.time()
        p = subprocess.Popen([a.cw, '--db', db, 'ingest', src, '--json'], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
        stop, anon = threading.Event(), [0]
        sampler = threading.Thread(target=anon_peak, args=(p.pid, stop, anon))
        sampler.start()
        out = p.stdout.read()
        stop.set()
        sampler.join()
        _, status, ru = os.wait4(p.pid, 0)
        secs = time.time() - t
        rep = json.loads(out) if out.strip() else {}
        size = sum(os.path.getsize(x) for x in glob.glob(db + '*'))
        stories = subprocess.run([a.cw, '--db', db, 'stories', '--json'], capture_output=True).stdout.count(b'\n')
        print(f'{n:>10} {os.path.getsize(src) / 1e6:>9.1f} {secs:>8.1f} {n / secs:>10.0f} {ru.ru_maxrss / 1024:>11.1f} '
              f'{anon[0] / 1024:>8.1f} {size / 1e6:>9.1f} {rep.get("added", 0):>8} {stories:>8}', flush=True)
    if not a.keep:
        shutil.rmtree(work)


if __name__ == '__main__':
    main()
