#!/usr/bin/env python3
"""The story state rebuilt by a second process from a store larger than what
the state keeps in memory (fingerprints of the newest 50,000 articles for
the duplicate index, the newest 20,000 in full): a copy of a recent article
is still found as a near duplicate, and a follow-up to an article stored
52,000 articles earlier still joins its story with a shared-origin link."""
import os, random, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cwtest import *

D = tmpdir()
DB = os.path.join(D, 'big.db')
rng = random.Random(5)
VOCAB = sorted({''.join(rng.choice('bcdfghklmnprstvz') + rng.choice('aeiou') for _ in range(3)) for _ in range(8000)})

PIER = ['The harbour board of Quellmouth shut the western pier on Sunday after a barge struck two of its pillars.',
        'Divers sent down on Monday found that one pillar had split along most of its height.',
        'Ferry services to the Tarrow islands will sail from the fishing quay until the pier reopens.',
        'The harbour master, Edda Lindqvist, said repairs would cost at least four million crowns.',
        'The barge company has been asked to explain why its vessel left the marked channel.']
QUAKE = ['A magnitude 5.8 earthquake shook the hill town of Varnessa early on Thursday, damaging the old bell tower.',
         'Residents spent the night in the main square as aftershocks rattled windows across the valley.',
         'The regional governor, Tomas Ekberg, said three people were treated in hospital for minor injuries.',
         'Engineers will inspect the Varnessa dam and two road bridges before traffic is allowed back.',
         'The last earthquake of that strength in the valley struck in 1987.']


def filler(i):
    words = [rng.choice(VOCAB) for _ in range(27)]
    sents = [' '.join(words[k:k + 9]) for k in (0, 9, 18)]
    return {'name': f'f{i}.txt', 'title': ' '.join(words[:4]).capitalize(),
            'text': '\n'.join(s.capitalize() + '.' for s in sents)}


def article(name, title, sents):
    return {'name': name, 'title': title, 'text': '\n\n'.join(sents)}


def write(path, arts):
    with open(path, 'w') as f:
        for a in arts:
            f.write(json.dumps(a) + '\n')


@case
def a_second_process_relates_to_recent_and_old_articles():
    arts = [article('old_pier.txt', 'Quellmouth pier shut after barge strike', PIER)]
    arts += [filler(i) for i in range(52000)]
    arts.append(article('recent_quake.txt', 'Earthquake damages Varnessa bell tower', QUAKE))
    arts += [filler(i) for i in range(52000, 52100)]
    first = os.path.join(D, 'first.jsonl')
    write(first, arts)
    run('ingest', first, db=DB, check=0)
    later = os.path.join(D, 'later.jsonl')
    write(later, [
        article('quake_copy.txt', 'Varnessa shaken by earthquake', QUAKE[:4] + ['Read more stories from the valley on our site.']),
        article('pier_followup.txt', 'Quellmouth pier repairs to start', [
            'Repair crews arrived at the damaged western pier in Quellmouth on Friday.',
            PIER[1], PIER[3],
            'The harbour board expects the pier to reopen to ferries before the autumn.'])])
    run('ingest', later, db=DB, check=0)
    story = {a['name']: a['story'] for a in jsonl(run('articles', '--json', db=DB, check=0).stdout)
             if not a['name'].startswith('f')}
    assert story['quake_copy.txt'] == story['recent_quake.txt'], story
    assert story['pier_followup.txt'] == story['old_pier.txt'] != story['recent_quake.txt'], story
    r = json.loads(run('related', 'quake_copy.txt', '--json', db=DB, check=0).stdout)
    assert {x['name']: x['kind'] for x in r['related']}.get('recent_quake.txt') == 'near', r
    r = json.loads(run('related', 'pier_followup.txt', '--json', db=DB, check=0).stdout)
    links = {x['name']: x for x in r['related']}
    assert links.get('old_pier.txt', {}).get('kind') == 'origin', r
    assert {e['text'] for e in links['old_pier.txt']['evidence']} == {PIER[1], PIER[3]}, links


finish()
