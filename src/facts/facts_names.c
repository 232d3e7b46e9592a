/*
 * facts_names: people, places and organisations from runs of capitalised
 * words, without a gazetteer. The cues are small closed word lists: titles
 * and roles ("President", "spokesman"), place prepositions and place nouns
 * ("in", "region"), organisation heads ("Council"), speech verbs after a
 * name. Sentence-initial capitals are dropped when the word is a function
 * word or the article uses it in lower case elsewhere.
 */
#include <string.h>
#include <strings.h>

#include "facts/facts_int.h"

/* Titles and roles that stand before a name; a capitalised run is cut after
 * the last of them ("Russian President Vladimir Putin" -> "Vladimir Putin"). */
static const char *const ROLES[] = {
    "president", "vice", "prime", "minister", "secretary", "chancellor", "king", "queen", "prince",
    "princess", "pope", "senator", "sen", "sen.", "rep", "rep.", "representative", "gov", "gov.",
    "governor", "mayor", "general", "gen", "gen.", "col", "col.", "colonel", "lt", "lt.", "lieutenant",
    "sgt", "sergeant", "captain", "capt", "admiral", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr",
    "dr.", "prof", "prof.", "professor", "sir", "dame", "lord", "lady", "judge", "justice",
    "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson", "chief", "director",
    "chairman", "chairwoman", "speaker", "commander", "adviser", "advisor", "aide", "leader",
    "ceo", "founder", "coach", "officer", "detective", "inspector", "sheriff", "deputy", "attorney",
    "prosecutor", "bishop", "archbishop", "cardinal", "rabbi", "imam", "reverend", "rev", "rev.",
    "state", "foreign", "defense", "defence", "interior", "national", "security", "special", "senior",
    "former", "president-elect", "son-in-law", "daughter-in-law", "secretary-general", "analyst",
    "fellow", "negotiator", "official", "premier", "lawmaker", "congressman", "congresswoman",
    "economist", "reporter", "journalist", "correspondent", "editor", "manager", "player", "striker",
    "goalkeeper", "actor", "actress", "singer", "author", "lawyer", "expert", "researcher",
    "scientist", "head", "wife", "husband", "son", "daughter", "mother", "father", "brother", "sister",
    "counterpart", "candidate", "nominee", "executive", "owner", "chair", "member", "councillor",
    "assemblyman", "assemblywoman", "commissioner", "mp", "police", "investigator", "suspect",
    "victim", "witness", "survivor", "resident", "neighbor", "neighbour", "friend", "colleague",
    "activist", "pastor", "priest", NULL};

/* Plural nouns for groups of people: opening a sentence alone ("Analysts
 * said", "Critics warned") they are common nouns, not names. */
static const char *const PEOPLE_PLURALS[] = {
    "analysts", "critics", "experts", "officials", "observers", "residents", "witnesses", "lawmakers",
    "diplomats", "authorities", "sources", "leaders", "investigators", "prosecutors", "protesters",
    "protestors", "activists", "economists", "scientists", "researchers", "voters", "supporters",
    "opponents", "doctors", "officers", "soldiers", "troops", "workers", "students", "parents",
    "teachers", "farmers", "fans", "journalists", "reporters", "negotiators", "ministers", "investors",
    "traders", "executives", "employees", "citizens", "civilians", "rescuers", "firefighters",
    "police", "medics", "historians", "commentators", "pollsters", "strategists",
    NULL};

/* Role words that are not a title on their own: they only qualify one. */
static const char *const ROLE_MODIFIERS[] = {"state", "foreign", "defense", "defence", "interior", "national",
                                             "security", "special", "senior", "former", "vice", "prime",
                                             "deputy", "chief", NULL};

static const char *const ORG_HEADS[] = {
    "council", "center", "centre", "ministry", "office", "church", "party", "union", "agency", "bank",
    "times", "post", "news", "committee", "commission", "institute", "university", "college",
    "company", "corp", "corp.", "inc", "inc.", "ltd", "group", "court", "parliament", "assembly",
    "army", "forces", "fund", "organization", "organisation", "association", "department", "service",
    "house", "senate", "congress", "administration", "foundation", "federation", "network",
    "alliance", "front", "guard", "police", "navy", "airlines", "journal", "tribune", "herald",
    "press", "telegraph", "guardian", "club", "team", "fc", "school", "hospital", "board", "bureau",
    "authority", "cabinet", "government", "duma", "kremlin", "pentagon", "reuters", "media",
    "foundation", "trust", "society", "museum", "library", "coalition", "movement", "brigade", NULL};

