"""The web UI in headless Chromium against `crosswire serve` on a store this
test fills: the story list and story pages render (checked in the DOM after
the scripts ran, and screenshots saved in the build folder), the facts table
shows agreement when the story carries figures, an article page highlights
the spans named in its URL, and a headline carrying markup shows as text and
runs nothing. Skips (77) where Chromium is not installed.

Run by ctest as: python3 browser_test.py BUILD/crosswire PROJECT_ROOT"""
import glob, html.parser, json, os, shutil, subprocess, sys, tempfile, urllib.parse, urllib.request
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cwtest
from cwtest import case, run
import server_test

CHROME = shutil.which('chromium') or shutil.which('chromium-browser') or shutil.which('google-chrome')
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run',
         '--disable-extensions', '--disable-dev-shm-usage', '--virtual-time-budget=5000']
SHOTS = os.path.join(os.path.dirname(cwtest.CW), 'screenshots')


class Dom(html.parser.HTMLParser):
    """What the checks need from a dumped DOM: its text, its tags with their
    attributes, the text of marks and of elements with an id, and row classes."""

    def __init__(self, src):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.marks, self.by_id = [], [], [], {}
        self.open_ids, self.in_mark = [], 0
        self.feed(src)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == 'mark':
            self.in_mark += 1
            self.marks.append('')
        if 'id' in a and tag not in ('input', 'img', 'br', 'meta', 'link'):
            self.open_ids.append([tag, a['id'], ''])

    def handle_endtag(self, tag):
        if tag == 'mark' and self.in_mark:
            self.in_mark -= 1
        if self.open_ids and self.open_ids[-1][0] == tag:
            t, i, txt = self.open_ids.pop()
            self.by_id[i] = txt

    def handle_data(self, data):
        self.text.append(data)
        if self.in_mark:
            self.marks[-1] += data
        for o in self.open_ids:
            o[2] += data

    def all_text(self):
        return ''.join(self.text)

    def with_class(self, tag, cls):
        return [a for t, a in self.tags if t == tag and cls in (a.get('class') or '').split()]


def chrome(url, *extra, profile):
    cmd = [CHROME] + FLAGS + [f'--user-data-dir={profile}'] + list(extra) + [url]
    p = subprocess.run(cmd, capture_output=True, timeout=120)
    if p.returncode != 0:
        raise AssertionError(f'chromium exit {p.returncode}: {p.stderr.decode(errors="replace")[-400:]}')
    return p.stdout.decode('utf-8', errors='replace')


def dump(url, profile):
    return Dom(chrome(url, '--dump-dom', profile=profile))


def shot(url, name, profile, height=900):
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, name)
    if os.path.exists(path):
        os.remove(path)
    chrome(url, f'--screenshot={path}', f'--window-size=1280,{height}', '--hide-scrollbars', profile=profile)
    assert os.path.getsize(path) > 5000, f'{path}: an empty screenshot'
    print(f'     screenshot: {path}')
    return path


def no_injection(dom, where):
    """The hostile headline was neither interpreted as markup nor run."""
    html_el = [a for t, a in dom.tags if t == 'html'][0]
    assert html_el.get('data-injected') == 'none', f'{where}: the injected script ran ({html_el})'
    assert [a for t, a in dom.tags if t == 'body'][0].get('data-ready') == '1', f'{where}: the page script did not finish'
    imgs = [a for t, a in dom.tags if t == 'img' and a.get('src') == 'x']
    assert not imgs, f'{where}: headline markup became an <img> element'
    scripts = [a for t, a in dom.tags if t == 'script']
    assert all(a.get('src') == '/app.js' for a in scripts), f'{where}: a script element from data: {scripts}'


