"""crosswire for Python: news articles to clean text, duplicates, stories and briefs.

A thin layer over libcrosswire (ctypes, nothing compiled at import)::

    import crosswire
    with crosswire.Store("news.db") as db:
        db.ingest(["crawl.warc.gz", {"name": "a1", "title": "...", "text": "..."}])
        for s in db.stories():
            print(s["id"], s["title"], s["articles"])
        print(db.brief(db.stories()[0]["id"], format="md"))

    crosswire.extract("<html>...</html>")         # stateless: one page
    crosswire.annotate({"name": "a", "html": ""})  # stateless: text, fingerprint, facts
    crosswire.brief([{"name": "a", "text": ""}])   # stateless: a brief of given articles

Results are the library's JSON documents as dicts (see DESIGN.md and
include/crosswire.h for their keys). Failures raise CrosswireError (or one of
its subclasses) carrying the library's one-line message.

Threads: every call releases the GIL while the library works. The stateless
functions may run from any number of threads at once. A Store serialises the
calls made on it with a lock of its own (one SQLite connection underneath), so
one Store may be shared by threads, which then take turns; for work at the
same time, give each thread its own Store (SQLite lets one writer at a time
into a file, readers alongside).
"""
from __future__ import annotations

import ctypes
import json
import os
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _lib
from ._lib import lib

__all__ = [
    "Store", "IngestReport", "Prepared", "extract", "annotate", "brief", "prepare", "CrosswireError", "InputError", "NotFoundError",
    "UsageError", "StoreError", "library_path", "__version__",
]
__version__ = "0.1.0"

Record = Mapping[str, Any]
PathLike = Union[str, "os.PathLike[str]"]


