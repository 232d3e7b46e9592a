#!/usr/bin/env python3
"""Short feed items at the command line, with invented items: a headline
alone is an article (stored, marked short, clustered), a headline-only item
joins the story of full articles that tell the same, short items of two
subjects stay apart, two events of one subject and the same people (a plan,
then its cancellation two weeks later) are two stories, and an item with
neither headline nor text is refused."""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cwtest import *

D = tmpdir()

PIER = [
    ('Storm waves wreck the northern pier of Vellmouth harbour',
     ['Storm waves wrecked the northern pier of Vellmouth harbour on Monday night, the harbour authority said.',
      'Engineers found cracks in four of the twelve concrete pillars that carry the Vellmouth pier.',
      'Ferries to the islands will leave from the southern quay until the pier is repaired.',
      'Mayor Ilsa Brandt said Vellmouth would ask the regional government for emergency funding.',
      'Fishing crews were told to move their boats to the marina by Wednesday evening.',
      'The harbour authority will publish the engineers\' report on the pillars next week.']),
    ('Vellmouth pier shut after storm cracks its pillars',
     ['The harbour authority shut the northern pier of Vellmouth after a storm cracked its pillars.',
      'Ferry crews were told to use the southern quay while engineers inspect the damaged pier.',
      'Mayor Ilsa Brandt visited the wrecked pier and promised that repairs would start soon.',
      'The Vellmouth pier was built in 1962 and was last renovated eleven years ago.',
      'Residents gathered on the seafront on Tuesday to look at the broken pillars.',
      'The regional council will debate the funding request at its next meeting.']),
    ('Repairs to storm-hit Vellmouth pier to begin, mayor says',
     ['Repairs to the storm-hit northern pier of Vellmouth harbour will begin within weeks, Mayor Ilsa Brandt said.',
      'Storm waves cracked four concrete pillars of the pier on Monday night.',
      'Ferries to the islands use the southern quay meanwhile, the harbour authority said.',
      'Shop owners near the Vellmouth harbour fear fewer visitors while the pier stays shut.',
      'One cafe owner said her takings had halved since the storm hit the harbour.',
      'Divers will survey the foundations of the pier before the repair barges arrive.']),
]
ORCHESTRA = [
    ('Kestrel Valley orchestra announces a winter tour of nine cities',
     ['The Kestrel Valley orchestra announced a winter tour of nine cities on Thursday.',
      'Conductor Tomas Hirvi said the programme would include two new symphonies by local composers.',
      'Tickets for the Kestrel Valley orchestra tour go on sale next week, with a student discount.',
      'The orchestra last toured abroad in 2019, playing to sold-out halls.']),
]


# Two events of one subject, told by the same people in the same words: a
# plan announced, then called off two weeks later.
BRIDGE_PLAN = [
    ('2026-03-02', 'Vellmouth mayor unveils plan for a harbour bridge',
     ['Mayor Ilsa Brandt unveiled a plan on Monday for a bridge across Vellmouth harbour.',
      'The bridge would link the northern pier to the southern quay and cost 40 million euros, Brandt said.',
      'The regional council is expected to pay half of the cost of the Vellmouth bridge.',
      'Ferry operators said the harbour bridge would take passengers from their boats.',
      'Construction would start next spring and take three years, the mayor said.',
      'Brandt said the bridge would bring more visitors to the shops of the harbour.']),
    ('2026-03-02', 'Brandt wants a 40 million euro bridge over Vellmouth harbour',
     ['Vellmouth mayor Ilsa Brandt wants to build a bridge over the harbour for 40 million euros.',
      'The plan presented on Monday joins the northern pier and the southern quay.',
      'Brandt told reporters that building would begin in the spring and last three years.',
      'Half of the money would come from the regional council, according to the plan.',
      'Shop owners at the harbour welcomed the bridge, while ferry crews were worried.',
      'The Vellmouth council will vote on the harbour bridge plan in April.']),
    ('2026-03-03', 'New Vellmouth harbour bridge plan presented by mayor',
     ['A bridge across Vellmouth harbour was proposed by Mayor Ilsa Brandt this week.',
      'The 40 million euro bridge would run from the northern pier to the southern quay.',
      'Brandt said the regional council had promised to share the cost of the bridge.',
      'Ferry operators fear losing passengers once the harbour bridge opens.',
      'Work on the bridge could begin next spring, the Vellmouth mayor said.',
      'The harbour shops expect more visitors from the bridge, their association said.']),
]
BRIDGE_OFF = [  # two weeks later
    ('2026-03-16', 'Vellmouth mayor calls off harbour bridge after cost doubles',
     ['Mayor Ilsa Brandt called off the Vellmouth harbour bridge on Monday after its cost doubled to 85 million euros.',
      'Engineers found that the seabed under the southern quay could not carry the bridge piers.',
      'The regional council withdrew its offer to share the cost last Friday, Brandt said.',
      'Ferry operators welcomed the decision and said they would add a night crossing.',
      'Brandt apologised to the harbour shop owners who had backed the bridge.',
      'The council will spend 2 million euros on repairs to the northern pier instead.']),
    ('2026-03-16', 'Brandt scraps Vellmouth bridge as costs soar to 85 million',
     ['The Vellmouth harbour bridge will not be built, Mayor Ilsa Brandt announced on Monday.',
      'A survey of the seabed showed the southern quay too soft for the bridge, raising the cost to 85 million euros.',
      'Brandt said the regional council had pulled its funding last week.',
      'The ferry company said it would add a night crossing now that the bridge is cancelled.',
      'Harbour shop owners said they were disappointed that Brandt gave up the bridge.',
      'Two million euros will go to repairing the northern pier of Vellmouth, the mayor said.']),
    ('2026-03-16', 'Vellmouth harbour bridge cancelled by mayor',
     ['Mayor Ilsa Brandt cancelled the planned bridge across Vellmouth harbour after the cost doubled.',
      'The seabed under the southern quay cannot hold the bridge, engineers found in a survey.',
      'The cost rose to 85 million euros and the regional council withdrew its share, Brandt said.',
      'Ferry operators will add a night crossing, their company said on Tuesday.',
      'Shop owners at the harbour had hoped the bridge would bring them more visitors.',
      'Instead the Vellmouth council will repair the northern pier for two million euros.']),
]


