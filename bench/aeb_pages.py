#!/usr/bin/env python3
"""Per-page scores of AEB predictions, worst first, to find what to fix.

usage: aeb_pages.py GROUND_TRUTH.json PREDICTIONS.json [N]
Uses the scorer's own functions (../shared/tools/aeb_score.py) so the numbers match it.
"""
import importlib.util, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    'aeb_score', os.path.join(here, '..', '..', 'shared', 'tools', 'aeb_score.py'))
sc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sc)

gold = json.load(open(sys.argv[1]))
pred = json.load(open(sys.argv[2]))
n = int(sys.argv[3]) if len(sys.argv) > 3 else 25
rows = []
for k, g in gold.items():
    tp, fp, fn = sc.page(g.get('articleBody', ''), pred.get(k, {}).get('articleBody', ''))
    p, r = sc.prec(tp, fp, fn), sc.rec(tp, fp, fn)
    f = 2 * p * r / (p + r) if p + r else 0.0
    rows.append((f, p, r, k, g.get('url', '')))
rows.sort()
for f, p, r, k, u in rows[:n]:
    print(f'{f:.3f} P {p:.3f} R {r:.3f} {k[:12]} {u[:90]}')
