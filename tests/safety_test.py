#!/usr/bin/env python3
"""The tool under misuse, as a careless user or an attacker would try it:
read commands on a store that is not there, bad API arguments, a search in a
huge article, two ingests racing into a new store, broken gzip, feeds that
declare entities, WARC records whose lengths lie, stray bytes in text. Every
input is invented here.

Run by ctest as: python3 safety_test.py BUILD/crosswire PROJECT_ROOT"""
import concurrent.futures, gzip, json, os, random, re, select, signal, subprocess, sys, time, urllib.error
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


# ---- readers say what they dropped and keep what they can ----

ARTICLE = ('Bridge over the Vell reopens after repairs\n\n'
           'The old bridge over the river Vell in Orvane reopened on Monday after four months of repairs, the town '
           'council said. Engineers replaced the cables and the deck, and the first buses crossed before dawn. '
           'Shop owners on both banks said trade had fallen by a third while the bridge was shut, and the mayor '
           'promised a small fund to help them. The council will vote on the fund at its next meeting in the spring.\n')


def ingest(path_or_dash, db, input=None):
    p = run('ingest', path_or_dash, '--json', db=db, input=input)
    return p.returncode, json.loads(p.stdout or b'{}'), p.stderr.decode(errors='replace')


def stored_texts(db):
    out = []
    for a in jsonl(run('articles', '--json', db=db, check=0).stdout):
        out.append(json.loads(run('show', a['name'], '--json', db=db, check=0).stdout)['text'])
    return out


