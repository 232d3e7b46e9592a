#!/usr/bin/env python3
"""Streams: JSON Lines on standard input in constant memory (ingest of 200,000
lines piped in), and the stateless JSON Lines filters (extract -, annotate -)
that batch engines pipe records through."""
import json, os, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cwtest import *

D = tmpdir()


def peak_rss_kb(args, lines):
    """Runs the CLI with `lines` JSON lines piped in (written as they are
    made, never held whole); returns (exit code, peak RSS in KiB)."""
    # Under AddressSanitizer freed memory sits in a quarantine (256 MB by
    # default) that would look like growth; keep it small (ignored otherwise).
    env = dict(os.environ, ASAN_OPTIONS=(os.environ.get('ASAN_OPTIONS', '') + ':quarantine_size_mb=4').lstrip(':'))
    p = subprocess.Popen([CW] + args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env=env)
    batch = []
    for i in range(lines):
        batch.append(json.dumps({'name': f'n{i}', 'outlet': 'Stream Daily',
                                 'text': f'Short note number {i % 50} about the harbour and the river.'}))
        if len(batch) == 5000:
            p.stdin.write(('\n'.join(batch) + '\n').encode())
            batch = []
    if batch:
        p.stdin.write(('\n'.join(batch) + '\n').encode())
    p.stdin.close()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, ru.ru_maxrss


@case
def jsonl_on_stdin_in_constant_memory():
    small_code, small = peak_rss_kb(['--db', os.path.join(D, 'a.db'), 'ingest', '-'], 20000)
    big_code, big = peak_rss_kb(['--db', os.path.join(D, 'b.db'), 'ingest', '-'], 200000)
    assert small_code == 0 and big_code == 0, (small_code, big_code)
    # ten times the lines, the same memory (give or take allocator noise)
    assert big < 64 * 1024 and big < small + 8 * 1024, (small, big)
    arts = jsonl(run('articles', '--json', db=os.path.join(D, 'b.db'), check=0).stdout)
    assert len(arts) == 50, len(arts)


@case
def extract_filter_jsonl_in_and_out():
    lines = [json.dumps({'name': 'p1', 'html': '<html><head><title>Bridge closes</title></head><body><article>'
                         '<h1>Bridge closes</h1><p>The council voted on Monday to close the old bridge over the river '
                         'for six months of repairs, officials said.</p></article></body></html>'}),
             json.dumps({'name': 'p2', 'text': 'Ferry resumes\nThe ferry service resumes on Friday after the storm '
                         'damage to the pier was repaired by the harbour crews.'}),
             '{"name": "p3"}',
             'not json']
    p = run('extract', '-', input=('\n'.join(lines) + '\n').encode())
    assert p.returncode == 1, p
    out = jsonl(p.stdout)
    assert len(out) == 4, out
    assert out[0]['name'] == 'p1' and out[0]['title'] == 'Bridge closes' and 'old bridge' in out[0]['text'], out[0]
    assert out[1]['name'] == 'p2' and 'ferry service' in out[1]['text'], out[1]
    assert out[2]['name'] == 'p3' and 'error' in out[2], out[2]
    assert out[3]['line'] == 4 and 'error' in out[3], out[3]
    assert len(p.stderr.decode().strip().splitlines()) == 2
    # one page on stdin is still one page
    p = run('extract', '-', '--json', input=b'<html><body><p>Just one page about the harbour.</p></body></html>')
    assert p.returncode == 0 and 'text' in json.loads(p.stdout), p


@case
def annotate_keeps_the_input_fields():
    line = json.dumps({'name': 'a1', 'url': 'https://x.test/a1', 'outlet': 'Vell Courier', 'published': '2025-01-02',
                       'custom': 7, 'html': '<html><body><article><p>The mayor said the harbour would reopen on '
                       'Tuesday once the storm had passed and the pier was checked.</p></article></body></html>'})
    p = run('annotate', '-', input=(line + '\n').encode(), check=0)
    out = jsonl(p.stdout)
    assert len(out) == 1, out
    o = out[0]
    assert o['name'] == 'a1' and o['custom'] == 7 and o['outlet'] == 'Vell Courier', o
    assert o['published'] == '2025-01-02' and 'html' not in o and 'harbour would reopen' in o['text'], o
    assert o['lang'] == 'en', o
    assert run('annotate', 'file.jsonl').returncode == 2


finish()