static const char *const PLACE_HEADS[] = {
    "region", "regions", "city", "town", "village", "province", "oblast", "county", "district",
    "state", "island", "islands", "river", "mountains", "mountain", "valley", "lake", "sea", "ocean",
    "bay", "gulf", "coast", "peninsula", "airport", "square", "street", "avenue", "road", "bridge",
    "port", "harbor", "harbour", "border", "capital", "club", "resort", "hotel", "base", "palace",
    "plant", "area", "front", "frontline", "strait", "desert", "park", "stadium", "arena", "station",
    "building", "tower", "prison", "camp", "hospital", "embassy", "consulate", "estate", "ranch",
    "territory", "territories", "republic", "kingdom", "countryside", NULL};

static const char *const PLACE_PREPS[] = {"in", "to", "from", "near", "into", "across", "outside", "inside",
                                          "towards", "toward", "through", "via", "throughout", NULL};
static const char *const PLACE_OF[] = {"city", "town", "village", "region", "province", "port", "capital",
                                       "state", "republic", "island", "county", "district", NULL};

/* Words a capitalised run may start with that are not part of the name. */
static const char *const LEADING_WORDS[] = {"the", "a", "an", "in", "on", "at", "of", "for", "and", "but", "or",
                                            "as", "by", "from", "with", "to", "this", "that", "these", "those",
                                            "if", "when", "while", "after", "before", "neither", "nor", "both",
                                            NULL};

static bool is_upper_word(const cwi_fx *fx, size_t i)
{
    if (i >= fx->tok.n) return false;
    const cwi_token *t = &fx->tok.v[i];
    if (t->kind != CWI_TOK_WORD || !t->upper) return false;
    size_t n = cwi_fx_n(fx, i);
    const char *p = cwi_fx_p(fx, i);
    if (n == 1) return i + 1 < fx->tok.n && cwi_fx_punct(fx, i + 1, "."); /* an initial */
    if (cwi_fx_month(p, n) && !(n == 3 && cwi_word_eq(p, n, "may"))) return false;
    if (cwi_word_eq(p, n, "may")) return false;
    if (cwi_fx_weekday(p, n) >= 0) return false;
    return true;
}

static bool all_caps(const char *p, size_t n)
{
    bool letter = false;
    for (size_t k = 0; k < n; k++) {
        if (p[k] >= 'a' && p[k] <= 'z') return false;
        if (p[k] >= 'A' && p[k] <= 'Z') letter = true;
    }
    return letter;
}

/* Only white space (no line break) between tokens a and a+1. */
static bool adjacent(const cwi_fx *fx, size_t a)
{
    uint32_t e = fx->tok.v[a].span.end, s = fx->tok.v[a + 1].span.start;
    if (s - e > 3) return false;
    for (uint32_t k = e; k < s; k++)
        if (fx->t[k] != ' ') return false;
    return true;
}

static bool is_possessive(const cwi_fx *fx, size_t i)
{
    return cwi_strip_possessive(cwi_fx_p(fx, i), cwi_fx_n(fx, i)) != cwi_fx_n(fx, i);
}

/* Lower-case words of the article, to tell "Maps show..." from "Moscow said...". */
static bool lower_elsewhere(const cwi_fx *fx, size_t i)
{
    const char *p = cwi_fx_p(fx, i);
    size_t n = cwi_strip_possessive(p, cwi_fx_n(fx, i));
    char low[64];
    if (n >= sizeof low) return false;
    for (size_t k = 0; k < n; k++) low[k] = (char)(p[k] >= 'A' && p[k] <= 'Z' ? p[k] + 32 : p[k]);
    return cwi_map_get(fx->lower, low, n, NULL);
}

/* First word token of the sentence, or after an opening quote or a list dash. */
static bool sentence_initial(const cwi_fx *fx, size_t i)
{
    size_t s0 = fx->sfirst[fx->tsent[i]];
    if (i == s0) return true;
    if (i == 0) return true;
    /* after an opening quote mark or a dash at the start, or after a colon */
    size_t k = i - 1;
    if (fx->tok.v[k].kind == CWI_TOK_PUNCT) {
        const unsigned char *q = (const unsigned char *)cwi_fx_p(fx, k);
        if (q[0] == '"' || q[0] == '`' || q[0] == '\'' || q[0] == ':' || (q[0] == 0xE2 && q[1] == 0x80 && (q[2] == 0x9C || q[2] == 0x98)) ||
            (q[0] == 0xC2 && q[1] == 0xAB))
            return true;
        if (k == s0 && (q[0] == '-' || q[0] == '*' || q[0] == 0xE2)) return true;
    }
    return false;
}

