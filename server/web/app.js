/* crosswire web UI: a story list, a story page and an article page over the
 * JSON API. Everything that comes from articles is data: it goes into the page
 * as text nodes (textContent), never as markup. No innerHTML anywhere. */
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';

/* el('a', {href: x, class: 'y'}, 'text', child, ...): strings become text nodes. */
function el(tag, attrs, ...kids) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') n.className = v;
    else if (k === 'text') n.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') n.addEventListener(k.slice(2), v);
    else n.setAttribute(k, String(v));
  }
  add(n, kids);
  return n;
}

function add(n, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    n.appendChild(typeof k === 'string' || typeof k === 'number' ? document.createTextNode(String(k)) : k);
  }
  return n;
}

function svg(tag, attrs, text) {
  const n = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

async function api(path) {
  const r = await fetch(path, {headers: {Accept: 'application/json'}});
  let body = null;
  try { body = await r.json(); } catch (e) { body = null; }
  if (!r.ok) throw new Error((body && body.error) || ('HTTP ' + r.status));
  return body;
}

const main = () => document.getElementById('main');
/* Replaces the page body; absent sections (null) are left out. */
const show = (...kids) => { const m = main(); m.replaceChildren(); add(m, kids); };
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
const arr = (x) => (Array.isArray(x) ? x : []);
const str = (x) => (typeof x === 'string' ? x : x === null || x === undefined ? '' : String(x));

function articleHref(name, spans) {
  let h = '/article/' + encodeURIComponent(name);
  const s = arr(spans).filter((p) => Array.isArray(p) && p.length === 2).map((p) => p[0] + '-' + p[1]);
  if (s.length) h += '#s=' + s.join(',');
  return h;
}

/* A citation in any of the shapes the brief uses: {article, span:[s,e]},
 * {article, start, end}, {name, ...} or a bare article name. */
function citeOf(c) {
  if (typeof c === 'string') return {article: c, span: null, text: ''};
  if (!c || typeof c !== 'object') return null;
  const article = c.article || c.name;
  if (!article) return null;
  let span = Array.isArray(c.span) ? c.span : null;
  if (!span && Number.isInteger(c.start) && Number.isInteger(c.end)) span = [c.start, c.end];
  return {article: str(article), span, text: str(c.text)};
}

/* The citations of an item: its spans ({article, start, end}) first, then
 * any article it names without a span. */
function supportOf(it) {
  const out = [...arr(it.spans), ...arr(it.sources), ...arr(it.citations), ...arr(it.evidence)];
  if (it.article) out.push(it);
  const have = new Set(out.map(citeOf).filter(Boolean).map((c) => c.article));
  for (const a of arr(it.articles)) if (!have.has(str(a))) out.push(str(a));
  return out;
}

/* Short labels for the story's articles: [1], [2], ... in story order. */
let articleIndex = new Map();

function citeLinks(cites) {
  const byArt = new Map();
  for (const c of arr(cites).map(citeOf).filter(Boolean)) {
    if (!byArt.has(c.article)) byArt.set(c.article, []);
    if (c.span) byArt.get(c.article).push(c.span);
  }
  const out = [];
  for (const [name, spans] of byArt) {
    const i = articleIndex.get(name);
    out.push(el('sup', {class: 'cite'},
      el('a', {href: articleHref(name, spans), title: name}, '[' + (i ? i : name) + ']')));
  }
  return out;
}

function setTitle(t) { document.title = t ? t + ' · crosswire' : 'crosswire'; }

function showError(e) {
  show(el('p', {class: 'error'}, 'Could not load: ' + str(e && e.message ? e.message : e)),
    el('p', {}, el('a', {href: '/'}, '← all stories')));
}

/* ---- story list ---------------------------------------------------------- */

async function listPage() {
  const params = new URLSearchParams(location.search);
  const q = params.get('q') || '';
  const sort = params.get('sort') === 'recent' ? 'recent' : 'size';
  setTitle('Stories');
  const input = el('input', {type: 'search', name: 'q', placeholder: 'Search stories (words in headlines and text)',
                             'aria-label': 'search'});
  input.value = q;
  const select = el('select', {name: 'sort', 'aria-label': 'sort'},
    el('option', {value: 'size'}, 'Most articles'), el('option', {value: 'recent'}, 'Most recent'));
  select.value = sort;
  const form = el('form', {class: 'controls', method: 'get', action: '/'}, input, select,
    el('button', {type: 'submit'}, 'Search'));
  select.addEventListener('change', () => form.submit());
  const list = el('ul', {class: 'story-list', id: 'stories'});
  const count = el('p', {class: 'meta', id: 'count'}, 'Loading…');
  const hitsBox = el('div', {id: 'hits'});
  show(el('h1', {}, 'Stories'), form, count, list, hitsBox);
  const data = await api('/api/stories?' + new URLSearchParams({q, sort}).toString());
  const stories = arr(data.stories);
  count.textContent = stories.length
    ? `${data.total} ${data.total === 1 ? 'story' : 'stories'}${q ? ' matching “' + q + '”' : ''}`
      + (data.total > stories.length ? `, first ${stories.length} shown` : '')
    : (q ? 'No story matches “' + q + '”.' : 'The store holds no stories yet: crosswire ingest PATH adds articles.');
  if (q) searchHits(q, hitsBox).catch(() => {});
  for (const s of stories) {
    const outlets = arr(s.outlets);
    const when = s.last_seen ? fmtWhen(s.first_seen, s.last_seen) : '';
    list.appendChild(el('li', {class: 'story', 'data-id': s.id},
      el('div', {class: 'title'}, el('span', {class: 'badge', title: 'articles'}, str(s.size)),
        el('a', {href: '/story/' + encodeURIComponent(s.id)}, str(s.title) || '(no headline)')),
      el('div', {class: 'meta'},
        [outlets.length ? outlets.join(', ') : 'outlets unknown', when ? ' · ' + when : '',
         ' · ' + plural(arr(s.articles).length, 'article', 'articles')].join(''))));
  }
}

/* A search snippet: the matched words come in [brackets]; they become marks,
 * everything stays text. */
function snippet(text) {
  const out = el('span', {class: 'snippet'});
  const parts = str(text).split(/\[([^\[\]]{1,80})\]/);
  parts.forEach((p, i) => out.appendChild(i % 2 ? el('mark', {}, p) : document.createTextNode(p)));
  return out;
}

async function searchHits(q, box) {
  const data = await api('/api/search?' + new URLSearchParams({q, limit: '10'}).toString());
  const hits = arr(data.results);
  if (!hits.length) return;
  box.replaceChildren(el('h2', {}, 'Matching articles'), el('ul', {class: 'story-list hits'}, hits.map((h) =>
    el('li', {class: 'hit'}, el('div', {class: 'title'},
      el('a', {href: articleHref(str(h.name))}, str(h.title) || str(h.name))),
      el('div', {class: 'meta'}, [h.outlet, h.published && str(h.published).slice(0, 10), h.name].filter(Boolean)
        .map(str).join(' · ')),
      el('div', {}, snippet(h.snippet))))));
}

function fmtDay(iso) { return str(iso).slice(0, 10); }
function fmtWhen(a, b) {
  const x = str(a).replace('T', ' ').replace('Z', '').slice(0, 16);
  const y = str(b).replace('T', ' ').replace('Z', '').slice(0, 16);
  return x && y && x !== y ? x + ' – ' + y : (y || x);
}

/* ---- story page ------------------------------------------------------------ */

function section(title, id, ...kids) {
  return el('section', {id}, el('h2', {}, title), kids);
}

function summarySection(sum) {
  let items = sum;
  if (sum && !Array.isArray(sum) && typeof sum === 'object') items = sum.sentences || sum.items || [];
  if (typeof sum === 'string') items = [sum];
  items = arr(items);
  if (!items.length) return null;
  const ol = el('ol', {class: 'summary'});
  for (const it of items) {
    if (typeof it === 'string') { ol.appendChild(el('li', {}, it)); continue; }
    const cites = supportOf(it);
    ol.appendChild(el('li', {}, str(it.text || it.sentence), citeLinks(cites)));
  }
  return section('Summary', 'summary', ol);
}

function figureStatus(f) {
  const arts = new Set(arr(f.mentions).map(citeOf).filter(Boolean).map((c) => c.article));
  if (f.agree === false) return ['conflict', 'sources differ'];
  if (arts.size <= 1 || f.independent_sources === 1) return ['single', 'single source'];
  return ['agree', 'agree'];
}

function fmtValue(f) {
  if (f.value === undefined || f.value === null) return '';
  const v = typeof f.value === 'number' ? f.value.toLocaleString('en') : str(f.value);
  return f.unit ? v + ' ' + str(f.unit) : v;
}

function figuresSection(figs) {
  figs = arr(figs);
  if (!figs.length) return null;
  const tb = el('tbody');
  for (const f of figs) {
    const [cls, label] = figureStatus(f);
    const mentions = el('td', {});
    for (const m of arr(f.mentions).map(citeOf).filter(Boolean))
      mentions.appendChild(el('div', {}, '“' + m.text + '”', citeLinks([m])));
    tb.appendChild(el('tr', {class: 'figure ' + cls},
      el('td', {}, str(f.what)), el('td', {}, fmtValue(f)), mentions,
      el('td', {}, f.independent_sources === undefined ? '' : str(f.independent_sources)),
      el('td', {class: 'status'}, label)));
  }
  return section('Facts: figures across sources', 'facts',
    el('p', {class: 'legend meta'}, el('span', {class: 'agree'}, 'agree'), el('span', {class: 'conflict'}, 'sources differ'),
      el('span', {class: 'single'}, 'single source'), ' independent sources count a wire report and its retellings once.'),
    el('table', {id: 'facts-table'}, el('thead', {}, el('tr', {}, el('th', {}, 'what'), el('th', {}, 'value'),
      el('th', {}, 'as stated'), el('th', {}, 'independent sources'), el('th', {}, 'agreement'))), tb));
}

function formsList(forms) {
  /* forms: [{article, text, span}] or {article: text} */
  if (Array.isArray(forms)) return forms.map(citeOf).filter(Boolean);
  if (forms && typeof forms === 'object')
    return Object.entries(forms).map(([a, t]) => ({article: a, text: str(t), span: null}));
  return [];
}

function sideBySide(forms, speakerOf) {
  const box = el('div', {class: 'variants'});
  for (const f of formsList(forms))
    box.appendChild(el('blockquote', {}, '“' + f.text + '”',
      el('span', {class: 'src'}, (speakerOf ? speakerOf(f) : ''), el('a', {href: articleHref(f.article, f.span ? [f.span] : [])},
        (articleIndex.get(f.article) ? '[' + articleIndex.get(f.article) + '] ' : '') + f.article))));
  return box;
}

/* What was compared, so that an empty list reads as "none found among N", never as "they agree". */
function comparisonLine(cmp, found) {
  if (!cmp || typeof cmp !== 'object') return null;
  const facts = plural(Number(cmp.facts_compared) || 0, 'statement', 'statements') + ' of one fact';
  const across = ' compared across ' + plural(Number(cmp.articles) || 0, 'article', 'articles') + ' (' +
    plural(Number(cmp.independent_sources) || 0, 'independent source', 'independent sources') + ')';
  return el('p', {class: 'meta checked', id: 'comparison'}, found
    ? plural(found, 'difference', 'differences') + ' found among ' + facts + across + '; the most consequential first.'
    : 'No difference found among ' + facts + across + '.');
}

function sidesList(sides) {
  return el('ul', {class: 'sides'}, ...arr(sides).map((sd) => el('li', {},
    '“' + str(sd.value) + '”' + (sd.date ? ' (' + str(sd.date) + ')' : '') + ': ' +
    plural(Number(sd.independent_sources) || 0, 'independent source', 'independent sources') + ' — ' +
    arr(sd.articles).map((a) => (articleIndex.get(a) ? '[' + articleIndex.get(a) + '] ' : '') + a).join(', '))));
}

function discrepanciesSection(ds, cmp) {
  ds = arr(ds);
  if (!ds.length && !cmp) return null;
  return section('Where sources differ', 'discrepancies', comparisonLine(cmp, ds.length),
    ...ds.map((d) => el('div', {class: 'card discrepancy'}, el('strong', {}, str(d.what)),
      d.kind ? el('span', {class: 'meta'}, ' (' + str(d.kind) + ')') : null,
      arr(d.sides).length ? sidesList(d.sides) : null, sideBySide(d.forms))));
}

function quoteVariantsSection(qv) {
  qv = arr(qv);
  if (!qv.length) return null;
  return section('One statement, different words', 'quote-variants',
    qv.map((q) => el('div', {class: 'card quote-variant'}, el('strong', {}, str(q.speaker) || 'unattributed'),
      sideBySide(q.forms))));
}

function quotesSection(qs) {
  qs = arr(qs);
  if (!qs.length) return null;
  const full = qs.filter((q) => !q.partial);
  const rows = (full.length ? full : qs).map((q) => el('tr', {},
    el('td', {}, str(q.speaker) || '—'), el('td', {}, '“' + str(q.text) + '”', citeLinks([q]))));
  return section('Quotes', 'quotes', el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'speaker'),
    el('th', {}, 'quote'))), el('tbody', {}, rows)),
    full.length && full.length < qs.length ? el('p', {class: 'meta'}, `${qs.length - full.length} partial quotes not shown.`) : null);
}

