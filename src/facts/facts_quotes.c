/*
 * facts_quotes: direct quotes in “...”, "..." or «...» within one line, and
 * their speakers: "X said", "said X", "X told Y", "X, a senior fellow at Z,
 * wrote", "according to X", "X stated that “...”", a pronoun or a role ("he
 * said", "the spokesman said") resolved to the nearest person named before
 * the quote, and a quote that continues one whose speaker is known.
 */
#include <string.h>
#include <strings.h>

#include "facts/facts_int.h"

enum { QM_NONE, QM_OPEN, QM_CLOSE, QM_BOTH };

static int quote_mark(const cwi_fx *fx, size_t i)
{
    if (fx->tok.v[i].kind != CWI_TOK_PUNCT) return QM_NONE;
    const unsigned char *p = (const unsigned char *)cwi_fx_p(fx, i);
    size_t n = cwi_fx_n(fx, i);
    if (n == 1 && p[0] == '"') return QM_BOTH;
    if (n == 3 && p[0] == 0xE2 && p[1] == 0x80) {
        if (p[2] == 0x9C || p[2] == 0x9E) return QM_OPEN; /* “ „ */
        if (p[2] == 0x9D) return QM_CLOSE;                /* ” */
    }
    if (n == 2 && p[0] == 0xC2) {
        if (p[1] == 0xAB) return QM_OPEN;  /* « */
        if (p[1] == 0xBB) return QM_CLOSE; /* » */
    }
    /* ``typewriter'' quotes (TeX and treebank text): the second backquote
     * opens, the first of two apostrophes closes */
    if (n == 1 && p[0] == '`' && i > 0 && fx->tok.v[i - 1].kind == CWI_TOK_PUNCT && cwi_fx_n(fx, i - 1) == 1 &&
        cwi_fx_p(fx, i - 1)[0] == '`' && fx->tok.v[i - 1].span.end == fx->tok.v[i].span.start)
        return QM_OPEN;
    if (n == 1 && p[0] == '\'' && i + 1 < fx->tok.n && fx->tok.v[i + 1].kind == CWI_TOK_PUNCT && cwi_fx_n(fx, i + 1) == 1 &&
        cwi_fx_p(fx, i + 1)[0] == '\'' && fx->tok.v[i].span.end == fx->tok.v[i + 1].span.start)
        return QM_CLOSE;
    return QM_NONE;
}

static bool line_break_before(const cwi_fx *fx, size_t i)
{
    if (i == 0) return true;
    uint32_t e = fx->tok.v[i - 1].span.end, s = fx->tok.v[i].span.start;
    return memchr(fx->t + e, '\n', s - e) != NULL;
}

static const char *const PRONOUNS[] = {"he", "she", "they", "i", "we", "who", "it", "you", NULL};
static const char *const GROUP_NOUNS[] = {"officials", "sources", "analysts", "critics", "experts", "diplomats",
                                          "leaders", "authorities", "observers", "lawmakers", "residents",
                                          "witnesses", "officers", "police", "spokesmen", "ministers",
                                          "representatives", "negotiators", "aides", "prosecutors",
                                          "spokesman", "spokeswoman", "spokesperson", "official", "source",
                                          "aide", "minister", "president", "secretary", "envoy", "leader",
                                          "analyst", "expert", "diplomat", "adviser", "advisor", "chief",
                                          "head", "director", "lawyer", "attorney", "prosecutor", "judge",
                                          "senator", "governor", "mayor", "officer", "commander", "chairman",
                                          "ceo", "executive", "kremlin", NULL};
static const char *const SKIPPABLE[] = {"has", "had", "have", "also", "later", "then", "once", "previously",
                                        "repeatedly", "reportedly", "recently", "again", "earlier", "been",
                                        "would", "will", "had", "simply", "only", "further", "publicly",
                                        "privately", "just", NULL};

static const char *const DETERMINERS[] = {"the", "a", "an", "one", "another", "his", "her", "their", "its", "some",
                                          "several", "many", "two", "three", "both", "other", "this", "that", NULL};

/* Words the function-word list holds that still belong in a noun phrase. */
static const char *const NP_ADJ[] = {"former", "current", "new", "key", "recent", "first", "last", "next", "other",
                                     "one", "two", "three", "top", "senior", "more", "many", "some", NULL};

static bool np_stop(const cwi_fx *fx, size_t k)
{
    return cwi_fx_function_word(cwi_fx_p(fx, k), cwi_fx_n(fx, k)) && !cwi_fx_in(fx, k, NP_ADJ);
}

/* A word that can stand in a name's preamble: "former Vermont governor", "Sen." */
static bool np_word(const cwi_fx *fx, size_t k)
{
    if (k >= fx->tok.n) return false;
    if (fx->tok.v[k].kind == CWI_TOK_PUNCT)
        return cwi_fx_punct(fx, k, ".") && k > 0 && fx->tok.v[k].span.start == fx->tok.v[k - 1].span.end;
    if (fx->tok.v[k].kind != CWI_TOK_WORD || cwi_fx_speech_verb(fx, k)) return false;
    /* a capital inside a clause is a name's ("said Will Doyle", "Mr. Ryan") */
    if (fx->tok.v[k].upper && !cwi_fx_in(fx, k, (const char *const[]){"i", "he", "she", "it", "they", "we", NULL}))
        return true;
    return !np_stop(fx, k) || cwi_fx_is(fx, k, "of") || cwi_fx_in(fx, k, DETERMINERS);
}

/* Index of the mention that starts at token i (or covers it), or -1. */
static long mention_at(const cwi_fx *fx, size_t i)
{
    const cwi_mention *mv = fx->out->mentions.v;
    size_t lo = 0, hi = fx->out->mentions.n;
    uint32_t s = fx->tok.v[i].span.start;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (mv[mid].span.end <= s) lo = mid + 1;
        else hi = mid;
    }
    if (lo < fx->out->mentions.n && mv[lo].span.start <= s && s < mv[lo].span.end) return (long)lo;
    return -1;
}

/* The nearest person mentioned before byte pos; with role, one whose role
 * word is the same. -1 when none. */
static const char *const AUX[] = {"has", "had", "have", "is", "was", "were", "are", "will", "would", "could",
                                  "can", "did", "does", "also", "then", "later", "again", "never", "just", NULL};
static bool verbish(const cwi_fx *fx, size_t k);

