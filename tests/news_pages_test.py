#!/usr/bin/env python3
"""Ingest stores news only: section fronts, tag pages, shop categories,
products and documentation pages read as HTML are named and counted, not
stored, unless --keep-all-pages; articles, threads, feed items and scraped
text always are. All pages are invented here."""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cwtest import *

D = tmpdir()


def write(name, data):
    p = os.path.join(D, name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'w') as f:
        f.write(data)
    return p


PARAS = ['The river Vell rose by two metres overnight, and residents of the lower streets, who had been '
         'warned by the council, left their homes before dawn with what they could carry.',
         'Firefighters from three towns worked through the night to shore up the old embankment, '
         'which gave way in two places shortly after midnight, officials said on Tuesday.',
         'The mayor, Ana Ferreira, said the town hall would stay open as a shelter until the water fell, '
         'and that buses would take older residents to the school on the hill.',
         'Farmers upstream reported fields under water for a second week, and the regional office '
         'said it would count the damage once the roads were open again.',
         'Forecasters expect more rain on Thursday, though less than last week, and the river is '
         'expected to crest on Friday morning before it slowly falls.',
         'Residents who need help can call the council line, which will be staffed day and night, '
         'the mayor added.']

ARTICLE = ('<!doctype html><html lang="en"><head><title>Flood forces hundreds from homes in Vell valley</title>'
           '<link rel="canonical" href="https://valley-courier.example/news/2024/05/07/flood-forces-hundreds-from-homes">'
           '<meta property="og:type" content="article">'
           '<meta property="article:published_time" content="2024-05-07T08:00:00Z"></head><body>'
           '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
           '<article><h1>Flood forces hundreds from homes in Vell valley</h1>'
           + ''.join(f'<p>{p}</p>' for p in PARAS) +
           '</article><aside class="related"><ul>'
           + ''.join(f'<li><a href="/news/2024/05/0{i}/other-story-{i}">Other story {i}</a></li>' for i in range(1, 6)) +
           '</ul></aside></body></html>')


def card(i):
    return (f'<div class="card"><h2><a href="/news/2024/05/{i % 28 + 1:02d}/story-number-{i}-on-the-valley">'
            f'Story number {i} on the valley and its towns</a></h2>'
            f'<p>A teaser of story {i}.</p> <time datetime="2024-05-{i % 28 + 1:02d}">May {i % 28 + 1}</time></div>')


SECTION = ('<!doctype html><html lang="en"><head><title>Valley news: the latest</title>'
           '<link rel="canonical" href="https://valley-courier.example/section/valley">'
           '<meta property="og:type" content="website">'
           '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "CollectionPage", '
           '"name": "Valley"}</script></head><body>'
           '<nav><a href="/">Home</a> <a href="/news">News</a></nav><main><h1>Valley</h1>'
           + ''.join(card(i) for i in range(24)) + '</main></body></html>')

SHOP = ('<!doctype html><html lang="en"><head><title>Rain boots | Valley Outfitters</title>'
        '<link rel="canonical" href="https://valley-outfitters.example/collections/rain-boots"></head><body>'
        '<main><h1>Rain boots</h1><ul class="grid">'
        + ''.join(f'<li class="product-card"><a href="/products/boot-{i}">Valley boot model {i}, green</a>'
                  f' <span class="price">${20 + i}.99</span> <button>Add to cart</button></li>' for i in range(20))
        + '</ul></main></body></html>')


@case
def section_fronts_and_shops_are_left_out_by_default():
    db = os.path.join(D, 'default.db')
    a = write('pages/flood.html', ARTICLE)
    write('pages/valley.html', SECTION)
    write('pages/boots.html', SHOP)
    p = run('ingest', os.path.join(D, 'pages'), '--json', db=db, check=0)
    tot = json.loads(p.stdout)
    assert tot['added'] == 1 and tot['not_news'] == 2 and tot['failed'] == 0, tot
    err = p.stderr.decode()
    assert 'valley.html: not stored: no news' in err and 'boots.html: not stored: no news' in err, err
    assert 'flood.html' not in err, err
    names = [r['name'] for r in jsonl(run('articles', '--json', db=db, check=0).stdout)]
    assert names == ['flood.html'], names
    # the plain summary says how to keep them
    p = run('ingest', a, db=os.path.join(D, 'plain.db'), check=0)
    assert b'not stored' not in p.stdout
    p = run('ingest', os.path.join(D, 'pages/valley.html'), db=os.path.join(D, 'plain.db'), check=0)
    assert b'1 pages of no news not stored (--keep-all-pages stores them)' in p.stdout, p.stdout


@case
def keep_all_pages_stores_them():
    db = os.path.join(D, 'all.db')
    p = run('ingest', os.path.join(D, 'pages'), '--keep-all-pages', '--json', db=db, check=0)
    tot = json.loads(p.stdout)
    assert tot['added'] == 3 and tot['not_news'] == 0, tot
    assert b'not stored' not in p.stderr


@case
def extract_says_whether_a_page_is_news():
    for page, news in ((ARTICLE, True), (SECTION, False), (SHOP, False)):
        r = json.loads(run('extract', '-', '--json', input=page.encode(), check=0).stdout)
        assert r['news'] is news, (r['page_type'], r['page_type_confidence'], news)
    r = json.loads(run('extract', '-', '--json', input=b'Council votes\nThe council voted today.\n', check=0).stdout)
    assert r['news'] is True


@case
def short_pages_without_metadata_stay_news():
    # a short story with a list of other stories and nothing else to tell
    # what it is: typed other at most, never turned away
    page = ('<html><body><h1>Council vote</h1><p>The council voted on Tuesday to close the bridge, '
            'officials said.</p><ul>' + ''.join(f'<li><a href="/s{i}">Other story {i}</a></li>' for i in range(4))
            + '</ul></body></html>')
    db = os.path.join(D, 'short.db')
    tot = json.loads(run('ingest', write('short/vote.html', page), '--json', db=db, check=0).stdout)
    assert tot['added'] == 1 and tot['not_news'] == 0, tot


@case
def jsonl_crawl_records_and_feed_items():
    db = os.path.join(D, 'jsonl.db')
    lines = [json.dumps({'name': 'front', 'url': 'https://valley-courier.example/section/valley', 'html': SECTION}),
             json.dumps({'name': 'flood', 'url': 'https://valley-courier.example/news/2024/05/07/flood', 'html': ARTICLE})]
    tot = json.loads(run('ingest', write('crawl.jsonl', '\n'.join(lines) + '\n'), '--json', db=db, check=0).stdout)
    assert tot['added'] == 1 and tot['not_news'] == 1, tot
    # a feed item whose content is a list of links is still a feed item
    items = ''.join(f'<item><title>Valley briefing {i}</title><link>https://valley-courier.example/b{i}</link>'
                    f'<description><![CDATA[<ul>{"".join(card(i * 10 + k) for k in range(10))}</ul>]]></description>'
                    f'</item>' for i in range(2))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Courier</title>{items}</channel></rss>'
    tot = json.loads(run('ingest', write('feed.xml', feed), '--json', db=os.path.join(D, 'feed.db'), check=0).stdout)
    assert tot['added'] == 2 and tot['not_news'] == 0, tot


finish()