function entitiesSection(es) {
  es = arr(es);
  if (!es.length) return null;
  const rows = es.map((e) => {
    const variants = arr(e.variants);
    return el('tr', {class: variants.length > 1 ? 'entity spellings' : 'entity'},
      el('td', {}, str(e.canonical || e.name)), el('td', {}, str(e.kind)),
      el('td', {class: 'chips'}, variants.map((v) => el('span', {}, str(v)))),
      el('td', {}, arr(e.articles).map((a) => el('a', {href: articleHref(a, arr(e.mentions).map(citeOf)
        .filter((c) => c && c.article === a && c.span).map((c) => c.span)), title: a},
        '[' + (articleIndex.get(a) || a) + '] '))));
  });
  /* the ones spelled more than one way first: that is what a reader looks for */
  rows.sort((a, b) => (b.classList.contains('spellings') ? 1 : 0) - (a.classList.contains('spellings') ? 1 : 0));
  const shown = rows.slice(0, 40);
  return section('People, places and organisations', 'entities',
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'kind'), el('th', {}, 'spellings'),
      el('th', {}, 'in'))), el('tbody', {}, shown)),
    rows.length > shown.length ? el('p', {class: 'meta'}, `${rows.length - shown.length} more not shown.`) : null);
}

/* Timeline events from `timeline`, else from resolved `dates`. */
function timelineEvents(story) {
  const out = [];
  const tl = arr(story.timeline);
  for (const t of tl) {
    const date = str(t.date || t.day || t.when);
    if (!/^\d{4}-\d{2}-\d{2}/.test(date)) continue;
    const cites = supportOf(t);
    out.push({date: date.slice(0, 10), label: str(t.text || t.event || t.what || t.summary || t.label), cites});
  }
  if (out.length || !arr(story.dates).length) return {events: out, from: 'timeline'};
  const byDay = new Map();
  for (const d of arr(story.dates)) {
    const day = str(d.date).slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) continue;
    if (!byDay.has(day)) byDay.set(day, {date: day, label: str(d.text), cites: []});
    byDay.get(day).cites.push(d);
  }
  return {events: [...byDay.values()], from: 'dates'};
}

