#!/usr/bin/env python3
"""Installing like a system tool: `cmake --install` (what `make install` runs)
into a DESTDIR with PREFIX=/usr gives the CLI, libcrosswire shared and static,
crosswire.h, a crosswire.pc that pkg-config reads right, the SQLite extension
and the man pages; a small C program built with `pkg-config --cflags --libs
crosswire` against that tree calls cw_extract and runs; the man page names
every command and option of --help; `make uninstall` removes it all.

Run by ctest as: python3 install_test.py BUILD/crosswire PROJECT_ROOT"""
import json, os, re, shutil, sqlite3, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cwtest import *

BUILD = os.path.dirname(CW)
D = tmpdir()
DEST = os.path.join(D, 'dest')
PREFIX = '/usr'
MANIFEST = os.path.join(BUILD, 'install_manifest.txt')
SANITIZED = False
try:
    with open(os.path.join(BUILD, 'CMakeCache.txt')) as f:
        SANITIZED = any(l.strip() in ('CW_SANITIZE:BOOL=ON', 'CW_SANITIZE:BOOL=1') for l in f)
except OSError:
    pass

if not shutil.which('cc') or not shutil.which('pkg-config'):
    print('SKIP: cc or pkg-config missing')
    sys.exit(SKIP)

# A real install's manifest must survive the test's own install and uninstall.
saved = None
if os.path.exists(MANIFEST):
    with open(MANIFEST, 'rb') as f:
        saved = f.read()


def sh(cmd, env=None, check=True):
    p = subprocess.run(cmd, capture_output=True, timeout=600, env=env, shell=isinstance(cmd, str))
    if check and p.returncode != 0:
        raise AssertionError(f'{cmd}: exit {p.returncode}\n{p.stdout.decode(errors="replace")}'
                             f'{p.stderr.decode(errors="replace")}')
    return p


def tree(*parts):
    return os.path.join(DEST, PREFIX.lstrip('/'), *parts)


def libdir():
    for cand in ('lib', 'lib64') + tuple(os.path.join('lib', d) for d in os.listdir(tree('lib'))
                                         if os.path.isdir(tree('lib', d)) and '-linux-' in d):
        if os.path.exists(tree(cand, 'pkgconfig', 'crosswire.pc')):
            return cand
    raise AssertionError('no crosswire.pc installed')


def pc_env():
    return dict(os.environ, PKG_CONFIG_PATH=tree(libdir(), 'pkgconfig'), PKG_CONFIG_SYSROOT_DIR=DEST,
                PKG_CONFIG_LIBDIR=tree(libdir(), 'pkgconfig') + ':/usr/lib/x86_64-linux-gnu/pkgconfig:'
                '/usr/lib/pkgconfig:/usr/share/pkgconfig')


@case
def installs_every_part_under_destdir_and_prefix():
    env = dict(os.environ, DESTDIR=DEST)
    sh(['cmake', '--install', BUILD, '--prefix', PREFIX], env=env)
    lib = libdir()
    for rel in ('bin/crosswire', 'include/crosswire.h', f'{lib}/libcrosswire.so', f'{lib}/libcrosswire.a',
                f'{lib}/pkgconfig/crosswire.pc', f'{lib}/crosswire/crosswire_fts.so', 'share/man/man1/crosswire.1',
                'share/man/man3/crosswire.3'):
        assert os.path.exists(tree(rel)), rel
    p = sh([tree('bin/crosswire'), '-V'])
    assert p.stdout.decode().startswith('crosswire '), p.stdout
    # every path installed is under PREFIX (the manifest lists them without DESTDIR)
    with open(MANIFEST) as f:
        for line in f:
            assert line.startswith(PREFIX + '/') and os.path.exists(DEST + line.strip()), line


@case
def pkg_config_reads_the_installed_tree():
    env = pc_env()
    plain = dict(env)
    del plain['PKG_CONFIG_SYSROOT_DIR']
    prefix = sh(['pkg-config', '--variable=prefix', 'crosswire'], env=plain).stdout.decode().strip()
    assert prefix == PREFIX, prefix
    cflags = sh(['pkg-config', '--cflags', 'crosswire'], env=env).stdout.decode().split()
    libs = sh(['pkg-config', '--libs', 'crosswire'], env=env).stdout.decode().split()
    assert f'-I{tree("include")}' in cflags, cflags
    assert f'-L{tree(libdir())}' in libs and '-lcrosswire' in libs, libs
    fts = sh(['pkg-config', '--variable=fts_extension', 'crosswire'], env=plain).stdout.decode().strip()
    assert fts == os.path.join(PREFIX, libdir(), 'crosswire', 'crosswire_fts'), fts


PROGRAM = r'''
#include <crosswire.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    const char *page = "<html><head><title>Orvane bridge reopens</title></head><body><article>"
                       "<p>The old bridge over the river Vell in Orvane reopened on Monday after four months of "
                       "repairs, the town council said.</p><p>Engineers replaced the cables and the deck, and "
                       "the first buses crossed it before dawn.</p></article></body></html>";
    char *json = NULL, *err = NULL;
    if (cw_extract(page, strlen(page), "page.html", &json, &err) != CW_OK) {
        fprintf(stderr, "cw_extract: %s\n", err ? err : "?");
        cw_free(err);
        return 1;
    }
    printf("%s\n%s\n", CW_VERSION, json);
    cw_free(json);
    return 0;
}
'''


