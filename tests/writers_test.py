#!/usr/bin/env python3
"""Two writers into one store: neither fails while the other holds the write
lock, and each relates its articles to what the other stored meanwhile.

- A writer that keeps the write lock for more than the busy timeout (10 s),
  batch after batch, no longer makes a second ingest fail with "database is
  locked": the second waits for as long as the first keeps committing.
- An engine that built its story state before another process stored an
  article builds it again: a near copy of that article, ingested later
  through the first engine, is found to be its duplicate and joins its story
  (it was put in a story of its own, as if the other article did not exist).
  The order of events is fixed by the test (one engine held open through the
  Python binding, the other writer a CLI run that ends), not by timing."""
import json, os, random, sqlite3, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cwtest import *

D = tmpdir()
LIB = os.path.join(os.path.dirname(CW), 'libcrosswire.so')


def stored(db):
    """Articles committed to db so far (0 while it has no schema)."""
    try:
        con = sqlite3.connect(f'file:{db}?mode=ro', uri=True, timeout=30)
        try:
            return con.execute('SELECT count(*) FROM articles').fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def write_jsonl(path, recs):
    with open(path, 'w') as f:
        for r in recs:
            f.write(json.dumps(r) + '\n')


@case
def a_second_writer_waits_for_a_long_ingest_rather_than_failing():
    rng = random.Random(18)
    recs = []
    for i in range(5200):
        title, text = invented_article(rng, i)
        recs.append({'name': f'w{i:05d}', 'title': title, 'text': text})
    a, b = os.path.join(D, 'a.jsonl'), os.path.join(D, 'b.jsonl')
    write_jsonl(a, recs[:200])
    write_jsonl(b, recs[200:])
    db = os.path.join(D, 'long.db')
    # b holds the lock for a batch of 256 at a time, taking it again at once
    # after each commit, for longer than 10 s in all on this machine; a starts
    # once b's first batch is in, and must wait, then store its articles
    pb = subprocess.Popen([CW, '--db', db, 'ingest', b], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while pb.poll() is None and stored(db) == 0:
        time.sleep(0.05)
    pa = subprocess.Popen([CW, '--db', db, 'ingest', a], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    outs = [p.communicate(timeout=600) for p in (pa, pb)]
    assert pa.returncode == 0, outs[0][1].decode(errors='replace')
    assert pb.returncode == 0, outs[1][1].decode(errors='replace')
    names = [x['name'] for x in jsonl(run('articles', '--json', db=db, check=0).stdout)]
    assert len(names) == len(set(names)) == len(recs), len(names)


ORIGINAL = {
    'name': 'ferry-original', 'title': 'Ferry Marisol runs aground off Tavrin in a storm',
    'outlet': 'Tavrin Gazette', 'published': '2026-02-11',
    'text': ('The passenger ferry Marisol ran aground on a sandbank off the port of Tavrin early on Wednesday '
             'during a storm, the coastguard said. All 214 passengers and 19 crew were taken off by lifeboats '
             'and a tug before noon, and four people were treated for cold.\n'
             'Captain Ilse Varga told the harbour office that the engines failed as the ferry turned into the '
             'channel. Salvage crews will try to refloat the Marisol at the next high tide on Thursday.\n'
             'The ferry company Nordlys Lines said it had cancelled its crossings to Ostrand until Friday and '
             'would refund every ticket. The regional transport board opened an inquiry into the failure.'),
}
COPY = dict(ORIGINAL, name='ferry-copy', outlet='Coast Wire',
            text=ORIGINAL['text'].replace('early on Wednesday', 'on Wednesday morning')
            + '\nA spokesman for the coastguard said the sea was calm again by the evening.')


def unrelated(i):
    rng = random.Random(1000 + i)
    title, text = invented_article(rng, 90000 + i)
    return {'name': f'filler-{i}', 'title': title, 'text': text}


@case
def an_engine_sees_what_another_writer_stored_since_it_was_built():
    env_lib = os.environ.get('CROSSWIRE_LIBRARY')
    os.environ['CROSSWIRE_LIBRARY'] = LIB
    sys.path.insert(0, os.path.join(ROOT, 'python'))
    try:
        import crosswire
    finally:
        if env_lib is None:
            del os.environ['CROSSWIRE_LIBRARY']
    db = os.path.join(D, 'turns.db')
    with crosswire.Store(db) as s:
        s.ingest([unrelated(i) for i in range(6)])  # the engine's story state is built now
        other = os.path.join(D, 'original.jsonl')
        write_jsonl(other, [ORIGINAL])
        run('ingest', other, db=db, check=0)        # another process stores the original
        s.ingest([COPY])                             # then this engine stores its near copy
    stories = {x['name']: x['story'] for x in jsonl(run('articles', '--json', db=db, check=0).stdout)}
    assert stories['ferry-copy'] == stories['ferry-original'], stories
    rel = run('related', 'ferry-copy', '--json', db=db, check=0).stdout.decode()
    assert 'ferry-original' in rel, rel[:500]


finish()
