/*
 * facts: the driver (tokens, sentences, headline lines) and shared word tests.
 * Names, figures, dates and quotes each have their own file.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts/facts_int.h"

bool cwi_word_eq(const char *p, size_t n, const char *word)
{
    /* the first letter rules out almost every word of a list cheaply */
    if (!n) return !*word;
    char c = p[0];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c != word[0]) return false;
    return strnlen(word, n + 1) == n && strncasecmp(p, word, n) == 0;
}

size_t cwi_strip_possessive(const char *p, size_t n)
{
    if (n > 2 && p[n - 2] == '\'' && (p[n - 1] == 's' || p[n - 1] == 'S')) return n - 2;
    if (n > 4 && (unsigned char)p[n - 4] == 0xE2 && (unsigned char)p[n - 3] == 0x80 &&
        (unsigned char)p[n - 2] == 0x99 && (p[n - 1] == 's' || p[n - 1] == 'S'))
        return n - 4;
    return n;
}

bool cwi_fx_is(const cwi_fx *fx, size_t i, const char *word)
{
    if (i >= fx->tok.n) return false;
    return cwi_word_eq(cwi_fx_p(fx, i), cwi_fx_n(fx, i), word);
}

bool cwi_fx_in(const cwi_fx *fx, size_t i, const char *const *list)
{
    if (i >= fx->tok.n) return false;
    const char *p = cwi_fx_p(fx, i);
    size_t n = cwi_fx_n(fx, i);
    for (; *list; list++)
        if (cwi_word_eq(p, n, *list)) return true;
    return false;
}

bool cwi_fx_punct(const cwi_fx *fx, size_t i, const char *p)
{
    if (i >= fx->tok.n || fx->tok.v[i].kind != CWI_TOK_PUNCT) return false;
    size_t k = strlen(p);
    return cwi_fx_n(fx, i) == k && memcmp(cwi_fx_p(fx, i), p, k) == 0;
}

static const char *const MONTHS[12][3] = {
    {"january", "jan", NULL},  {"february", "feb", NULL}, {"march", "mar", NULL},
    {"april", "apr", NULL},    {"may", NULL, NULL},       {"june", "jun", NULL},
    {"july", "jul", NULL},     {"august", "aug", NULL},   {"september", "sep", "sept"},
    {"october", "oct", NULL},  {"november", "nov", NULL}, {"december", "dec", NULL},
};

int cwi_fx_month(const char *p, size_t n)
{
    for (int m = 0; m < 12; m++)
        for (int k = 0; k < 3 && MONTHS[m][k]; k++)
            if (cwi_word_eq(p, n, MONTHS[m][k])) return m + 1;
    return 0;
}