/* Whether the word at i (a list item's first word) is a common noun: a
 * function word follows it ("- Caps on the army", "- Protections for
 * speakers") and the article never writes it with a capital inside a
 * sentence. */
static bool list_item_noun(const cwi_fx *fx, size_t i)
{
    if (i == 0 || i + 1 >= fx->tok.n) return false;
    const unsigned char *q = (const unsigned char *)cwi_fx_p(fx, i - 1);
    if (fx->tok.v[i - 1].kind != CWI_TOK_PUNCT || i - 1 != fx->sfirst[fx->tsent[i]] ||
        !(q[0] == '-' || q[0] == '*' || q[0] == 0xE2))
        return false;
    const cwi_token *nx = &fx->tok.v[i + 1];
    if (nx->kind != CWI_TOK_WORD || nx->upper || !cwi_fx_function_word(cwi_fx_p(fx, i + 1), cwi_fx_n(fx, i + 1)))
        return false;
    const char *p = cwi_fx_p(fx, i);
    size_t n = cwi_fx_n(fx, i);
    for (size_t k = 0; k < fx->tok.n; k++) {
        if (k == i || fx->tok.v[k].kind != CWI_TOK_WORD || !fx->tok.v[k].upper || sentence_initial(fx, k)) continue;
        if (cwi_fx_n(fx, k) == n && !memcmp(cwi_fx_p(fx, k), p, n)) return false;
    }
    return true;
}

static cw_status push_mention(cwi_fx *fx, cwi_mention *m)
{
    if (fx->out->mentions.n >= CWI_FACTS_MAX_ITEMS) return CW_OK;
    return CWI_VEC_PUSH(fx->out->mentions, *m);
}

/* Reads a run of capitalised words starting at i; returns its end (exclusive). */
static size_t run_end(const cwi_fx *fx, size_t i, size_t lim)
{
    size_t j = i;
    while (j < lim && is_upper_word(fx, j)) {
        bool poss = is_possessive(fx, j);
        j++;
        if (poss) break;
        /* "Dr. Ilse Brandt", "Gen. Ruiz", "Loretta E. Lynch": a title's or an initial's period */
        if (j + 1 < lim && cwi_fx_punct(fx, j, ".") && (cwi_fx_in(fx, j - 1, ROLES) || cwi_fx_n(fx, j - 1) == 1) &&
            is_upper_word(fx, j + 1) &&
            fx->tok.v[j].span.start == fx->tok.v[j - 1].span.end) {
            j++;
            continue;
        }
        /* "of"/"de"/"von" between capitalised words inside organisation and
         * person names: only when an organisation head follows */
        if (j + 1 < lim && adjacent(fx, j - 1) && cwi_fx_in(fx, j, (const char *const[]){"of", "for", "and", "de", "du", "von", "van", "der", "al", "bin", NULL}) &&
            is_upper_word(fx, j + 1)) {
            size_t k = j + 1;
            while (k < lim && is_upper_word(fx, k) && !is_possessive(fx, k)) k++;
            bool org = false;
            for (size_t q = j + 1; q < k; q++) org |= cwi_fx_in(fx, q, ORG_HEADS);
            bool particle = !cwi_fx_in(fx, j, (const char *const[]){"of", "for", "and", NULL});
            if (org || particle) {
                j++;
                continue;
            }
            break;
        }
        if (j < lim && !adjacent(fx, j - 1)) break;
    }
    return j;
}

static int list_gap(const cwi_fx *fx, const cwi_mention *a, const cwi_mention *b)
{
    const char *gap = fx->t + a->span.end;
    size_t gl = b->span.start - a->span.end;
    if ((gl == 5 && !memcmp(gap, " and ", 5)) || (gl == 4 && !memcmp(gap, " or ", 4)) ||
        (gl == 6 && !memcmp(gap, ", and ", 6)) || (gl == 5 && !memcmp(gap, ", or ", 5)))
        return 2;
    if (gl == 2 && !memcmp(gap, ", ", 2)) return 1;
    return 0;
}

