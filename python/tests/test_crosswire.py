"""Every call of the crosswire package on invented articles: results, errors
with the library's messages, threads, and the package installed with pip
into a fresh virtual environment."""
import ctypes
import json
import os
import shutil
import subprocess
import sys
import threading

import pytest

import articles
import crosswire

# An invented event told three ways: a wire report, a copy of it under
# another title, and a retelling that reuses some of its sentences; and an
# unrelated report.
WIRE = ("Vellport, Ostria (TW) - The Sulmek dam above Vellport gave way on Thursday night after nine days of rain, "
        "sending a wall of water through the lower town and cutting the only road to the coast.\n"
        "Mayor Irena Taldovar said 2,400 people had been moved to the grain hall and the old rail depot before dawn.\n"
        "\"We heard the river before we saw it,\" said Pavo Renik, a ferryman who lost his boat and his house.\n"
        "The regional water board estimated the damage at 38 million crowns and promised new gauges on the Sulmek "
        "by the spring.\n"
        "Engineers from the capital are expected in Vellport on Saturday to inspect what is left of the wall.")
RETOLD = ("Floodwater swept through Vellport after the Sulmek dam failed late on Thursday, the Tisbar Wire reported.\n"
          "Mayor Irena Taldovar said 2,400 people had been moved to the grain hall and the old rail depot before dawn.\n"
          "\"We heard the river before we saw it,\" said Pavo Renik, a ferryman who lost his boat and his house.\n"
          "Residents of the upper town opened their homes to neighbours, and the school has been closed until further "
          "notice while volunteers clear the mud from its ground floor.")
OTHER = ("The Miradel chess club won the northern league on Sunday for the first time in forty years.\n"
         "Its youngest player, the fourteen-year-old Lusa Brennik, drew her last game against a former champion to "
         "seal the title.\n"
         "The club will play in the national finals in the autumn, its captain Oren Talvik said after the match.")

RECORDS = [
    {"name": "wire-dam", "title": "Sulmek dam bursts above Vellport, thousands moved", "text": WIRE,
     "outlet": "Tisbar Wire", "published": "2031-04-03T06:10:00Z"},
    {"name": "courier-dam", "title": "Dam failure floods Vellport's lower town", "text": WIRE,
     "outlet": "Vellon Courier", "published": "2031-04-03T07:00:00Z"},
    {"name": "gazette-dam", "title": "Vellport counts the cost of the Sulmek flood", "text": RETOLD,
     "outlet": "Ostra Gazette", "published": "2031-04-03T12:30:00Z"},
    {"name": "post-chess", "title": "Miradel chess club takes the northern league", "text": OTHER,
     "outlet": "Miradel Post", "published": "2031-04-06T18:00:00Z"},
]


def story_of(store, name):
    return next(a["story"] for a in store.articles() if a["name"] == name)


# ---- stateless ------------------------------------------------------------

def test_library_is_found_and_calls_release_the_gil():
    assert os.path.exists(crosswire.library_path())
    # A CDLL (unlike a PyDLL) drops the GIL for the length of each call.
    assert type(crosswire._lib.lib) is ctypes.CDLL


def test_extract_html_page():
    doc = crosswire.extract(articles.page("Sulmek dam bursts", WIRE, "Tisbar Wire"))
    assert doc["title"].startswith("Sulmek dam bursts")
    assert "Mayor Irena Taldovar" in doc["text"]
    assert "All rights reserved" not in doc["text"] and "Sport" not in doc["text"]
    assert set(doc) >= {"title", "text", "published", "author", "site", "lang", "credit", "url"}
    assert crosswire.extract(articles.page("x", WIRE).encode())["text"] == doc["text"]