def build_and_run(static):
    src = os.path.join(D, 'x.c')
    with open(src, 'w') as f:
        f.write(PROGRAM)
    env = pc_env()
    exe = os.path.join(D, 'x_static' if static else 'x')
    cflags = sh(['pkg-config', '--cflags', 'crosswire'], env=env).stdout.decode().split()
    san = ['-fsanitize=address,undefined'] if SANITIZED else []
    if static:
        # libcrosswire.a itself, with the shared system libraries it needs (crosswire.pc's private ones)
        deps = sh(['pkg-config', '--print-requires-private', 'crosswire'], env=env).stdout.decode().split()
        libs = [tree(libdir(), 'libcrosswire.a')] + sh(['pkg-config', '--libs', *deps], env=env).stdout.decode().split()
        libs += ['-lstemmer', '-lm']
    else:
        libs = sh(['pkg-config', '--libs', 'crosswire'], env=env).stdout.decode().split()
    sh(['cc', '-std=c11', '-Wall', '-Werror', *san, src, '-o', exe, *cflags, *libs])
    run_env = dict(os.environ)
    if not static:
        run_env['LD_LIBRARY_PATH'] = tree(libdir())
    p = sh([exe], env=run_env)
    out = p.stdout.decode().splitlines()
    doc = json.loads(out[1])
    assert 'buses crossed it' in doc['text'] and doc['title'].startswith('Orvane bridge'), doc
    if not static:
        # the program ran against the installed library, not the build's
        maps = sh(['ldd', exe], env=run_env).stdout.decode()
        assert tree(libdir(), 'libcrosswire.so') in maps, maps


@case
def a_c_program_built_with_pkg_config_calls_cw_extract():
    build_and_run(static=False)


@case
def a_c_program_links_the_static_library():
    build_and_run(static=True)


@case
def the_installed_sqlite_extension_reads_the_index():
    db = os.path.join(D, 'x.db')
    run('ingest', os.path.join(ROOT, 'examples', 'corpus'), db=db, check=0)
    con = sqlite3.connect(db)
    con.enable_load_extension(True)
    con.load_extension(tree(libdir(), 'crosswire', 'crosswire_fts'))
    n = con.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'flood'").fetchone()[0]
    con.close()
    assert n > 0, n


def rendered(page):
    p = sh(['man', '-l', '-P', 'cat', page], env=dict(os.environ, MANWIDTH='200', MAN_KEEP_FORMATTING='0'))
    text = re.sub(r'.\x08', '', p.stdout.decode())
    return ' '.join(text.split())


@case
def the_man_page_names_every_command_and_option_of_help():
    if not shutil.which('man'):
        print('     (man missing: the page is checked as roff source only)')
    page1 = tree('share/man/man1/crosswire.1')
    text = rendered(page1) if shutil.which('man') else open(page1).read().replace('\\-', '-')
    helptext = run('--help', check=0).stdout.decode()
    usages = [l.strip() for l in helptext.split('commands:', 1)[1].split('\n\n', 1)[0].splitlines() if l.strip()]
    assert len(usages) >= 10, usages
    options = set()
    for u in usages:
        assert ' '.join(u.split()) in text, f'crosswire(1) lacks: {u}'
        cmd = u.replace('[--db FILE] ', '').split()[1]
        sub = run(cmd, '--help', check=0).stdout.decode()
        options |= set(re.findall(r'(?<![\w-])--[a-z][a-z-]*', sub))
        # the command's first sentence of help is on the page
        first = ' '.join(sub.split('\n\n', 1)[1].split())[:50]
        assert first.replace(' - ', ' - ') in text, (cmd, first)
    options |= set(re.findall(r'(?<![\w-])--[a-z][a-z-]*', helptext))
    for o in sorted(options):
        assert o in text, f'crosswire(1) lacks the option {o}'
    for env in ('CROSSWIRE_DB',):
        assert env in text
    page3 = tree('share/man/man3/crosswire.3')
    text3 = rendered(page3) if shutil.which('man') else open(page3).read()
    for fn in ('cw_engine_open', 'cw_extract', 'cw_ingest_path', 'cw_story_brief', 'cw_free'):
        assert fn in text3, fn


@case
def make_uninstall_removes_what_was_installed():
    lib = libdir()
    sh(['make', '-C', ROOT, 'uninstall', f'BUILD={BUILD}', f'DESTDIR={DEST}'])
    left = [os.path.join(dp, f) for dp, _, fs in os.walk(DEST) for f in fs]
    assert not left, left
    assert not os.path.exists(tree(lib, 'crosswire'))


if saved is not None:
    with open(MANIFEST, 'wb') as f:
        f.write(saved)
elif os.path.exists(MANIFEST):
    os.remove(MANIFEST)
finish()
