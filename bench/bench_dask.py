#!/usr/bin/python3
"""bench_dask: the Dask backfill (python3 -m crosswire.dask) with one and with
two workers against the single-process `crosswire ingest`, side by side in one
run, on the scale input of bench_scale.py (made from the dev data in
../shared/data; skipped when it is absent).

For each run: wall clock, articles per second, the ratio to the single
process; for the backfills the peak resident memory of each worker (ru_maxrss
of the worker process, as its tasks report it), the writer's seconds in
cw_ingest_prepared, the workers' summed seconds in cw_prepare; and the B-cubed
agreement of each backfill's stories with the single process's (and whether
articles, stories and relations are identical). Last, a projection from the
measured per-article costs of what 16 workers take for 100 million articles.

usage: /usr/bin/python3 bench/bench_dask.py [--size 100000] [--keep DIR] [--part-mb 8] [--repeat N]
       [--own-sessions]
"""
import argparse
import collections
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [os.path.join(ROOT, 'python'), os.path.join(ROOT, 'bench')]
os.environ.setdefault('CROSSWIRE_LIBRARY', os.path.join(ROOT, 'build', 'libcrosswire.so'))


def bcubed(a, b):
    """B-cubed F1 of story assignment a against b (dicts name -> story)."""
    ma, mb = collections.defaultdict(set), collections.defaultdict(set)
    for n, s in a.items():
        ma[s].add(n)
    for n, s in b.items():
        mb[s].add(n)
    p = r = 0.0
    for n in a:
        both = len(ma[a[n]] & mb[b.get(n)])
        p += both / len(ma[a[n]])
        r += both / len(mb[b[n]]) if n in b else 0
    p, r = p / len(a), r / len(a)
    return 2 * p * r / (p + r) if p + r else 0.0


def start_cluster(tmp, n_workers, own_sessions=False):
    """A scheduler and n_workers worker processes on 127.0.0.1. With
    own_sessions each is started in a session of its own, as a user starting
    `dask scheduler` and `dask worker` from terminals does: under the kernel's
    autogroup scheduling (sched_autogroup_enabled) the processes of one
    session share one group's share of a busy machine, so without it the
    workers and the writer split the share that the single process has alone."""
    sched = os.path.join(tmp, f'sched{n_workers}.json')
    if os.path.exists(sched):
        os.unlink(sched)
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, 'python'))
    procs = [subprocess.Popen([sys.executable, '-m', 'distributed.cli.dask_scheduler', '--host', '127.0.0.1', '--port',
                               '0', '--no-dashboard', '--scheduler-file', sched], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=own_sessions)]
    while not (os.path.exists(sched) and os.path.getsize(sched)):
        time.sleep(0.1)
    for i in range(n_workers):
        procs.append(subprocess.Popen([sys.executable, '-m', 'distributed.cli.dask_worker', '--scheduler-file', sched,
                                       '--nthreads', '1', '--no-nanny', '--no-dashboard', '--host', '127.0.0.1',
                                       '--memory-limit', '0'], env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, start_new_session=own_sessions))
    return sched, procs


def stop(procs):
    for p in reversed(procs):
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()


def relations(db):
    """Every relation of the store, by article names: (a, b, kind, score, evidence)."""
    con = sqlite3.connect(f'file:{db}?mode=ro', uri=True)
    try:
        return sorted(con.execute('SELECT x.name, y.name, r.kind, r.score, r.evidence FROM relations r '
                                  'JOIN articles x ON x.id = r.a JOIN articles y ON y.id = r.b'))
    finally:
        con.close()


def fresh(db):
    for f in (db, db + '-wal', db + '-shm'):
        if os.path.exists(f):
            os.unlink(f)