def test_annotate_record():
    rec = dict(RECORDS[0], html=articles.page(RECORDS[0]["title"], WIRE), extra=17)
    del rec["text"]
    out = crosswire.annotate(rec)
    assert out["name"] == "wire-dam" and out["extra"] == 17 and "html" not in out
    text = out["text"].encode()
    assert out["sentences"] and all(0 <= s < e <= len(text) for s, e in out["sentences"])
    assert any(text[s:e].decode().startswith("Mayor Irena Taldovar") for s, e in out["sentences"])
    fp = out["fingerprint"]
    assert len(fp["minhash"]) == 64 and fp["words"] > 50 and len(fp["exact"]) == 16
    assert any("Taldovar" in e.get("name", "") or "Taldovar" in json.dumps(e) for e in out["facts"]["entities"])
    # The same text gives the same fingerprint, whatever the wrapping.
    again = crosswire.annotate(json.dumps({"name": "b", "text": out["text"]}))
    assert again["fingerprint"]["exact"] == fp["exact"]


def test_annotate_errors_carry_the_message():
    with pytest.raises(crosswire.InputError, match=r'nameless-1: no "html" or "text" string'):
        crosswire.annotate({"name": "nameless-1", "title": "no body"})
    with pytest.raises(crosswire.InputError, match="invalid|expected") as e:
        crosswire.annotate("{not json", name="broken.jsonl:3")
    assert str(e.value).startswith("broken.jsonl:3")
    assert e.value.status_name == "input error"


def test_brief_without_a_store():
    doc = crosswire.brief(RECORDS[:3])
    assert {"articles", "independent_groups", "summary", "timeline", "entities", "figures"} <= set(doc)
    assert sorted(a["name"] for a in doc["articles"]) == ["courier-dam", "gazette-dam", "wire-dam"]
    # The wire report and its copy are one voice.
    assert any({"wire-dam", "courier-dam"} <= set(g) for g in doc["independent_groups"])
    assert doc["summary"] and all(s["articles"] for s in doc["summary"])
    md = crosswire.brief({"articles": RECORDS[:3]}, format="md", words=40)
    assert isinstance(md, str) and md.startswith("#")
    html = crosswire.brief(RECORDS[:3], format="html")
    assert "<html" in html.lower() and "<script" not in html.lower()


def test_brief_errors():
    with pytest.raises(crosswire.InputError, match="invalid JSON"):
        crosswire.brief("{\"articles\": [")
    with pytest.raises(crosswire.UsageError):
        crosswire.brief(RECORDS[:1], format="pdf")
    with pytest.raises(crosswire.UsageError, match="words"):
        crosswire.brief(RECORDS[:1], words=-1)


# ---- a store --------------------------------------------------------------

def test_ingest_records_and_queries(store):
    seen = []
    rep = store.ingest(RECORDS, progress=lambda r: seen.append(r.records))
    assert (rep.records, rep.added, rep.failed, rep.errors) == (4, 4, 0, [])
    assert seen and seen[-1] == 4 and seen == sorted(seen)

    arts = store.articles()
    assert [a["name"] for a in arts] == [r["name"] for r in RECORDS]
    assert set(arts[0]) >= {"id", "name", "title", "outlet", "credit", "published", "lang", "story"}
    assert story_of(store, "wire-dam") == story_of(store, "courier-dam") == story_of(store, "gazette-dam")
    assert story_of(store, "post-chess") != story_of(store, "wire-dam")

    one = store.article("gazette-dam")
    assert one["text"].startswith("Floodwater swept") and one["sentences"]

    stories = store.stories()
    dam = next(s for s in stories if "wire-dam" in s["articles"])
    assert dam["size"] == 3 and set(dam["outlets"]) == {"Tisbar Wire", "Vellon Courier", "Ostra Gazette"}
    assert dam["first_seen"] == "2031-04-03T06:10:00Z"

    doc = store.story(dam["id"])
    assert {r["kind"] for r in doc["relations"]} >= {"exact", "origin"}
    assert any({"wire-dam", "courier-dam"} <= set(g) for g in doc["independent_groups"])

    rel = store.related("gazette-dam")
    kinds = {r["name"]: r["kind"] for r in rel["related"]}
    assert kinds.get("wire-dam") == "origin"
    ev = next(r for r in rel["related"] if r["name"] == "wire-dam")["evidence"]
    text = one["text"].encode()
    assert any(text[e["start"]:e["end"]].decode().startswith("Mayor Irena Taldovar") for e in ev)
    assert {r["name"]: r["kind"] for r in store.related("courier-dam")["related"]}["wire-dam"] == "exact"

    hits = store.search("chess league")
    assert [h["name"] for h in hits] == ["post-chess"] and "snippet" in hits[0]
    assert len(store.search("Vellport", limit=2)) == 2

    b = store.brief(dam["id"])
    assert b["articles"] and b["summary"] and "coverage" in b
    assert store.brief(dam["id"], format="md", words=30).startswith("#")
    assert "</html>" in store.brief(dam["id"], format="html").lower()


