"""The Dask backfill against a real scheduler and two worker processes on
127.0.0.1: a few thousand invented articles (JSON Lines cut into many parts,
a folder of HTML pages, repeated records), one worker killed while the parts
are being prepared, and the store compared with a single-process ingest of
the same inputs: every article once, the same stories and the same relations."""
import collections
import json
import os
import signal
import subprocess
import sys
import time

import pytest

import articles
import crosswire
import crosswire.dask

distributed = pytest.importorskip("distributed", reason="Dask distributed is not installed (python3-distributed)")

PKG = os.path.dirname(os.path.dirname(os.path.abspath(crosswire.__file__)))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two workers (no nannies: a killed worker stays dead)."""
    tmp = tmp_path_factory.mktemp("cluster")
    sched_file = str(tmp / "scheduler.json")
    env = dict(os.environ, PYTHONPATH=PKG + os.pathsep + os.environ.get("PYTHONPATH", ""),
               CROSSWIRE_LIBRARY=crosswire.library_path())
    logs = []

    def start(args, name):
        log = open(tmp / f"{name}.log", "w")
        logs.append(log)
        return subprocess.Popen([sys.executable, "-m"] + args, env=env, stdout=log, stderr=subprocess.STDOUT,
                                cwd=str(tmp))

    procs = [start(["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                    "--scheduler-file", sched_file], "scheduler")]
    try:
        for _ in range(600):  # the scheduler writes its file when it listens
            if os.path.exists(sched_file) and os.path.getsize(sched_file) > 0:
                break
            assert procs[0].poll() is None, (tmp / "scheduler.log").read_text()
            time.sleep(0.1)
        workers = [start(["distributed.cli.dask_worker", "--scheduler-file", sched_file, "--nthreads", "1",
                          "--no-nanny", "--no-dashboard", "--host", "127.0.0.1", "--name", f"w{i}"], f"worker{i}")
                   for i in (1, 2)]
        procs += workers
        client = distributed.Client(scheduler_file=sched_file, timeout=60)
        client.wait_for_workers(2, timeout=120)
        yield client, workers, sched_file, tmp
        client.close()
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        for log in logs:
            log.close()


def write_inputs(folder, n=3000):
    """Three JSON Lines files, a folder of HTML pages and a nameless record."""
    recs = articles.corpus(n, seed=23)
    folder.mkdir()
    third = len(recs) // 3
    for k in range(3):
        with open(folder / f"feed{k}.jsonl", "w") as f:
            for r in recs[k * third:(k + 1) * third if k < 2 else len(recs)]:
                f.write(json.dumps(r) + "\n")
            if k == 1:
                f.write(json.dumps(recs[5]) + "\n")  # a repeat: stored once
                f.write('{"title": "nameless", "text": "A record without a name is named by its place."}\n')
                f.write('{"name": "broken", "text": \n')  # refused with its line number
    pages = folder / "pages"
    pages.mkdir()
    for r in recs[:40]:  # pages of the same articles: exact copies of stored text under page names
        (pages / f"{r['name']}.html").write_text(articles.page(r["title"], r["text"], r["outlet"]))
    (pages / "notes.md").write_text("# not an article: passed over")
    return [str(folder / "pages"), str(folder / "feed0.jsonl"), str(folder / "feed1.jsonl"),
            str(folder / "feed2.jsonl")]


def relations(store):
    out = set()
    for a in store.articles():
        for r in store.related(a["name"])["related"]:
            out.add((a["name"], r["name"], r["kind"], round(r["score"], 6), len(r["evidence"])))
    return out


def bcubed(stories_a, stories_b):
    """B-cubed F1 of clustering a against clustering b (lists of name lists)."""
    ca = {n: i for i, s in enumerate(stories_a) for n in s}
    cb = {n: i for i, s in enumerate(stories_b) for n in s}
    members_a = collections.defaultdict(set)
    members_b = collections.defaultdict(set)
    for n, i in ca.items():
        members_a[i].add(n)
    for n, i in cb.items():
        members_b[i].add(n)
    p = r = 0.0
    for n in ca:
        both = len(members_a[ca[n]] & members_b[cb[n]])
        p += both / len(members_a[ca[n]])
        r += both / len(members_b[cb[n]])
    p, r = p / len(ca), r / len(ca)
    return 2 * p * r / (p + r)


def test_backfill_survives_a_killed_worker(cluster, tmp_path):
    client, workers, _, _ = cluster
    inputs = write_inputs(tmp_path / "in")
    killed = []

    def on_part(res):
        # After the second part arrives, the first worker dies without warning
        # while the rest are queued or running.
        if len(killed) == 0 and res["index"] >= 0:
            on_part.seen = getattr(on_part, "seen", 0) + 1
            if on_part.seen == 2:
                workers[0].send_signal(signal.SIGKILL)
                workers[0].wait()
                killed.append(on_part.seen)

    rep = crosswire.dask.backfill(client, inputs, str(tmp_path / "dask.db"), part_mb=0.12, on_part=on_part)
    assert killed and rep.parts > 20, "the worker was killed with parts still to prepare"
    assert len(client.scheduler_info()["workers"]) == 1

    with crosswire.Store(tmp_path / "single.db") as single:
        want = single.ingest(inputs, errors="report")
        want_articles, want_stories, want_rel = single.articles(), single.stories(), relations(single)
    with crosswire.Store(tmp_path / "dask.db") as got:
        got_articles, got_stories, got_rel = got.articles(), got.stories(), relations(got)

    names = [a["name"] for a in got_articles]
    assert len(names) == len(set(names)) == want.added == rep.added
    assert sorted(names) == sorted(a["name"] for a in want_articles)
    assert rep.duplicates == want.duplicates == 41
    assert any(n.endswith("feed1.jsonl:1002") for n in names)  # the nameless record, named by its line
    assert rep.errors == want.errors and len(rep.errors) == 1 and "feed1.jsonl:1003" in rep.errors[0]
    assert bcubed([s["articles"] for s in got_stories], [s["articles"] for s in want_stories]) >= 0.99
    assert got_stories == want_stories
    assert got_rel == want_rel and len(want_rel) > 1000
    assert got_articles == want_articles


def test_command_line(cluster, tmp_path):
    _, _, sched_file, _ = cluster
    inputs = write_inputs(tmp_path / "in", n=300)
    env = dict(os.environ, PYTHONPATH=PKG, CROSSWIRE_LIBRARY=crosswire.library_path())
    db = str(tmp_path / "cli.db")
    p = subprocess.run([sys.executable, "-m", "crosswire.dask", sched_file] + inputs + ["--db", db, "--json",
                        "--quiet", "--part-mb", "0.05"], capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 1, p.stderr  # the broken line is refused, the rest stored
    assert "feed1.jsonl:" in p.stderr and "invalid JSON" in p.stderr
    rep = json.loads(p.stdout)
    assert rep["added"] == 301 and rep["parts"] > 3 and rep["workers"]
    assert not os.path.exists(db + ".parts")
    cli = os.environ.get("CROSSWIRE_CLI")
    if cli:  # the store is one the crosswire command opens
        out = subprocess.run([cli, "--db", db, "stories", "--json"], capture_output=True, text=True, check=True)
        assert sum(len(json.loads(l)["articles"]) for l in out.stdout.splitlines()) == 301
    bad = subprocess.run([sys.executable, "-m", "crosswire.dask", sched_file, "-", "--db", db],
                         capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2 and "standard input" in bad.stderr
