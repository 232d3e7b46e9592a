#!/usr/bin/env python3
"""readability-lxml over the AEB pages, timed the way bench_extract times crosswire.

usage: aeb_readability.py HTML_DIR PREDICTIONS.json
Pages are read and decompressed first; only Document(html).summary() and the
text conversion are timed. Prints pages/s, MB/s (of HTML bytes) and peak RSS.
"""
import gzip, json, os, resource, sys, time

import lxml.html
from readability import Document

d, outp = sys.argv[1], sys.argv[2]
pages = []
for name in sorted(os.listdir(d)):
    if '.htm' not in name:
        continue
    raw = gzip.open(os.path.join(d, name)).read() if name.endswith('.gz') else open(os.path.join(d, name), 'rb').read()
    try:
        html = raw.decode('utf-8')
    except UnicodeDecodeError:
        html = raw.decode('cp1252', errors='replace')
    pages.append((name.split('.')[0], html, len(raw)))
nbytes = sum(p[2] for p in pages)
out = {}
t0 = time.perf_counter()
for pid, html, _ in pages:
    try:
        summary = Document(html).summary(html_partial=True)
        text = lxml.html.fromstring(summary).text_content() if summary.strip() else ''
    except Exception:
        text = ''
    out[pid] = {'articleBody': text}
dt = time.perf_counter() - t0
json.dump(out, open(outp, 'w'))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
print(f'readability-lxml: {len(pages)} pages, {nbytes / 1e6:.1f} MB, {dt:.3f} s, {len(pages) / dt:.1f} pages/s, '
      f'{nbytes / 1e6 / dt:.1f} MB/s, peak RSS {rss:.1f} MB')
