#!/usr/bin/env python3
"""Stories at the command line, with small invented articles: duplicates,
shared origin with evidence, independent groups, incremental ingest with
stable ids, and the seed articles when ../shared is present."""
import json, os, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cwtest import *

D = tmpdir()
DB = os.path.join(D, 'stories.db')

WIRE = ['The harbour authority of Vellmouth closed the northern pier on Monday after storm waves damaged its supports.',
        'Engineers found cracks in four of the twelve concrete pillars, the authority said in a statement.',
        'Ferries to the islands will leave from the southern quay until repairs are finished in the spring.',
        'The mayor, Ilsa Brandt, said the town would ask the regional government for emergency funding.',
        'Fishing crews were told to move their boats to the marina by Wednesday evening.',
        'The pier was built in 1962 and was last renovated eleven years ago.']
OWN = ['Vellmouth residents gathered on the seafront on Tuesday to watch repair barges reach the damaged northern pier.',
       'Shop owners near the harbour fear that fewer visitors will come while the Vellmouth pier stays shut.',
       'One cafe owner said her takings had halved since the storm hit the pier and the harbour.',
       'Mayor Ilsa Brandt visited the pier and promised that repairs would start within weeks.',
       'The regional council in Vellmouth will debate the harbour funding request next month, a spokesman said.']
C_OWN = ['Tourism officials in Vellmouth met on Tuesday to discuss the effect of the pier closure on the season.',
         'Hotel bookings for the spring have dropped by a tenth, according to the local tourist office.',
         'A temporary viewing platform may be built near the harbour entrance for visitors.']
OTHER = ['The Kestrel Valley orchestra announced a winter tour of nine cities on Thursday.',
         'Conductor Tomas Hirvi said the programme would include two new symphonies by local composers.',
         'Tickets go on sale next week, and students will get a discount of forty percent.',
         'The orchestra last toured abroad in 2019, playing to sold-out halls.']


def write(name, title, sents):
    p = os.path.join(D, 'in', name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'w') as f:
        f.write(title + '\n\n' + '\n\n'.join(sents) + '\n')
    return p


write('a_wire.txt', 'Vellmouth pier closed after storm damage', WIRE)
write('b_copy.txt', 'Storm shuts Vellmouth pier', WIRE[1:5] + ['Subscribe to our newsletter for more local news every day.'])
write('c_reuse.txt', 'Vellmouth counts the cost of pier closure', [C_OWN[0], WIRE[1], C_OWN[1], WIRE[2], C_OWN[2], WIRE[4]])
write('d_own.txt', 'Repairs to Vellmouth pier to start soon, mayor says', OWN)
write('e_other.txt', 'Kestrel Valley orchestra plans winter tour', OTHER)


def stories():
    return jsonl(run('stories', '--json', db=DB, check=0).stdout)


@case
def one_story_for_the_pier_one_for_the_orchestra():
    run('ingest', os.path.join(D, 'in'), db=DB, check=0)
    ss = stories()
    for s in ss:
        assert set(s) >= {'id', 'title', 'articles', 'outlets', 'first_seen', 'last_seen'}, s
    by = {n: s['id'] for s in ss for n in s['articles']}
    assert by['a_wire.txt'] == by['b_copy.txt'] == by['c_reuse.txt'] == by['d_own.txt'], ss
    assert by['e_other.txt'] != by['a_wire.txt'], ss
    arts = jsonl(run('articles', '--json', db=DB, check=0).stdout)
    assert all(a['story'] == by[a['name']] for a in arts), arts


@case
def independent_groups_count_one_origin_once():
    sid = [s for s in stories() if 'a_wire.txt' in s['articles']][0]['id']
    st = json.loads(run('story', str(sid), '--json', db=DB, check=0).stdout)
    assert [a['name'] for a in st['articles']][:1] == ['a_wire.txt'], st
    groups = sorted(sorted(g) for g in st['independent_groups'])
    assert groups == [['a_wire.txt', 'b_copy.txt', 'c_reuse.txt'], ['d_own.txt']], groups
    human = run('story', str(sid), db=DB, check=0).stdout.decode()
    assert 'independent sources: 2' in human, human


