#!/usr/bin/env python3
"""The module graph holds: a file of src/MODULE includes project headers of
MODULE and of the modules its cw_module(... DEPS ...) in CMakeLists.txt names,
and no other; cli/ and server/ include crosswire.h and server/ headers only
(the public API). Also checks itself: a graph with a module's dependency
taken away must fail. Run by ctest as: python3 include_rule_test.py CLI ROOT."""
import os, re, sys

ROOT = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.getcwd()
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def graph(cmake_text):
    """{module: set of modules it may use} from the cw_module calls."""
    g = {}
    for m in re.finditer(r'cw_module\(\s*(\w+)([^)]*)\)', cmake_text):
        name, args = m.group(1), m.group(2)
        deps = args.split('DEPS', 1)[1].split() if 'DEPS' in args else []
        g[name] = {d[3:] for d in deps if d.startswith('cw_')}
    return g


def includes(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        return INCLUDE.findall(f.read())


def violations(g):
    bad = []
    for module in sorted(os.listdir(os.path.join(ROOT, 'src'))):
        folder = os.path.join(ROOT, 'src', module)
        if not os.path.isdir(folder):
            continue
        if module not in g:
            bad.append(f'src/{module}: not a module of CMakeLists.txt')
            continue
        allowed = {module} | g[module]
        for name in sorted(os.listdir(folder)):
            if not name.endswith(('.c', '.h')):
                continue
            for inc in includes(os.path.join(folder, name)):
                top = inc.split('/', 1)[0] if '/' in inc else None
                if inc == 'crosswire.h' or top in allowed:
                    continue
                bad.append(f'src/{module}/{name}: includes "{inc}", which {module} does not declare')
    for top in ('cli', 'server'):
        folder = os.path.join(ROOT, top)
        for dirpath, _, files in os.walk(folder):
            for name in sorted(files):
                if not name.endswith(('.c', '.h')):
                    continue
                for inc in includes(os.path.join(dirpath, name)):
                    if inc == 'crosswire.h' or inc.startswith('server/'):
                        continue
                    bad.append(f'{os.path.relpath(os.path.join(dirpath, name), ROOT)}: includes "{inc}": '
                               f'{top}/ uses the public header only')
    return bad


with open(os.path.join(ROOT, 'CMakeLists.txt')) as f:
    g = graph(f.read())
if len(g) < 5 or 'core' not in g:
    print('FAIL: no module graph found in CMakeLists.txt')
    sys.exit(1)
bad = violations(g)
for b in bad:
    print('FAIL:', b)
# The rule must be able to fail: without its dependency on core, text's
# includes of core/ headers are violations.
weaker = {m: set(d) for m, d in g.items()}
weaker['text'].discard('core')
if not any(v.startswith('src/text/') for v in violations(weaker)):
    print('FAIL: the check does not see a missing dependency')
    bad.append('self-check')
print(f'{len(g)} modules, {"ok" if not bad else str(len(bad)) + " violations"}')
sys.exit(1 if bad else 0)
