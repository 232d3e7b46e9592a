"""Small helpers shared by the Python tests of the built CLI (run by ctest
as: python3 TEST.py PATH/TO/crosswire PROJECT_ROOT)."""
import json, os, random, subprocess, sys, tempfile

CW = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.abspath('build/crosswire')
ROOT = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.getcwd()
SHARED = os.path.join(os.path.dirname(ROOT), 'shared')
SKIP = 77

passed = failed = 0


def run(*args, db=None, input=None, check=None):
    cmd = [CW] + (['--db', db] if db else []) + list(args)
    p = subprocess.run(cmd, input=input, capture_output=True, timeout=600)
    if check is not None and p.returncode != check:
        raise AssertionError(f'{cmd}: exit {p.returncode}, want {check}\n{p.stderr.decode(errors="replace")}')
    return p


def jsonl(out):
    return [json.loads(l) for l in out.decode().splitlines() if l.strip()]


def case(fn):
    """Runs one test function and counts it."""
    global passed, failed
    try:
        fn()
        passed += 1
        print(f'ok   {fn.__name__}')
    except Exception as e:  # a failed assertion or a crash of the tool
        failed += 1
        print(f'FAIL {fn.__name__}: {e}')
    return fn


def finish():
    print(f'{passed} passed, {failed} failed')
    sys.exit(1 if failed else 0)


WORDS = ('harbour council river bridge mayor vote flood minister budget school rail strike ceasefire talks '
         'village storm farmers prices election court ruling hospital report police festival museum').split()


def invented_article(rng, i):
    """An article of invented words: enough text to extract, unique per i."""
    title = ' '.join(rng.choice(WORDS).capitalize() for _ in range(6))
    paras = []
    for _ in range(rng.randint(3, 8)):
        sents = []
        for _ in range(rng.randint(2, 5)):
            w = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
            sents.append(' '.join(w).capitalize() + '.')
        paras.append(' '.join(sents))
    paras.append(f'Reference number {i} closes this invented report.')
    return title, '\n'.join(paras)


def tmpdir():
    return tempfile.mkdtemp(prefix='cwtest_')