function timelineSection(story) {
  const {events, from} = timelineEvents(story);
  if (!events.length) return null;
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const days = events.map((e) => Date.parse(e.date + 'T00:00:00Z'));
  const t0 = Math.min(...days), t1 = Math.max(...days);
  /* A dot plot: one row per event, x its day on a shared axis; the label goes
   * on the side of the dot with more room, cut to fit. */
  /* Drawn at the width it is shown at, so that its text keeps its size: a
   * 1000-wide drawing shrunk onto a phone made 11 px labels 4 px high. */
  const shown = (document.querySelector('main') || document.documentElement).clientWidth || 1000;
  const W = Math.max(300, Math.min(1000, Math.round(shown))), left = W < 600 ? 16 : 40, right = left;
  const rowH = 24, axisY = 34, charW = 6.4;
  const H = axisY + 18 + events.length * rowH;
  const x = (t) => (t1 === t0 ? W / 2 : left + (t - t0) / (t1 - t0) * (W - left - right));
  const s = svg('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'timeline'});
  s.appendChild(svg('line', {class: 'axis', x1: left - 20, y1: axisY, x2: W - right + 20, y2: axisY}));
  const seenDays = new Set();
  let lastTickX = -1e9;
  events.forEach((e, i) => {
    const cx = x(days[i]), y = axisY + 18 + i * rowH;
    if (!seenDays.has(e.date)) {
      seenDays.add(e.date);
      s.appendChild(svg('line', {class: 'stem', x1: cx, y1: axisY, x2: cx, y2: H - 4}));
      s.appendChild(svg('circle', {class: 'dot', cx, cy: axisY, r: 5}));
      if (cx - lastTickX > 70) {
        s.appendChild(svg('text', {class: 'tick', x: cx, y: axisY - 10, 'text-anchor': 'middle'}, e.date));
        lastTickX = cx;
      }
    }
    s.appendChild(svg('circle', {class: 'dot', cx, cy: y - 4, r: 3.5}));
    const toRight = W - cx >= cx;
    const room = Math.max(10, Math.floor(((toRight ? W - cx : cx) - 14) / charW));
    const cites = e.cites.map(citeOf).filter(Boolean);
    const n = new Set(cites.map((c) => c.article)).size;
    const tail = n ? ` (${plural(n, 'source', 'sources')})` : '';
    let label = e.date + ' · ' + e.label;
    if (label.length + tail.length > room) label = label.slice(0, Math.max(1, room - tail.length - 1)) + '…';
    const t = svg('text', {class: 'label', x: toRight ? cx + 8 : cx - 8, y, 'text-anchor': toRight ? 'start' : 'end'},
      label + tail);
    t.appendChild(svg('title', {}, e.date + ': ' + e.label));
    const first = cites.find((c) => c.span);
    if (first) {
      const link = svg('a', {href: articleHref(first.article, [first.span])});
      link.appendChild(t);
      s.appendChild(link);
    } else {
      s.appendChild(t);
    }
  });
  return section('Timeline', 'timeline', el('div', {class: 'timeline'}, s),
    from === 'dates' ? el('p', {class: 'meta'}, 'Drawn from the dates the articles mention, resolved to calendar days.') : null);
}

function coverageSection(cov) {
  cov = arr(cov);
  if (!cov.length) return null;
  const rows = cov.map((c) => el('tr', {class: 'coverage' + (c.first ? ' first' : '')},
    el('td', {}, str(c.outlet) || 'outlet unknown', c.first ? el('span', {class: 'badge first-badge'}, 'first') : null),
    el('td', {}, str(c.first_published).replace('T', ' ').replace('Z', '') || '—'),
    el('td', {}, arr(c.articles).map((a) => el('a', {href: articleHref(str(a)), title: str(a)},
      '[' + (articleIndex.get(str(a)) || str(a)) + '] '))),
    el('td', {}, arr(c.retold_from).map((r) => el('div', {}, el('a', {href: articleHref(str(r.article))},
      '[' + (articleIndex.get(str(r.article)) || str(r.article)) + ']'), ' retold ',
      el('a', {href: articleHref(str(r.from))}, '[' + (articleIndex.get(str(r.from)) || str(r.from)) + ']'))))));
  return section('Coverage', 'coverage', el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'outlet'),
    el('th', {}, 'first published'), el('th', {}, 'articles'), el('th', {}, 'retold'))), el('tbody', {}, rows)));
}

