#!/usr/bin/env python3
"""The command line as users meet it: contracts of DESIGN.md, exit codes, bad
inputs beside good ones, and the seed articles when ../shared is present."""
import json, os, random, resource, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cwtest import *

D = tmpdir()
DB = os.path.join(D, 'cli.db')


def write(name, data, mode='w'):
    p = os.path.join(D, name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, mode) as f:
        f.write(data)
    return p


GOOD = write('in/bridge.txt', 'Old bridge to close for repairs\n'
             'The city council voted on Monday to close the old bridge over the Vell river for six months. '
             'Repairs will cost about 4.2 million crowns, the council said.\n'
             'Drivers will use the ferry crossing instead, officials added.\n')
GOOD2 = write('in/sub/market.txt', 'Market square gets new trees\n'
              'Forty linden trees will be planted in the market square this spring. '
              'The planting starts on March 3, the parks office said.\n')


@case
def usage_errors_exit_2():
    assert run(db=DB).returncode == 2
    assert run('frobnicate', db=DB).returncode == 2
    assert run('show', db=DB).returncode == 2
    assert run('ingest', db=DB).returncode == 2
    assert run('articles', '--bogus', db=DB).returncode == 2
    for c in ('ingest', 'articles', 'show', 'search', 'extract'):
        p = run(c, '--help', check=0)
        assert b'usage: crosswire' in p.stdout, c
    assert b'commands' in run('--help', check=0).stdout


@case
def ingest_folder_then_list_and_show():
    p = run('ingest', os.path.join(D, 'in'), db=DB, check=0)
    assert b'2 new' in p.stdout, p.stdout
    arts = jsonl(run('articles', '--json', db=DB, check=0).stdout)
    assert [a['name'] for a in arts] == ['bridge.txt', 'market.txt'], arts
    for a in arts:
        assert set(a) >= {'id', 'name', 'title', 'outlet', 'credit', 'published', 'lang', 'story'}, a
    assert arts[0]['title'] == 'Old bridge to close for repairs'
    s = json.loads(run('show', 'bridge.txt', '--json', db=DB, check=0).stdout)
    for k in ('name', 'title', 'outlet', 'credit', 'published', 'lang', 'story', 'text', 'sentences'):
        assert k in s, k
    body = s['text'].encode()
    assert s['title'] not in s['text']
    assert len(s['sentences']) == 3, s['sentences']
    for sen in s['sentences']:
        assert body[sen['start']:sen['end']].decode() == sen['text'], sen
    assert s['sentences'][1]['text'].startswith('Repairs will cost')
    human = run('show', 'bridge.txt', db=DB, check=0).stdout.decode()
    assert 'Old bridge to close' in human and 'ferry crossing' in human


@case
def ingest_again_adds_nothing():
    p = run('ingest', GOOD, GOOD2, '--json', db=DB, check=0)
    r = json.loads(p.stdout)
    assert r['added'] == 0 and r['duplicates'] == 2, r
    assert len(jsonl(run('articles', '--json', db=DB, check=0).stdout)) == 2


@case
def stdin_and_jsonl_with_one_broken_line():
    lines = [json.dumps({'name': 'j1', 'title': 'Ferry timetable changes', 'outlet': 'Vell Courier',
                         'published': '2026-03-01', 'text': 'The ferry will run every twenty minutes from Monday. '
                         'The operator hired four new crew members.'}),
             '{"name": "j2", "text": "broken',
             json.dumps({'name': 'j3', 'text': 'A second good record about the school board meeting on Tuesday.'})]
    p = run('ingest', '-', db=DB, input=('\n'.join(lines) + '\n').encode())
    assert p.returncode == 1, p
    err = p.stderr.decode().strip().splitlines()
    assert len(err) == 1 and '-:2:' in err[0] and 'invalid JSON' in err[0], err
    names = [a['name'] for a in jsonl(run('articles', '--json', db=DB, check=0).stdout)]
    assert 'j1' in names and 'j3' in names and 'j2' not in names
    j1 = json.loads(run('show', 'j1', '--json', db=DB, check=0).stdout)
    assert j1['outlet'] == 'Vell Courier' and j1['published'].startswith('2026-03-01'), j1


