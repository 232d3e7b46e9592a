"""Loading libcrosswire and declaring its calls (ctypes; nothing is compiled).

The library is looked for, in this order:

1. the file named by the environment variable ``CROSSWIRE_LIBRARY``;
2. ``build/libcrosswire.so`` of the source tree this package sits in
   (``python/crosswire`` next to ``build/``), so tests run from the tree;
3. the system's library path (``libcrosswire.so.0`` after ``make install``).

Every call goes through a ``ctypes.CDLL``, which releases the GIL for the
length of the C call: long calls (ingest, brief, annotate) let other Python
threads run.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
from pathlib import Path
from typing import Optional

CW_OK = 0
STATUS_NAMES = ("ok", "nomem", "io", "input", "usage", "store", "notfound", "limit")


class IngestReport(ctypes.Structure):
    """cw_ingest_report, field for field."""

    _fields_ = [
        ("records", ctypes.c_uint64),
        ("added", ctypes.c_uint64),
        ("duplicates", ctypes.c_uint64),
        ("failed", ctypes.c_uint64),
        ("bytes", ctypes.c_uint64),
        ("not_news", ctypes.c_uint64),
    ]


DIAG_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p)
PROGRESS_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.POINTER(IngestReport))
LINE_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)


class IngestOptions(ctypes.Structure):
    """cw_ingest_options, field for field."""

    _fields_ = [
        ("on_error", DIAG_FN),
        ("on_progress", PROGRESS_FN),
        ("ud", ctypes.c_void_p),
        ("batch", ctypes.c_uint),
        ("keep_all_pages", ctypes.c_int),
    ]


def _candidates() -> list:
    env = os.environ.get("CROSSWIRE_LIBRARY")
    if env:
        return [env]  # named on purpose: no silent fallback to another copy
    out = []
    tree = Path(__file__).resolve().parent.parent.parent / "build" / "libcrosswire.so"
    if tree.exists():
        out.append(str(tree))
    found = ctypes.util.find_library("crosswire")
    if found:
        out.append(found)
    out.append("libcrosswire.so.0")
    return out


def _load() -> ctypes.CDLL:
    errors = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(f"{path}: {e}")
    raise ImportError("crosswire: libcrosswire not found (set CROSSWIRE_LIBRARY to its path, or run `make` "
                      "or `make install`): " + "; ".join(errors))


lib = _load()
c_char_pp = ctypes.POINTER(ctypes.c_void_p)  # char ** whose result is read with string_at, then cw_free


def _decl(name: str, restype, *argtypes) -> None:
    fn = getattr(lib, name)
    fn.restype = restype
    fn.argtypes = list(argtypes)


_vp, _cp, _sz, _int, _u = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_uint
_decl("cw_status_str", _cp, _int)
_decl("cw_free", None, _vp)
_decl("cw_engine_open", _int, _cp, ctypes.POINTER(_vp), c_char_pp)
_decl("cw_engine_close", None, _vp)
_decl("cw_engine_error", _cp, _vp)
_decl("cw_ingest_path", _int, _vp, _cp, ctypes.POINTER(IngestOptions), ctypes.POINTER(IngestReport))
_decl("cw_ingest_memory", _int, _vp, _cp, _vp, _sz, ctypes.POINTER(IngestOptions), ctypes.POINTER(IngestReport))
_decl("cw_articles", _int, _vp, LINE_FN, _vp)
_decl("cw_article", _int, _vp, _cp, c_char_pp)
_decl("cw_search", _int, _vp, _cp, _u, LINE_FN, _vp)
_decl("cw_stories", _int, _vp, LINE_FN, _vp)
_decl("cw_story", _int, _vp, ctypes.c_int64, c_char_pp)
_decl("cw_related", _int, _vp, _cp, c_char_pp)
_decl("cw_story_brief", _int, _vp, ctypes.c_int64, _cp, _u, c_char_pp)
_decl("cw_brief", _int, _vp, _sz, _cp, _u, c_char_pp, c_char_pp)
_decl("cw_extract", _int, _vp, _sz, _cp, c_char_pp, c_char_pp)
_decl("cw_annotate", _int, _vp, _sz, _cp, c_char_pp, c_char_pp)
_decl("cw_prepare_path", _int, _cp, LINE_FN, DIAG_FN, _vp)
_decl("cw_prepare_jsonl", _int, _cp, _vp, _sz, ctypes.c_uint64, LINE_FN, DIAG_FN, _vp)
_decl("cw_ingest_prepared", _int, _vp, _vp, _sz, ctypes.POINTER(IngestOptions), ctypes.POINTER(IngestReport))


def take(p: ctypes.c_void_p) -> Optional[str]:
    """The text the library handed over at p, freed; None for NULL."""
    if not p.value:
        return None
    try:
        return ctypes.string_at(p.value).decode("utf-8", "replace")
    finally:
        lib.cw_free(p)
        p.value = None


def status_str(st: int) -> str:
    s = lib.cw_status_str(st)
    return s.decode() if s else f"status {st}"


def library_path() -> str:
    """The file libcrosswire was loaded from."""
    return lib._name
