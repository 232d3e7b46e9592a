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


@case
def annotate_adds_sentences_fingerprint_and_facts():
    base = ('Floodwater cut the rail line to Ostrava on Monday, the operator said. '
            'About 1,200 passengers were stranded overnight in Brno and nearby towns. '
            '"We expect trains to run again by Thursday," operator spokesman Pavel Hrubes said.')
    lines = [json.dumps({'name': 'r1', 'published': '2025-06-11', 'text': 'Rail line cut by floods\n' + base}),
             json.dumps({'name': 'r2', 'published': '2025-06-11', 'text': 'Floods cut rail line\n' + base}),
             json.dumps({'name': 'r3', 'published': '2025-06-11',
                         'text': 'Choir wins prize\nThe town choir won the regional prize in Olomouc on Saturday '
                                 'after a week of rehearsals in the old school hall.'})]
    p = run('annotate', '-', input=('\n'.join(lines) + '\n').encode())
    r1, r2, r3 = jsonl(p.stdout)
    text = r1['text']
    # sentences: byte spans into the clean text, in order
    spans = r1['sentences']
    assert len(spans) == 3 and all(a < b for a, b in spans), spans
    assert text.encode()[spans[1][0]:spans[1][1]].decode().startswith('About 1,200'), spans
    # fingerprints: the same body gives the same exact hash and sketch, another story not
    f1, f2, f3 = r1['fingerprint'], r2['fingerprint'], r3['fingerprint']
    assert len(f1['minhash']) == 64 and f1['words'] > 20, f1
    assert f1['exact'] == f2['exact'] and f1['minhash'] == f2['minhash'], (f1, f2)
    assert f1['exact'] != f3['exact'] and sum(a == b for a, b in zip(f1['minhash'], f3['minhash'])) < 8
    assert {s['hash'] for s in f1['sentences']} == {s['hash'] for s in f2['sentences']}
    # facts: the figure, the dates resolved against publication, the quote and its speaker
    facts = r1['facts']
    fig = [f for f in facts['figures'] if f['value'] == 1200]
    assert fig and fig[0]['mentions'][0]['qualifier'] == 'about', facts['figures']
    days = {d['text']: d.get('date') for d in facts['dates']}
    assert days.get('on Monday') == '2025-06-09' and days.get('by Thursday') == '2025-06-12', days
    q = facts['quotes']
    assert q and q[0]['speaker'] == 'Pavel Hrubes' and q[0]['text'].startswith('We expect trains'), q
    assert any(e['canonical'] == 'Pavel Hrubes' for e in facts['entities']), facts['entities']


finish()
