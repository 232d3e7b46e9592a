"""A backfill on a Dask cluster: ``python3 -m crosswire.dask SCHEDULER INPUT... --db OUT``.

The ingest is cut in its two halves (see include/crosswire.h, "Ingest in two
halves", and docs/python.md):

1. The client plans the work: folders are walked as ``crosswire ingest`` walks
   them (name order, hidden files and non-article extensions passed over);
   JSON Lines files are cut into parts of about ``--part-mb`` at line
   boundaries (each part knows its first line number, so names and messages
   are those of the whole file); other files (WARC, gzip, HTML, text) are
   one part each.
2. Workers prepare the parts (``crosswire.prepare``: read, extract, and
   what depends on the article alone: sentences, stems, fingerprint, cluster
   terms, carried in each record as its ``analysis``) and
   write each part's prepared records to ``PARTS/part-NNNNNN.jsonl`` in a
   folder every machine sees, through a temporary file renamed into place. A
   part is a pure function of its input, so a task that Dask runs again after
   its worker died writes the same file again: nothing lost, nothing doubled.
   Workers hold no store.
3. The client, the only process that writes, stores the parts in the order of
   the inputs (``Store.ingest_prepared``) as they become ready: the content
   hash, outlet templates, relating and clustering run there, with the same
   code and in the same order as a single-process ``crosswire ingest`` of the
   same inputs, so the store is the same (the writer takes each record's
   analysis when it is that text's, and makes it itself when not).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import stat
import sys
import time
import uuid
from dataclasses import asdict, dataclass
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence

import crosswire

# Mirrors skip_in_folder() of src/ingest/read.c: what a folder walk passes over.
SKIP_EXT = {"md", "markdown", "rst", "py", "sh", "c", "h", "js", "css", "png", "jpg", "jpeg", "gif", "webp", "svg",
            "ico", "pdf", "zip", "tar", "db", "sqlite", "db-wal", "db-shm", "o", "a", "so", "exe", "pyc", "mp3",
            "mp4"}
MAX_DEPTH = 64


@dataclass
class Part:
    """One unit of work: a whole file (length -1), or the bytes of a JSON
    Lines file from offset on, whose first line is line first_line."""

    index: int
    path: str
    offset: int = 0
    length: int = -1
    first_line: int = 1


def _skipped(name: str) -> bool:
    if name.startswith("."):
        return True
    dot = name.rfind(".")
    return dot >= 0 and name[dot + 1:].lower() in SKIP_EXT


def walk(path: str, depth: int = 0) -> Iterator[str]:
    """The files a read of path takes, in the order it takes them (folders
    recursively, entries by byte order of their names)."""
    try:
        st = os.stat(path)
    except OSError:
        yield path  # the library reports it
        return
    if not stat.S_ISDIR(st.st_mode):
        yield path
        return
    if depth >= MAX_DEPTH:
        yield path  # the library reports the depth
        return
    try:
        names = sorted(os.listdir(path), key=os.fsencode)
    except OSError:
        yield path
        return
    for name in names:
        if _skipped(name):
            continue
        child = path + name if path.endswith("/") else path + "/" + name
        try:
            ls = os.lstat(child)
        except OSError:
            yield child
            continue
        if stat.S_ISDIR(ls.st_mode):
            yield from walk(child, depth + 1)
        elif stat.S_ISREG(ls.st_mode):
            yield child


def _is_jsonl(path: str) -> bool:
    """Whether the file is plain JSON Lines (its first line a JSON object),
    detected from content as the library does; gzip files are not cut."""
    try:
        with open(path, "rb") as f:
            head = f.read(65536)
    except OSError:
        return False
    if head[:3] == b"\xef\xbb\xbf":
        return False  # left whole: the library strips the mark at the start of a file only
    body = head.lstrip(b" \t\r\n")
    if not body.startswith(b"{"):
        return False
    nl = body.find(b"\n")
    if nl < 0 and len(head) >= 65536:
        return False
    try:
        return isinstance(json.loads(body[:nl] if nl >= 0 else body), dict)
    except ValueError:
        return False


def plan(inputs: Sequence[str], part_bytes: int) -> List[Part]:
    """The parts of the inputs, in the order a single-process ingest reads them."""
    parts: List[Part] = []
    for top in inputs:
        for path in walk(top):
            if not _is_jsonl(path):
                parts.append(Part(len(parts), path))
                continue
            with open(path, "rb") as f:
                offset, line = 0, 1
                while True:
                    f.seek(offset)
                    chunk = f.read(part_bytes)
                    if not chunk:
                        break
                    if len(chunk) == part_bytes:
                        rest = b""
                        while not rest.endswith(b"\n"):  # run on to the end of the line
                            more = f.readline()
                            if not more:
                                break
                            rest += more
                        chunk += rest
                    parts.append(Part(len(parts), path, offset, len(chunk), line))
                    offset += len(chunk)
                    line += chunk.count(b"\n")
    return parts


def part_file(parts_dir: str, index: int) -> str:
    return os.path.join(parts_dir, f"part-{index:06d}.jsonl")


def prepare_part(part: Part, parts_dir: str) -> Dict[str, Any]:
    """Runs on a worker: prepares one part into its file in parts_dir (written
    whole or not at all). Returns what it did, for the client's report."""
    t0, c0 = time.time(), time.thread_time()
    if part.length < 0:
        prepared = crosswire.prepare(part.path)
    else:
        with open(part.path, "rb") as f:
            f.seek(part.offset)
            data = f.read(part.length)
        prepared = crosswire.prepare(part.path, data, part.first_line)
    final = part_file(parts_dir, part.index)
    tmp = f"{final}.{socket.gethostname()}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    with open(tmp, "wb") as f:
        for line in prepared.lines:
            f.write(line)
            f.write(b"\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, final)
    return {"index": part.index, "records": len(prepared.lines), "errors": prepared.errors,
            "seconds": time.time() - t0, "cpu_seconds": time.thread_time() - c0, "worker": f"{socket.gethostname()}:{os.getpid()}",
            "peak_rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    """The process's peak resident memory. VmHWM belongs to this program
    alone; ru_maxrss also counts, on Linux, the parent's memory at fork (a
    worker started by a client that had a store mapped would show the map)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read_part(parts_dir: str, index: int) -> bytes:
    """A prepared part whole: its JSON Lines go to the library in one call."""
    with open(part_file(parts_dir, index), "rb") as f:
        return f.read()


@dataclass
class BackfillReport:
    """What a backfill did: parts, articles prepared and stored, messages of
    refused inputs, the seconds of each phase, and per worker the parts it
    prepared and its peak resident memory (MB)."""

    parts: int = 0
    prepared: int = 0
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: Optional[List[str]] = None
    plan_seconds: float = 0.0
    seconds: float = 0.0
    prepare_seconds: float = 0.0      # summed over parts, on the workers (wall clock)
    prepare_cpu_seconds: float = 0.0  # the same in CPU time
    store_seconds: float = 0.0        # the writer's time in Store.ingest_prepared (wall clock)
    store_cpu_seconds: float = 0.0    # the same in CPU time
    workers: Optional[Dict[str, Dict[str, float]]] = None


def backfill(client: Any, inputs: Sequence[str], db: str, parts_dir: Optional[str] = None,
             part_mb: float = 8.0, batch: int = 0, keep_parts: bool = False,
             on_part: Optional[Callable[[Dict[str, Any]], Any]] = None) -> BackfillReport:
    """Runs the backfill on the cluster of ``client`` (a distributed.Client):
    the inputs (files and folders every worker can read at the same paths)
    are prepared on the workers and stored into ``db`` by this process.
    ``parts_dir`` (default ``DB.parts``) must be a folder all machines share.
    ``on_part`` is called with each part's result as it arrives."""
    from distributed import as_completed

    t0 = time.time()
    rep = BackfillReport(errors=[], workers={})
    parts_dir = os.path.abspath(parts_dir or db + ".parts")
    os.makedirs(parts_dir, exist_ok=True)
    parts = plan([os.fspath(p) for p in inputs], max(1, int(part_mb * 1024 * 1024)))
    rep.parts = len(parts)
    rep.plan_seconds = time.time() - t0
    run = uuid.uuid4().hex[:8]
    futures = [client.submit(prepare_part, p, parts_dir, key=f"crosswire-prepare-{run}-{p.index}", pure=False,
                             retries=3) for p in parts]
    done: Dict[int, Dict[str, Any]] = {}
    next_part = 0
    errors_of: Dict[int, List[str]] = {}
    with crosswire.Store(db) as store:
        for fut in as_completed(futures):
            res = fut.result()
            fut.release()
            done[res["index"]] = res
            if on_part:
                on_part(res)
            w = rep.workers.setdefault(res["worker"], {"parts": 0, "records": 0, "peak_rss_mb": 0.0})
            w["parts"] += 1
            w["records"] += res["records"]
            w["peak_rss_mb"] = max(w["peak_rss_mb"], res["peak_rss_mb"])
            rep.prepare_seconds += res["seconds"]
            rep.prepare_cpu_seconds += res["cpu_seconds"]
            # Store every part whose predecessors are all stored: the input order.
            while next_part in done:
                r = done.pop(next_part)
                errors_of[next_part] = r["errors"]
                rep.prepared += r["records"]
                t1, c1 = time.time(), time.thread_time()
                got = store.ingest_prepared(_read_part(parts_dir, next_part), batch=batch)
                rep.store_seconds += time.time() - t1
                rep.store_cpu_seconds += time.thread_time() - c1
                rep.added += got.added
                rep.duplicates += got.duplicates
                rep.errors.extend(r["errors"] + got.errors)
                if not keep_parts:
                    os.unlink(part_file(parts_dir, next_part))
                next_part += 1
    rep.failed = len(rep.errors)
    if not keep_parts:
        shutil.rmtree(parts_dir, ignore_errors=True)
    rep.seconds = time.time() - t0
    return rep


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python3 -m crosswire.dask",
        description="Backfill a crosswire store on a Dask cluster: workers read, extract and fingerprint the "
                    "inputs, this process relates, clusters and stores them (the same store as "
                    "`crosswire ingest INPUT...`).")
    ap.add_argument("scheduler", help="the scheduler's address (tcp://HOST:8786) or a scheduler file (.json)")
    ap.add_argument("inputs", nargs="+", help="files and folders (JSON Lines, WARC(.gz), HTML, text), at the same "
                                              "paths on every machine")
    ap.add_argument("--db", default=os.environ.get("CROSSWIRE_DB", "crosswire.db"), help="the store to write")
    ap.add_argument("--parts", help="a folder every machine shares for the prepared parts (default DB.parts)")
    ap.add_argument("--part-mb", type=float, default=8.0, help="JSON Lines input per part, in MB (default 8)")
    ap.add_argument("--batch", type=int, default=0, help="articles per transaction (default 256)")
    ap.add_argument("--keep-parts", action="store_true", help="leave the prepared parts in place")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--quiet", action="store_true", help="no progress on standard error")
    args = ap.parse_args(argv)
    if "-" in args.inputs:
        ap.error("standard input cannot be spread over a cluster: name files or folders")
    if args.part_mb <= 0:
        ap.error("--part-mb: a size above 0")
    try:
        from distributed import Client
    except ImportError:
        print("crosswire.dask: Dask distributed is not installed (apt-get install python3-distributed)",
              file=sys.stderr)
        return 2
    kw = {"scheduler_file": args.scheduler} if args.scheduler.endswith(".json") else {"address": args.scheduler}
    try:
        client = Client(timeout=30, **kw)
    except (OSError, TimeoutError) as e:
        print(f"crosswire.dask: {args.scheduler}: cannot reach the scheduler: {e}", file=sys.stderr)
        return 1
    n = [0]

    def progress(res: Dict[str, Any]) -> None:
        n[0] += 1
        if not args.quiet:
            print(f"\rcrosswire.dask: {n[0]} parts prepared", end="", file=sys.stderr, flush=True)

    try:
        rep = backfill(client, args.inputs, args.db, parts_dir=args.parts, part_mb=args.part_mb, batch=args.batch,
                       keep_parts=args.keep_parts, on_part=progress)
    except crosswire.CrosswireError as e:
        print(f"\ncrosswire.dask: {args.db}: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # a part that failed on every try (KilledWorker, an unreadable input)
        print(f"\ncrosswire.dask: stopped: {type(e).__name__}: {e} (the parts stored so far are in {args.db}; "
              f"running the same command again stores the rest, the stored ones counting as duplicates)",
              file=sys.stderr)
        return 1
    finally:
        client.close()
    if not args.quiet:
        print("", file=sys.stderr)
    for m in rep.errors or []:
        print(m, file=sys.stderr)
    if args.json:
        print(json.dumps(asdict(rep)))
    else:
        print(f"{rep.parts} parts, {rep.prepared} articles prepared on {len(rep.workers or {})} workers, "
              f"{rep.added} stored, {rep.duplicates} duplicates, {rep.failed} refused, in {rep.seconds:.1f} s "
              f"(store {rep.store_seconds:.1f} s)")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
