#!/usr/bin/env python3
"""Search in huge articles, and the API while slow searches run.

Builds a store of the example corpus plus invented articles of ordinary
sentences (1, 4 and 30 MB; words from a small vocabulary, so a two-word query
matches tens of thousands of times in each), then prints:

  1. `crosswire search` of each big article: seconds (median of 3) and the
     snippet's length;
  2. `crosswire serve` (answer cache off, so every request does its work) with
     8 threads searching the big articles without pause, while one client asks
     /api/stories again and again: p50/p99/max of /api/stories, and how many
     searches were answered (200) or stopped by the time limit (503).

With --peer OTHER/crosswire, parts 1 and 2 are run with that binary too (the same
store, for a before/after ratio in one run; only the 1 MB article, since a
quadratic snippet takes minutes on the larger ones).

usage: python3 bench/slow_search.py [BUILD/crosswire] [--seconds 20] [--peer OTHER/crosswire]
Traffic goes to 127.0.0.1 only."""
import argparse, json, os, random, select, shutil, signal, statistics, subprocess, sys, tempfile, threading, time
import urllib.error, urllib.request

ap = argparse.ArgumentParser()
ap.add_argument('cw', nargs='?', default='build/crosswire')
ap.add_argument('--seconds', type=float, default=20)
ap.add_argument('--peer')
ap.add_argument('--sizes', default='1,4,30', help='MB of the big articles')
args = ap.parse_args()
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CW = os.path.abspath(args.cw)
TMP = tempfile.mkdtemp(prefix='cwslow_')
WORDS = ('harbour council river bridge mayor vote flood minister budget school rail strike ceasefire talks '
         'village storm farmers prices election court ruling hospital report police festival museum moscow').split()


def big_article(mb, seed):
    r = random.Random(seed)
    sents, n = [], 0
    while n < mb * 1_000_000:
        s = ' '.join(r.choice(WORDS) for _ in range(15)).capitalize() + '.'
        sents.append(s)
        n += len(s) + 1
    return '\n'.join(' '.join(sents[i:i + 6]) for i in range(0, len(sents), 6))


def serve_load(binary, db):
    """/api/stories alone, then beside 8 searching threads, on one server."""
    env = dict(os.environ, CROSSWIRE_SERVE_NOCACHE='1')
    srv = subprocess.Popen([binary, '--db', db, 'serve', '--port', '0'], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=env)
    ready, _, _ = select.select([srv.stdout], [], [], 30)
    line = srv.stdout.readline().decode() if ready else ''
    port = int(line.rsplit(':', 1)[1].strip().rstrip('/'))
    base = f'http://127.0.0.1:{port}'
    stop = time.time() + 3 * args.seconds
    codes = {}
    lock = threading.Lock()

    def searcher(k):
        r = random.Random(k)
        while time.time() < stop:
            q = '+'.join(r.sample(WORDS, 2))
            try:
                with urllib.request.urlopen(f'{base}/api/search?q={q}&limit=200', timeout=60) as resp:
                    resp.read()
                    c = resp.status
            except urllib.error.HTTPError as e:
                c = e.code
            except Exception:
                c = 'error'
            with lock:
                codes[c] = codes.get(c, 0) + 1

    def stories_until(end):
        lat, errors = [], 0
        while time.time() < end:
            t = time.time()
            try:
                with urllib.request.urlopen(f'{base}/api/stories', timeout=60) as resp:
                    resp.read()
            except Exception:
                errors += 1
            lat.append((time.time() - t) * 1000)
        lat.sort()
        p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
        return (f'{len(lat)} requests, {errors} errors, p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, '
                f'max {lat[-1]:.1f} ms')

    # the same server alone first: the machine's own pace in this run
    alone = stories_until(time.time() + args.seconds / 2)
    stop = time.time() + args.seconds
    threads = [threading.Thread(target=searcher, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    time.sleep(0.5)
    busy = stories_until(stop)
    for th in threads:
        th.join()
    srv.send_signal(signal.SIGTERM)
    srv.wait(timeout=20)
    return alone, busy, codes


def main():
    db = os.path.join(TMP, 'slow.db')
    subprocess.run([CW, '--db', db, 'ingest', os.path.join(ROOT, 'examples', 'corpus')], check=True,
                   capture_output=True)
    sizes = [float(x) for x in args.sizes.split(',')]
    src = os.path.join(TMP, 'big.jsonl')
    with open(src, 'w') as f:
        # a short first line: JSON Lines are recognised by a first line that is an object within 64 KiB
        f.write(json.dumps({'name': 'note', 'title': 'A short invented note',
                            'text': 'The harbour council met on Monday and the mayor spoke about the bridge.'}) + '\n')
        for i, mb in enumerate(sizes):
            f.write(json.dumps({'name': f'big{mb:g}mb', 'title': f'An invented report of {mb:g} MB',
                                'text': big_article(mb, i)}) + '\n')
    t = time.time()
    p = subprocess.run([CW, '--db', db, 'ingest', src], capture_output=True)
    if p.returncode:
        sys.exit(f'ingest failed: {p.stderr.decode(errors="replace")[:500]}')
    print(f'store: example corpus + articles of {", ".join(f"{m:g}" for m in sizes)} MB (ingest {time.time() - t:.1f} s)')

    print('\n1. crosswire search "moscow talks" (each big article matches both words thousands of times)')
    times = []
    for _ in range(3):
        t = time.time()
        p = subprocess.run([CW, '--db', db, 'search', 'moscow', 'talks', '--json', '--limit', '10'],
                           capture_output=True, timeout=3600)
        times.append(time.time() - t)
    hits = [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]
    print(f'   all articles: {statistics.median(times):.3f} s (median of 3), {len(hits)} hits, longest snippet '
          f'{max((len(h["snippet"]) for h in hits), default=0)} bytes')
    if args.peer:
        # the 1 MB article alone, in a store of its own, by both binaries
        one = os.path.join(TMP, 'one.jsonl')
        with open(one, 'w') as f:
            f.write(json.dumps({'name': 'note', 'title': 'A short invented note', 'text': 'The mayor spoke.'}) + '\n')
            f.write(json.dumps({'name': 'big1mb', 'title': 'An invented report', 'text': big_article(1, 0)}) + '\n')
        for label, binary in (('this build', CW), ('peer', os.path.abspath(args.peer))):
            d1 = os.path.join(TMP, label.replace(' ', '') + '.db')
            subprocess.run([binary, '--db', d1, 'ingest', one], capture_output=True)
            t = time.time()
            subprocess.run([binary, '--db', d1, 'search', 'moscow', 'talks'], capture_output=True, timeout=3600)
            print(f'   the 1 MB article alone, {label}: {time.time() - t:.3f} s')

    print(f'\n2. crosswire serve: /api/stories while 8 threads search the big articles for {args.seconds:g} s')
    runs = [('this build', CW)]
    if args.peer:
        runs.insert(0, ('peer', os.path.abspath(args.peer)))
    for label, binary in runs:
        alone, busy, codes = serve_load(binary, db)
        print(f'   {label}:')
        print(f'     /api/stories alone:                {alone}')
        print(f'     /api/stories beside 8 searches:    {busy}')
        print(f'     searches answered: {dict(sorted(codes.items(), key=str))}')
    shutil.rmtree(TMP, ignore_errors=True)


main()
