#!/usr/bin/env python3
"""Hostile inputs (tests/hostile/, made by make_hostile.py or found by the
fuzzers): each is ingested under a time limit and a memory ceiling, and must
give exactly what its line below says: the exit code, the articles kept, and
words of the one-line reason. Nothing may crash, hang, read a local file or
the network, or take memory in proportion to what the input claims."""
import json, os, subprocess, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cwtest import *

D = tmpdir()
HOSTILE = os.path.join(ROOT, 'tests', 'hostile')
SECONDS = 60     # generous: the sanitizer build is slow; the release build takes under 2 s each
MAX_RSS_MB = 600

# file: (exit code, articles added, words each stderr must hold)
EXPECT = {
    'feed_billion_laughs.xml': (0, 1, []),
    'feed_xxe.xml': (0, 1, []),
    'feed_deep_nesting.xml': (0, 1, ['item 2']),
    'feed_bare_ampersands.rss': (0, 1, []),
    'feed_utf16.xml': (0, 1, []),
    'feed_garbage_encoding.xml': (1, 0, ['invalid UTF-8 at byte', 'a stray byte']),
    'warc_huge_content_length.warc': (1, 1, ['larger than the 32 MiB limit', 'truncated at byte 410']),
    'warc_endless_header.warc': (1, 1, ['at byte 342: a WARC header longer than 65536 bytes']),
    'warc_gzip_bomb.warc': (1, 1, ['[record at byte 342]', 'oversized gzip']),
    'warc_chunked_lies.warc': (1, 1, ['[record at byte 0]: a broken chunked HTTP body']),
    'warc_truncated.warc.gz': (1, 1, ['truncated at byte', 'the record at byte 342 is incomplete']),
    'warc_garbage_member.warc.gz': (1, 0, ['warc_garbage_member.warc.gz:']),
    'jsonl_hostile.jsonl': (1, 1, [':2: invalid JSON', ':3: invalid JSON', ':4: invalid JSON']),
    'html_deep_nesting.html': (0, 1, []),
}


def ingest(path, db):
    env = dict(os.environ, ASAN_OPTIONS=(os.environ.get('ASAN_OPTIONS', '') + ':quarantine_size_mb=16').lstrip(':'))
    t = time.time()
    p = subprocess.Popen([CW, '--db', db, 'ingest', path, '--json'], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env)
    try:
        out, err = p.communicate(timeout=SECONDS)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        raise AssertionError(f'{path}: still running after {SECONDS} s')
    return p.returncode, out, err, time.time() - t


def check(name):
    code, added, words = EXPECT[name]
    db = os.path.join(D, name + '.db')
    rc, out, err, secs = ingest(os.path.join(HOSTILE, name), db)
    assert rc == code, (rc, err.decode(errors='replace')[:500])
    r = json.loads(out)
    assert r['added'] == added, r
    text = err.decode()
    for w in words:
        assert w in text, (w, text[:500])
    for line in text.splitlines():
        assert line.startswith('crosswire: ') and name in line, line
    # nothing of /etc/passwd in what was stored
    for a in jsonl(run('articles', '--json', db=db, check=0).stdout):
        s = json.loads(run('show', a['name'], '--json', db=db, check=0).stdout)
        assert 'root:' not in s['text'] and 'root:' not in (s['title'] or ''), s


@case
def every_file_has_an_expectation():
    files = sorted(f for f in os.listdir(HOSTILE) if not f.endswith('.py'))
    assert files == sorted(EXPECT), set(files) ^ set(EXPECT)


for name in sorted(EXPECT):
    fn = (lambda n: (lambda: check(n)))(name)
    fn.__name__ = name
    case(fn)


@case
def memory_stays_bounded_on_the_gzip_bomb():
    env = dict(os.environ, ASAN_OPTIONS=(os.environ.get('ASAN_OPTIONS', '') + ':quarantine_size_mb=16').lstrip(':'))
    p = subprocess.Popen([CW, '--db', os.path.join(D, 'rss.db'), 'ingest', os.path.join(HOSTILE, 'warc_gzip_bomb.warc')],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, ru = os.wait4(p.pid, 0)
    assert ru.ru_maxrss < MAX_RSS_MB * 1024, ru.ru_maxrss


finish()