function sourcesSection(story) {
  const arts = arr(story.articles);
  const tb = el('tbody');
  arts.forEach((a, i) => {
    const name = typeof a === 'string' ? a : str(a.name);
    tb.appendChild(el('tr', {class: 'source'}, el('td', {}, '[' + (i + 1) + ']'),
      el('td', {}, el('a', {href: articleHref(name)}, str(a.title) || name)),
      el('td', {}, str(a.outlet) || '—'), el('td', {}, str(a.published).replace('T', ' ').replace('Z', '') || '—'),
      el('td', {class: 'meta'}, name)));
  });
  const groups = arr(story.independent_groups);
  return section('Sources', 'sources',
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, '#'), el('th', {}, 'headline'), el('th', {}, 'outlet'),
      el('th', {}, 'published'), el('th', {}, 'name'))), tb),
    groups.length ? el('div', {id: 'groups'}, el('h2', {}, `Independent sources: ${groups.length}`),
      el('p', {class: 'meta'}, 'Articles of one origin (a wire report and its rewrites) count once.'),
      groups.map((g, i) => el('div', {class: 'group card'}, el('strong', {}, `${i + 1}. `),
        arr(g).map((n, k) => [k ? ', ' : '', el('a', {href: articleHref(str(n))},
          '[' + (articleIndex.get(str(n)) || '?') + '] ' + str(n))])))) : null);
}