def main():
    if not CHROME:
        print('skip: chromium is not installed (apt-get install chromium, or scripts/setup.sh)')
        sys.exit(cwtest.SKIP)
    d = cwtest.tmpdir()
    db = os.path.join(d, 'browser.db')
    server_test.fill_store(db)
    seeds = sorted(glob.glob(os.path.join(cwtest.SHARED, 'seeds', '*.txt')))
    if seeds:
        run('ingest', *seeds, db=db, check=0)
    else:
        print('note: ../shared/seeds absent; the story pages use the example corpus only')
    srv = server_test.Server(db)
    base = f'http://127.0.0.1:{srv.port}'
    profile = tempfile.mkdtemp(prefix='cwchrome_')

    def api(path):
        with urllib.request.urlopen(base + path, timeout=30) as r:
            return json.loads(r.read())

    stories = api('/api/stories')['stories']
    hostile = [s for s in stories if s['title'] == server_test.HOSTILE_TITLE][0]
    biggest = stories[0]
    # the story with the most figures shows the facts table best
    docs = {s['id']: api(f'/api/story/{s["id"]}') for s in stories[:6]}
    rich = max(docs.values(), key=lambda x: (len(x.get('figures') or []), x['size']))

    @case
    def story_list_renders():
        dom = dump(base + '/', profile)
        text = dom.all_text()
        for s in stories:
            assert s['title'] in text, f'missing from the list: {s["title"]!r}'
        items = dom.with_class('li', 'story')
        assert len(items) == len(stories), (len(items), len(stories))
        no_injection(dom, 'list')
        shot(base + '/', 'list.png', profile)

    @case
    def story_list_search_and_sort():
        dom = dump(base + '/?q=landslide&sort=recent', profile)
        got = [a['data-id'] for a in dom.with_class('li', 'story')]
        want = [str(s['id']) for s in api('/api/stories?q=landslide&sort=recent')['stories']]
        assert got == want and got, (got, want)
        assert 'matching' in dom.by_id.get('count', ''), dom.by_id.get('count')

    @case
    def story_page_renders():
        doc = docs[biggest['id']]
        dom = dump(f'{base}/story/{biggest["id"]}', profile)
        assert dom.by_id.get('story-title') == biggest['title'], dom.by_id.get('story-title')
        text = dom.all_text()
        for a in doc['articles']:
            assert (a.get('title') or a['name']) in text, a
        assert f'Independent sources: {len(doc["independent_groups"])}' in text
        for key, sec in (('summary', 'summary'), ('timeline', 'timeline'), ('figures', 'facts'),
                         ('quote_variants', 'quote-variants'), ('entities', 'entities')):
            present = any(t == 'section' and a.get('id') == sec for t, a in dom.tags)
            if doc.get(key):
                assert present, f'{key} is in the story but its section is not on the page'
        if doc.get('timeline'):
            assert any(t == 'svg' and a.get('aria-label') == 'timeline' for t, a in dom.tags), 'a timeline chart'
            dots = [a for t, a in dom.tags if t == 'circle']
            assert len(dots) >= len(doc['timeline']), (len(dots), len(doc['timeline']))
        if doc.get('summary'):
            items = [a for t, a in dom.tags if t == 'sup' and 'cite' in (a.get('class') or '')]
            assert items, 'summary sentences cite their articles'
        no_injection(dom, 'story')
        shot(f'{base}/story/{biggest["id"]}', 'story.png', profile, height=1800)
        seed = [s for s in stories if any(n in s['articles'] for n in map(os.path.basename, seeds))]
        if seed:
            shot(f'{base}/story/{seed[0]["id"]}', 'story_seeds.png', profile, height=2400)

    @case
    def facts_table_shows_agreement():
        figs = rich.get('figures') or []
        dom = dump(f'{base}/story/{rich["id"]}', profile)
        if rich['id'] != biggest['id']:
            shot(f'{base}/story/{rich["id"]}', 'story_facts.png', profile, height=2400)
        if not figs:
            print('     note: no story carries figures yet (the facts stage is not in `story --json`); '
                  'the table is checked once it is')
            assert not any(a.get('id') == 'facts-table' for t, a in dom.tags)
            return
        rows = [a for t, a in dom.tags if t == 'tr' and 'figure' in (a.get('class') or '').split()]
        assert len(rows) == len(figs), (len(rows), len(figs))
        classes = [set(a['class'].split()) & {'agree', 'conflict', 'single'} for a in rows]
        assert all(len(c) == 1 for c in classes), classes
        for f, c in zip(figs, classes):
            if f.get('agree') is False:
                assert c == {'conflict'}, (f['what'], c)
        multi = [f for f in figs if f.get('agree') and len({m.get('article') for m in f.get('mentions', [])}) > 1
                 and (f.get('independent_sources') or 2) > 1]
        if multi:
            assert any(c == {'agree'} for c in classes), 'figures several sources agree on show as agreeing'

    @case
    def hostile_headline_is_text():
        dom = dump(f'{base}/story/{hostile["id"]}', profile)
        assert dom.by_id.get('story-title') == server_test.HOSTILE_TITLE, dom.by_id.get('story-title')
        no_injection(dom, 'hostile story')
        dom = dump(f'{base}/article/hostile-headline', profile)
        assert dom.by_id.get('article-title') == server_test.HOSTILE_TITLE
        no_injection(dom, 'hostile article')
        shot(f'{base}/story/{hostile["id"]}', 'hostile.png', profile)

    @case
    def article_page_highlights_spans():
        name = biggest['articles'][0]
        art = api('/api/article/' + urllib.parse.quote(name, safe=''))
        sents = art['sentences']
        pick = [sents[1], sents[min(3, len(sents) - 1)]] if len(sents) > 3 else sents[:1]
        frag = ','.join(f'{s["start"]}-{s["end"]}' for s in pick)
        url = f'{base}/article/{urllib.parse.quote(name, safe="")}#s={frag}'
        dom = dump(url, profile)
        assert dom.by_id.get('article-title') == (art['title'] or '(no headline)')
        body = art['text'].encode()
        want = [body[s['start']:s['end']].decode() for s in pick]
        assert dom.marks == want, (dom.marks, want)
        assert dom.by_id.get('article-text') == art['text'], 'the text is shown whole around the marks'
        no_injection(dom, 'article')
        shot(url, 'article.png', profile)

    @case
    def missing_story_shows_an_error():
        dom = dump(f'{base}/story/987654', profile)
        assert dom.with_class('p', 'error'), 'an error message for a story that does not exist'

    srv.stop()
    shutil.rmtree(profile, ignore_errors=True)
    cwtest.finish()


if __name__ == '__main__':
    main()