@case
def bad_inputs_are_refused_and_nothing_is_lost():
    before = run('articles', '--json', db=DB, check=0).stdout
    bad = [write('bad/binary.txt', bytes(range(256)) * 8, 'wb'),
           write('bad/empty.txt', ''),
           write('bad/nul.txt', b'Some words\x00then a NUL byte and more words.', 'wb'),
           write('bad/broken.txt', 'Na\u00efve text that ends in a cut character '.encode() + b'\xe2\x82', 'wb'),
           os.path.join(D, 'bad/absent.txt')]
    os.symlink('/nonexistent/target', os.path.join(D, 'bad/dangling.txt'))
    bad.append(os.path.join(D, 'bad/dangling.txt'))
    new = write('bad/fine.txt', 'A fine article among bad ones\nThe library opens late on Thursdays from now on.\n')
    p = run('ingest', *bad, new, db=DB)
    assert p.returncode == 1
    err = p.stderr.decode().strip().splitlines()
    assert len(err) == len(bad), err
    for path, line in zip(bad, err):
        assert path in line, (path, line)
    after = jsonl(run('articles', '--json', db=DB, check=0).stdout)
    assert [a for a in after if a['name'] != 'fine.txt'] == jsonl(before)
    assert any(a['name'] == 'fine.txt' for a in after)