async function storyPage(id) {
  const story = await api('/api/story/' + encodeURIComponent(id));
  articleIndex = new Map();
  arr(story.articles).forEach((a, i) => articleIndex.set(typeof a === 'string' ? a : str(a.name), i + 1));
  setTitle(str(story.title) || 'Story ' + id);
  const outlets = arr(story.outlets);
  show(
    el('p', {}, el('a', {href: '/'}, '← all stories')),
    el('h1', {id: 'story-title'}, str(story.title) || '(no headline)'),
    el('p', {class: 'meta'}, plural(arr(story.articles).length, 'article', 'articles') +
      (outlets.length ? ' from ' + outlets.join(', ') : '') +
      (story.first_seen ? ' · ' + fmtWhen(story.first_seen, story.last_seen) : '') +
      ' · ' + plural(arr(story.independent_groups).length, 'independent source', 'independent sources')),
    summarySection(story.summary),
    timelineSection(story),
    figuresSection(story.figures),
    discrepanciesSection(story.discrepancies, story.comparison),
    quoteVariantsSection(story.quote_variants),
    entitiesSection(story.entities),
    quotesSection(story.quotes),
    coverageSection(story.coverage),
    sourcesSection(story));
  labelCells(document);
}

/* Each table cell carries its column's heading (data-label), which a narrow
 * screen shows above the cell when the rows are stacked (style.css). */