@case
def related_shows_kinds_and_evidence():
    r = json.loads(run('related', 'c_reuse.txt', '--json', db=DB, check=0).stdout)
    links = {x['name']: x for x in r['related']}
    assert links['a_wire.txt']['kind'] == 'origin', r
    assert 'd_own.txt' not in links, r
    ev = links['a_wire.txt']['evidence']
    assert len(ev) >= 3 and any(WIRE[1] == e['text'] == e['other_text'] for e in ev), ev
    show = json.loads(run('show', 'c_reuse.txt', '--json', db=DB, check=0).stdout)
    body = show['text'].encode()
    for e in ev:
        assert body[e['start']:e['end']].decode() == e['text'], e
    r = json.loads(run('related', 'b_copy.txt', '--json', db=DB, check=0).stdout)
    assert {x['name']: x['kind'] for x in r['related']}.get('a_wire.txt') == 'near', r
    assert run('related', 'no-such.txt', db=DB).returncode == 1


@case
def incremental_ingest_keeps_ids():
    before = {s['id']: set(s['articles']) for s in stories()}
    p = write('f_later.txt', 'Vellmouth pier repairs begin', [
        'Repair crews began work on the storm-damaged northern pier in Vellmouth on Friday.',
        'Mayor Ilsa Brandt said the harbour should reopen to ferries before the summer season.',
        'Divers inspected the cracked concrete pillars of the Vellmouth pier earlier in the week.'])
    run('ingest', p, db=DB, check=0)
    after = {s['id']: set(s['articles']) for s in stories()}
    wire_story = [i for i, a in before.items() if 'a_wire.txt' in a][0]
    assert 'f_later.txt' in after[wire_story], after
    for i, a in before.items():
        assert i in after and a <= after[i], (before, after)


def varint(b, at):
    v = k = 0
    while True:
        c = b[at]
        at += 1
        v |= (c & 0x7f) << (7 * k)
        k += 1
        if not c & 0x80:
            return v, at


@case
def stores_of_the_first_formats_are_still_read():
    import sqlite3, struct
    db = os.path.join(D, 'oldterms.db')
    d = os.path.join(D, 'oldterms')
    os.makedirs(d, exist_ok=True)
    for n, (title, sents) in {'a_wire.txt': ('Vellmouth pier closed after storm damage', WIRE),
                              'b_copy.txt': ('Storm shuts Vellmouth pier', WIRE[1:5]),
                              'd_own.txt': ('Repairs to Vellmouth pier to start soon', OWN),
                              'e_other.txt': ('Kestrel Valley orchestra plans winter tour', OTHER)}.items():
        with open(os.path.join(d, n), 'w') as f:
            f.write(title + '\n\n' + '\n\n'.join(sents) + '\n')
    run('ingest', d, db=db, check=0)
    con = sqlite3.connect(db)
    rows = con.execute('SELECT article, terms FROM article_fp').fetchall()
    assert rows and all(len(t) % 8 for _, t in rows), [len(t) for _, t in rows]
    # Rewritten as the first format wrote them: id and float weight, 8 bytes each.
    for art, t in rows:
        n, at = varint(t, 0)
        out, tid = b'', 0
        for _ in range(n):
            gap, at = varint(t, at)
            tw, at = varint(t, at)
            tid += gap
            if tw == 1 << 28:
                w = struct.unpack('<f', t[at:at + 4])[0]
                at += 4
            else:
                w = tw / 2
            out += struct.pack('<If', tid, w)
        assert len(out) % 8 == 0 and len(out) > 8 * 10, len(out)
        con.execute('UPDATE article_fp SET terms = ? WHERE article = ?', (out, art))
    # Evidence as the first format wrote it: start and end in each article, four u32 per pair.
    rels = con.execute('SELECT a, b, evidence FROM relations').fetchall()
    assert rels and all(len(e) % 16 for _, _, e in rels), rels
    for a, b, e in rels:
        n, at = varint(e, 0)
        out = b''
        for _ in range(n):
            x = []
            for _ in range(4):
                v, at = varint(e, at)
                x.append(v)
            out += struct.pack('<4I', x[0], x[0] + x[1], x[2], x[2] + x[3])
        con.execute('UPDATE relations SET evidence = ? WHERE a = ? AND b = ?', (out, a, b))
    con.commit()
    r = json.loads(run('related', 'b_copy.txt', '--json', db=db, check=0).stdout)
    ev = {x['name']: x for x in r['related']}['a_wire.txt']['evidence']
    assert len(ev) == 4 and all(e['text'] == e['other_text'] and e['text'] in WIRE for e in ev), ev
    con.close()
    later = write('g_later.txt', 'Vellmouth pier repairs begin', [
        'Repair crews began work on the storm-damaged northern pier in Vellmouth on Friday.',
        'Mayor Ilsa Brandt said the harbour should reopen to ferries before the summer season.',
        'Divers inspected the cracked concrete pillars of the Vellmouth pier earlier in the week.'])
    run('ingest', later, db=db, check=0)
    by = {n: s['id'] for s in jsonl(run('stories', '--json', db=db, check=0).stdout) for n in s['articles']}
    assert by['g_later.txt'] == by['a_wire.txt'] == by['d_own.txt'] != by['e_other.txt'], by