def jsonl_file(path, rows):
    with open(path, 'w') as f:
        for r in rows:
            f.write(json.dumps(r) + '\n')
    return path


@case
def a_headline_alone_is_a_short_article_in_the_story_of_full_ones():
    db = os.path.join(D, 'join.db')
    rows = [{'name': f'pier{i}', 'title': t, 'text': '\n\n'.join(s)} for i, (t, s) in enumerate(PIER)]
    rows += [{'name': 'orch0', 'title': ORCHESTRA[0][0], 'text': '\n\n'.join(ORCHESTRA[0][1])}]
    rows += [{'name': 'feed-pier', 'title': 'Storm cracks pillars of Vellmouth pier, ferries move to southern quay'},
             {'name': 'feed-empty', 'title': '', 'text': ''}]
    p = run('ingest', jsonl_file(os.path.join(D, 'join.jsonl'), rows), db=db)
    err = p.stderr.decode()
    assert 'feed-empty' in err or ':6:' in err, err  # neither headline nor text: refused, with the place
    arts = {a['name']: a for a in jsonl(run('articles', '--json', db=db, check=0).stdout)}
    assert 'feed-pier' in arts and 'feed-empty' not in arts, arts
    show = json.loads(run('show', 'feed-pier', '--json', db=db, check=0).stdout)
    assert show['short'] is True, show
    assert show['text'].startswith('Storm cracks pillars'), show
    assert json.loads(run('show', 'pier0', '--json', db=db, check=0).stdout)['short'] is False
    story = arts['pier0']['story']
    assert arts['pier1']['story'] == arts['pier2']['story'] == story, arts
    assert arts['feed-pier']['story'] == story, arts
    assert arts['orch0']['story'] != story, arts


@case
def short_items_of_one_story_meet_and_of_another_stay_apart():
    db = os.path.join(D, 'short.db')
    rows = [
        {'name': 'a1', 'title': 'Vellmouth mayor Brandt unveils plan for a new harbour bridge',
         'text': 'Mayor Ilsa Brandt unveiled a plan on Monday for a new bridge across Vellmouth harbour, '
                 'costing 40 million euros.'},
        {'name': 'k1', 'title': 'Kestrel Valley orchestra to tour nine cities this winter',
         'text': 'Conductor Tomas Hirvi said the Kestrel Valley orchestra will play two new symphonies.'},
        {'name': 'a2', 'title': 'Brandt wants a 40 million euro bridge over Vellmouth harbour'},
        {'name': 'k2', 'title': 'Kestrel Valley orchestra plans winter tour with new symphonies'},
        {'name': 'a3', 'title': 'New Vellmouth harbour bridge plan unveiled by mayor Brandt',
         'text': 'The 40 million euro bridge would link both quays of Vellmouth harbour, Mayor Ilsa Brandt said.'},
    ]
    run('ingest', jsonl_file(os.path.join(D, 'short.jsonl'), rows), db=db, check=0)
    by = {a['name']: a['story'] for a in jsonl(run('articles', '--json', db=db, check=0).stdout)}
    assert by['a1'] == by['a2'] == by['a3'], by
    assert by['k1'] == by['k2'], by
    assert by['a1'] != by['k1'], by