@case
def huge_file_is_refused_in_bounded_memory():
    path = os.path.join(D, 'huge.txt')
    line = ('word ' * 19 + 'end.\n').encode()
    with open(path, 'wb') as f:
        for _ in range(100 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    p = run('ingest', path, db=DB)
    assert p.returncode == 1 and b'limit' in p.stderr, p.stderr
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kb < 150 * 1024, f'peak memory {peak_kb} kB'
    os.unlink(path)


@case
def search_finds_best_first():
    hits = jsonl(run('search', 'bridge repairs', '--json', db=DB, check=0).stdout)
    assert hits and hits[0]['name'] == 'bridge.txt', hits
    assert 'snippet' in hits[0]
    assert b'no article matches' in run('search', 'xylophone', db=DB, check=0).stdout


@case
def show_unknown_name_exits_1():
    p = run('show', 'nope.txt', db=DB)
    assert p.returncode == 1 and b'nope.txt' in p.stderr and len(p.stderr.splitlines()) == 1


@case
def db_from_environment():
    other = os.path.join(D, 'env.db')
    env = dict(os.environ, CROSSWIRE_DB=other)
    subprocess.run([CW, 'ingest', GOOD], env=env, check=True, capture_output=True)
    assert os.path.exists(other)


@case
def extract_is_stateless():
    p = run('extract', GOOD, '--json', check=0)
    x = json.loads(p.stdout)
    assert x['title'] == 'Old bridge to close for repairs' and 'ferry crossing' in x['text']
    for k in ('title', 'text', 'published', 'author', 'site', 'lang', 'credit'):
        assert k in x


@case
def outlet_template_is_learnt_and_kept_across_runs():
    db = os.path.join(D, 'template.db')
    rng = random.Random(7)
    odd = 'Gullwing Ferries sponsor this page: crossings from nine crowns daily'
    recs = []
    for i in range(6):
        title, text = invented_article(rng, i)
        recs.append({'name': f't{i}', 'outlet': 'Vell Courier', 'title': title,
                     'text': text.replace('\n', '\n' + odd + '\n', 1)})
    first = ''.join(json.dumps(r) + '\n' for r in recs[:3]).encode()
    rest = ''.join(json.dumps(r) + '\n' for r in recs[3:]).encode()
    run('ingest', '-', db=db, input=first, check=0)
    run('ingest', '-', db=db, input=rest, check=0)  # a new process: the counts come from the store
    for i in range(6):
        text = json.loads(run('show', f't{i}', '--json', db=db, check=0).stdout)['text']
        assert (odd in text) == (i < 2), (i, odd in text)
        assert recs[i]['text'].split('\n')[0] in text  # the article's own lines stay
    # The same pages again are duplicates, though their stored text was stripped.
    r = json.loads(run('ingest', '-', '--json', db=db, input=first + rest, check=0).stdout)
    assert r['duplicates'] == 6 and r['added'] == 0, r


@case
def example_corpus_ingests_whole():
    corpus = os.path.join(ROOT, 'examples', 'corpus')
    db = os.path.join(D, 'examples.db')
    p = run('ingest', corpus, '--json', db=db, check=0)
    r = json.loads(p.stdout)
    files = [f for f in os.listdir(corpus) if not f.endswith('.jsonl')]
    records = sum(1 for l in open(os.path.join(corpus, 'feed.jsonl')) if l.strip())
    assert r['added'] == len(files) + records and r['failed'] == 0, r
    arts = {a['name']: a for a in jsonl(run('articles', '--json', db=db, check=0).stdout)}
    for a in arts.values():
        s = json.loads(run('show', a['name'], '--json', db=db, check=0).stdout)
        assert len(s['text']) > 200 and s['sentences'], a['name']
    cyr = [a for a in arts.values() if a['title'] and any('\u0400' <= ch <= '\u04ff' for ch in a['title'])]
    assert cyr and all(a['lang'] == 'ru' for a in cyr), cyr


@case
def seed_articles():
    seeds = os.path.join(SHARED, 'seeds')
    if not os.path.isdir(seeds):
        print(f'skip: {seeds} is absent')
        return
    db = os.path.join(D, 'seeds.db')
    run('ingest', seeds, db=db)
    names = sorted(a['name'] for a in jsonl(run('articles', '--json', db=db, check=0).stdout))
    want = sorted(f for f in os.listdir(seeds) if f.endswith('.txt'))
    assert names == want, names
    r = json.loads(run('ingest', seeds, '--json', db=db).stdout)
    assert r['added'] == 0 and r['duplicates'] == 5, r


@case
def progress_on_a_terminal_only():
    import pty, select
    rng = random.Random(5)
    path = os.path.join(D, 'progress.jsonl')
    with open(path, 'w') as f:
        for i in range(6000):
            title, text = invented_article(rng, i)
            f.write(json.dumps({'name': f'p{i}', 'title': title, 'text': text}) + '\n')
    # standard error on a terminal: progress lines with the rate and the time left
    master, slave = pty.openpty()
    p = subprocess.Popen([CW, '--db', os.path.join(D, 'tty.db'), 'ingest', path], stdout=subprocess.PIPE,
                         stderr=slave)
    os.close(slave)
    seen = b''
    while True:
        r, _, _ = select.select([master], [], [], 1.0)
        if r:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif p.poll() is not None:
            break
    out = p.communicate(timeout=600)[0]
    os.close(master)
    assert p.returncode == 0, p.returncode
    text = seen.decode(errors='replace')
    assert 'articles/s' in text and '\r' in text, text[:300]
    if p.returncode == 0 and text.count('articles/s') > 8:  # long enough for an estimate
        assert ' left' in text, text[-300:]
    assert b'6000 articles read' in out, out
    # not a terminal: nothing but the summary
    q = run('ingest', path, db=os.path.join(D, 'pipe.db'), check=0)
    assert q.stderr == b'' and b'articles read' in q.stdout, q.stderr[:200]

@case
def brief_says_what_was_compared():
    """Where the sources differ, in every format: an empty list says how many
    statements of one fact were compared across how many sources; a found
    difference shows each side with its independent-source count."""
    same = {'articles': [
        {'name': 'river1', 'outlet': 'Valley Post', 'published': '2024-06-04',
         'title': 'Town council votes to rebuild Mill Street bridge',
         'text': 'The Lindqvist town council voted on Monday to rebuild the Mill Street bridge over the river. '
                 'Works will start in the autumn, the council said.'},
        {'name': 'river2', 'outlet': 'Lindqvist Herald', 'published': '2024-06-04',
         'title': 'Mill Street bridge to be rebuilt',
         'text': 'On Monday the town council voted to rebuild the Mill Street bridge. '
                 'The old bridge was closed to lorries in the spring.'}]}
    path = write('same.json', json.dumps(same))
    doc = json.loads(run('brief', path, '--json', check=0).stdout)
    assert doc['discrepancies'] == [], doc['discrepancies']
    c = doc['comparison']
    assert c['facts_compared'] >= 1 and c['articles'] == 2, c
    md = run('brief', path, '--format', 'md', check=0).stdout.decode()
    assert '## Where the sources differ' in md and 'No difference found among' in md, md
    html = run('brief', path, '--format', 'html', check=0).stdout.decode()
    assert 'No difference found among' in html, html[:300]
    differ = json.loads(json.dumps(same))
    differ['articles'][1]['text'] = differ['articles'][1]['text'].replace('On Monday', 'On Thursday')
    differ['articles'][1]['published'] = '2024-06-07'
    path = write('differ.json', json.dumps(differ))
    doc = json.loads(run('brief', path, '--json', check=0).stdout)
    dates = [d for d in doc['discrepancies'] if d['kind'] == 'date']
    assert dates, doc['discrepancies']
    sides = {s['value']: s['independent_sources'] for s in dates[0]['sides']}
    assert sides.get('on Monday') == 1 and sides.get('On Thursday') == 1, sides
    md = run('brief', path, '--format', 'md', check=0).stdout.decode()
    assert '1 difference found among' in md and 'On Thursday' in md.split('## Where the sources differ')[1], md


finish()
