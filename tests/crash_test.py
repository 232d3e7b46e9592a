#!/usr/bin/env python3
"""Kills ingest with SIGKILL at random moments, reopens the store, checks its
integrity and that every article is whole or absent, then finishes the
ingest: afterwards every article is stored exactly once."""
import hashlib, json, os, random, signal, sqlite3, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cwtest import *

D = tmpdir()
DB = os.path.join(D, 'crash.db')
N = 8000
rng = random.Random(20261122)
src = os.path.join(D, 'articles.jsonl')
texts = {}
with open(src, 'w') as f:
    for i in range(N):
        title, text = invented_article(rng, i)
        texts[f'a{i:05d}'] = (title, text)
        f.write(json.dumps({'name': f'a{i:05d}', 'title': title, 'text': text}) + '\n')


def check_store():
    con = sqlite3.connect(DB)
    # The full-text index's tokenizer, as the extension the build makes beside the CLI.
    con.enable_load_extension(True)
    con.load_extension(os.path.join(os.path.dirname(os.path.abspath(CW)), 'crosswire_fts'))
    assert con.execute('PRAGMA integrity_check').fetchone()[0] == 'ok'
    if con.execute('PRAGMA user_version').fetchone()[0] == 0:
        # Killed before the schema's first migration committed: nothing at all
        # may be there then, not half a schema.
        assert con.execute('SELECT count(*) FROM sqlite_schema').fetchone()[0] == 0
        con.close()
        return 0
    con.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")
    rows = con.execute('SELECT name, title, text, length(sentences) FROM articles').fetchall()
    nfts = con.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'reference'").fetchone()[0]
    con.close()
    for name, title, text, slen in rows:
        want_title, want_text = texts[name]
        assert title == want_title, name
        # The stored text is the extracted body: every paragraph kept whole.
        assert text.split('\n')[-1] == want_text.split('\n')[-1], name
        assert slen and slen % 8 == 0, name
    assert nfts == len(rows), (nfts, len(rows))
    names = [r[0] for r in rows]
    assert len(names) == len(set(names))
    return len(rows)


@case
def killed_ingest_leaves_a_sound_store():
    kills = 0
    stored = 0
    for attempt in range(12):
        p = subprocess.Popen([CW, '--db', DB, 'ingest', src], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.02, 0.6))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        p.wait()
        n = check_store()
        assert n >= stored, 'articles were lost'
        stored = n
    assert kills >= 3, f'only {kills} ingests were killed mid-way: the machine is too fast for this test'
    r = json.loads(run('ingest', src, '--json', db=DB, check=0).stdout)
    assert r['added'] + r['duplicates'] == N, r
    assert check_store() == N
    print(f'     {kills} kills; {stored} articles stored before the last, uninterrupted run')


finish()
