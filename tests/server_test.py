"""crosswire serve: the JSON API, the embedded pages, and hostile requests
(unknown routes, wrong methods, path traversal, huge bodies and headers,
malformed percent-encoding, slow clients) against a store the test fills.
The server must answer each with an error and keep serving.

Run by ctest as: python3 server_test.py BUILD/crosswire PROJECT_ROOT"""
import concurrent.futures, json, os, select, signal, socket, subprocess, sys, time, urllib.parse
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cwtest
from cwtest import case, run

HOSTILE_TITLE = ('Flood defences hold <script>alert(1)</script> as river peaks '
                 '<img src=x onerror="window.__cwInjected=1">')


def fill_store(db):
    """The example corpus plus one article whose headline carries markup."""
    run('ingest', os.path.join(cwtest.ROOT, 'examples', 'corpus'), db=db, check=0)
    text = ('The river Vell peaked at four metres on Tuesday night and the new flood defences in Orvane held, '
            'the town council said. Engineers inspected the walls at dawn and found no damage. '
            'Residents who had left their homes began to return on Wednesday morning.')
    line = json.dumps({'name': 'hostile-headline', 'title': HOSTILE_TITLE, 'text': text,
                       'outlet': 'Test <b>Outlet</b>', 'published': '2026-03-05T10:00:00Z'})
    run('ingest', '-', db=db, input=(line + '\n').encode(), check=0)


