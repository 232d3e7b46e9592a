#!/usr/bin/env python3
"""Feeds over HTTP and from files, and web archives, through the CLI. The
feeds are served by a local HTTP server that this test starts on 127.0.0.1
(Python's http.server); nothing leaves the machine."""
import gzip, hashlib, http.server, json, os, signal, subprocess, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cwtest import *

D = tmpdir()
os.environ['CROSSWIRE_FETCH_DELAY'] = '0'

BODY = ('The {w} council met on {d} to discuss the plan for the river bank. Members voted after a long '
        'debate that ran late into the evening, and the mayor said work would start in the spring. '
        'Residents who attended asked about the cost, which the council put at {n} million crowns.')


def item(i, w):
    return (f'<item><title>{w.capitalize()} council votes on river plan {i}</title>'
            f'<link>http://lantern.test/news/{i}</link><guid>lantern-{i}</guid>'
            f'<pubDate>Tue, {10 + i} Jun 2025 08:00:00 +0200</pubDate>'
            f'<author>desk@lantern.test (Reporter {i})</author>'
            f'<description><![CDATA[<p>{BODY.format(w=w, d="Monday", n=i + 2)}</p><p>Item {i} & more.</p>]]>'
            f'</description></item>')


def rss(items):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>The Lantern &amp; Post</title>'
            '<link>http://lantern.test/</link>' + ''.join(items) + '</channel></rss>\n').encode()


ATOM = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>'
        '<entry><title>Ferry service resumes</title><id>urn:x:1</id><link href="http://atom.test/ferry"/>'
        '<updated>2025-06-11T09:30:00Z</updated><author><name>Lia Berg</name></author>'
        '<content type="html">&lt;p&gt;' + BODY.format(w='harbour', d='Tuesday', n=9) + '&lt;/p&gt;</content></entry>'
        '</feed>').encode()

# What the server serves: path -> {'body', 'etag' (bool), 'lastmod' (str or None)}
SITE = {}
LOG = []  # (path, status, request headers)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        page = SITE.get(self.path)
        if not page:
            LOG.append((self.path, 404, dict(self.headers)))
            self.send_error(404)
            return
        body = page['body']
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"' if page.get('etag') else None
        lastmod = page.get('lastmod')
        if (etag and self.headers.get('If-None-Match') == etag) or \
                (not etag and lastmod and self.headers.get('If-Modified-Since') == lastmod):
            LOG.append((self.path, 304, dict(self.headers)))
            self.send_response(304)
            self.end_headers()
            return
        LOG.append((self.path, 200, dict(self.headers)))
        enc = 'gzip' in (self.headers.get('Accept-Encoding') or '') and page.get('gzip')
        data = gzip.compress(body) if enc else body
        self.send_response(200)
        self.send_header('Content-Type', page.get('type', 'application/rss+xml; charset=utf-8'))
        if enc:
            self.send_header('Content-Encoding', 'gzip')
        if etag:
            self.send_header('ETag', etag)
        if lastmod:
            self.send_header('Last-Modified', lastmod)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)


server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
BASE = f'http://127.0.0.1:{server.server_address[1]}'
WORDS3 = ['harbour', 'valley', 'county', 'island', 'border', 'capital', 'coastal', 'mountain']


def names(db):
    return [a['name'] for a in jsonl(run('articles', '--json', db=db, check=0).stdout)]


@case
def feed_from_url_then_etag_poll_adds_only_new():
    db = os.path.join(D, 'etag.db')
    SITE['/rss.xml'] = {'body': rss([item(i, WORDS3[i]) for i in range(3)]), 'etag': True, 'gzip': True}
    p = run('ingest', BASE + '/rss.xml', '--json', db=db)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)['added'] == 3, p.stdout
    arts = jsonl(run('articles', '--json', db=db, check=0).stdout)
    assert [a['name'] for a in arts] == [f'http://lantern.test/news/{i}' for i in range(3)], arts
    assert arts[0]['outlet'] == 'The Lantern & Post', arts[0]
    assert arts[0]['title'] == 'Harbour council votes on river plan 0', arts[0]
    assert arts[0]['published'] == '2025-06-10T06:00:00Z', arts[0]
    shown = json.loads(run('show', 'http://lantern.test/news/1', '--json', db=db, check=0).stdout)
    assert shown['author'] == 'Reporter 1' and shown['url'] == 'http://lantern.test/news/1', shown
    assert 'Item 1 & more.' in shown['text'], shown['text']
    assert LOG[-1][1] == 200
    # second poll: nothing changed, the server answers 304, nothing is read
    p = run('ingest', BASE + '/rss.xml', '--json', db=db)
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    assert r['records'] == 0 and r['added'] == 0, r
    assert LOG[-1][1] == 304 and LOG[-1][2].get('If-None-Match'), LOG[-1]
    # the feed gains two items: the third poll adds only those
    SITE['/rss.xml']['body'] = rss([item(i, WORDS3[i]) for i in range(5)])
    r = json.loads(run('ingest', BASE + '/rss.xml', '--json', db=db, check=0).stdout)
    assert LOG[-1][1] == 200, LOG[-1]
    assert r['added'] == 2 and r['duplicates'] == 3, r
    assert len(names(db)) == 5
    # the validators live beside the store: a fresh store fetches everything
    db2 = os.path.join(D, 'fresh.db')
    r = json.loads(run('ingest', BASE + '/rss.xml', '--json', db=db2, check=0).stdout)
    assert r['added'] == 5, r


