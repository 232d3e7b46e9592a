#!/usr/bin/env python3
"""The tool under misuse, as a careless user or an attacker would try it:
read commands on a store that is not there, bad API arguments, a search in a
huge article, two ingests racing into a new store, broken gzip, feeds that
declare entities, WARC records whose lengths lie, stray bytes in text. Every
input is invented here.

Run by ctest as: python3 safety_test.py BUILD/crosswire PROJECT_ROOT"""
import concurrent.futures, gzip, json, os, random, select, signal, subprocess, sys, time, urllib.error
import urllib.request
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cwtest import *

D = tmpdir()
rng = random.Random(181818)


def jsonl_file(path, first, n, seed):
    r = random.Random(seed)
    with open(path, 'w') as f:
        for i in range(first, first + n):
            title, text = invented_article(r, i)
            f.write(json.dumps({'name': f'n{i:05d}', 'title': title, 'text': text}) + '\n')
    return path


def small_store(name='small.db', n=30):
    db = os.path.join(D, name)
    if not os.path.exists(db):
        run('ingest', jsonl_file(os.path.join(D, name + '.jsonl'), 0, n, 7), db=db, check=0)
    return db


class Server:
    def __init__(self, db, *extra):
        self.p = subprocess.Popen([CW, '--db', db, 'serve', '--port', '0', *extra], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        ready, _, _ = select.select([self.p.stdout], [], [], 30)
        line = self.p.stdout.readline().decode() if ready else ''
        if not line.startswith('serving http://127.0.0.1:'):
            self.p.kill()
            raise AssertionError(f'server did not start: {line!r} {self.p.stderr.read().decode(errors="replace")}')
        self.port = int(line.rsplit(':', 1)[1].strip().rstrip('/'))

    def get(self, path, timeout=60):
        try:
            with urllib.request.urlopen(f'http://127.0.0.1:{self.port}{path}', timeout=timeout) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.p.kill()


# ---- read commands never create a store ----

@case
def read_commands_refuse_a_store_that_is_not_there():
    db = os.path.join(D, 'mistyped.db')
    for args in (['stories'], ['stories', '--json'], ['story', '1'], ['search', 'harbour'], ['articles'],
                 ['show', 'x'], ['related', 'x'], ['serve', '--port', '0']):
        p = run(*args, db=db)
        err = p.stderr.decode()
        assert p.returncode == 1, (args, p.returncode, err)
        assert 'mistyped.db' in err and 'no such store' in err, (args, err)
        assert not os.path.exists(db), (args, 'a store was created')
    # CROSSWIRE_DB too
    env = dict(os.environ, CROSSWIRE_DB=db)
    p = subprocess.run([CW, 'stories'], env=env, capture_output=True, timeout=60)
    assert p.returncode == 1 and not os.path.exists(db), p.stderr
    # ingest still makes a store, and then the read commands answer
    run('ingest', jsonl_file(os.path.join(D, 'one.jsonl'), 0, 2, 1), db=db, check=0)
    run('stories', db=db, check=0)


@case
def version_flag():
    for flag in ('-V', '--version'):
        p = run(flag, check=0)
        assert p.stdout.decode().startswith('crosswire '), p.stdout
        assert p.stdout.decode().split()[1][0].isdigit(), p.stdout


# ---- API arguments ----

@case
def api_refuses_bad_arguments_with_the_reason():
    s = Server(small_store())
    try:
        st, doc = s.get('/api/stories?limit=5')
        assert st == 200 and len(doc['stories']) <= 5, (st, doc)
        bad = {
            '/api/story/1?words=-5': 'words',
            '/api/story/1?words=0': 'words',
            '/api/story/1?words=abc': 'words',
            '/api/story/1?words=99999999999999999999': 'words',
            '/api/stories?limit=-1': 'limit',
            '/api/stories?limit=': 'limit',
            '/api/stories?limit=1e3': 'limit',
            '/api/stories?limit=100000': 'limit',
            '/api/stories?sort=oldest': 'sort',
            '/api/stories?lmit=5': 'lmit',
            '/api/search?q=harbour&limit=0': 'limit',
            '/api/search?q=harbour&limit=%2B5': 'limit',
            '/api/search?q=harbour&page=2': 'page',
            '/api/search?q=' + 'a' * 600: 'q',
            '/api/search?q=%ff%fe': 'q',
            '/api/article/n00001?x=1': 'x',
            '/api/related/n00001?x=1': 'x',
        }
        for path, word in bad.items():
            st, doc = s.get(path)
            assert st == 400, (path, st, doc)
            assert doc['status'] == 400 and word in doc['error'], (path, doc)
        # good values at the edges still answer
        for path in ('/api/story/1?words=1', '/api/search?q=harbour&limit=200', '/api/stories?limit=2000&sort=recent',
                     '/api/stories?q=&sort='):
            st, doc = s.get(path)
            assert st in (200, 404), (path, st, doc)
    finally:
        s.stop()


# ---- work bounded by the answer ----

def big_store():
    """One article of about 8 MB of ordinary sentences beside a small one."""
    db = os.path.join(D, 'big.db')
    if os.path.exists(db):
        return db
    r = random.Random(8)
    words = WORDS + ['moscow']
    sents, n = [], 0
    while n < 8_000_000:
        s = ' '.join(r.choice(words) for _ in range(15)).capitalize() + '.'
        sents.append(s)
        n += len(s) + 1
    paras = [' '.join(sents[i:i + 6]) for i in range(0, len(sents), 6)]
    src = os.path.join(D, 'big.jsonl')
    with open(src, 'w') as f:
        f.write(json.dumps({'name': 'small', 'title': 'Small invented note',
                            'text': 'The harbour council met on Monday to talk about the bridge. '
                                    'The mayor said a vote on the Moscow talks motion would come later.'}) + '\n')
        f.write(json.dumps({'name': 'huge', 'title': 'A very long invented report', 'text': '\n'.join(paras)}) + '\n')
    run('ingest', src, db=db, check=0)
    return db


@case
def search_in_a_huge_article_is_quick_and_its_snippet_short():
    db = big_store()
    t = time.time()
    p = subprocess.run([CW, '--db', db, 'search', 'moscow', 'talks', '--json'], capture_output=True, timeout=30)
    secs = time.time() - t
    assert p.returncode == 0, p.stderr
    hits = jsonl(p.stdout)
    assert [h['name'] for h in hits] and {'huge', 'small'} == {h['name'] for h in hits}, hits
    for h in hits:
        assert len(h['snippet']) < 400, (h['name'], len(h['snippet']))
        assert '[moscow]' in h['snippet'].lower() or '[talks]' in h['snippet'].lower(), h['snippet']
    small = [h for h in hits if h['name'] == 'small'][0]
    assert 'vote on the [Moscow] [talks] motion' in small['snippet'], small['snippet']
    p = run('search', 'harbour', 'council', '--json', db=db, check=0)
    small = [h for h in jsonl(p.stdout) if h['name'] == 'small'][0]
    # from the text's start when the window is there: words the index leaves out too
    assert small['snippet'].startswith('The [harbour] [council] met'), small['snippet']
    print(f'     search of an 8 MB article: {secs:.2f} s')


@case
def a_request_over_the_time_limit_is_a_503_and_others_still_answer():
    db = small_store('mid.db', 2000)
    env_limit = os.environ.get('CROSSWIRE_SERVE_TIME_LIMIT')
    os.environ['CROSSWIRE_SERVE_TIME_LIMIT'] = '1'
    try:
        s = Server(db)
    finally:
        if env_limit is None:
            del os.environ['CROSSWIRE_SERVE_TIME_LIMIT']
        else:
            os.environ['CROSSWIRE_SERVE_TIME_LIMIT'] = env_limit
    try:
        codes = []
        for path in ('/api/search?q=harbour&limit=200', '/api/stories?q=council+river', '/api/stories?sort=recent',
                     '/api/search?q=report&limit=200'):
            st, doc = s.get(path)
            assert st in (200, 503), (st, doc)
            if st == 503:
                assert doc['status'] == 503 and 'longer than 1 ms' in doc['error'], doc
            codes.append(st)
        assert 503 in codes, codes
        st, doc = s.get('/api/article/n00001')
        assert st == 200 and doc['name'] == 'n00001', (st, doc)
    finally:
        s.stop()


# ---- two writers into a new store ----

@case
def two_ingests_into_a_new_store_both_complete():
    a = jsonl_file(os.path.join(D, 'race_a.jsonl'), 0, 40, 11)
    b = jsonl_file(os.path.join(D, 'race_b.jsonl'), 1000, 40, 12)
    for attempt in range(20):
        db = os.path.join(D, f'race{attempt}.db')
        ps = [subprocess.Popen([CW, '--db', db, 'ingest', f, '--json'], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE) for f in (a, b)]
        outs = [p.communicate(timeout=300) for p in ps]
        for p, (out, err) in zip(ps, outs):
            assert p.returncode == 0, (attempt, p.returncode, err.decode(errors='replace'))
            assert json.loads(out)['added'] == 40, out
        n = len(jsonl(run('articles', '--json', db=db, check=0).stdout))
        assert n == 80, (attempt, n)


finish()