class CrosswireError(Exception):
    """A failed library call. ``str(e)`` is the library's message; ``e.status``
    is the cw_status code and ``e.status_name`` its name ("input error")."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.status_name = _lib.status_str(status)
        self.message = message or self.status_name
        super().__init__(self.message)


class InputError(CrosswireError, ValueError):
    """Input that cannot be taken (broken, empty, binary, too big)."""


class UsageError(CrosswireError, ValueError):
    """A bad argument (an unknown brief format, a word count out of range)."""


class NotFoundError(CrosswireError, LookupError):
    """No such article or story."""


class StoreError(CrosswireError):
    """The store refused or is damaged, or a file could not be read or written."""


_ERRORS = {3: InputError, 4: UsageError, 6: NotFoundError, 5: StoreError, 2: StoreError}


def _raise(status: int, message: Optional[str]) -> None:
    raise _ERRORS.get(status, CrosswireError)(status, message or _lib.status_str(status))


def _bytes(data: Union[str, bytes, bytearray, memoryview]) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _cstr(s: Optional[str]) -> Optional[bytes]:
    return None if s is None else s.encode("utf-8")


def library_path() -> str:
    """The file libcrosswire was loaded from."""
    return _lib.library_path()


# ---- stateless calls ------------------------------------------------------

def extract(page: Union[str, bytes], name: Optional[str] = None) -> Dict[str, Any]:
    """Main text and metadata of one page (HTML or scraped text, detected).

    Returns ``{title, text, published, author, site, lang, credit, url}``.
    ``name`` labels the page in error messages. Raises InputError when no
    article text can be had from it.
    """
    data = _bytes(page)
    out, err = ctypes.c_void_p(), ctypes.c_void_p()
    st = lib.cw_extract(data, len(data), _cstr(name or "page"), ctypes.byref(out), ctypes.byref(err))
    text, msg = _lib.take(out), _lib.take(err)
    if st != _lib.CW_OK:
        _raise(st, msg)
    return json.loads(text)


def annotate(record: Union[Record, str, bytes], name: Optional[str] = None) -> Dict[str, Any]:
    """One article record through the stateless stages, with nothing stored.

    ``record`` is a dict (or its JSON) with ``html`` or ``text`` and optionally
    ``name``, ``url``, ``title``, ``outlet``, ``published``. Returns the record
    with the clean ``text`` (``html`` dropped), the extracted metadata filled in
    where the record had none, and ``sentences`` (byte spans into text),
    ``fingerprint`` (``exact``, ``minhash``, ``words``, ``sentences``) and
    ``facts`` (``entities``, ``figures``, ``dates``, ``quotes``).
    """
    if isinstance(record, Mapping):
        data = json.dumps(record, ensure_ascii=False).encode("utf-8")
        name = name or record.get("name")
    else:
        data = _bytes(record)
    out, err = ctypes.c_void_p(), ctypes.c_void_p()
    st = lib.cw_annotate(data, len(data), _cstr(name or "record"), ctypes.byref(out), ctypes.byref(err))
    text, msg = _lib.take(out), _lib.take(err)
    if st != _lib.CW_OK:
        _raise(st, msg)
    return json.loads(text)


def brief(articles: Union[Sequence[Record], Record, str, bytes], format: str = "json",
          words: int = 0) -> Union[Dict[str, Any], str]:
    """The brief of one story given as its articles, with nothing stored.

    ``articles`` is a list of dicts (``name``, ``title``, ``text`` or ``html``,
    ``outlet``, ``published``, ``url``), or ``{"articles": [...]}``, or that
    document as JSON. ``format`` is "json" (a dict is returned), "md" or
    "html" (a str). ``words`` is the summary's length (0: the default, 120).
    """
    if isinstance(articles, (str, bytes, bytearray)):
        data = _bytes(articles)
    else:
        doc = articles if isinstance(articles, Mapping) else {"articles": list(articles)}
        data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    out, err = ctypes.c_void_p(), ctypes.c_void_p()
    st = lib.cw_brief(data, len(data), _cstr(format), _check_words(words), ctypes.byref(out), ctypes.byref(err))
    text, msg = _lib.take(out), _lib.take(err)
    if st != _lib.CW_OK:
        _raise(st, msg)
    return json.loads(text) if format in (None, "", "json") else text


def prepare(path: PathLike, data: Optional[Union[bytes, str]] = None, first_line: int = 1) -> "Prepared":
    """The stateless half of an ingest: reads and extracts, storing nothing.

    With ``data`` None, reads ``path`` (a file or a folder, as
    ``Store.ingest``). With ``data``, takes it as the JSON Lines of the file
    ``path`` that start at line ``first_line`` (a file cut at line
    boundaries). Returns a Prepared: ``lines`` (one prepared record per
    article, as JSON bytes, for ``Store.ingest_prepared``) and ``errors``
    (one message per input refused). Raises only for a bad call.
    """
    out = Prepared()

    def each(_ud: Any, p: int, n: int) -> int:
        out.lines.append(ctypes.string_at(p, n))
        return 0

    def on_error(_ud: Any, message: bytes) -> None:
        out.errors.append(message.decode("utf-8", "replace") if message else "input refused")

    fn, diag = _lib.LINE_FN(each), _lib.DIAG_FN(on_error)
    label = os.fsencode(path)
    if data is None:
        st = lib.cw_prepare_path(label, fn, diag, None)
    else:
        data = _bytes(data)
        if not isinstance(first_line, int) or first_line < 1:
            raise UsageError(4, f"first_line: a line number from 1, not {first_line!r}")
        st = lib.cw_prepare_jsonl(label, data, len(data), first_line, fn, diag, None)
    if st not in (_lib.CW_OK, 3):
        _raise(st, out.errors[-1] if out.errors else None)
    return out


@dataclass
class Prepared:
    """Prepared records (JSON bytes, one per article) and the messages of the
    inputs refused, from ``crosswire.prepare``."""

    lines: List[bytes] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)


def _check_words(words: int) -> int:
    if not isinstance(words, int) or words < 0:
        raise UsageError(4, f"words: a count of 0 or more, not {words!r}")
    return words


# ---- the store ------------------------------------------------------------

@dataclass
class IngestReport:
    """What an ingest did: articles met, stored as new, already stored,
    refused (with their messages in ``errors``), and input bytes read."""

    records: int = 0
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    bytes: int = 0
    not_news: int = 0  # pages of no news (section fronts, tag pages ...) read and not stored
    errors: List[str] = field(default_factory=list)

    def _take(self, r: _lib.IngestReport) -> None:
        self.records, self.added, self.duplicates = r.records, r.added, r.duplicates
        self.failed, self.bytes, self.not_news = r.failed, r.bytes, r.not_news


class Store:
    """One crosswire store (a SQLite file), opened or created at ``path``.

    Calls on one Store are serialised by its lock, so it may be shared by
    threads; the GIL is released while the library works. Close it with
    ``close()`` or use it as a context manager.
    """

    RECORDS_PER_CALL = 1000  # dict records handed to the library per call

    def __init__(self, path: PathLike = "crosswire.db"):
        self.path = os.fspath(path)
        self._lock = threading.RLock()
        handle, err = ctypes.c_void_p(), ctypes.c_void_p()
        st = lib.cw_engine_open(self.path.encode("utf-8"), ctypes.byref(handle), ctypes.byref(err))
        msg = _lib.take(err)
        if st != _lib.CW_OK:
            _raise(st, f"{self.path}: {msg or _lib.status_str(st)}")
        self._h: Optional[int] = handle.value

    # life cycle
    def close(self) -> None:
        """Commits pending work and closes the store; closing twice is fine."""
        with self._lock:
            if self._h:
                lib.cw_engine_close(self._h)
                self._h = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        return f"crosswire.Store({self.path!r}{'' if self._h else ', closed'})"

    def _handle(self) -> int:
        if not self._h:
            raise UsageError(4, f"{self.path}: the store is closed")
        return self._h

    def _fail(self, st: int) -> None:
        msg = lib.cw_engine_error(self._h)
        _raise(st, msg.decode("utf-8", "replace") if msg else None)

    # ingest
    def ingest(self, inputs: Union[PathLike, Record, Iterable[Union[PathLike, Record]]],
               progress: Optional[Callable[[IngestReport], Any]] = None, errors: str = "raise",
               batch: int = 0) -> IngestReport:
        """Stores articles: paths (files, folders, WARC, JSON Lines, HTML, text;
        the format detected from content) and records (dicts with ``text`` or
        ``html`` and optionally ``name``, ``title``, ``url``, ``outlet``,
        ``published``), in the order given. Each new article is related to the
        stored ones and put in a story. A record without a name is named as a
        line of JSON Lines is: ``records:N``, N its place among the records of
        one call (at most RECORDS_PER_CALL); give records names.

        ``progress`` is called now and then with the running IngestReport.
        Inputs that cannot be taken are skipped, the rest stored; with
        ``errors="raise"`` (the default) an InputError naming the first of
        them (and carrying ``.report``) is raised at the end, with
        ``errors="report"`` their messages are only listed in the report.
        A failing store raises StoreError at once.
        """
        if errors not in ("raise", "report"):
            raise UsageError(4, f"errors: 'raise' or 'report', not {errors!r}")
        if isinstance(inputs, (str, bytes, os.PathLike, Mapping)):
            inputs = [inputs]
        report, raw, caught, opts = self._ingest_state(progress, batch)
        pending: List[bytes] = []

        def flush() -> None:
            if not pending:
                return
            data = b"\n".join(pending) + b"\n"
            pending.clear()
            self._call_ingest(lambda h: lib.cw_ingest_memory(h, b"records", data, len(data), ctypes.byref(opts),
                                                             ctypes.byref(raw)))

        with self._lock:
            self._handle()  # a closed store is refused before anything is read
            for item in inputs:
                if caught:
                    break
                if isinstance(item, Mapping):
                    pending.append(json.dumps(item, ensure_ascii=False).encode("utf-8"))
                    if len(pending) >= self.RECORDS_PER_CALL:
                        flush()
                    continue
                flush()
                path = os.fsencode(item)
                self._call_ingest(lambda h: lib.cw_ingest_path(h, path, ctypes.byref(opts), ctypes.byref(raw)))
            flush()
        report._take(raw)
        if caught:
            raise caught[0]
        if report.errors and errors == "raise":
            more = f" (and {len(report.errors) - 1} more)" if len(report.errors) > 1 else ""
            e = InputError(3, report.errors[0] + more)
            e.report = report  # type: ignore[attr-defined]
            raise e
        return report

    def ingest_prepared(self, lines: Union[bytes, Iterable[bytes]],
                        progress: Optional[Callable[[IngestReport], Any]] = None,
                        batch: int = 0, chunk: int = 2000) -> IngestReport:
        """The stateful half of an ingest: stores prepared records (from
        ``crosswire.prepare``, in the order the inputs were listed) exactly as
        ``ingest`` stores the inputs they came from. ``lines`` is the records
        one by one, or bytes holding them as JSON Lines (a prepared part file
        read whole: handed to the library in one call). Lines that are not
        prepared records are listed in the report's ``errors``."""
        if isinstance(lines, (bytes, bytearray, memoryview)):
            lines = [bytes(lines)]
            chunk = 1
        report, raw, caught, opts = self._ingest_state(progress, batch)
        pending: List[bytes] = []

        def flush() -> None:
            data = b"\n".join(pending)
            pending.clear()
            self._call_ingest(lambda h: lib.cw_ingest_prepared(h, data, len(data), ctypes.byref(opts),
                                                               ctypes.byref(raw)))

        with self._lock:
            self._handle()
            for line in lines:
                pending.append(line)
                if len(pending) >= chunk:
                    flush()
                    if caught:
                        break
            if pending and not caught:
                flush()
        report._take(raw)
        if caught:
            raise caught[0]
        return report

    @staticmethod
    def _ingest_state(progress: Optional[Callable[[IngestReport], Any]], batch: int) -> Tuple[Any, Any, Any, Any]:
        """The report an ingest fills, the library's raw report, the
        exceptions the progress callback raised (they cannot cross the C
        call: raised after it), and the options holding the callbacks."""
        report = IngestReport()
        raw = _lib.IngestReport()
        caught: List[BaseException] = []

        def on_error(_ud: Any, message: bytes) -> None:
            report.errors.append(message.decode("utf-8", "replace") if message else "input refused")

        def on_progress(_ud: Any, so_far: Any) -> None:
            if progress is None or caught:
                return
            report._take(so_far.contents)
            try:
                progress(report)
            except BaseException as e:
                caught.append(e)

        opts = _lib.IngestOptions(_lib.DIAG_FN(on_error), _lib.PROGRESS_FN(on_progress), None, batch)
        return report, raw, caught, opts

    def _call_ingest(self, call: Callable[[int], int]) -> None:
        st = call(self._handle())
        if st not in (_lib.CW_OK, 3):  # 3: some inputs refused, listed through on_error
            self._fail(st)

    # queries
    def _lines(self, call: Callable[[Any], int]) -> List[Dict[str, Any]]:
        out: List[Dict[str, Any]] = []

        def each(_ud: Any, p: int, n: int) -> int:
            out.append(json.loads(ctypes.string_at(p, n)))
            return 0

        with self._lock:
            h = self._handle()
            st = call(h, _lib.LINE_FN(each))
            if st != _lib.CW_OK:
                self._fail(st)
        return out

    def _doc(self, call: Callable[[int, ctypes.c_void_p], int]) -> str:
        out = ctypes.c_void_p()
        with self._lock:
            st = call(self._handle(), ctypes.byref(out))
            text = _lib.take(out)
            if st != _lib.CW_OK:
                self._fail(st)
        return text or ""

    def articles(self) -> List[Dict[str, Any]]:
        """Every article, in the order stored: ``{id, name, title, outlet,
        credit, published, lang, story}``."""
        return self._lines(lambda h, fn: lib.cw_articles(h, fn, None))

    def article(self, name: str) -> Dict[str, Any]:
        """One article by name, with its clean ``text`` and ``sentences``
        (byte spans into the text). NotFoundError when there is none."""
        return json.loads(self._doc(lambda h, out: lib.cw_article(h, name.encode("utf-8"), out)))

    def stories(self) -> List[Dict[str, Any]]:
        """Every story, oldest id first: ``{id, title, size, articles,
        outlets, first_seen, last_seen}``."""
        return self._lines(lambda h, fn: lib.cw_stories(h, fn, None))

    def story(self, story_id: int) -> Dict[str, Any]:
        """One story: its articles, ``independent_groups`` and ``relations``.
        A merged-away id gives the story it went into. NotFoundError when none."""
        return json.loads(self._doc(lambda h, out: lib.cw_story(h, int(story_id), out)))

    def related(self, name: str) -> Dict[str, Any]:
        """An article's duplicates and shared-origin links with the reused
        passages as evidence: ``{name, story, related: [{name, kind, score,
        evidence}]}``. NotFoundError when there is no such article."""
        return json.loads(self._doc(lambda h, out: lib.cw_related(h, name.encode("utf-8"), out)))

    def search(self, query: str, limit: int = 20) -> List[Dict[str, Any]]:
        """Full-text search over titles and clean text, best first: ``{id,
        name, title, outlet, published, score, snippet}``."""
        if not isinstance(limit, int) or limit < 0:
            raise UsageError(4, f"limit: a count of 0 or more, not {limit!r}")
        q = query.encode("utf-8")
        return self._lines(lambda h, fn: lib.cw_search(h, q, limit, fn, None))

    def brief(self, story_id: int, format: str = "json", words: int = 0) -> Union[Dict[str, Any], str]:
        """The brief of one stored story: a dict for ``format="json"``, the
        Markdown or HTML page as a str for "md" or "html"."""
        fmt, w = _cstr(format), _check_words(words)
        text = self._doc(lambda h, out: lib.cw_story_brief(h, int(story_id), fmt, w, out))
        return json.loads(text) if format in (None, "", "json") else text