/* The first token from k that is not an adverb ("also", "routinely"). */
static size_t skip_adverbs(const cwi_fx *fx, size_t k)
{
    for (int guard = 0; guard < 3 && k < fx->tok.n && fx->tok.v[k].kind == CWI_TOK_WORD && !fx->tok.v[k].upper; guard++) {
        const char *w = cwi_fx_p(fx, k);
        size_t n = cwi_fx_n(fx, k);
        if (!cwi_fx_in(fx, k, SKIPPABLE) && !(n > 4 && !strncmp(w + n - 2, "ly", 2))) break;
        k++;
    }
    return k;
}

/* First token starting at or after byte pos. */
static size_t tok_from(const cwi_fx *fx, uint32_t pos)
{
    size_t lo = 0, hi = fx->tok.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (fx->tok.v[mid].span.start < pos) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The person a pronoun or role before byte pos refers to: with a role, the
 * nearest person given that role; else the nearest person standing as a
 * clause's subject ("Trump said", "Clinton, who ...") in the last few
 * hundred bytes, else the nearest person. -1 when none. */
static long person_before(const cwi_fx *fx, uint32_t pos, const char *role, size_t rn)
{
    const cwi_mention *mv = fx->out->mentions.v;
    long best_any = -1;
    for (size_t k = fx->out->mentions.n; k-- > 0;) {
        if (mv[k].span.start >= pos) continue;
        if (role && mv[k].role.end && mv[k].role.end - mv[k].role.start == rn && !strncasecmp(fx->t + mv[k].role.start, role, rn))
            return (long)k;
        if (mv[k].kind == CWI_ENT_PERSON) {
            if (best_any < 0) best_any = (long)k;
            if (!role) {
                size_t after = tok_from(fx, mv[k].span.end);
                while (after < fx->tok.n && fx->tok.v[after].kind == CWI_TOK_WORD &&
                       fx->tok.v[after].span.start == fx->tok.v[after - 1].span.end)
                    after++; /* possessive */
                after = skip_adverbs(fx, after);
                if (verbish(fx, after) || cwi_fx_punct(fx, after, ",")) return (long)k;
                if (pos - mv[k].span.start > 600) return best_any;
            }
        } else if (mv[k].kind == CWI_ENT_OTHER && !role && pos - mv[k].span.start <= 600) {
            /* a name of unknown kind that opens its sentence and acts
             * ("Lindqvist argues") stands for a person */
            size_t f = tok_from(fx, mv[k].span.start), after = skip_adverbs(fx, tok_from(fx, mv[k].span.end));
            bool opens = f < fx->tok.n && (f == fx->sfirst[fx->tsent[f]] || (f > 0 && cwi_fx_punct(fx, f - 1, ",")));
            if (opens && verbish(fx, after) && !cwi_fx_in(fx, after, AUX)) return (long)k;
        }
        if (pos - mv[k].span.start > 20000) break;
    }
    return best_any;
}

/* Index of the token whose span is the first token of the mention m (starting at or after from). */
static size_t token_after_mention(const cwi_fx *fx, size_t from, uint32_t end)
{
    size_t k = from;
    while (k < fx->tok.n && fx->tok.v[k].span.start < end) k++;
    return k;
}

typedef struct {
    cwi_span span;
    long mention;
    size_t next; /* token after the speaker words */
    bool found;
} speaker_t;

/* A speaker named at token i: a mention, a pronoun, "the spokesman",
 * "U.S. officials". qstart is where the quote begins (pronouns look before). */
static speaker_t speaker_at(const cwi_fx *fx, size_t i, size_t lim, uint32_t qstart)
{
    speaker_t sp = {{0, 0}, -1, i, false};
    if (i >= lim) return sp;
    long m = mention_at(fx, i);
    /* titles before the name: "Mayor Ada Lunde said" */
    if (m >= 0 && fx->out->mentions.v[m].kind == CWI_ENT_PLACE) m = -1;
    for (size_t k = i + 1; m < 0 && k < lim && k < i + 7 && np_word(fx, k - 1); k++) {
        m = mention_at(fx, k);
        if (m >= 0 && fx->out->mentions.v[m].kind == CWI_ENT_PLACE) m = -1; /* "the Florida senator" */
        else if (m >= 0) i = k;
    }
    if (m >= 0) {
        const cwi_mention *mm = &fx->out->mentions.v[m];
        sp.span = mm->span;
        sp.mention = m;
        sp.next = token_after_mention(fx, i, mm->span.end);
        /* a possessive tail */
        while (sp.next < lim && fx->tok.v[sp.next].span.start < mm->span.end + 4 &&
               fx->tok.v[sp.next].span.start == fx->tok.v[sp.next - 1].span.end && fx->tok.v[sp.next].kind == CWI_TOK_WORD)
            sp.next++;
        sp.found = true;
        return sp;
    }
    if (cwi_fx_in(fx, i, PRONOUNS)) {
        sp.span = fx->tok.v[i].span;
        /* the nearest person before the pronoun, and never inside the quote;
         * "X, who ..." refers to X */
        sp.mention = -1;
        if (cwi_fx_is(fx, i, "who") && i >= 2 && cwi_fx_punct(fx, i - 1, ",")) {
            long ante = mention_at(fx, i - 2);
            if (ante >= 0 && fx->out->mentions.v[ante].kind != CWI_ENT_PLACE) sp.mention = ante;
        }
        if (sp.mention < 0) sp.mention = person_before(fx, CWI_MIN(qstart, fx->tok.v[i].span.start), NULL, 0);
        sp.next = i + 1;
        sp.found = true;
        return sp;
    }
    size_t k = i;
    if (cwi_fx_in(fx, k, (const char *const[]){"the", "a", "an", "one", "another", "his", "her", "their", NULL})) k++;
    size_t b = k;
    while (k < lim && k < b + 4 && fx->tok.v[k].kind == CWI_TOK_WORD && !cwi_fx_in(fx, k, GROUP_NOUNS) &&
           !cwi_fx_speech_verb(fx, k) && !np_stop(fx, k))
        k++;
    if (k < lim && cwi_fx_in(fx, k, GROUP_NOUNS)) {
        sp.span.start = fx->tok.v[i].span.start;
        sp.span.end = fx->tok.v[k].span.end;
        const char *r = cwi_fx_p(fx, k);
        size_t rn = cwi_fx_n(fx, k);
        if (r[rn - 1] != 's') sp.mention = person_before(fx, qstart, r, rn);
        sp.next = k + 1;
        sp.found = true;
        return sp;
    }
    /* any short noun phrase: "the investor", "one employee", "the lawsuit" */
    k = i;
    if (cwi_fx_in(fx, k, DETERMINERS)) k++;
    b = k;
    while (k < lim && k < b + 4 && fx->tok.v[k].kind == CWI_TOK_WORD && !cwi_fx_speech_verb(fx, k) && !np_stop(fx, k))
        k++;
    if (k > b) {
        sp.span.start = fx->tok.v[i].span.start;
        sp.span.end = fx->tok.v[k - 1].span.end;
        sp.next = k;
        sp.found = true;
    }
    return sp;
}

/* "the Zionist Union Party's Nachman Shai told", "a spokesman for committee
 * Democrats said": a noun phrase of up to ten words, then a speech verb. */
static speaker_t np_then_verb(const cwi_fx *fx, size_t k, size_t lim)
{
    speaker_t none = {{0, 0}, -1, k, false};
    size_t q = k;
    while (q < lim && q < k + 10 &&
           (np_word(fx, q) || cwi_fx_in(fx, q, (const char *const[]){"for", "at", "from", "with", "in", NULL})))
        q++;
    if (q == k || q >= lim || !cwi_fx_speech_verb(fx, q)) return none;
    speaker_t r = {{fx->tok.v[k].span.start, fx->tok.v[q - 1].span.end}, -1, q, true};
    /* the name inside it, if any */
    for (size_t t = k; t < q; t++) {
        long m = mention_at(fx, t);
        if (m >= 0 && fx->out->mentions.v[m].kind == CWI_ENT_PERSON) r.mention = m;
    }
    return r;
}

/* "“...” in the legislature, he said": a speech verb a few words on, with a
 * name or pronoun just before it or a name just after it. */
static speaker_t verb_nearby(const cwi_fx *fx, size_t k, size_t lim, uint32_t qstart, size_t reach)
{
    speaker_t none = {{0, 0}, -1, k, false};
    for (size_t v = k + 1; v < lim && v < k + reach; v++) {
        /* "“...,” for instance, and Y vowed": a new clause, a new speaker */
        if (cwi_fx_in(fx, v, (const char *const[]){"and", "but", "while", "whereas", NULL})) return none;
        if (!cwi_fx_speech_verb(fx, v)) continue;
        size_t w = v - 1;
        while (w > k && cwi_fx_in(fx, w, SKIPPABLE)) w--;
        if (cwi_fx_in(fx, w, PRONOUNS)) return speaker_at(fx, w, lim, qstart);
        long m = mention_at(fx, w);
        if (m >= 0 && fx->out->mentions.v[m].kind != CWI_ENT_PLACE) {
            speaker_t r = {fx->out->mentions.v[m].span, m, v, true};
            return r;
        }
        speaker_t s = speaker_at(fx, v + 1, lim, qstart);
        if (s.found && s.mention >= 0) return s;
        return none;
    }
    return none;
}

/* The word at k ends in -ing ("saying", "telling"). */
static bool participle(const cwi_fx *fx, size_t k)
{
    size_t n = cwi_fx_n(fx, k);
    return n > 4 && !strncmp(cwi_fx_p(fx, k) + n - 3, "ing", 3);
}

/* The speaker in the words after a quote: "X said", "said X", "X, a ..., wrote",
 * "according to X". */
static speaker_t after_quote(const cwi_fx *fx, size_t k, size_t lim, uint32_t qstart, bool loose)
{
    speaker_t none = {{0, 0}, -1, k, false};
    /* "“...” — Ada Lunde": a dash and a name that closes the line */
    if (k < lim && fx->tok.v[k].kind == CWI_TOK_PUNCT &&
        (cwi_fx_punct(fx, k, "-") || cwi_fx_punct(fx, k, "\xE2\x80\x94") || cwi_fx_punct(fx, k, "\xE2\x80\x95") ||
         cwi_fx_punct(fx, k, "\xE2\x80\x93"))) {
        speaker_t s = speaker_at(fx, k + 1, lim, qstart);
        if (s.found && s.mention >= 0 &&
            (s.next >= fx->tok.n || line_break_before(fx, s.next) || cwi_fx_punct(fx, s.next, ".")))
            return s;
    }
    while (k < lim && fx->tok.v[k].kind == CWI_TOK_PUNCT && !quote_mark(fx, k)) k++;
    if (k >= lim) return none;
    if (cwi_fx_speech_verb(fx, k)) {
        /* "“...,” telling reporters": a participle goes back to the clause's
         * subject before the quote; what follows it is its object */
        if (participle(fx, k)) return none;
        size_t q = k + 1;
        speaker_t s = speaker_at(fx, q, lim, qstart);
        if (s.found) return s;
        return none;
    }
    if (cwi_fx_is(fx, k, "according") && cwi_fx_is(fx, k + 1, "to")) return speaker_at(fx, k + 2, lim, qstart);
    speaker_t s = speaker_at(fx, k, lim, qstart);
    if (!s.found) {
        speaker_t r = np_then_verb(fx, k, lim);
        return r.found ? r : verb_nearby(fx, k, lim, qstart, 10);
    }
    size_t q = s.next;
    /* "(R-Neb.)", ", a senior fellow at ...," */
    for (int guard = 0; q < lim && guard < 40; guard++) {
        if (cwi_fx_punct(fx, q, "(")) {
            while (q < lim && !cwi_fx_punct(fx, q, ")")) q++;
            q++;
            continue;
        }
        if (cwi_fx_punct(fx, q, ",")) {
            size_t r = q + 1;
            while (r < lim && r < q + 16 && !cwi_fx_punct(fx, r, ",") && !cwi_fx_speech_verb(fx, r) && !quote_mark(fx, r))
                r++;
            if (cwi_fx_punct(fx, r, ",")) {
                q = r + 1;
                continue;
            }
            if (cwi_fx_speech_verb(fx, r)) {
                q = r;
                continue;
            }
            break;
        }
        if (cwi_fx_in(fx, q, SKIPPABLE)) {
            q++;
            continue;
        }
        /* "X and Y wrote" */
        if (cwi_fx_is(fx, q, "and") && mention_at(fx, q + 1) >= 0) {
            const cwi_mention *m2 = &fx->out->mentions.v[mention_at(fx, q + 1)];
            q = token_after_mention(fx, q + 1, m2->span.end);
            s.span.end = m2->span.end;
            continue;
        }
        break;
    }
    if (q < lim && cwi_fx_speech_verb(fx, q)) return s;
    /* "“...,” he answered": after a quote that ends with a comma any verb-like word will do */
    if (loose && q < lim && s.next == q && fx->tok.v[q].kind == CWI_TOK_WORD && !fx->tok.v[q].upper &&
        !cwi_fx_function_word(cwi_fx_p(fx, q), cwi_fx_n(fx, q))) {
        const char *w = cwi_fx_p(fx, q);
        size_t wn = cwi_fx_n(fx, q);
        if (wn > 3 && (w[wn - 1] == 's' || (w[wn - 2] == 'e' && w[wn - 1] == 'd'))) return s;
    }
    speaker_t r = np_then_verb(fx, k, lim);
    return r.found ? r : verb_nearby(fx, k, lim, qstart, 10);
}


/* Common irregular past tenses, which end in neither -ed nor -s. */
static const char *const IRREGULAR_PAST[] = {"began", "became", "brought", "came", "felt", "found", "gave", "got",
                                             "held", "kept", "knew", "led", "left", "lost", "made", "meant", "met",
                                             "paid", "put", "ran", "sent", "spoke", "stood", "took", "thought",
                                             "went", "won", "wrote", "sought", "struck", "threw", "drew", NULL};

/* The word at k looks like a verb: a speech verb, an auxiliary, a common
 * irregular past, or a lower-case word ending in -ed or -s ("Trump opened",
 * "Clinton bashed"). */
static bool verbish(const cwi_fx *fx, size_t k)
{
    if (k >= fx->tok.n || fx->tok.v[k].kind != CWI_TOK_WORD || fx->tok.v[k].upper) return false;
    if (cwi_fx_speech_verb(fx, k) || cwi_fx_in(fx, k, AUX) || cwi_fx_in(fx, k, IRREGULAR_PAST)) return true;
    const char *w = cwi_fx_p(fx, k);
    size_t n = cwi_fx_n(fx, k);
    return n > 3 && !cwi_fx_function_word(w, n) && (w[n - 1] == 's' || (w[n - 2] == 'e' && w[n - 1] == 'd'));
}

/* A mention that can be a clause's subject: not a place, not a dateline or
 * headline in capitals, not a modifier ("Mexican audience"). */
static bool subject_like(const cwi_fx *fx, long m, size_t after, int pass)
{
    const cwi_mention *mm = &fx->out->mentions.v[m];
    if (mm->kind == CWI_ENT_PLACE) return false;
    size_t n = mm->span.end - mm->span.start;
    bool caps = n > 5;
    for (size_t q = 0; q < n && caps; q++) caps = !(fx->t[mm->span.start + q] >= 'a' && fx->t[mm->span.start + q] <= 'z');
    if (caps) return false;
    if (pass == 0) return verbish(fx, after) || (cwi_fx_punct(fx, after, ",") && mm->kind == CWI_ENT_PERSON);
    if (pass == 2) return true;
    return !(after < fx->tok.n && fx->tok.v[after].kind == CWI_TOK_WORD && !fx->tok.v[after].upper && !verbish(fx, after));
}

/* A clause that opens with a determiner and a common noun as its subject:
 * "The former pollster said", "The email goes on to say", "Her campaign is
 * planning". The noun phrase (at most six words, no punctuation inside
 * except an abbreviation's period) ends in a lower-case head and is followed
 * straight by a verb; a singular role as head ("the judge") refers back to
 * the person last given that role. Tokens [a, v). */
static speaker_t nominal_subject(const cwi_fx *fx, size_t a, size_t v, uint32_t qstart)
{
    speaker_t none = {{0, 0}, -1, v, false};
    if (a >= v || !cwi_fx_in(fx, a, (const char *const[]){"the", "a", "an", "his", "her", "its", "their", NULL})) return none;
    size_t k = a + 1;
    size_t words = 0;
    while (k < v && words < 6) {
        const cwi_token *t = &fx->tok.v[k];
        if (t->kind == CWI_TOK_PUNCT) {
            if (cwi_fx_punct(fx, k, ".") && t->span.start == fx->tok.v[k - 1].span.end) {
                k++;
                continue;
            }
            return none;
        }
        if (t->kind != CWI_TOK_WORD) return none;
        if (words > 0 && (verbish(fx, k) || cwi_fx_in(fx, k, SKIPPABLE) ||
                          (cwi_fx_in(fx, k, (const char *const[]){"on", "last", "this", NULL}) && k + 1 < v &&
                           cwi_fx_weekday(cwi_fx_p(fx, k + 1), cwi_fx_n(fx, k + 1)) >= 0)))
            break;
        if (cwi_fx_speech_verb(fx, k) || (words > 0 && np_stop(fx, k))) return none;
        words++;
        k++;
    }
    if (words == 0 || k >= v) return none;
    size_t h = k - 1;
    /* "The campaign on Monday also said": a day, adverbs before the verb */
    for (int guard = 0; k < v && guard < 4 && !verbish(fx, k); guard++) {
        if (cwi_fx_in(fx, k, SKIPPABLE) ||
            (cwi_fx_n(fx, k) > 4 && fx->tok.v[k].kind == CWI_TOK_WORD && !strncmp(cwi_fx_p(fx, k) + cwi_fx_n(fx, k) - 2, "ly", 2)))
            k++;
        else if (cwi_fx_in(fx, k, (const char *const[]){"on", "last", "this", NULL}) && k + 1 < v && cwi_fx_weekday(cwi_fx_p(fx, k + 1), cwi_fx_n(fx, k + 1)) >= 0)
            k += 2;
        else
            break;
    }
    if (k >= v || !verbish(fx, k)) return none;
    if (fx->tok.v[h].kind != CWI_TOK_WORD || fx->tok.v[h].upper || np_stop(fx, h)) return none;
    speaker_t r = {{fx->tok.v[a].span.start, fx->tok.v[h].span.end}, -1, k, true};
    const char *rp = cwi_fx_p(fx, h);
    size_t rn = cwi_fx_n(fx, h);
    if (cwi_fx_in(fx, h, GROUP_NOUNS) && rp[rn - 1] != 's') r.mention = person_before(fx, qstart, rp, rn);
    return r;
}

/* The subject of the clause [a, v): the first name followed by a verb, else
 * the first name that is not a modifier, else a pronoun. */
static speaker_t clause_subject(const cwi_fx *fx, size_t a, size_t v, size_t o, uint32_t qstart, int maxpass)
{
    speaker_t none = {{0, 0}, -1, v, false};
    /* a dateline before the clause: "RIVERTON, Ore. — Ada Lunde said" */
    if (a < v && a == fx->sfirst[fx->tsent[a]] && fx->tok.v[a].kind == CWI_TOK_WORD && cwi_fx_n(fx, a) >= 3) {
        const char *w = cwi_fx_p(fx, a);
        bool caps = true;
        for (size_t q = 0; q < cwi_fx_n(fx, a) && caps; q++) caps = !(w[q] >= 'a' && w[q] <= 'z');
        for (size_t d = a + 1; caps && d < v && d < a + 8; d++)
            if (cwi_fx_punct(fx, d, "\xE2\x80\x94") || cwi_fx_punct(fx, d, "\xE2\x80\x93") || cwi_fx_punct(fx, d, "-")) {
                if (d + 1 < v) a = d + 1;
                break;
            }
    }
    if (a < v && (a == fx->sfirst[fx->tsent[a]] || fx->tok.v[a - 1].kind == CWI_TOK_PUNCT)) {
        speaker_t r = nominal_subject(fx, a, v, qstart);
        if (r.found) return r;
    }
    for (int pass = 0; pass <= maxpass; pass++) {
        for (size_t q = a; q < v; q++) {
            long m = mention_at(fx, q);
            if (m >= 0) {
                size_t after = token_after_mention(fx, q, fx->out->mentions.v[m].span.end);
                while (after < v && after < fx->tok.n && fx->tok.v[after].span.start < fx->out->mentions.v[m].span.end + 4 &&
                       fx->tok.v[after].span.start == fx->tok.v[after - 1].span.end)
                    after++; /* a possessive tail */
                /* "X recently urged", "X also said" */
                while (after < v && after < fx->tok.n && fx->tok.v[after].kind == CWI_TOK_WORD && !fx->tok.v[after].upper &&
                       (cwi_fx_in(fx, after, SKIPPABLE) ||
                        (cwi_fx_n(fx, after) > 4 && !strncmp(cwi_fx_p(fx, after) + cwi_fx_n(fx, after) - 2, "ly", 2))))
                    after++;
                if (subject_like(fx, m, after, pass)) {
                    speaker_t r = {fx->out->mentions.v[m].span, m, v, true};
                    return r;
                }
                q = after - 1;
                continue;
            }
            if (cwi_fx_in(fx, q, PRONOUNS) && (pass > 0 || verbish(fx, q + 1))) return speaker_at(fx, q, o, qstart);
        }
    }
    return none;
}

/* The speaker in the words before a quote, from a to the quote mark at o:
 * "X said that “...”", "X stated on social media: “...”", "he said last week “...”". */
static speaker_t before_quote(const cwi_fx *fx, size_t a, size_t o, uint32_t qstart)
{
    speaker_t none = {{0, 0}, -1, o, false};
    /* "... - Ada Lunde: “...”", "More from Ada Lunde: “...”": a dash or
     * "from", a name and a colon lead straight to the quote */
    if (o >= a + 2 && cwi_fx_punct(fx, o - 1, ":")) {
        long m = mention_at(fx, o - 2);
        size_t f = m >= 0 ? tok_from(fx, fx->out->mentions.v[m].span.start) : 0;
        bool led = m >= 0 && f > a &&
                   (cwi_fx_punct(fx, f - 1, "-") || cwi_fx_punct(fx, f - 1, "\xE2\x80\x94") || cwi_fx_punct(fx, f - 1, "\xE2\x80\x93") ||
                    cwi_fx_is(fx, f - 1, "from"));
        /* "from X" made X a place guess; before a colon and a quote it is a source */
        if (led && fx->out->mentions.v[m].span.end == fx->tok.v[o - 2].span.end) {
            speaker_t r = {fx->out->mentions.v[m].span, m, o, true};
            return r;
        }
    }
    size_t v = SIZE_MAX;
    for (size_t k = o; k-- > a;) {
        if (cwi_fx_is(fx, k, "according") && cwi_fx_is(fx, k + 1, "to")) {
            speaker_t s = speaker_at(fx, k + 2, o, qstart);
            if (s.found) return s;
        }
        if (cwi_fx_speech_verb(fx, k)) {
            v = k;
            break;
        }
    }
    /* a fragment quoted inside reported speech belongs to the outer report:
     * "Trump said that Clinton once described it as “the gold standard”" */
    if (v != SIZE_MAX && o + 1 < fx->tok.n && fx->tok.v[o + 1].kind == CWI_TOK_WORD && !fx->tok.v[o + 1].upper) {
        for (size_t k = a; k < v; k++)
            if (cwi_fx_speech_verb(fx, k) && cwi_fx_in(fx, k, (const char *const[]){"said", "says", "told", "tells", NULL})) {
                v = k;
                break;
            }
    }
    if (v == SIZE_MAX) {
        /* "X was clear in its findings: “...”", "X calls it “a mistake”":
         * the clause's subject */
        bool partial = o + 1 < fx->tok.n && fx->tok.v[o + 1].kind == CWI_TOK_WORD && !fx->tok.v[o + 1].upper;
        /* after another quote of the sentence, that quote's speaker goes on */
        bool after_other = a != fx->sfirst[fx->tsent[o]];
        if (o > a && !after_other && (cwi_fx_punct(fx, o - 1, ":") || partial)) return clause_subject(fx, a, o, o, qstart, 2);
        return none;
    }
    /* "X attacked Y, calling him “...”": the participle's subject is the
     * clause's, never the name just before the comma */
    if (participle(fx, v) && v > a && cwi_fx_punct(fx, v - 1, ",")) {
        speaker_t r = clause_subject(fx, a, v, o, qstart, 2);
        if (r.found) return r;
    }
    /* "said X: “...”": only when the name leads straight to the quote, and
     * not for a fragment, whose subject the name is ("he said Ada Lunde “was
     * right”") */
    bool fragment = o + 1 < fx->tok.n && fx->tok.v[o + 1].kind == CWI_TOK_WORD && !fx->tok.v[o + 1].upper;
    speaker_t s = speaker_at(fx, v + 1, o, qstart);
    if (s.found && s.mention >= 0 && fx->out->mentions.v[s.mention].kind == CWI_ENT_PERSON &&
        ((s.next == o && !fragment) || (s.next + 1 == o && fx->tok.v[s.next].kind == CWI_TOK_PUNCT)))
        return s;
    size_t k = v;
    while (k > a && (cwi_fx_in(fx, k - 1, SKIPPABLE) || fx->tok.v[k - 1].kind == CWI_TOK_PUNCT)) {
        if (cwi_fx_punct(fx, k - 1, ")")) {
            while (k > a && !cwi_fx_punct(fx, k - 1, "(")) k--;
        }
        k--;
    }
    if (k > a) {
        size_t w = k - 1;
        long m = mention_at(fx, w);
        if (m >= 0 && fx->out->mentions.v[m].kind != CWI_ENT_PLACE) {
            speaker_t r = {fx->out->mentions.v[m].span, m, v, true};
            /* "the United States and Ukraine said": both speak */
            size_t f = tok_from(fx, fx->out->mentions.v[m].span.start);
            if (f >= a + 2 && cwi_fx_in(fx, f - 1, (const char *const[]){"and", "or", NULL})) {
                long m2 = mention_at(fx, f - 2);
                if (m2 >= 0 && fx->out->mentions.v[m2].span.end == fx->tok.v[f - 2].span.end) {
                    r.span.start = fx->out->mentions.v[m2].span.start;
                    r.mention = -1;
                }
            }
            return r;
        }
        if (cwi_fx_in(fx, w, PRONOUNS)) return speaker_at(fx, w, o, qstart);
        if (cwi_fx_in(fx, w, GROUP_NOUNS)) {
            size_t b = w;
            while (b > a && b + 4 > w && (fx->tok.v[b - 1].kind == CWI_TOK_WORD) &&
                   !cwi_fx_speech_verb(fx, b - 1) &&
                   (fx->tok.v[b - 1].upper || cwi_fx_is(fx, b - 1, "and") || !cwi_fx_function_word(cwi_fx_p(fx, b - 1), cwi_fx_n(fx, b - 1))))
                b--;
            if (cwi_fx_in(fx, b, (const char *const[]){"and", NULL})) b++;
            speaker_t r = {{fx->tok.v[b].span.start, fx->tok.v[w].span.end}, -1, v, true};
            const char *rp = cwi_fx_p(fx, w);
            size_t rn = cwi_fx_n(fx, w);
            if (rp[rn - 1] != 's') r.mention = person_before(fx, qstart, rp, rn);
            return r;
        }
    }
    /* a noun phrase just before the verb: "the lawsuit says" */
    if (k > a && fx->tok.v[k - 1].kind == CWI_TOK_WORD && !cwi_fx_function_word(cwi_fx_p(fx, k - 1), cwi_fx_n(fx, k - 1))) {
        size_t e = k - 1, b = e;
        while (b > a && b + 5 > e && fx->tok.v[b - 1].kind == CWI_TOK_WORD &&
               !cwi_fx_function_word(cwi_fx_p(fx, b - 1), cwi_fx_n(fx, b - 1)))
            b--;
        if (b > a && cwi_fx_in(fx, b - 1, DETERMINERS)) b--;
        /* a clause start: after punctuation, a conjunction or the window's start */
        if (b == a || fx->tok.v[b - 1].kind == CWI_TOK_PUNCT ||
            cwi_fx_in(fx, b - 1, (const char *const[]){"and", "but", "as", "while", "when", "because", "that", "which", "whom", NULL})) {
            speaker_t r = {{fx->tok.v[b].span.start, fx->tok.v[e].span.end}, -1, v, true};
            return r;
        }
    }
    /* "The former pollster said": a common noun opening the sentence */
    if (a == fx->sfirst[fx->tsent[o]]) {
        speaker_t r = nominal_subject(fx, a, v + 1, qstart);
        if (r.found) return r;
    }
    /* the subject of the clause: for "..., saying" the first name of the
     * sentence, else the nearest person before the verb */
    const char *vw = cwi_fx_p(fx, v);
    size_t vn = cwi_fx_n(fx, v);
    bool participle = vn > 4 && !strncmp(vw + vn - 3, "ing", 3);
    if (participle) {
        speaker_t r = clause_subject(fx, a, v, o, qstart, 2);
        if (r.found) return r;
    }
    for (size_t q = v; q-- > a;) {
        long m = mention_at(fx, q);
        if (m >= 0 && fx->out->mentions.v[m].kind == CWI_ENT_PERSON) {
            speaker_t r = {fx->out->mentions.v[m].span, m, v, true};
            return r;
        }
    }
    return clause_subject(fx, a, v, o, qstart, 2);
}

typedef struct {
    size_t prev_close; /* the last quote's closing mark on this line, or SIZE_MAX */
    long prev_q;       /* the last quote on this line, or -1 */
    long last_q;       /* the last quote with a speaker, any line */
    size_t last_line;  /* line number of last_q */
    size_t line;       /* current line number */
    long chain;        /* first paragraph of a quote still open, or -1 */
    bool carry;        /* the line before ended inside a quote */
} qstate;

/* The word ends in 's or ’s. */
static bool possessive(const char *w, size_t n)
{
    if (n >= 2 && (w[n - 1] | 32) == 's' && w[n - 2] == '\'') return true;
    return n >= 4 && (w[n - 1] | 32) == 's' && !memcmp(w + n - 4, "\xE2\x80\x99", 3);
}

/* A title in quotation marks ("Meet the Press", "The Apprentice") between
 * the marks at tokens o and c is not a quote: short, every longer word
 * capitalised, no closing punctuation, or a period or comma inside the
 * marks after a preposition or a possessive ("he said on “Meet the Press.”"). */
static bool quoted_title(const cwi_fx *fx, size_t o, size_t c)
{
    size_t words = 0, caps = 0;
    bool punct_end = false;
    for (size_t k = o + 1; k < c; k++) {
        const cwi_token *t = &fx->tok.v[k];
        if (t->kind == CWI_TOK_WORD) {
            words++;
            caps += t->upper || cwi_fx_function_word(cwi_fx_p(fx, k), cwi_fx_n(fx, k));
        }
        punct_end = t->kind == CWI_TOK_PUNCT && strchr(".,!?;:", fx->t[t->span.start]);
    }
    bool title_slot = o > 0 && fx->tok.v[o - 1].kind == CWI_TOK_WORD &&
                      (cwi_fx_in(fx, o - 1, (const char *const[]){"on", "in", "of", "at", "from", "for", "by", "about", "via", NULL}) ||
                       possessive(cwi_fx_p(fx, o - 1), cwi_fx_n(fx, o - 1)));
    return words >= 1 && words <= 6 && caps == words && (!punct_end || title_slot) && fx->tok.v[o + 1].upper;
}

/* The first token at or after k that starts a line or is a quotation mark,
 * before lim. */
static size_t clause_lim(const cwi_fx *fx, size_t k, size_t lim)
{
    for (; k < lim; k++)
        if (quote_mark(fx, k) || line_break_before(fx, k)) return k;
    return lim;
}

/* "“maybe” and “perhaps,” he said": the speaker after the last of quotes
 * joined by "and"/"or" to the one closed at token c speaks them all. */
static speaker_t joined_quotes_speaker(const cwi_fx *fx, size_t c, uint32_t qstart)
{
    speaker_t sp = {{0, 0}, -1, 0, false};
    if (c + 3 >= fx->tok.n || !cwi_fx_in(fx, c + 1, (const char *const[]){"and", "or", NULL}) ||
        !(quote_mark(fx, c + 2) == QM_OPEN || quote_mark(fx, c + 2) == QM_BOTH))
        return sp;
    size_t c2 = c + 3;
    while (c2 < fx->tok.n && !line_break_before(fx, c2) && quote_mark(fx, c2) != QM_CLOSE && quote_mark(fx, c2) != QM_BOTH) c2++;
    if (c2 < fx->tok.n && !line_break_before(fx, c2) && c2 < c + 16) {
        size_t lim2 = clause_lim(fx, c2 + 1, fx->sfirst[fx->tsent[c2] + 1]);
        bool comma2 = fx->t[fx->tok.v[c2].span.start - 1] == ',' || cwi_fx_punct(fx, c2 + 1, ",");
        if (comma2) sp = after_quote(fx, c2 + 1, lim2, qstart, true);
    }
    return sp;
}

/* The speaker of a quote opened at token o and closed at c within its line,
 * its words at qspan, from the words around it: after it, before it (from
 * token a, the clause's start), or a dozen words after a fragment. */
static speaker_t speaker_around(const cwi_fx *fx, size_t o, size_t c, size_t a, cwi_span qspan)
{
    speaker_t sp = {{0, 0}, -1, 0, false};
    size_t s_open = fx->tsent[o];
    /* the words after the quote up to the end of their sentence, which
     * may be the next one when the quote ends with its own ". ? !" */
    size_t s_close = fx->tsent[c];
    size_t lim = fx->sfirst[s_close + 1];
    if (c + 1 < fx->tok.n && !line_break_before(fx, c + 1) && fx->tsent[c + 1] != s_close)
        lim = fx->sfirst[fx->tsent[c + 1] + 1];
    lim = clause_lim(fx, c + 1, lim);
    /* "“...,” X said" and quotes that open their sentence look after first */
    char last = fx->t[qspan.end - 1];
    bool comma_end = last == ',' || last == '?' || last == '!' || cwi_fx_punct(fx, c + 1, ",");
    bool opens = o == fx->sfirst[s_open] || a == o;
    if (!comma_end) sp = joined_quotes_speaker(fx, c, qspan.start);
    if (sp.found) {
        /* taken from the last of the joined quotes */
    } else if (comma_end || opens) {
        sp = after_quote(fx, c + 1, lim, qspan.start, comma_end);
        if (!sp.found) sp = before_quote(fx, a, o, qspan.start);
    } else {
        /* "X “drew well” in the primary, said Y": with no speech verb
         * before it, a fragment's speaker named after it comes first */
        bool verb_before = false;
        for (size_t k = a; k < o && !verb_before; k++) verb_before = cwi_fx_speech_verb(fx, k);
        if (!verb_before) sp = verb_nearby(fx, c, lim, qspan.start, 14);
        if (!sp.found) sp = before_quote(fx, a, o, qspan.start);
        if (!sp.found && verb_before) sp = after_quote(fx, c + 1, lim, qspan.start, false);
    }
    return sp;
}

/* A paragraph that is only a quote (closed at token c), signed on the next
 * line: "- Ada Lunde." */
static speaker_t signed_quote(const cwi_fx *fx, size_t c)
{
    speaker_t sp = {{0, 0}, -1, 0, false};
    size_t k = c + 1;
    while (k < fx->tok.n && !line_break_before(fx, k) && fx->tok.v[k].kind == CWI_TOK_PUNCT) k++;
    if (k + 1 < fx->tok.n && line_break_before(fx, k) &&
        (cwi_fx_punct(fx, k, "-") || cwi_fx_punct(fx, k, "\xE2\x80\x94") || cwi_fx_punct(fx, k, "\xE2\x80\x93"))) {
        long m = mention_at(fx, k + 1);
        if (m >= 0 && fx->out->mentions.v[m].kind != CWI_ENT_PLACE) {
            size_t after = tok_from(fx, fx->out->mentions.v[m].span.end);
            while (after < fx->tok.n && !line_break_before(fx, after) && fx->tok.v[after].kind == CWI_TOK_PUNCT) after++;
            if (after >= fx->tok.n || line_break_before(fx, after)) {
                sp.span = fx->out->mentions.v[m].span;
                sp.mention = m;
                sp.found = true;
            }
        }
    }
    return sp;
}

/* The speaker of the quote at index qi of the article's quotes, as a speaker_t. */
static speaker_t speaker_of_quote(const cwi_fx *fx, long qi)
{
    const cwi_quote *pq = &fx->out->quotes.v[qi];
    speaker_t sp = {pq->speaker, pq->speaker_mention, 0, pq->speaker.end > 0};
    return sp;
}

/* A paragraph that opens with the quote at token o goes on from a speech
 * verb's subject in the last sentence of the paragraph before: "Ada Lunde
 * said the plan would work.¶“It is ready.”" */
static speaker_t paragraph_before_speaker(const cwi_fx *fx, size_t o, uint32_t qstart)
{
    speaker_t sp = {{0, 0}, -1, 0, false};
    size_t a2 = fx->sfirst[fx->tsent[o - 1]];
    bool verb = false, mark = false;
    for (size_t k = a2; k < o; k++) {
        verb |= cwi_fx_speech_verb(fx, k) != 0;
        mark |= quote_mark(fx, k) != QM_NONE;
    }
    if (verb && !mark) {
        speaker_t r = before_quote(fx, a2, o, qstart);
        if (r.found && r.mention >= 0 && fx->out->mentions.v[r.mention].kind == CWI_ENT_PERSON) sp = r;
    }
    return sp;
}

/* When the words around a quote (opened at token o, closed at c or
 * SIZE_MAX, starting at byte qstart) name nobody: a signature line, "X
 * continued:" on the line before, the quote before on the same line, the
 * sentence or paragraph before, the last speaker of a paragraph of quotes. */
static speaker_t speaker_elsewhere(const cwi_fx *fx, size_t o, bool carried, size_t c, uint32_t qstart,
                                   const qstate *qs)
{
    speaker_t sp = {{0, 0}, -1, 0, false};
    size_t s_open = fx->tsent[o];
    bool para_start = o == 0 || line_break_before(fx, o);
    if (c != SIZE_MAX && para_start && c + 3 < fx->tok.n) sp = signed_quote(fx, c);
    /* "Cruz continued:" on the line before */
    if (!sp.found && o > 0 && line_break_before(fx, o) && cwi_fx_punct(fx, o - 1, ":"))
        sp = before_quote(fx, fx->sfirst[fx->tsent[o - 1]], o, qstart);
    if (!sp.found && qs->prev_q >= 0) sp = speaker_of_quote(fx, qs->prev_q);
    /* a quote that opens a sentence with no speaker of its own goes on from
     * the sentence before it in the paragraph: "Ada Lunde agreed. “...”" */
    if (!sp.found && o == fx->sfirst[s_open] && !line_break_before(fx, o) && s_open > 0) {
        size_t pa = fx->sfirst[s_open - 1];
        bool one_line = true;
        for (size_t k = pa + 1; k <= o && one_line; k++) one_line = !line_break_before(fx, k);
        if (one_line) sp = clause_subject(fx, pa, o, o, qstart, 0);
        if (sp.found && sp.mention < 0) sp.found = false;
    }
    if (!sp.found && o > 0 && line_break_before(fx, o) && !carried) sp = paragraph_before_speaker(fx, o, qstart);
    /* a paragraph that is only a quote goes on with the last speaker */
    if (!sp.found && qs->last_q >= 0 && qs->line <= qs->last_line + 2 && para_start)
        sp = speaker_of_quote(fx, qs->last_q);
    return sp;
}

/* The quote's own words, without the comma, semicolon, colon or dash that
 * joined it to the sentence around it ("“a proxy war,” he said"). */
static void trim_joiner(const cwi_fx *fx, cwi_span *sp)
{
    while (sp->end > sp->start + 1) {
        unsigned char l = (unsigned char)fx->t[sp->end - 1];
        if (l == ',' || l == ';' || l == ':' || l == ' ' || l == '-')
            sp->end--;
        else if (sp->end >= sp->start + 4 && l >= 0x93 && l <= 0x94 && (unsigned char)fx->t[sp->end - 2] == 0x80 &&
                 (unsigned char)fx->t[sp->end - 3] == 0xE2)
            sp->end -= 3; /* an en or em dash */
        else
            break;
    }
}

/* Adds the quote opened at token o and closed at token c; when c is
 * SIZE_MAX the quote runs on past the end of its line (a quote of several
 * paragraphs) and ends with token e. carried: no opening mark, the quote
 * goes on from the line before and starts with token o. */
static cw_status add_quote(cwi_fx *fx, size_t o, bool carried, size_t c, size_t e, qstate *qs)
{
    cwi_quote q;
    memset(&q, 0, sizeof q);
    q.span.start = carried ? fx->tok.v[o].span.start : fx->tok.v[o].span.end;
    q.span.end = c != SIZE_MAX ? fx->tok.v[c].span.start : fx->tok.v[e].span.end;
    while (q.span.start < q.span.end && fx->t[q.span.start] == ' ') q.span.start++;
    while (q.span.end > q.span.start && fx->t[q.span.end - 1] == ' ') q.span.end--;
    if (q.span.end <= q.span.start) return CW_OK;
    if (c != SIZE_MAX && quoted_title(fx, o, c)) return CW_OK;
    q.sent = fx->tsent[o];
    q.speaker_mention = -1;
    const char *first = fx->t + q.span.start;
    q.partial = *first >= 'a' && *first <= 'z';
    size_t s_open = fx->tsent[o];
    size_t a = fx->sfirst[s_open];
    if (qs->prev_close != SIZE_MAX && qs->prev_close + 1 > a && fx->tsent[qs->prev_close] == s_open) a = qs->prev_close + 1;
    speaker_t sp = c != SIZE_MAX ? speaker_around(fx, o, c, a, q.span) : before_quote(fx, a, o, q.span.start);
    if (!sp.found) sp = speaker_elsewhere(fx, o, carried, c, q.span.start, qs);
    if (sp.found) {
        q.speaker = sp.span;
        q.speaker_mention = (int32_t)sp.mention;
        /* the earlier paragraphs of this quote had no speaker of their own */
        for (long k = qs->chain; k >= 0 && (size_t)k < fx->out->quotes.n; k++) {
            cwi_quote *pq = &fx->out->quotes.v[k];
            if (pq->speaker.end > pq->speaker.start) continue;
            pq->speaker = sp.span;
            pq->speaker_mention = (int32_t)sp.mention;
        }
    }
    /* one or two words in marks inside a sentence, nobody saying them: a
     * scare quote or a term ("the so-called “reset”"), not a statement */
    if (c != SIZE_MAX && !sp.found && q.partial && c - o <= 3) {
        qs->chain = -1;
        return CW_OK;
    }
    if (c != SIZE_MAX) qs->chain = -1;
    else if (qs->chain < 0) qs->chain = (long)fx->out->quotes.n;
    trim_joiner(fx, &q.span);
    if (fx->out->quotes.n < CWI_FACTS_MAX_ITEMS) {
        CWI_TRY(CWI_VEC_PUSH(fx->out->quotes, q));
        qs->prev_q = (long)fx->out->quotes.n - 1;
        if (sp.found) {
            qs->last_q = qs->prev_q;
            qs->last_line = qs->line;
        }
    }
    qs->prev_close = c;
    return CW_OK;
}

cw_status cwi_fx_quotes(cwi_fx *fx)
{
    size_t open = SIZE_MAX;
    qstate qs = {SIZE_MAX, -1, -1, 0, 0, -1, false};
    size_t line_start = 0;
    bool line_has_mark = false;
    for (size_t i = 0; i < fx->tok.n; i++) {
        if (i > 0 && line_break_before(fx, i)) {
            qs.carry = open != SIZE_MAX && open + 1 < i;
            if (qs.carry) CWI_TRY(add_quote(fx, open, false, SIZE_MAX, i - 1, &qs));
            else if (!line_has_mark) qs.chain = -1;
            open = SIZE_MAX;
            qs.prev_close = SIZE_MAX;
            qs.prev_q = -1;
            qs.line++;
            line_start = i;
            line_has_mark = false;
        }
        int qm = quote_mark(fx, i);
        if (qm == QM_NONE) continue;
        bool first_mark = !line_has_mark;
        line_has_mark = true;
        if (open == SIZE_MAX) {
            if (qm == QM_OPEN || qm == QM_BOTH) open = i;
            /* ” closing a quote carried over from the paragraph before */
            else if (qm == QM_CLOSE && first_mark && qs.carry && i > line_start)
                CWI_TRY(add_quote(fx, line_start, true, i, i, &qs));
            continue;
        }
        if (qm == QM_OPEN) {
            open = i;
            continue;
        }
        size_t o = open;
        open = SIZE_MAX;
        if (i == o + 1) continue;
        CWI_TRY(add_quote(fx, o, false, i, i, &qs));
    }
    if (open != SIZE_MAX && open + 1 < fx->tok.n) CWI_TRY(add_quote(fx, open, false, SIZE_MAX, fx->tok.n - 1, &qs));
    return CW_OK;
}
