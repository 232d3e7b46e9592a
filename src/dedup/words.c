/* Words of a text: folded, stemmed, hashed, each with its span and sentence. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/wordset.h"
#include "dedup/dedup.h"

static const char *const stopwords[] = {
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "because", "been",
    "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "during", "each",
    "for", "from", "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into",
    "is", "it", "its", "just", "last", "may", "me", "more", "most", "my", "new", "no", "not", "now", "of",
    "on", "one", "only", "or", "other", "our", "out", "over", "said", "say", "says", "she", "should", "since",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "to", "told", "two", "under", "up", "us", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "will", "with", "would", "year", "years", "you", "your",
};

static cwi_wordset stop_set;
static pthread_once_t stop_once = PTHREAD_ONCE_INIT;

static void stop_build(void)
{
    if (CWI_NEVER(!cwi_wordset_build(&stop_set, stopwords, sizeof stopwords / sizeof *stopwords))) return;
}

bool cwi_is_stopword(const char *w, size_t n)
{
    pthread_once(&stop_once, stop_build);
    return cwi_wordset_has(&stop_set, w, n);
}

void cwi_words_scratch_clean(cwi_words_scratch *s)
{
    if (!s) return;
    CWI_VEC_FREE(s->tok);
    cwi_buf_clean(&s->fold);
}

#define MAX_WORD_BYTES 1024

/* Folds one token into s->fold: ASCII is lower-cased in place, anything
 * else goes through the full Unicode fold. */
static cw_status fold_word(cwi_words_scratch *s, const char *p, size_t n)
{
    cwi_buf_reset(&s->fold);
    bool ascii = true;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 0x80) ascii = false;
    if (!ascii) return cwi_text_fold(p, n, &s->fold);
    CWI_TRY(cwi_buf_reserve(&s->fold, n));
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        s->fold.data[i] = c;
    }
    s->fold.len = n;
    s->fold.data[n] = 0;
    return CW_OK;
}

cw_status cwi_words_of(const char *text, size_t n, const cwi_span *sents, size_t nsent, cwi_stemmer *st,
                       cwi_words_scratch *s, cwi_words *out)
{
    if (!s->fold.max) cwi_buf_init(&s->fold, 1 << 16);
    s->tok.n = 0;
    CWI_TRY(cwi_tokenize(text, n, &s->tok));
    size_t si = 0, taken = 0;
    uint32_t prev_end = 0;
    bool have_prev = false;
    for (size_t i = 0; i < s->tok.n && taken < CWI_MAX_WORDS; i++) {
        const cwi_token *t = &s->tok.v[i];
        if (t->kind != CWI_TOK_WORD && t->kind != CWI_TOK_NUMBER && t->kind != CWI_TOK_IDEO) {
            have_prev = false;
            continue;
        }
        if (CWI_NEVER(t->span.end > n || t->span.start >= t->span.end)) continue;
        /* A token this long is no word (a run of letters in junk or an
         * attack): it tells nothing of the story, and folding it would need
         * more than the scratch holds. */
        if (t->span.end - t->span.start > MAX_WORD_BYTES) {
            have_prev = false;
            continue;
        }
        while (sents && si < nsent && sents[si].end <= t->span.start) si++;
        cwi_word w = {0};
        w.start = t->span.start;
        w.end = t->span.end;
        w.sent = sents && si < nsent && sents[si].start <= t->span.start ? (uint16_t)CWI_MIN(si, 65534) : UINT16_MAX;
        w.upper = t->upper;
        w.number = t->kind == CWI_TOK_NUMBER;
        w.joined = have_prev && t->span.start == prev_end + 1 && text[prev_end] == ' ';
        CWI_TRY(fold_word(s, text + t->span.start, t->span.end - t->span.start));
        const char *f = s->fold.data;
        size_t fn = s->fold.len;
        w.word = (uint32_t)cwi_hash64(f, fn, 0x77);
        w.stop = !w.number && cwi_is_stopword(f, fn);
        size_t sl = fn;
        const char *stem = w.number || w.stop ? f : cwi_stem(st, f, fn, &sl);
        w.stem = stem == f && sl == fn ? w.word : (uint32_t)cwi_hash64(stem, sl, 0x77);
        CWI_TRY(CWI_VEC_PUSH(*out, w));
        taken++;
        prev_end = t->span.end;
        have_prev = true;
    }
    return CW_OK;
}