def test_ingest_paths(tmp_path, store):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "dam.html").write_text(articles.page(RECORDS[0]["title"], WIRE))
    (folder / "chess.txt").write_text(RECORDS[3]["title"] + "\n\n" + OTHER)
    with open(tmp_path / "more.jsonl", "w") as f:
        for line in articles.iter_jsonl(articles.corpus(30, seed=3)):
            f.write(line + "\n")
    rep = store.ingest([folder, str(tmp_path / "more.jsonl")])
    assert rep.added == 32 and rep.bytes > 0
    names = {a["name"] for a in store.articles()}
    assert {"dam.html", "chess.txt"} <= names
    again = store.ingest(folder)  # the same content twice is stored once
    assert (again.added, again.duplicates) == (0, 2)
    assert len(store.articles()) == 32


def test_ingest_errors_name_the_input(tmp_path, store):
    # a headline alone is an article (a feed item); a record with neither headline nor text is refused
    bad = [RECORDS[0], {"name": "no-body", "outlet": "nothing"}, RECORDS[3]]
    with pytest.raises(crosswire.InputError, match=r'records:2: .*"text", "html" or "title"') as e:
        store.ingest(bad)
    assert e.value.report.added == 2 and e.value.report.failed == 1
    assert {a["name"] for a in store.articles()} == {"wire-dam", "post-chess"}
    rep = store.ingest([tmp_path / "absent.jsonl"], errors="report")
    assert rep.failed == 1 and "absent.jsonl" in rep.errors[0]
    with pytest.raises(crosswire.UsageError):
        store.ingest(RECORDS, errors="ignore")


def test_progress_callback_exception_is_raised(store):
    class Stop(Exception):
        pass

    def progress(r):
        raise Stop(r.records)

    with pytest.raises(Stop):
        store.ingest(articles.corpus(40, seed=5), progress=progress)


def test_query_errors(store):
    store.ingest(RECORDS)
    with pytest.raises(crosswire.NotFoundError, match="no story 999"):
        store.story(999)
    with pytest.raises(crosswire.NotFoundError, match="nosuch"):
        store.related("nosuch")
    with pytest.raises(crosswire.NotFoundError):
        store.article("nosuch")
    with pytest.raises(crosswire.NotFoundError):
        store.brief(999)
    sid = story_of(store, "wire-dam")
    with pytest.raises(crosswire.UsageError, match='not "pdf"'):
        store.brief(sid, format="pdf")
    with pytest.raises(crosswire.UsageError, match="words"):
        store.brief(sid, words=10**6)
    with pytest.raises(crosswire.CrosswireError):
        store.search("")
    assert isinstance(crosswire.NotFoundError(6, "x"), LookupError)


def test_open_errors_and_close(tmp_path):
    with pytest.raises(crosswire.CrosswireError, match="nodir"):
        crosswire.Store(tmp_path / "nodir" / "x.db")
    (tmp_path / "junk.db").write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(crosswire.CrosswireError, match="junk.db"):
        crosswire.Store(tmp_path / "junk.db").articles()
    s = crosswire.Store(tmp_path / "c.db")
    s.close()
    s.close()
    with pytest.raises(crosswire.UsageError, match="closed"):
        s.articles()


def test_reopen_keeps_everything(tmp_path):
    with crosswire.Store(tmp_path / "r.db") as s:
        s.ingest(RECORDS)
        before = (s.articles(), s.stories())
    with crosswire.Store(tmp_path / "r.db") as s:
        assert (s.articles(), s.stories()) == before