@case
def usage_and_missing_story():
    assert run('story', db=DB).returncode == 2
    assert run('story', 'abc', db=DB).returncode == 2
    assert run('story', '999999', db=DB).returncode == 1
    for c in ('stories', 'story', 'related'):
        assert b'usage: crosswire' in run(c, '--help', check=0).stdout


@case
def seed_articles_form_one_story():
    seeds = os.path.join(SHARED, 'seeds')
    if not os.path.isdir(seeds):
        print(f'skipped: {seeds} is absent')
        return
    db = os.path.join(D, 'seeds.db')
    run('ingest', seeds, db=db)
    exp = json.load(open(os.path.join(seeds, 'expected.json')))
    want = set(exp['articles'])
    holding = [s for s in jsonl(run('stories', '--json', db=db, check=0).stdout) if want & set(s['articles'])]
    assert len(holding) == 1 and set(holding[0]['articles']) == want, holding
    st = json.loads(run('story', str(holding[0]['id']), '--json', db=db, check=0).stdout)
    groups = [set(g) for g in st['independent_groups']]
    together = lambda a, b: any(a in g and b in g for g in groups)
    for a, b in exp['independent_groups']['must_link']:
        assert together(a, b), groups
    for a, b in exp['independent_groups']['must_not_link']:
        assert not together(a, b), groups


# Two accidents of one kind, each told by four outlets in their own words:
# the words of the kind (ferry, capsized, passengers, coast guard) and even
# the operator and the strait are shared by all eight, so they make one
# group; names, places and figures tell the two events apart.
FERRY_A = [
    ('Ferry Marisol capsizes off Dunmarra, fourteen dead', [
        'The passenger ferry Marisol capsized on Tuesday night just outside the harbour of Dunmarra, killing fourteen people.',
        'Coast guard boats pulled 62 survivors from the water, the Dunmarra port authority said.',
        'Captain Oren Falk was among those rescued and has been questioned by police.',
        'Passengers said the Marisol listed sharply after its cargo of timber shifted in high waves.',
        'Divers were searching the hull on Wednesday for three people still missing.',
        'The Marisol was run by Bluewater Lines on its Skerra Strait route.']),
    ('Dunmarra mourns victims of Marisol sinking', [
        'Flags flew at half mast in Dunmarra on Wednesday after the ferry Marisol overturned near the harbour mouth.',
        'Fourteen passengers died and dozens were rescued by coast guard crews working through the night.',
        'Relatives gathered at the Dunmarra ferry terminal waiting for news of the missing.',
        'The port authority said the Marisol had passed a safety inspection in March.',
        'Investigators want to know why the timber on its car deck was not tied down.',
        'Bluewater Lines, which runs ferries across the Skerra Strait, said it was shocked.']),
    ('Questions for Marisol captain after deadly capsizing', [
        'Police in Dunmarra questioned Oren Falk, the captain of the ferry Marisol, after Tuesday\'s capsizing left fourteen dead.',
        'Survivors told reporters that life jackets were locked away and that no alarm sounded.',
        'The coast guard said rough seas slowed the rescue of passengers clinging to the hull.',
        'A lawyer for Falk said the Marisol had been loaded by the harbour company, not the crew.',
        'Divers recovered two more bodies near the Dunmarra breakwater.',
        'Bluewater Lines has suspended its Skerra Strait crossings from Dunmarra.']),
    ('Marisol ferry disaster: what we know', [
        'The Marisol, a 40-year-old ferry, left Dunmarra at nine in the evening with 79 people on board.',
        'Minutes later it rolled onto its side in strong winds, and fourteen passengers drowned.',
        'Coast guard crews and fishing boats rescued the others from the cold water.',
        'Captain Oren Falk survived; the Dunmarra prosecutor has opened an inquiry.',
        'Families of the victims will meet the port authority on Friday.',
        'It was a Bluewater Lines ferry on the Skerra Strait run.']),
]
FERRY_B = [
    ('Northern Gale sinks near Kelby Island with 31 missing', [
        'The ferry Northern Gale sank on Saturday morning off Kelby Island, and 31 passengers are missing.',
        'Coast guard helicopters lifted 120 survivors from life rafts, officials in Kelby said.',
        'Captain Hanne Voss radioed that the engine room was flooding shortly after dawn.',
        'Passengers described water pouring through a damaged bow door.',
        'Divers will search the wreck, which lies in 60 metres of water, once the storm eases.',
        'The Northern Gale belongs to Bluewater Lines and crosses the Skerra Strait daily.']),
    ('Kelby Island waits for news of Northern Gale passengers', [
        'Families crowded the small harbour on Kelby Island on Sunday as the search for 31 missing ferry passengers went on.',
        'The Northern Gale went down within an hour after its bow door failed, survivors said.',
        'Coast guard ships and a navy frigate searched the sea north of the island.',
        'The ferry operator said Captain Hanne Voss had 20 years of experience.',
        'Rescuers found two empty life rafts drifting near the Kelby lighthouse.',
        'Bluewater Lines said it was sending staff to the Skerra Strait island.']),
    ('Bow door blamed as Northern Gale inquiry opens', [
        'Investigators looking into the sinking of the Northern Gale near Kelby Island are focusing on its bow door.',
        'The ferry had its door repaired in January, according to maintenance records.',
        'Captain Hanne Voss told the inquiry that the crew tried to pump out the flooding water.',
        'The coast guard rescued 120 passengers, but 31 remain missing, presumed drowned.',
        'The Kelby harbour master said ferries will stay in port until the inquiry reports.',
        'Bluewater Lines ferries on the Skerra Strait passed safety checks last year, the company said.']),
    ('Northern Gale: timeline of a ferry disaster', [
        'The Northern Gale left Kelby Island at six on Saturday morning bound for the mainland with 151 people.',
        'At seven its captain, Hanne Voss, reported water coming through the bow door.',
        'The ferry sank before eight; passengers escaped in life rafts and were picked up by the coast guard.',
        'By Sunday 31 passengers were still missing.',
        'The operator has suspended its Kelby sailings.',
        'Bluewater Lines operates the Skerra Strait crossing from Kelby.']),
]