@case
def a_feed_item_of_a_headline_alone_is_ingested():
    db = os.path.join(D, 'feed.db')
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Vellmouth Gazette</title>'
           '<item><title>Vellmouth pier reopens after repairs</title><link>https://gazette.example/pier</link></item>'
           '<item><link>https://gazette.example/empty</link></item>'
           '</channel></rss>')
    path = os.path.join(D, 'feed.xml')
    with open(path, 'w') as f:
        f.write(rss)
    run('ingest', path, db=db, check=0)
    arts = jsonl(run('articles', '--json', db=db, check=0).stdout)
    assert [a['title'] for a in arts] == ['Vellmouth pier reopens after repairs'], arts


@case
def a_dateline_or_a_byline_is_never_the_headline():
    body = ('The city council of Springfield voted on Tuesday to close the old river bridge to lorries.\n\n'
            'Engineers found rust in the main girders during an inspection last month.\n\n'
            'The bridge will stay open to cars and bicycles while repairs are planned.\n')
    for first in ('SPRINGFIELD, Ill. \u2014', 'SPRINGFIELD, Ill.', 'WASHINGTON -', 'By Jane Doe'):
        path = os.path.join(D, 'dateline.txt')
        with open(path, 'w') as f:
            f.write(first + '\n\n' + body)
        out = json.loads(run('extract', path, '--json', check=0).stdout)
        assert out.get('title') != first and not (out.get('title') or '').startswith(first.split(',')[0]), (first, out)
    with open(path, 'w') as f:
        f.write('Springfield closes river bridge to lorries\n\n' + body)
    out = json.loads(run('extract', path, '--json', check=0).stdout)
    assert out['title'] == 'Springfield closes river bridge to lorries', out


@case
def a_credit_line_makes_a_retelling_of_its_wire_in_the_coverage():
    db = os.path.join(D, 'credit.db')
    d = os.path.join(D, 'credit')
    os.makedirs(d, exist_ok=True)
    for i, (title, sents) in enumerate(PIER):
        body = list(sents)
        if i == 1:
            body[0] = 'VELLMOUTH (Reuters) - ' + body[0]
        with open(os.path.join(d, f'pier{i}.txt'), 'w') as f:
            f.write(title + '\n\n' + '\n\n'.join(body) + '\n')
    run('ingest', d, db=db, check=0)
    arts = {a['name']: a for a in jsonl(run('articles', '--json', db=db, check=0).stdout)}
    assert arts['pier1.txt']['credit'] == 'Reuters', arts
    st = json.loads(run('story', str(arts['pier1.txt']['story']), '--json', db=db, check=0).stdout)
    cov = {c['source']: c for c in st['coverage']}
    assert set(cov) == {'pier0.txt', 'pier1.txt', 'pier2.txt'}, st['coverage']  # the outlet, else the file
    assert cov['pier1.txt']['retold_from_wire'] == ['Reuters'], cov
    assert cov['pier0.txt']['retold_from_wire'] == [], cov
    md = run('story', str(arts['pier1.txt']['story']), '--format', 'md', db=db, check=0).stdout.decode()
    assert 'pier1.txt; retold from Reuters' in md, md


@case
def two_events_of_one_subject_and_the_same_people_are_two_stories():
    db = os.path.join(D, 'events.db')
    rows = []
    for tag, arts in (('plan', BRIDGE_PLAN), ('off', BRIDGE_OFF)):
        for i, (day, title, sents) in enumerate(arts):
            rows.append({'name': f'{tag}{i}', 'title': title, 'text': '\n\n'.join(sents), 'published': day})
    rows.insert(3, {'name': 'plan-feed', 'title': 'Mayor Brandt plans 40 million euro bridge across Vellmouth harbour',
                    'published': '2026-03-03'})
    rows.append({'name': 'off-feed', 'title': 'Vellmouth bridge called off as cost doubles to 85 million euros',
                 'published': '2026-03-16'})
    run('ingest', jsonl_file(os.path.join(D, 'events.jsonl'), rows), db=db, check=0)
    by = {a['name']: a['story'] for a in jsonl(run('articles', '--json', db=db, check=0).stdout)}
    assert by['plan0'] == by['plan1'] == by['plan2'] == by['plan-feed'], by
    assert by['off0'] == by['off1'] == by['off2'] == by['off-feed'], by
    assert by['plan0'] != by['off0'], by


finish()