# ---- threads --------------------------------------------------------------

def test_stateless_calls_from_many_threads(small_corpus):
    recs = small_corpus[:48]
    want = [crosswire.annotate(r) for r in recs]
    got = [None] * len(recs)
    errors = []

    def work(k):
        try:
            for i in range(k, len(recs), 6):
                got[i] = crosswire.annotate(recs[i])
                crosswire.extract(articles.page(recs[i]["title"], recs[i]["text"]))
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and got == want


def test_one_store_shared_by_threads(tmp_path, small_corpus):
    chunks = [small_corpus[i::4] for i in range(4)]
    errors = []
    with crosswire.Store(tmp_path / "shared.db") as s:
        def writer(chunk):
            try:
                for i in range(0, len(chunk), 5):
                    s.ingest(chunk[i:i + 5])
            except Exception as e:
                errors.append(e)

        def reader():
            try:
                for _ in range(30):
                    for st in s.stories()[:3]:
                        s.story(st["id"])
                    s.search("said")
            except Exception as e:
                errors.append(e)

        threads = [threading.Thread(target=writer, args=(c,)) for c in chunks] + \
                  [threading.Thread(target=reader) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        names = [a["name"] for a in s.articles()]
    assert sorted(names) == sorted(r["name"] for r in small_corpus)


# ---- installed with pip ---------------------------------------------------

def test_pip_install_into_a_fresh_venv(tmp_path):
    if os.environ.get("CROSSWIRE_TEST_INSTALLED") == "1":
        pytest.skip("already running from the installed package")
    py = "/usr/bin/python3"
    src = tmp_path / "src"
    shutil.copytree(os.path.dirname(os.path.dirname(os.path.abspath(crosswire.__file__))), src,
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build", ".pytest_cache"))
    venv = tmp_path / "venv"
    subprocess.run([py, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-index", "--no-build-isolation", str(src)],
                         capture_output=True, text=True)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    env = dict(os.environ, CROSSWIRE_LIBRARY=crosswire.library_path())
    check = ("import crosswire, sys, json; assert crosswire.__file__.startswith(sys.prefix), crosswire.__file__; "
             "s = crosswire.Store(sys.argv[1]); r = s.ingest(json.loads(sys.argv[2])); "
             "print(r.added, len(s.stories()), crosswire.extract(sys.argv[3])['title'])")
    out = subprocess.run([str(venv / "bin" / "python"), "-c", check, str(tmp_path / "v.db"), json.dumps(RECORDS),
                          articles.page("A page title", OTHER)], capture_output=True, text=True, env=env,
                         cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr
    added, stories, title = out.stdout.split(" ", 2)
    assert (added, stories, title.strip()) == ("4", "2", "A page title")
    assert (venv / "bin" / "crosswire-dask").exists()


# ---- ingest in two halves -------------------------------------------------

def test_prepare_then_ingest_prepared_gives_the_same_store(tmp_path):
    feed = tmp_path / "feed.jsonl"
    recs = articles.corpus(60, seed=9) + RECORDS
    feed.write_text("".join(json.dumps(r) + "\n" for r in recs) + "{broken\n")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "dam.html").write_text(articles.page(RECORDS[0]["title"], WIRE))
    inputs = [str(tmp_path / "pages"), str(feed)]

    whole = crosswire.prepare(str(feed))
    assert len(whole.lines) == 64 and len(whole.errors) == 1 and f"{feed}:65" in whole.errors[0]
    first = json.loads(whole.lines[0])
    assert set(first) == {"name", "where", "title", "text", "url", "outlet", "published", "author", "credit", "lang",
                          "analysis"}
    assert first["where"] == f"{feed}:1" and first["name"] == recs[0]["name"]
    # Cut at a line boundary, the halves give what the whole gives.
    data = feed.read_bytes()
    cut = data.index(b"\n", len(data) // 2) + 1
    line = data[:cut].count(b"\n") + 1
    halves = crosswire.prepare(str(feed), data[:cut], 1).lines + crosswire.prepare(str(feed), data[cut:], line).lines
    assert halves == whole.lines

    with crosswire.Store(tmp_path / "one.db") as one, crosswire.Store(tmp_path / "two.db") as two:
        want = one.ingest(inputs, errors="report")
        lines = [ln for p in inputs for ln in crosswire.prepare(p).lines]
        seen = []
        got = two.ingest_prepared(lines, progress=lambda r: seen.append(r.added), chunk=7)
        assert (got.added, got.duplicates) == (want.added, want.duplicates) == (64, 1)
        assert seen and seen[-1] == 64
        assert two.articles() == one.articles() and two.stories() == one.stories()
        assert two.related("gazette-dam") == one.related("gazette-dam")
        bad = two.ingest_prepared([b'{"name": "x"}', b"not json", lines[3]])
        assert bad.failed == 2 and bad.duplicates == 1 and "prepared:1:" in bad.errors[0]
    assert crosswire.prepare(str(tmp_path / "absent")).errors[0].startswith(str(tmp_path / "absent"))


def test_a_prepared_records_analysis_is_taken_only_when_it_is_its_own(tmp_path):
    """The analysis a record carries (sentences, fingerprint, terms, made
    where it was prepared) stands in for the writer's own only when it is
    this text's: absent, damaged, another article's or a hostile one, the
    store is the same."""
    recs = articles.corpus(80, seed=4) + RECORDS
    data = "".join(json.dumps(r) + "\n" for r in recs).encode()
    lines = crosswire.prepare("feed.jsonl", data).lines
    assert len(lines) == len(recs)
    objs = [json.loads(ln) for ln in lines]
    b64 = [o["analysis"] for o in objs]
    variants = {
        "absent": [{k: v for k, v in o.items() if k != "analysis"} for o in objs],
        "swapped": [dict(o, analysis=b64[(i + 1) % len(b64)]) for i, o in enumerate(objs)],
        "damaged": [dict(o, analysis=a[:len(a) // 2 // 4 * 4] if i % 3 == 0 else
                         a[:-8] + "AAAAAAAA" if i % 3 == 1 else "!" + a[1:]) for i, (o, a) in enumerate(zip(objs, b64))],
        "hostile": [dict(o, analysis=["", "=", "====", "QUJD", "A" * 4000, 7, None][i % 7]) for i, o in enumerate(objs)],
    }
    with crosswire.Store(tmp_path / "want.db") as want:
        want.ingest_prepared(lines)
        expect = (want.articles(), want.stories(), want.related(objs[5]["name"]), want.related(objs[40]["name"]))
    for name, variant in variants.items():
        with crosswire.Store(tmp_path / f"{name}.db") as got:
            # the records as one block of JSON Lines, as the backfill hands a part over
            rep = got.ingest_prepared(b"\n".join(json.dumps(o).encode() for o in variant) + b"\n")
            assert rep.added == len(recs) and rep.failed == 0, name
            assert (got.articles(), got.stories(), got.related(objs[5]["name"]),
                    got.related(objs[40]["name"])) == expect, name


def test_ingest_prepared_takes_hostile_lines(store):
    good = json.loads(crosswire.prepare("x.jsonl", json.dumps(RECORDS[3]).encode()).lines[0])
    lines = [b"", b"[]", b"null", b'{"name": 3, "text": "x"}', b'{"name": "n", "text": ""}',
             b'{"name": "n", "text": "a\\u0000b"}', b'{"name": "n", "text": 7}', b"\xff\xfe{", b"{" * 5000,
             json.dumps(dict(good, title=None, outlet=["x"], published=12, lang={})).encode(),
             json.dumps(dict(good, name="w" * 10000, title="t" * 5000)).encode()]
    rep = store.ingest_prepared(lines)
    assert rep.added == 2 and rep.failed == 8 and rep.records == 10 and all(m.startswith("prepared:") for m in rep.errors)
    assert {a["name"] for a in store.articles()} == {"post-chess", "w" * 10000}
    with pytest.raises(crosswire.UsageError):
        crosswire.prepare("x.jsonl", b"", first_line=0)