@case
def last_modified_is_honoured():
    db = os.path.join(D, 'lm.db')
    SITE['/atom'] = {'body': ATOM, 'lastmod': 'Wed, 11 Jun 2025 10:00:00 GMT', 'type': 'application/atom+xml'}
    r = json.loads(run('ingest', BASE + '/atom', '--json', db=db, check=0).stdout)
    assert r['added'] == 1, r
    run('ingest', BASE + '/atom', db=db, check=0)
    assert LOG[-1][1] == 304 and LOG[-1][2].get('If-Modified-Since') == 'Wed, 11 Jun 2025 10:00:00 GMT', LOG[-1]
    a = jsonl(run('articles', '--json', db=db, check=0).stdout)[0]
    assert a['name'] == 'http://atom.test/ferry' and a['outlet'] == 'Atom Wire', a
    assert a['published'] == '2025-06-11T09:30:00Z', a


@case
def fetch_failures_name_the_url():
    db = os.path.join(D, 'fail.db')
    p = run('ingest', BASE + '/missing.xml', db=db)
    assert p.returncode == 1, p
    err = p.stderr.decode()
    assert '/missing.xml' in err and '404' in err and err.count('\n') == 1, err
    p = run('ingest', 'http://127.0.0.1:1/nothing', db=db)
    assert p.returncode == 1 and b'127.0.0.1:1/nothing' in p.stderr, p


@case
def follow_polls_until_sigint():
    db = os.path.join(D, 'follow.db')
    SITE['/live.xml'] = {'body': rss([item(i, WORDS3[i]) for i in range(2)]), 'etag': True}
    watch = os.path.join(D, 'watch')
    os.makedirs(watch)
    proc = subprocess.Popen([CW, '--db', db, 'ingest', '--follow', '--interval', '0.3', BASE + '/live.xml', watch],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 20
        while time.time() < deadline and sum(1 for l in LOG if l[0] == '/live.xml') < 2:
            time.sleep(0.1)
        SITE['/live.xml']['body'] = rss([item(i, WORDS3[i]) for i in range(3)])
        with open(os.path.join(watch, 'dropped.txt'), 'w') as f:
            f.write('Bridge repairs finish early\n' + BODY.format(w='bridge', d='Friday', n=7) + '\n')
        while time.time() < deadline and len(names(db)) < 4:
            time.sleep(0.2)
        assert any(l[1] == 304 for l in LOG if l[0] == '/live.xml'), 'no conditional poll'
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, (proc.returncode, err)
    assert b'stopped:' in out, out
    got = names(db)
    assert len(got) == 4 and 'dropped.txt' in got and 'http://lantern.test/news/2' in got, got


@case
def feeds_from_files_and_broken_feeds():
    db = os.path.join(D, 'files.db')
    d = os.path.join(D, 'feeds')
    os.makedirs(d)
    with open(os.path.join(d, 'atom.xml'), 'wb') as f:
        f.write(ATOM)
    with open(os.path.join(d, 'broken.rss'), 'wb') as f:  # bare & and HTML entities, no declaration
        f.write(rss([item(7, 'caf&eacute; &nbsp;& bar')]).replace(b'<?xml version="1.0" encoding="UTF-8"?>\n', b''))
    p = run('ingest', d, '--json', db=db)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)['added'] == 2, p.stdout
    a = json.loads(run('show', 'http://lantern.test/news/7', '--json', db=db, check=0).stdout)
    assert a['title'].startswith('Café') and '& bar council votes' in a['title'], a['title']


def warc_record(typ, uri, ctype, block):
    head = (f'WARC/1.0\r\nWARC-Type: {typ}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-06-11T10:00:00Z\r\n'
            f'Content-Type: {ctype}\r\nContent-Length: {len(block)}\r\n\r\n').encode()
    return head + block + b'\r\n\r\n'


def http_page(body, ctype='text/html; charset=utf-8'):
    return f'HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n'.encode() + body


@case
def warc_gz_from_the_cli_and_truncated():
    db = os.path.join(D, 'warc.db')
    members = []
    for i in range(4):
        html = (f'<html><head><title>Harbour story {i}</title></head><body><article><h1>Harbour story {i}</h1>'
                f'<p>{BODY.format(w=WORDS3[i], d="Sunday", n=i)}</p></article></body></html>').encode()
        members.append(gzip.compress(warc_record('response', f'http://w.test/{i}', 'application/http; msgtype=response',
                                                 http_page(html))))
    path = os.path.join(D, 'crawl.warc.gz')
    with open(path, 'wb') as f:
        f.write(b''.join(members))
    r = json.loads(run('ingest', path, '--json', db=db, check=0).stdout)
    assert r['added'] == 4, r
    assert names(db) == [f'http://w.test/{i}' for i in range(4)]
    cut = os.path.join(D, 'cut.warc.gz')
    whole = b''.join(members)
    with open(cut, 'wb') as f:
        f.write(whole[:len(members[0]) + len(members[1]) // 2])
    p = run('ingest', cut, '--json', db=os.path.join(D, 'cut.db'))
    assert p.returncode == 1, p
    assert json.loads(p.stdout)['added'] == 1, p.stdout
    err = p.stderr.decode()
    assert 'cut.warc.gz: truncated at byte' in err and 'the record at byte' in err, err


try:
    finish()
finally:
    server.shutdown()