cw_status cwi_fx_names(cwi_fx *fx)
{
    for (size_t s = 0; s < fx->nsent; s++) {
        size_t a = fx->sfirst[s], lim = fx->sfirst[s + 1];
        size_t first_in_sent = fx->out->mentions.n;
        size_t i = a;
        while (i < lim) {
            if (!is_upper_word(fx, i) || fx->theadline[i]) {
                i++;
                continue;
            }
            size_t j = run_end(fx, i, lim);
            size_t b = i, e = j;
            cwi_mention m;
            memset(&m, 0, sizeof m);
            m.sent = (uint32_t)s;
            /* sentence-initial capital of a common word */
            if (sentence_initial(fx, b)) {
                const char *p = cwi_fx_p(fx, b);
                size_t n = cwi_strip_possessive(p, cwi_fx_n(fx, b));
                if (cwi_fx_function_word(p, n) || (!all_caps(p, n) && lower_elsewhere(fx, b)) ||
                    (j == i + 1 && !all_caps(p, n) && (cwi_fx_in(fx, b, PEOPLE_PLURALS) || list_item_noun(fx, b))) ||
                    /* a gerund opening the sentence: "Losing Thomas is..." */
                    (j > i + 1 && n > 5 && !all_caps(p, n) && !strncmp(p + n - 3, "ing", 3)))
                    b++;
            }
            while (b < e && cwi_fx_in(fx, b, LEADING_WORDS)) b++;
            /* cut after the last title or role */
            size_t last_role = SIZE_MAX;
            for (size_t k = b; k < e; k++)
                if (cwi_fx_in(fx, k, ROLES)) last_role = k;
            bool org_tail = e > b && cwi_fx_in(fx, e - 1, ORG_HEADS);
            if (last_role != SIZE_MAX && !org_tail) {
                if (last_role + 1 < e && !(last_role + 2 == e && fx->tok.v[last_role + 1].kind == CWI_TOK_PUNCT)) {
                    m.role = fx->tok.v[last_role].span;
                    m.kind = CWI_ENT_PERSON;
                    b = last_role + 1;
                    if (fx->tok.v[b].kind == CWI_TOK_PUNCT) b++;
                } else {
                    b = e; /* a title alone: "the President", "National Security" */
                }
            }
            if (b >= e) {
                i = j;
                continue;
            }
            /* a role word in lower case just before: "spokesman Dmitry Peskov" */
            if (!m.kind && b == i && i > a && cwi_fx_in(fx, i - 1, ROLES) && !fx->tok.v[i - 1].upper &&
                !cwi_fx_in(fx, i - 1, ROLE_MODIFIERS)) {
                m.role = fx->tok.v[i - 1].span;
                m.kind = CWI_ENT_PERSON;
            }
            /* a "-aligned", "-led" tail is not part of the name */
            const char *p0 = cwi_fx_p(fx, e - 1);
            size_t n_last = cwi_strip_possessive(p0, cwi_fx_n(fx, e - 1));
            const char *dash = memchr(p0, '-', n_last);
            if (dash && dash + 1 < p0 + n_last && dash[1] >= 'a' && dash[1] <= 'z') n_last = (size_t)(dash - p0);
            m.span.start = fx->tok.v[b].span.start;
            m.span.end = (uint32_t)((size_t)(p0 - fx->t) + n_last);
            size_t ntok = e - b;
            m.initial = ntok == 1 && sentence_initial(fx, b);
            bool caps = false;
            for (size_t k = b; k < e; k++) caps |= all_caps(cwi_fx_p(fx, k), cwi_fx_n(fx, k));
            if (!m.kind) {
                if (cwi_fx_in(fx, e - 1, ORG_HEADS) || (ntok == 1 && caps && n_last >= 2 && n_last <= 6 &&
                                                        !memchr(p0, '.', n_last)))
                    m.kind = CWI_ENT_ORG;
                else if (cwi_fx_in(fx, e - 1, PLACE_HEADS) || (e < lim && cwi_fx_in(fx, e, PLACE_HEADS) &&
                                                               !fx->tok.v[e].upper && !is_possessive(fx, e - 1)))
                    m.kind = CWI_ENT_PLACE;
                else if (b > a && (cwi_fx_in(fx, b - 1, PLACE_PREPS) ||
                                   (cwi_fx_is(fx, b - 1, "of") && cwi_fx_in(fx, b - 2, PLACE_OF)) ||
                                   (cwi_fx_is(fx, b - 1, "the") && cwi_fx_in(fx, b - 2, PLACE_PREPS))))
                    m.kind = ntok <= 3 && !is_possessive(fx, e - 1) ? CWI_ENT_PLACE : CWI_ENT_OTHER;
                else if (e < lim && (cwi_fx_speech_verb(fx, e) ||
                                     (cwi_fx_in(fx, e, (const char *const[]){"has", "had", "have", NULL}) &&
                                      cwi_fx_speech_verb(fx, e + 1))))
                    m.kind = CWI_ENT_PERSON;
                else if (ntok >= 2 && ntok <= 3 && !caps && !(b > a && cwi_fx_is(fx, b - 1, "the")))
                    m.kind = CWI_ENT_PERSON;
            }
            /* an appositive role: "Rustem Umerov, the head of ..." */
            if (e + 1 < lim && cwi_fx_punct(fx, e, ",") &&
                cwi_fx_in(fx, e + 1, (const char *const[]){"a", "an", "the", NULL})) {
                for (size_t k = e + 2; k < lim && k < e + 6; k++) {
                    if (fx->tok.v[k].kind != CWI_TOK_WORD) break;
                    if (cwi_fx_in(fx, k, ROLES) && !cwi_fx_in(fx, k, ROLE_MODIFIERS)) {
                        if (!m.role.end) m.role = fx->tok.v[k].span;
                        if (m.kind == CWI_ENT_OTHER || m.kind == CWI_ENT_PERSON) m.kind = CWI_ENT_PERSON;
                        break;
                    }
                }
            }
            /* an alternate name: "Pokrovsk (Krasnoarmeysk)", "known in Russian as X" */
            size_t next = j;
            if (m.kind != CWI_ENT_PERSON && j + 2 < lim && cwi_fx_punct(fx, j, "(") && is_upper_word(fx, j + 1)) {
                size_t k = j + 1;
                while (k < lim && is_upper_word(fx, k)) k++;
                bool clean = k < lim && cwi_fx_punct(fx, k, ")");
                for (size_t q = j + 1; q < k && clean; q++) {
                    const char *pp = cwi_fx_p(fx, q);
                    size_t nn = cwi_fx_n(fx, q);
                    if (memchr(pp, '-', nn) || memchr(pp, '.', nn) || nn < 4 || all_caps(pp, nn)) clean = false;
                }
                if (clean) {
                    m.alt.start = fx->tok.v[j + 1].span.start;
                    m.alt.end = fx->tok.v[k - 1].span.end;
                    next = k + 1;
                }
            } else if (m.kind != CWI_ENT_PERSON) {
                size_t k = j;
                if (cwi_fx_punct(fx, k, ",")) k++;
                if (cwi_fx_in(fx, k, (const char *const[]){"also", "formerly", "previously", "better", NULL})) k++;
                if (cwi_fx_in(fx, k, (const char *const[]){"known", "called", "named", NULL})) {
                    size_t q = k + 1;
                    while (q < lim && q < k + 5 && !cwi_fx_is(fx, q, "as")) q++;
                    if (cwi_fx_is(fx, q, "as") && is_upper_word(fx, q + 1)) {
                        size_t r = q + 1;
                        while (r < lim && is_upper_word(fx, r) && r < q + 4) r++;
                        m.alt.start = fx->tok.v[q + 1].span.start;
                        m.alt.end = (uint32_t)(fx->tok.v[r - 1].span.start +
                                               cwi_strip_possessive(cwi_fx_p(fx, r - 1), cwi_fx_n(fx, r - 1)));
                        next = r;
                    }
                }
            }
            CWI_TRY(push_mention(fx, &m));
            i = next > j ? next : j;
        }
        /* a list of names shares the kind of a place in it: "Crimea, Donbas and Kherson" */
        cwi_mention *mv = fx->out->mentions.v;
        size_t nm = fx->out->mentions.n;
        /* gap kinds between neighbours: 0 none, 1 comma, 2 "and"/"or" (with or without a comma) */
        for (int pass = 0; pass < 2; pass++) {
            for (size_t k = first_in_sent; k + 1 < nm; k++) {
                int g = list_gap(fx, &mv[k], &mv[k + 1]);
                if (!g) continue;
                /* "Columbia, Sanders stepped up" is no list: a comma needs
                 * another item after, or an "and" somewhere on */
                if (g == 1) {
                    bool more = false;
                    for (size_t q = k + 1; q + 1 < nm && !more; q++) {
                        int h = list_gap(fx, &mv[q], &mv[q + 1]);
                        if (!h) break;
                        more = h == 2 || q > k + 1;
                    }
                    if (!more) continue;
                }
                if (mv[k].kind == CWI_ENT_PLACE && mv[k + 1].kind == CWI_ENT_OTHER) mv[k + 1].kind = CWI_ENT_PLACE;
                if (mv[k + 1].kind == CWI_ENT_PLACE && mv[k].kind == CWI_ENT_OTHER) mv[k].kind = CWI_ENT_PLACE;
            }
        }
    }
    return CW_OK;
}
