#!/usr/bin/python3
"""The Python package (python/) under pytest: every call on invented articles,
errors, threads, and `pip install` into a fresh virtual environment; then the
Dask backfill against a real scheduler and two workers (python/tests/).
Run by ctest as: python3 python_test.py PATH/TO/crosswire PROJECT_ROOT; the
package loads build/libcrosswire.so beside the CLI. Skips (77) when Debian's
python3-pytest is absent."""
import os
import subprocess
import sys

cli = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.abspath('build/crosswire')
root = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.getcwd()
try:
    import pytest  # noqa: F401
except ImportError:
    print('skipped: pytest is not installed (apt-get install python3-pytest)')
    sys.exit(77)

env = dict(os.environ, CROSSWIRE_LIBRARY=os.path.join(os.path.dirname(cli), 'libcrosswire.so'),
           CROSSWIRE_CLI=cli, PYTHONDONTWRITEBYTECODE='1')
tests = os.path.join(root, 'python', 'tests')
sys.exit(subprocess.call([sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', tests] + sys.argv[3:],
                         env=env, cwd=tests))
