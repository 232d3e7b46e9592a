/*
 * The cluster terms of an article: the vocabulary the clusterer sees (stems
 * of content words, names) and the extra stop words kept out of it.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/story_terms.h"

#define W_NAME 2.0f /* boost of a name over a stem */

/* Function words and generic adverbs beyond the relate stage's short list
 * (src/dedup/words.c), left out of the cluster terms only: in a topic group
 * they would pass for the words that tell one event from another. */
static const char *const more_stop[] = {
    "above", "across", "afterwards", "again", "against", "almost", "alone", "along", "already", "although",
    "always", "am", "among", "amongst", "another", "anyhow", "anyone", "anything", "anyway", "anywhere",
    "around", "back", "became", "become", "becomes", "becoming", "beforehand", "behind", "below", "beside",
    "besides", "beyond", "cannot", "co", "de", "did", "done", "down", "due", "eg", "eight", "either", "eleven",
    "else", "elsewhere", "enough", "etc", "even", "ever", "every", "everyone", "everything", "everywhere",
    "except", "few", "fifteen", "fifty", "first", "five", "former", "formerly", "forty", "four", "further",
    "get", "give", "go", "hence", "hereafter", "hereby", "herein", "hereupon", "hers", "herself", "himself",
    "however", "hundred", "ie", "inc", "indeed", "itself", "keep", "latter", "latterly", "least", "less", "ltd",
    "made", "many", "meanwhile", "might", "mine", "moreover", "mostly", "much", "must", "myself", "namely",
    "neither", "never", "nevertheless", "next", "nine", "nobody", "none", "noone", "nor", "nothing", "nowhere",
    "off", "often", "once", "onto", "others", "otherwise", "ours", "ourselves", "own", "per", "perhaps",
    "please", "put", "rather", "re", "same", "see", "seem", "seemed", "seeming", "seems", "several", "six",
    "sixty", "somehow", "someone", "something", "sometime", "sometimes", "somewhere", "still", "take", "ten",
    "themselves", "thence", "thereafter", "thereby", "therefore", "therein", "thereupon", "third", "though",
    "three", "throughout", "thru", "thus", "together", "too", "toward", "towards", "twelve", "twenty", "un",
    "until", "upon", "very", "via", "well", "whatever", "whence", "whenever", "whereafter", "whereas",
    "whereby", "wherein", "whereupon", "wherever", "whether", "whither", "whoever", "whole", "whom", "whose",
    "why", "within", "without", "yet", "yours", "yourself", "yourselves",
};

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

_Static_assert(sizeof more_stop / sizeof *more_stop <= 256, "more_stop must fit cwi_vocab.stop");

void cwi_vocab_init(cwi_vocab *v)
{
    size_t n = sizeof more_stop / sizeof *more_stop;
    for (size_t i = 0; i < n; i++) v->stop[i] = (uint32_t)cwi_hash64(more_stop[i], strlen(more_stop[i]), 0x77);
    qsort(v->stop, n, sizeof *v->stop, cmp_u32);
    memset(v->stop_bits, 0, sizeof v->stop_bits);
    for (size_t i = 0; i < n; i++) {
        uint32_t b = (v->stop[i] * 0x9e3779b1u) >> 20;
        v->stop_bits[b >> 6] |= 1ULL << (b & 63);
    }
}

static bool is_stop(const cwi_vocab *v, const cwi_word *x)
{
    if (x->stop) return true;
    uint32_t b = (x->word * 0x9e3779b1u) >> 20;
    if (!(v->stop_bits[b >> 6] >> (b & 63) & 1)) return false;
    size_t lo = 0, hi = sizeof more_stop / sizeof *more_stop;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v->stop[mid] == x->word) return true;
        if (v->stop[mid] < x->word)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static cw_status add_term(cwi_cterms *out, uint32_t id, float w)
{
    cwi_cterm t = {id, w};
    return CWI_VEC_PUSH(*out, t);
}

cw_status cwi_story_terms(const cwi_vocab *v, const cwi_words *w, float weight, bool names, cwi_cterms *out)
{
    for (size_t i = 0; i < w->n; i++) {
        const cwi_word *x = &w->v[i];
        if (is_stop(v, x)) continue;
        if (x->number && x->end - x->start != 4) continue; /* years tell events apart; other figures are noise */
        CWI_TRY(add_term(out, x->stem, weight));
    }
    if (!names) return CW_OK;
    /* A headline in title case ("Mayor Quits Over Bridge Vote") capitalises
     * every word: its runs of capitals are not names, and one long run
     * would become a heavy term that no other wording of the headline
     * shares. Its stems above are what it says. */
    size_t content = 0, caps = 0;
    for (size_t i = 0; i < w->n; i++) {
        if (is_stop(v, &w->v[i]) || w->v[i].number || w->v[i].end - w->v[i].start < 4) continue;
        content++;
        caps += w->v[i].upper;
    }
    if (content >= 3 && caps * 10 >= content * 7) return CW_OK;
    for (size_t i = 0; i < w->n;) {
        if (!w->v[i].upper || is_stop(v, &w->v[i]) || w->v[i].number) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < w->n && w->v[j].upper && !is_stop(v, &w->v[j]) && !w->v[j].number && w->v[j].joined &&
               w->v[j].sent == w->v[i].sent)
            j++;
        bool opens = i == 0 || w->v[i - 1].sent != w->v[i].sent;
        if (!(opens && j - i == 1)) {
            uint64_t h = 0x6e616d65;
            for (size_t k = i; k < j; k++) h = h * 0x100000001b3ULL ^ w->v[k].word;
            CWI_TRY(add_term(out, (uint32_t)(h ^ (h >> 32)) | 1u, weight * W_NAME));
            /* The surname alone too, so "Putin" meets "Vladimir Putin". */
            if (j - i > 1) CWI_TRY(add_term(out, (w->v[j - 1].word * 0x9e3779b1u) | 1u, weight * W_NAME));
        } else {
            CWI_TRY(add_term(out, (w->v[i].word * 0x9e3779b1u) | 1u, weight * W_NAME * 0.5f));
        }
        i = j;
    }
    return CW_OK;
}