class Server:
    def __init__(self, db):
        self.p = subprocess.Popen([cwtest.CW, '--db', db, 'serve', '--port', '0'], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        ready, _, _ = select.select([self.p.stdout], [], [], 20)
        line = self.p.stdout.readline().decode() if ready else ''
        if not line.startswith('serving http://127.0.0.1:'):
            self.p.kill()
            raise SystemExit(f'server did not start: {line!r} {self.p.stderr.read().decode(errors="replace")}')
        self.port = int(line.rsplit(':', 1)[1].strip().rstrip('/'))

    def alive(self):
        return self.p.poll() is None

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try:
            return self.p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.p.kill()
            return None


def raw(port, data, timeout=10, read=True):
    """Sends bytes as they are and returns (status, headers, body); status 0 when
    the server closed without an answer."""
    s = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    try:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        if not read:
            return None
        buf = b''
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            buf += chunk
            head, sep, body = buf.partition(b'\r\n\r\n')
            if sep:
                hdrs = dict(l.split(': ', 1) for l in head.decode('latin-1').split('\r\n')[1:] if ': ' in l)
                hdrs = {k.lower(): v for k, v in hdrs.items()}
                n = int(hdrs.get('content-length', -1))
                if n >= 0 and len(body) >= n:
                    break
        if not buf:
            return 0, {}, b''
        head, _, body = buf.partition(b'\r\n\r\n')
        lines = head.decode('latin-1').split('\r\n')
        hdrs = {k.lower(): v for k, v in (l.split(': ', 1) for l in lines[1:] if ': ' in l)}
        return int(lines[0].split()[1]), hdrs, body
    finally:
        s.close()


def get(port, path, method='GET', headers=None, body=b''):
    h = {'Host': f'127.0.0.1:{port}', 'Connection': 'close', **(headers or {})}
    if body:
        h['Content-Length'] = str(len(body))
    req = f'{method} {path} HTTP/1.1\r\n' + ''.join(f'{k}: {v}\r\n' for k, v in h.items()) + '\r\n'
    return raw(port, req.encode('latin-1') + body)


def get_json(port, path, want=200):
    st, h, body = get(port, path)
    assert st == want, f'{path}: status {st}, want {want}: {body[:200]!r}'
    assert h.get('content-type', '').startswith('application/json'), f'{path}: {h.get("content-type")}'
    return json.loads(body)


def main():
    d = cwtest.tmpdir()
    db = os.path.join(d, 'serve.db')
    fill_store(db)
    srv = Server(db)
    P = srv.port
    # a client that starts a request and goes silent; checked at the end
    idle = socket.create_connection(('127.0.0.1', P), timeout=30)
    idle.sendall(b'GET /api/stories HTTP/1.1\r\nHost: x\r\nX-Wait: ')
    idle_since = time.time()

    @case
    def stories_api():
        doc = get_json(P, '/api/stories')
        titles = [s['title'] for s in doc['stories']]
        assert doc['total'] == len(doc['stories']) >= 4, doc['total']
        assert HOSTILE_TITLE in titles, 'the hostile headline comes back byte for byte'
        assert any('Kestria' in (t or '') for t in titles), titles
        sizes = [s['size'] for s in doc['stories']]
        assert sizes == sorted(sizes, reverse=True), f'sort=size by default: {sizes}'

    @case
    def stories_sorted_by_recency():
        doc = get_json(P, '/api/stories?sort=recent')
        seen = [s['last_seen'] for s in doc['stories'] if s['last_seen']]
        assert seen == sorted(seen, reverse=True), seen
        assert doc['stories'][0]['last_seen'] == '2026-03-05T10:00:00Z', doc['stories'][0]
        get_json(P, '/api/stories?sort=sideways', want=400)

    @case
    def stories_search():
        doc = get_json(P, '/api/stories?q=landslide')
        assert doc['total'] >= 1 and all('Kestria' in json.dumps(s) or 'andslide' in s['title']
                                         for s in doc['stories']), doc
        assert get_json(P, '/api/stories?q=zzyzxqqq')['total'] == 0
        doc = get_json(P, '/api/stories?q=' + urllib.parse.quote('"*) OR 1=1 --'))
        assert 'stories' in doc

    @case
    def story_api():
        first = get_json(P, '/api/stories')['stories'][0]
        doc = get_json(P, f'/api/story/{first["id"]}')
        assert doc['id'] == first['id'] and doc['title'] == first['title']
        names = [a['name'] for a in doc['articles']]
        assert sorted(names) == sorted(first['articles']), names
        assert isinstance(doc['independent_groups'], list) and doc['independent_groups']
        for k in ('summary', 'timeline', 'entities', 'figures', 'quotes', 'discrepancies'):
            assert isinstance(doc.get(k), list), f'the brief has {k}'
        short = get_json(P, f'/api/story/{first["id"]}?words=10')
        assert len(short['summary']) <= len(doc['summary']), 'words=N bounds the summary'
        get_json(P, '/api/story/999999', want=404)
        for bad in ('abc', '-1', '0', '1x', '99999999999999999999999'):
            st, _, body = get(P, '/api/story/' + bad)
            assert st in (400, 404) and json.loads(body)['error'], (bad, st)

    @case
    def article_search_related_api():
        doc = get_json(P, '/api/article/hostile-headline')
        assert doc['title'] == HOSTILE_TITLE and 'Orvane' in doc['text']
        assert all('start' in s and 'end' in s for s in doc['sentences'])
        doc = get_json(P, '/api/article/' + urllib.parse.quote('a1_meridian_press_wire.txt'))
        assert doc['name'] == 'a1_meridian_press_wire.txt'
        get_json(P, '/api/article/no-such-article', want=404)
        hits = get_json(P, '/api/search?q=landslide')['results']
        assert hits and all('name' in h for h in hits)
        get_json(P, '/api/search', want=400)
        rel = get_json(P, '/api/related/a2_northgate_herald.txt')
        assert rel['name'] == 'a2_northgate_herald.txt' and isinstance(rel['related'], list)
        get_json(P, '/api/related/nothing-here', want=404)

    @case
    def pages_and_headers():
        for path, typ in (('/', 'text/html'), ('/story/1', 'text/html'), ('/article/x%20y', 'text/html'),
                          ('/app.js', 'text/javascript'), ('/style.css', 'text/css'), ('/api/stories', 'application/json')):
            st, h, body = get(P, path)
            assert st == 200, (path, st)
            assert h['content-type'].startswith(typ), (path, h['content-type'])
            csp = h.get('content-security-policy', '')
            assert "default-src 'self'" in csp and 'unsafe-inline' not in csp, csp
            assert h.get('x-content-type-options') == 'nosniff', path
        st, _, body = get(P, '/')
        assert b'<script src="/app.js"' in body and b'<script>' not in body, 'no inline script in the page'
        st, _, body = get(P, '/', method='HEAD')
        assert st == 200 and body == b''

    @case
    def unknown_routes_are_404_json():
        for path in ('/nope', '/api/nope', '/api/', '/api/story/', '/api/article/', '/web/app.js', '/app.js/x',
                     '/index.html/../app.js', '/.git/config', '/server/server.c', '/CMakeLists.txt'):
            st, h, body = get(P, path)
            assert st == 404 and h['content-type'].startswith('application/json'), (path, st)
            assert json.loads(body)['status'] == 404

    @case
    def wrong_methods_are_405():
        for m in ('POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'BREW'):
            st, h, body = get(P, '/api/stories', method=m, body=b'x=1' if m in ('POST', 'PUT') else b'')
            assert st == 405, (m, st)
            assert 'GET' in h.get('allow', ''), h
            assert json.loads(body)['status'] == 405

    @case
    def path_traversal_serves_no_file():
        for path in ('/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd',
                     '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/static/../../../../etc/passwd', '//etc/passwd',
                     '/..\\..\\etc\\passwd', '/api/article/../../../etc/passwd', '/api/article/%2e%2e%2fetc%2fpasswd',
                     '/story/..%2f..%2f..%2fetc%2fpasswd', '/app.js%00.txt', '/etc/passwd'):
            st, _, body = get(P, path)
            assert st in (400, 404, 200), (path, st)
            assert b'root:' not in body, path
            if st == 200:  # a page route: the app shell, nothing else
                assert b'<title>crosswire</title>' in body, path

    @case
    def malformed_percent_encoding():
        for path in ('/api/article/%ZZ%', '/api/article/%', '/api/article/%4', '/api/stories?q=%ZZ&sort=%',
                     '/api/search?q=%', '/api/article/%C3%28', '/api/article/%00', '/api/article/%FF%FE',
                     '/%', '/api/story/%31%', '/api/stories?' + '&' * 200, '/api/stories?q=' + '%41' * 400,
                     '/api/stories?q=%FF%FE', '/api/search?q=%C3', '/api/search?q=NEAR(a%20b)', '/api/stories?limit=-1',
                     '/api/stories?limit=99999999999999999999', '/api/story/1?words=-5', '/api/story/1?words=999999999'):
            st, _, body = get(P, path)
            assert st in (200, 400, 404, 414), (path, st)
            assert st == 0 or json.loads(body) is not None
        # thousands of empty arguments exhaust the connection's memory: refused, not served
        st, _, _ = get(P, '/api/stories?' + '&' * 5000)
        assert st in (0, 400, 414, 431), st
        assert srv.alive()

    @case
    def garbage_request_lines():
        for data in (b'GARBAGE\r\n\r\n', b'GET\r\n\r\n', b'GET / HTTP/9.9\r\n\r\n', b'\x00\x01\x02\r\n\r\n',
                     b'GET /api/stories HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
                     b'GET /api/stories HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
                     b'GET ' + b'/a' * 40000 + b' HTTP/1.1\r\nHost: x\r\n\r\n'):
            st, _, _ = raw(P, data)
            assert st == 0 or 400 <= st < 600, (data[:40], st)
        assert srv.alive()

    @case
    def ten_megabyte_body():
        big = b'A' * (10 * 1024 * 1024)
        for method in ('POST', 'GET'):
            head = (f'{method} /api/stories HTTP/1.1\r\nHost: x\r\nContent-Length: {len(big)}\r\n\r\n').encode()
            t = time.time()
            st, _, _ = raw(P, head + big, timeout=30)
            assert st in (0, 405, 413), (method, st)
            assert time.time() - t < 30
        # chunked, with no length announced
        chunk = b'%x\r\n%s\r\n' % (1 << 20, b'B' * (1 << 20))
        st, _, _ = raw(P, b'POST /api/stories HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n' + chunk * 10)
        assert st in (0, 405, 413), st
        assert srv.alive()

    @case
    def hundred_kilobyte_header():
        st, _, _ = raw(P, b'GET /api/stories HTTP/1.1\r\nHost: x\r\nX-Big: ' + b'h' * (100 * 1024) + b'\r\n\r\n')
        assert st in (0, 400, 413, 431), st
        many = b''.join(b'X-H%d: %s\r\n' % (i, b'v' * 100) for i in range(1000))
        st, _, _ = raw(P, b'GET /api/stories HTTP/1.1\r\nHost: x\r\n' + many + b'\r\n')
        assert st in (0, 400, 413, 431), st
        assert srv.alive()

    @case
    def slow_clients_do_not_block_others():
        slow = []
        for _ in range(50):
            s = socket.create_connection(('127.0.0.1', P), timeout=5)
            s.sendall(b'GET /api/stories HTTP/1.1\r\nHost: x\r\nX-Slow: ')
            slow.append(s)
        t = time.time()
        doc = get_json(P, '/api/stories')
        assert doc['stories'] and time.time() - t < 3, time.time() - t
        for s in slow:
            s.close()

    @case
    def many_concurrent_requests():
        paths = ['/api/stories', '/api/story/1', '/', '/app.js', '/api/search?q=flood', '/api/article/hostile-headline']

        def one(i):
            st, _, body = get(P, paths[i % len(paths)])
            return st

        with concurrent.futures.ThreadPoolExecutor(32) as ex:
            codes = list(ex.map(one, range(600)))
        bad = [c for c in codes if c != 200]
        assert not bad, f'{len(bad)} of {len(codes)} failed: {bad[:10]}'

    @case
    def answers_follow_the_store():
        """Answers may be kept between requests, but never past a change of the store."""
        time.sleep(3)  # the store quiet long enough for answers to be kept
        a = get_json(P, '/api/stories')
        b = get_json(P, '/api/stories')
        assert a == b
        s1 = get_json(P, '/api/story/1')
        assert get_json(P, '/api/story/1') == s1
        line = json.dumps({'name': 'late-arrival', 'title': 'Quarry workers strike over pay at Lenmar',
                           'text': 'Workers at the Lenmar granite quarry walked out on Thursday over pay, '
                                   'their union said. The strike is the first at the quarry in twenty years. '
                                   'Managers said talks would resume next week.',
                           'published': '2026-03-06T07:00:00Z'})
        run('ingest', '-', db=db, input=(line + '\n').encode(), check=0)
        c = get_json(P, '/api/stories?sort=recent')
        assert c['total'] == a['total'] + 1, (a['total'], c['total'])
        assert c['stories'][0]['title'] == 'Quarry workers strike over pay at Lenmar', c['stories'][0]
        assert get_json(P, '/api/article/late-arrival')['name'] == 'late-arrival'
        late = get_json(P, f'/api/story/{c["stories"][0]["id"]}')
        assert [a['name'] for a in late['articles']] == ['late-arrival'], late['articles']

    @case
    def silent_client_is_dropped():
        time.sleep(max(0, idle_since + 17 - time.time()))  # the server's timeout is 15 s
        idle.settimeout(5)
        try:
            got = idle.recv(4096)
        except ConnectionResetError:
            got = b''
        assert got == b'' or got.startswith(b'HTTP/1.1 4'), got[:80]
        idle.close()

    @case
    def still_alive_and_stops_cleanly():
        assert srv.alive(), 'the server died'
        get_json(P, '/api/stories')
        code = srv.stop()
        assert code == 0, f'exit {code}: {srv.p.stderr.read().decode(errors="replace")[-500:]}'

    @case
    def bad_usage():
        p = run('serve', '--bind', 'not-an-address', '--port', '0', db=db)
        assert p.returncode == 2, p.returncode
        p = run('serve', '--port', '70000', db=db)
        assert p.returncode == 2, p.returncode
        p = run('serve', '--help')
        assert p.returncode == 0 and b'--bind' in p.stdout

    if srv.alive():
        srv.p.kill()
    cwtest.finish()


if __name__ == '__main__':
    main()