@case
def two_ferry_accidents_are_two_stories_each_told_four_times_is_one():
    db = os.path.join(D, 'ferries.db')
    d = os.path.join(D, 'ferries')
    os.makedirs(d, exist_ok=True)
    names = {}
    # Interleaved, as a feed would bring them.
    for i, (a, b) in enumerate(zip(FERRY_A, FERRY_B)):
        for tag, (title, sents) in (('a', a), ('b', b)):
            name = f'{i}_{tag}.txt'
            with open(os.path.join(d, name), 'w') as f:
                f.write(title + '\n\n' + '\n\n'.join(sents) + '\n')
            names[name] = tag
    run('ingest', d, db=db, check=0)
    by = {n: s['id'] for s in jsonl(run('stories', '--json', db=db, check=0).stdout) for n in s['articles']}
    a = {by[n] for n, t in names.items() if t == 'a'}
    b = {by[n] for n, t in names.items() if t == 'b'}
    assert len(a) == 1 and len(b) == 1 and a != b, by



@case
def a_second_accident_arriving_later_is_split_off_and_the_first_keeps_its_id():
    db = os.path.join(D, 'ferries2.db')
    d = os.path.join(D, 'ferries2')
    os.makedirs(os.path.join(d, 'a'), exist_ok=True)
    os.makedirs(os.path.join(d, 'b'), exist_ok=True)
    for tag, arts in (('a', FERRY_A), ('b', FERRY_B)):
        for i, (title, sents) in enumerate(arts):
            with open(os.path.join(d, tag, f'{tag}{i}.txt'), 'w') as f:
                f.write(title + '\n\n' + '\n\n'.join(sents) + '\n')
    run('ingest', os.path.join(d, 'a'), db=db, check=0)
    first = {n: s['id'] for s in jsonl(run('stories', '--json', db=db, check=0).stdout) for n in s['articles']}
    assert len(set(first.values())) == 1, first
    sid = next(iter(first.values()))
    # A second process: the state is rebuilt from the store, then the other
    # accident joins the same group and is split off.
    run('ingest', os.path.join(d, 'b'), db=db, check=0)
    by = {n: s['id'] for s in jsonl(run('stories', '--json', db=db, check=0).stdout) for n in s['articles']}
    assert all(by[n] == sid for n in first), by
    b = {by[n] for n in by if n.startswith('b')}
    assert len(b) == 1 and sid not in b, by
    st = json.loads(run('story', str(sid), '--json', db=db, check=0).stdout)
    assert sorted(st['articles'][i]['name'] for i in range(len(st['articles']))) == sorted(first), st


finish()