static const char *const WEEKDAYS[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

int cwi_fx_weekday(const char *p, size_t n)
{
    n = cwi_strip_possessive(p, n);
    for (int d = 0; d < 7; d++)
        if (cwi_word_eq(p, n, WEEKDAYS[d])) return d;
    return -1;
}

static const char *const FUNCTION_WORDS[] = {
    "the", "a", "an", "in", "on", "at", "to", "for", "of", "and", "but", "or", "as", "after", "before",
    "during", "since", "while", "when", "where", "what", "why", "how", "who", "whom", "which", "this",
    "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her", "their",
    "our", "my", "your", "there", "here", "if", "not", "no", "yes", "some", "many", "most", "all", "both",
    "each", "every", "any", "such", "however", "meanwhile", "currently", "also", "still", "yet", "so",
    "then", "now", "with", "without", "from", "by", "about", "over", "under", "between", "among",
    "until", "despite", "although", "though", "because", "following", "according", "instead", "even",
    "only", "just", "later", "earlier", "previously", "recently", "today", "yesterday", "tomorrow",
    "dear", "thank", "thanks", "please", "read", "more", "less", "other", "another", "one", "two", "three",
    "last", "next", "first", "new", "former", "current", "recent", "key", "further", "unlike", "like",
    "do", "does", "did", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would",
    "can", "could", "should", "may", "might", "must", "let", "once", "whether", "across", "against",
    "amid", "neither", "nor", "either", "into", "onto", "upon", "via", "per", "than", "too", "very", "well", "mr", "mrs", "ms",
    "whatever", "whoever", "whichever", "wherever", "whenever", "moreover", "furthermore", "nevertheless",
    "nonetheless", "indeed", "perhaps", "thus", "therefore", "otherwise", "besides", "everyone", "everybody",
    "nobody", "someone", "somebody", "anyone", "anybody", "everything", "nothing", "something", "anything",
    "several", "few", "four", "five", "six", "seven", "eight", "nine", "ten", "us", "them", "him", "me",
    "again", "already", "always", "never", "often", "sometimes", "soon", "together", NULL};

bool cwi_fx_function_word(const char *p, size_t n)
{
    for (const char *const *w = FUNCTION_WORDS; *w; w++)
        if (cwi_word_eq(p, n, *w)) return true;
    return false;
}

static const char *const SPEECH_VERBS[] = {
    "said", "says", "say", "saying", "told", "tells", "telling", "wrote", "writes", "writing", "added",
    "adds", "adding", "asked", "asks", "asking", "answered", "answers", "replied", "replies", "responded",
    "stated", "states", "emphasized", "emphasised", "emphasizes", "stressed", "stresses", "noted", "notes",
    "noting", "indicated", "argued", "argues", "arguing", "warned", "warns", "warning", "insisted",
    "insists", "insisting", "declared", "declares", "declaring", "announced", "announces", "explained",
    "explains", "explaining", "claimed", "claims", "claiming", "cautioned", "tweeted", "tweets",
    "posted", "recalled", "recalls", "calls", "dubbed", "dubs", "labeled", "labelled", "termed", "branded", "continued", "continues", "acknowledged", "admitted", "admits",
    "conceded", "suggested", "suggests", "observed", "remarked", "commented", "complained", "complains",
    "urged", "urges", "urging", "predicted", "vowed", "vows", "promised", "promises", "called", "calling",
    "described", "describes", "describing", "confirmed", "shouted", "yelled", "yelling", "testified",
    "concluded", "reported", "reports", "asserted", "asserts", "maintained", "countered", "quipped",
    "boasted", "joked", "jokes", "mocked", "mocks", "retorted", "emailed", "chanted", "exclaimed",
    "whispered", "cried", "screamed", "recounted", "lamented", "charged", "accused", "demanded",
    "proclaimed", "pledged", "alleged", "alleging", "mused", "opined", "interjected", "thundered",
    "stated:", "thinks", "believes", "wondered", "pointed", "told:", "reads", "read", "texted",
    "messaged", "blasted", "slammed", "praised", "tweeting", "predicts", "adds:", "concedes", "agreed",
    "agrees", "disagreed", "echoed", "summed", "put", NULL};

bool cwi_fx_speech_verb(const cwi_fx *fx, size_t i)
{
    return cwi_fx_in(fx, i, SPEECH_VERBS);
}

/* ---- Headline-like lines --------------------------------------------------
 * A line with no sentence punctuation at its end where every longer word that
 * is not a function word is capitalised is a heading or a list of other
 * headlines ("Also read: ..."): capitalised runs there are not names. List
 * items (a leading "-", "*", "•") are never headings. */
static void mark_headlines(cwi_fx *fx)
{
    size_t i = 0;
    while (i < fx->tok.n) {
        /* tokens i..j on one line */
        size_t j = i + 1;
        while (j < fx->tok.n && !memchr(fx->t + fx->tok.v[j - 1].span.end, '\n',
                                        fx->tok.v[j].span.start - fx->tok.v[j - 1].span.end))
            j++;
        size_t words = 0, caps = 0, lowers = 0;
        for (size_t k = i; k < j; k++) {
            if (fx->tok.v[k].kind != CWI_TOK_WORD) continue;
            words++;
            if (fx->tok.v[k].upper) caps++;
            else if (cwi_fx_n(fx, k) >= 4 && !cwi_fx_function_word(cwi_fx_p(fx, k), cwi_fx_n(fx, k)))
                lowers++;
        }
        const cwi_token *last = &fx->tok.v[j - 1];
        bool ends = last->kind == CWI_TOK_PUNCT &&
                    (strchr(".!:;,", fx->t[last->span.start]) ||
                     (cwi_fx_n(fx, j - 1) == 3 && (unsigned char)fx->t[last->span.start] == 0xE2 &&
                      (unsigned char)fx->t[last->span.start + 2] == 0x9D)); /* closing ” */
        bool list = fx->tok.v[i].kind == CWI_TOK_PUNCT &&
                    (fx->t[fx->tok.v[i].span.start] == '-' || fx->t[fx->tok.v[i].span.start] == '*' ||
                     (unsigned char)fx->t[fx->tok.v[i].span.start] == 0xE2);
        bool head = !ends && !list && words >= 2 && lowers == 0 && caps * 2 >= words;
        for (size_t k = i; k < j; k++) fx->theadline[k] = head;
        i = j;
    }
}

/* "http", "https" or "www" followed by ":" or ".": a web address starts here. */
static bool url_word(const cwi_fx *fx, size_t i)
{
    if (i + 1 >= fx->tok.n || fx->tok.v[i].kind != CWI_TOK_WORD || fx->tok.v[i + 1].kind != CWI_TOK_PUNCT) return false;
    char c = fx->t[fx->tok.v[i + 1].span.start];
    return (c == ':' || c == '.') && cwi_fx_in(fx, i, (const char *const[]){"http", "https", "www", NULL});
}

bool cwi_parse_iso_date(const char *s, int *y, int *m, int *d)
{
    if (!s) return false;
    for (int k = 0; k < 10; k++) {
        if (k == 4 || k == 7) {
            if (s[k] != '-') return false;
        } else if (s[k] < '0' || s[k] > '9') {
            return false;
        }
    }
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

int cwi_weekday(int32_t days)
{
    /* 1970-01-01 was a Thursday (3). */
    int w = (int)((days % 7 + 7) % 7);
    return (w + 3) % 7;
}

void cwi_facts_clean(cwi_facts *f)
{
    if (!f) return;
    CWI_VEC_FREE(f->mentions);
    CWI_VEC_FREE(f->figures);
    CWI_VEC_FREE(f->dates);
    CWI_VEC_FREE(f->quotes);
}

cw_status cwi_facts_extract(const char *text, size_t n, const cwi_span *sentences, size_t nsent,
                            const char *published, const char *lang, cwi_facts *out)
{
    if (!out || (!text && n)) return CW_ERR_USAGE;
    if (n > CWI_FACTS_MAX_TEXT) n = CWI_FACTS_MAX_TEXT;
    cwi_fx fx;
    memset(&fx, 0, sizeof fx);
    fx.t = text;
    fx.n = n;
    fx.out = out;
    cwi_spans own = {0};
    cw_status st = CW_OK;
    if (!sentences || !nsent) {
        st = cwi_sentences(text, n, &own);
        if (st != CW_OK) goto done;
        sentences = own.v;
        nsent = own.n;
    }
    fx.sent = sentences;
    fx.nsent = nsent;
    int y, m, d;
    if (cwi_parse_iso_date(published, &y, &m, &d)) {
        fx.has_pub = true;
        fx.pub_days = cwi_days_from_civil(y, m, d);
    }
    st = cwi_tokenize(text, n, &fx.tok);
    if (st != CW_OK) goto done;
    fx.tsent = calloc(fx.tok.n + 1, sizeof *fx.tsent);
    fx.theadline = calloc(fx.tok.n + 1, 1);
    fx.sfirst = calloc(nsent + 1, sizeof *fx.sfirst);
    if (!fx.tsent || !fx.theadline || !fx.sfirst) {
        st = CW_ERR_NOMEM;
        goto done;
    }
    /* Sentence of each token: both lists are in text order. Tokens between
     * sentences (there should be none) join the sentence before. */
    size_t s = 0;
    for (size_t i = 0; i < fx.tok.n; i++) {
        while (s + 1 < nsent && fx.tok.v[i].span.start >= sentences[s + 1].start) s++;
        fx.tsent[i] = (uint32_t)s;
    }
    for (size_t k = 0, i = 0; k <= nsent; k++) {
        while (i < fx.tok.n && fx.tsent[i] < k) i++;
        fx.sfirst[k] = k == nsent ? fx.tok.n : i;
    }
    if (fx.tok.n) mark_headlines(&fx);
    fx.lower = cwi_map_new(fx.tok.n / 4 + 16);
    if (!fx.lower) {
        st = CW_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0, line_end = 0; i < fx.tok.n; i++) {
        /* a line holding a web address ("http: / / site. com / jane - doe -
         * wins") writes names in lower case: no evidence of common words */
        if (i >= line_end) {
            bool url = false;
            for (line_end = i; line_end < fx.tok.n; line_end++) {
                if (line_end > i && memchr(text + fx.tok.v[line_end - 1].span.end, '\n',
                                           fx.tok.v[line_end].span.start - fx.tok.v[line_end - 1].span.end))
                    break;
                url |= url_word(&fx, line_end);
            }
            if (url) {
                i = line_end - 1;
                continue;
            }
        }
        const cwi_token *t = &fx.tok.v[i];
        if (t->kind != CWI_TOK_WORD || t->upper) continue;
        size_t wn = cwi_strip_possessive(text + t->span.start, t->span.end - t->span.start);
        if ((st = cwi_map_put(fx.lower, text + t->span.start, wn, 1)) != CW_OK) goto done;
    }
    (void)lang;
    if ((st = cwi_fx_names(&fx)) != CW_OK) goto done;
    if ((st = cwi_fx_dates(&fx)) != CW_OK) goto done;
    if ((st = cwi_fx_figures(&fx)) != CW_OK) goto done;
    if ((st = cwi_fx_quotes(&fx)) != CW_OK) goto done;
done:
    if (st != CW_OK) cwi_facts_clean(out);
    CWI_VEC_FREE(own);
    CWI_VEC_FREE(fx.tok);
    free(fx.tsent);
    free(fx.theadline);
    free(fx.sfirst);
    cwi_map_free(fx.lower);
    return st;
}