function labelCells(root) {
  for (const t of root.querySelectorAll('table')) {
    const heads = [...t.querySelectorAll('thead th')].map((th) => th.textContent);
    for (const tr of t.querySelectorAll('tbody tr')) {
      [...tr.children].forEach((td, i) => { if (heads[i]) td.setAttribute('data-label', heads[i]); });
    }
  }
}

/* ---- article page ------------------------------------------------------------ */

/* Spans from the hash or query: s=120-245,300-320 (byte offsets in the clean text). */
function wantedSpans() {
  const p = new URLSearchParams(location.hash.slice(1) || location.search);
  const out = [];
  for (const part of str(p.get('s')).split(',')) {
    const m = /^(\d+)-(\d+)$/.exec(part.trim());
    if (m && +m[2] > +m[1]) out.push([+m[1], +m[2]]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/* The article text with the byte spans marked; text nodes only. */
function markedText(text, spans) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder('utf-8');
  const box = el('div', {class: 'article-text', id: 'article-text'});
  let at = 0, first = null;
  for (let [s, e] of spans) {
    s = Math.max(s, at); e = Math.min(e, bytes.length);
    if (s >= e) continue;
    if (s > at) box.appendChild(document.createTextNode(dec.decode(bytes.subarray(at, s))));
    const m = el('mark', {}, dec.decode(bytes.subarray(s, e)));
    box.appendChild(m);
    first = first || m;
    at = e;
  }
  if (at < bytes.length) box.appendChild(document.createTextNode(dec.decode(bytes.subarray(at))));
  return {box, first};
}

async function articlePage(name) {
  const a = await api('/api/article/' + encodeURIComponent(name));
  setTitle(str(a.title) || name);
  const spans = wantedSpans();
  const {box, first} = markedText(str(a.text), spans);
  const meta = [a.outlet, a.published && str(a.published).replace('T', ' ').replace('Z', ''),
    a.author && 'by ' + a.author, a.credit && 'credit: ' + a.credit, a.lang].filter(Boolean).map(str).join(' · ');
  const rel = el('div', {id: 'related'});
  show(
    el('p', {}, el('a', {href: '/'}, '← all stories'),
      a.story ? [' · ', el('a', {href: '/story/' + encodeURIComponent(a.story)}, 'story ' + a.story)] : null),
    el('h1', {id: 'article-title'}, str(a.title) || '(no headline)'),
    el('p', {class: 'meta'}, meta || name),
    a.url ? el('p', {class: 'meta'}, 'source: ', str(a.url)) : null,
    spans.length ? el('p', {class: 'meta'}, `${spans.length} cited passage${spans.length === 1 ? '' : 's'} highlighted.`) : null,
    box, rel);
  if (first) first.scrollIntoView({block: 'center'});
  try {
    const r = await api('/api/related/' + encodeURIComponent(name));
    const list = arr(r.related);
    if (list.length)
      rel.replaceChildren(el('h2', {}, 'Duplicates and shared origin'), el('ul', {}, list.map((x) =>
        el('li', {}, el('a', {href: articleHref(str(x.name), arr(x.evidence).map((v) => [v.other_start, v.other_end]))},
          str(x.name)), ` — ${str(x.kind)}, ${typeof x.score === 'number' ? x.score.toFixed(2) : ''}, ` +
          `${arr(x.evidence).length} shared passages`))));
  } catch (e) { /* related is optional */ }
}

/* ---- routing ---------------------------------------------------------------------- */

async function route() {
  const path = location.pathname;
  try {
    let m;
    if ((m = /^\/story\/([^/]+)$/.exec(path))) await storyPage(decodeURIComponent(m[1]));
    else if ((m = /^\/article\/(.+)$/.exec(path))) await articlePage(decodeURIComponent(m[1]));
    else await listPage();
  } catch (e) {
    showError(e);
  }
  /* A tripwire for the tests: article data never runs, so nothing it could
   * define exists. If it ever did, the page says so where a test looks. */
  document.documentElement.setAttribute('data-injected', window.__cwInjected ? 'ran' : 'none');
  document.body.setAttribute('data-ready', '1');
}

window.addEventListener('hashchange', () => { if (location.pathname.startsWith('/article/')) route(); });
document.addEventListener('DOMContentLoaded', route);