def run_once(args, feed, tmp, crosswire, distributed):
    """The single process, then the backfill with one and with two workers:
    the rows of the table, the single process's CPU seconds, the last
    backfill's report."""
    rows = []
    # The single process: the command, as a user runs it.
    db = os.path.join(tmp, 'single.db')
    fresh(db)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    subprocess.run([args.cw, '--db', db, 'ingest', feed], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    single_s = time.time() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = ru.ru_maxrss / 1024
    single_cpu = ru.ru_utime + ru.ru_stime - before.ru_utime - before.ru_stime
    with crosswire.Store(db) as s:
        single = {a['name']: a['story'] for a in s.articles()}
    single_rel = relations(db)
    rows.append(('single process', single_s, f'{peak:.0f} (the process)', f'{single_s:.1f} ({single_cpu:.1f})', '', 1.0, ''))

    for n in (1, 2):
        db = os.path.join(tmp, f'dask{n}.db')
        fresh(db)
        sched, procs = start_cluster(tmp, n, args.own_sessions)
        try:
            client = distributed.Client(scheduler_file=sched, timeout=60)
            client.wait_for_workers(n, timeout=120)
            rep = crosswire.dask.backfill(client, [feed], db, part_mb=args.part_mb)
            client.close()
        finally:
            stop(procs)
        with crosswire.Store(db) as s:
            got = {a['name']: a['story'] for a in s.articles()}
        same = got == single and relations(db) == single_rel
        f1 = bcubed(got, single)
        mem = ', '.join(f"{w['peak_rss_mb']:.0f}" for w in rep.workers.values())
        rows.append((f'dask, {n} worker{"s" if n > 1 else ""}', rep.seconds, mem,
                     f'{rep.store_seconds:.1f} ({rep.store_cpu_seconds:.1f})',
                     f'{rep.prepare_seconds:.1f} ({rep.prepare_cpu_seconds:.1f})', f1, 'yes' if same else 'no'))
        last = rep
    return rows, single_cpu, last


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--size', type=int, default=100000)
    ap.add_argument('--keep', default=None)
    ap.add_argument('--part-mb', type=float, default=8.0)
    ap.add_argument('--cw', default=os.path.join(ROOT, 'build', 'crosswire'))
    ap.add_argument('--repeat', type=int, default=1, help='runs of the three, side by side; ratios are medians')
    ap.add_argument('--own-sessions', action='store_true',
                    help='start the scheduler and each worker in a session of its own (see start_cluster)')
    args = ap.parse_args()
    try:
        import distributed
    except ImportError:
        print('bench_dask: skipped: python3-distributed is not installed')
        return 77
    import bench_scale
    import crosswire
    import crosswire.dask
    if not os.path.isdir(bench_scale.DATA):
        print(f'bench_dask: skipped: no dev data under {bench_scale.DATA}')
        return 77
    tmp = args.keep or tempfile.mkdtemp(prefix='bench_dask.')
    os.makedirs(tmp, exist_ok=True)
    feed = os.path.join(tmp, f'scale{args.size}.jsonl')
    if not os.path.exists(feed):
        with open(feed + '.tmp', 'w') as f:
            for art in bench_scale.articles(args.size):
                f.write(json.dumps(art, ensure_ascii=False) + '\n')
        os.replace(feed + '.tmp', feed)
    print(f'input: {args.size:,} articles, {os.path.getsize(feed) / 1e6:.0f} MB, parts of {args.part_mb} MB; '
          f'{os.cpu_count()} cores')

    runs = [run_once(args, feed, tmp, crosswire, distributed) for _ in range(args.repeat)]
    print('| run | seconds | articles/s | x single | peak RSS MB (workers) | writer s (CPU s) | '
          'prepare s (CPU s), summed | B-cubed vs single | same stories and relations |')
    print('| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |')
    for k, (rows, _, _) in enumerate(runs):
        single_s = rows[0][1]
        for name, secs, mem, wr, prep, f1, same in rows:
            tag = f' (run {k + 1})' if args.repeat > 1 else ''
            print(f'| {name}{tag} | {secs:.1f} | {args.size / secs:,.0f} | {secs / single_s:.2f} | {mem} | {wr} | '
                  f'{prep} | {f1:.4f} | {same} |')
    med = statistics.median
    for i, label in ((1, 'one worker'), (2, 'two workers')):
        ratios = [rows[i][1] / rows[0][1] for rows, _, _ in runs]
        print(f'{label}: x single {med(ratios):.2f} (median of {len(ratios)}: '
              f'{", ".join(f"{r:.2f}" for r in ratios)})')
    # From CPU time: on a shared machine the wall clock counts the neighbours.
    single_cpu = med([c for _, c, _ in runs])
    per_store = med([last.store_cpu_seconds for _, _, last in runs]) / args.size
    per_prepare = med([last.prepare_cpu_seconds for _, _, last in runs]) / args.size
    per_single = single_cpu / args.size
    print(f'CPU per article (medians): prepare {per_prepare * 1e3:.3f} ms (on a worker), store {per_store * 1e3:.3f} ms '
          f'(the writer), single-process ingest {per_single * 1e3:.3f} ms; the part that spreads is '
          f'{per_prepare / (per_prepare + per_store):.0%} of the work')
    print(f'bound from CPU time: with workers enough and cores free, the backfill takes at least '
          f'{per_store / per_single:.2f} of the single process (the writer\'s share); two workers on two free cores '
          f'at least {max(per_store, (per_store + per_prepare) / 2) / per_single:.2f}')
    # The projection: the writer is one process whatever the workers; the
    # prepare work divides among them.
    n_proj, w_proj = 100_000_000, 16
    prep_h = per_prepare * n_proj / w_proj / 3600
    store_h = per_store * n_proj / 3600
    print(f'projection, {n_proj:,} articles on {w_proj} workers: prepare {prep_h:.1f} h spread over the workers, '
          f'store {store_h:.1f} h in the one writer; with the two overlapped, about {max(prep_h, store_h):.1f} h '
          f'(the writer bounds it; at this scale per-article costs rise: docs/scale.md)')
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