@case
def a_truncated_gzip_article_is_refused_with_the_place():
    path = os.path.join(D, 'cut.txt.gz')
    z = gzip.compress(ARTICLE.encode() * 20)
    with open(path, 'wb') as f:
        f.write(z[:len(z) // 2])
    db = os.path.join(D, 'gz1.db')
    rc, rep, err = ingest(path, db)
    assert rc == 1 and rep['added'] == 0, (rc, rep, err)
    assert 'cut.txt.gz' in err and 'cut short' in err and 'byte' in err, err
    # the same from standard input
    with open(path, 'rb') as f:
        rc, rep, err = ingest('-', os.path.join(D, 'gz2.db'), input=f.read())
    assert rc == 1 and rep['added'] == 0 and 'cut short' in err, (rc, rep, err)
    # a whole one still reads
    whole = os.path.join(D, 'whole.txt.gz')
    with open(whole, 'wb') as f:
        f.write(gzip.compress(ARTICLE.encode()))
    rc, rep, err = ingest(whole, os.path.join(D, 'gz3.db'))
    assert rc == 0 and rep['added'] == 1, (rc, rep, err)


@case
def a_truncated_gzip_of_json_lines_keeps_the_whole_lines():
    src = jsonl_file(os.path.join(D, 'lines.jsonl'), 0, 200, 3)
    data = gzip.compress(open(src, 'rb').read())
    path = os.path.join(D, 'lines.jsonl.gz')
    with open(path, 'wb') as f:
        f.write(data[:int(len(data) * 0.6)])
    db = os.path.join(D, 'gz4.db')
    rc, rep, err = ingest(path, db)
    assert rc == 1 and 'lines.jsonl.gz' in err and 'cut short' in err, (rc, err)
    assert 50 < rep['added'] < 200, rep
    # every article kept is whole: it ends with its closing sentence
    for t in stored_texts(db):
        assert t.rstrip().endswith('closes this invented report.'), t[-80:]


FEED_ITEM = ('<item><link>https://h.test/a1</link><title>Bridge reopens</title><description><![CDATA[<p>'
             + ARTICLE.split('\n\n')[1].strip() + '</p>]]></description></item>')


@case
def feeds_that_declare_entities_give_their_items_not_raw_xml():
    cases = {
        'entity.xml': '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x "y">]>\n<rss><channel><title>T &x;</title>'
                      + FEED_ITEM + '</channel></rss>',
        'laughs.xml': '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
                      + ''.join(f'<!ENTITY {chr(98 + i)} "' + f'&{chr(97 + i)};' * 10 + '">' for i in range(9))
                      + ']><rss><channel><title>&j;</title>' + FEED_ITEM.replace('Bridge reopens', 'Bridge &j; reopens')
                      + '</channel></rss>',
        'system.xml': '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY f SYSTEM "file:///etc/hostname"> <!ENTITY g '
                      '"x > y ] z">]><rss><channel><title>&f;</title>' + FEED_ITEM + '</channel></rss>',
    }
    for name, text in cases.items():
        path = os.path.join(D, name)
        with open(path, 'w') as f:
            f.write(text)
        db = os.path.join(D, name + '.db')
        rc, rep, err = ingest(path, db)
        assert rc == 0 and rep['added'] == 1, (name, rc, rep, err)
        assert name in err and 'DOCTYPE' in err, (name, err)
        arts = jsonl(run('articles', '--json', db=db, check=0).stdout)
        assert arts[0]['name'] == 'https://h.test/a1', arts
        assert arts[0]['title'].startswith('Bridge') and '&' not in arts[0]['title'], arts
        for t in stored_texts(db):
            assert 'ENTITY' not in t and '<' not in t and 'aaaaaaaaaa' not in t, t[:200]
            assert 'first buses crossed' in t, t[:200]


def warc_record(uri, body, length=None):
    http = ('HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><article><p>'
            + body + '</p></article></body></html>').encode()
    n = len(http) if length is None else length
    head = (f'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n'
            f'Content-Type: application/http; msgtype=response\r\nContent-Length: {n}\r\n\r\n').encode()
    return head + http + b'\r\n\r\n'


@case
def a_warc_record_whose_length_lies_loses_only_itself():
    r = random.Random(4)
    good = []
    for i in range(6):
        title, text = invented_article(r, 500 + i)
        good.append(text.replace('\n', ' '))
    recs = [warc_record('https://h.test/g0', good[0]),
            warc_record('https://h.test/short', 'Short record body that runs on ' * 20, length=40),
            warc_record('https://h.test/g1', good[1]),
            warc_record('https://h.test/long', 'A record that claims more than it has. ' * 5, length=5000),
            warc_record('https://h.test/g2', good[2]),
            warc_record('https://h.test/neg', 'Negative length. ' * 5, length=-12),
            warc_record('https://h.test/g3', good[3]),
            warc_record('https://h.test/huge', 'Huge length. ' * 5, length=99999999999999),
            warc_record('https://h.test/g4', good[4]),
            warc_record('https://h.test/big', 'Bigger than the limit. ' * 5, length=40 * 1024 * 1024),
            warc_record('https://h.test/g5', good[5])]
    data = b''.join(recs)
    for name, blob in (('lies.warc', data), ('lies.warc.gz', b''.join(gzip.compress(x) for x in recs))):
        path = os.path.join(D, name)
        with open(path, 'wb') as f:
            f.write(blob)
        db = os.path.join(D, name + '.db')
        rc, rep, err = ingest(path, db)
        names = {a['name'] for a in jsonl(run('articles', '--json', db=db, check=0).stdout)}
        assert {f'https://h.test/g{i}' for i in range(6)} <= names, (name, sorted(names), err)
        assert rc == 1, (rc, err)
        for line in err.splitlines():
            assert line.startswith('crosswire: ') and name in line, line
        assert 'Content-Length' in err, err


@case
def stray_bytes_in_ascii_text_are_refused_and_legacy_text_is_read():
    stray = os.path.join(D, 'stray.txt')
    with open(stray, 'wb') as f:
        f.write(ARTICLE.encode().replace(b'four months', b'four \xff\xfe months'))
    legacy = os.path.join(D, 'legacy.txt')
    with open(legacy, 'wb') as f:
        f.write('Caf\u00e9 owners say don\u2019t shut the bridge\n\nThe caf\u00e9 owners of the old town met \u00e0 '
                'the harbour on Monday and said \u201cthe bridge must stay open\u201d \u2014 the council did not agree '
                'and the na\u00efve plan of the mayor was put off until the spring, when prices will be 5\u00b0 lower.\n'
                .encode('cp1252'))
    db = os.path.join(D, 'bytes.db')
    rc, rep, err = ingest(stray, db)
    assert rc == 1 and rep['added'] == 0, (rc, rep, err)
    assert 'stray.txt' in err and 'invalid UTF-8 at byte' in err, err
    rc, rep, err = ingest(legacy, db)
    assert rc == 0 and rep['added'] == 1, (rc, rep, err)
    t = stored_texts(db)[0]
    assert 'caf\u00e9 owners' in t and '\u201cthe bridge must stay open\u201d \u2014' in t and 'na\u00efve' in t, t


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



# ---- one oversized field refuses or cuts that field, not the ingest ----

def sentences(rng, n):
    return ' '.join(' '.join(rng.choice(WORDS) for _ in range(12)).capitalize() + '.' for _ in range(n))


@case
def json_lines_whose_first_line_is_over_64_kib_are_json_lines():
    rng = random.Random(64)
    recs = [{'name': 'long-first', 'title': 'A long invented report',
             'text': '\n'.join(sentences(rng, 6) for _ in range(220))},
            {'name': 'second', 'title': 'A short invented note', 'text': sentences(rng, 8)},
            {'name': 'third', 'title': 'Another invented note', 'text': sentences(rng, 9)}]
    data = ''.join(json.dumps(r) + '\n' for r in recs).encode()
    assert data.index(b'\n') > 100_000
    path = os.path.join(D, 'long-first.jsonl')
    with open(path, 'wb') as f:
        f.write(data)
    for src, inp in ((path, None), ('-', data)):
        db = os.path.join(D, f'lf{len(src)}.db')
        rc, rep, err = ingest(src, db, input=inp)
        assert rc == 0 and rep.get('added') == 3, (rc, rep, err)
        names = sorted(a['name'] for a in jsonl(run('articles', '--json', db=db, check=0).stdout))
        assert names == ['long-first', 'second', 'third'], names


@case
def a_huge_headline_is_cut_with_the_place_and_the_ingest_goes_on():
    rng = random.Random(100)
    words = ' '.join(''.join(rng.choice('abcdefghij') for _ in range(7)) for _ in range(12500))
    recs = [{'name': 'spaced', 'title': words[:100_000], 'text': sentences(rng, 6)},
            {'name': 'one-token', 'title': 'x' * 100_000, 'text': sentences(rng, 6)},
            {'name': 'word-in-text', 'title': 'A plain headline',
             'text': sentences(rng, 4) + ' ' + 'y' * 100_000 + ' ' + sentences(rng, 2)},
            {'name': 'after', 'title': 'The article after them', 'text': sentences(rng, 7)}]
    path = os.path.join(D, 'huge-title.jsonl')
    with open(path, 'w') as f:
        for r in recs:
            f.write(json.dumps(r) + '\n')
    db = os.path.join(D, 'ht.db')
    rc, rep, err = ingest(path, db)
    assert rc == 0 and rep.get('added') == 4, (rc, rep, err[:500])
    assert re.search(r'huge-title\.jsonl:1: the headline is 99\d\d\d bytes long: cut to its first 20\d\d', err), err[:500]
    assert 'huge-title.jsonl:2: the headline is 100000 bytes long' in err, err[:500]
    got = {a['name']: a['title'] for a in jsonl(run('articles', '--json', db=db, check=0).stdout)}
    assert set(got) == {'spaced', 'one-token', 'word-in-text', 'after'}, got.keys()
    assert 1000 < len(got['spaced']) <= 2048 and words.startswith(got['spaced']), len(got['spaced'])
    assert not got['spaced'].endswith(' ') and words[len(got['spaced'])] == ' '
    assert got['one-token'] == 'x' * 2048
    assert got['after'] == 'The article after them'

finish()
