/*
 * lang: a compact language identifier (see lang.h).
 *
 * 1. The letters of the first LANG_SCAN_BYTES are counted by script. A script
 *    that belongs to one language decides it (Greek el, Hebrew he, Thai th,
 *    Hangul ko, Georgian ka, Armenian hy ...); for scripts shared by a few
 *    languages, the letters only some of them use decide (Cyrillic і ї є ґ:
 *    uk; ў: be; ђ ћ џ љ њ ј: sr; Arabic پ چ ژ گ ی ک: fa, ے ں ٹ: ur; kana
 *    among Han: ja).
 * 2. Latin-script text is told by counts of very common function words, each
 *    word weighted by how many of the languages share it, plus small weights
 *    for letters peculiar to a language (ß, ł, ř, ı, ő, ș ...).
 * "und" when there are too few letters or the best two candidates are too
 * close. Time is linear in min(n, LANG_SCAN_BYTES); no allocation: the
 * word lists are turned once into a small static hash table of word -> set of
 * languages, so a word costs one probe rather than a scan of every list.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/core.h"
#include "text/lang.h"
#include "text/text.h"

#define LANG_SCAN_BYTES (64 * 1024)
#define LANG_MAX_WORDS 3000

enum { L_EN, L_DE, L_FR, L_ES, L_IT, L_PT, L_NL, L_SV, L_DA, L_NO, L_FI, L_PL, L_CS, L_RO, L_TR, L_ID, L_HU,
       L_HR, L_VI, L_SK, L_COUNT };
static const char *const latin_code[L_COUNT] = {"en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no",
                                                "fi", "pl", "cs", "ro", "tr", "id", "hu", "hr", "vi", "sk"};

/* Very common words of each language, space separated. */
static const char *const latin_words[L_COUNT] = {
    " the and of to in is that for with was on are as by this from have has it be at which said not but were "
    "they their would will been who after about ",
    " der die und das ist nicht mit den von zu sich auf für ein eine dem im auch es wird wurde sie nach bei "
    "des einen als noch werden hat sind über ",
    " le la les des et est une du que dans pour qui pas sur au avec sont il ce par plus été ont aux mais cette "
    "elle ses leur ",
    " el la los las de y que en del por con una para es se su al como más fue pero sus ha este esta entre "
    "desde también ",
    " il di che la e per un del della non sono una con è gli le dei nel alla anche ha come più delle ma questo "
    "stato degli ",
    " o a os de que e do da em um uma para com não dos das no na por se mais foi ao é pelo pela seu sua também ",
    " de het een en van is dat op te niet zijn met voor die er ook maar werd bij naar wordt heeft hij zij "
    "deze worden ",
    " och att det som är en på för med av till den inte har om var jag ett de kan men efter sig eller också ",
    " og at det er en til på som med af for ikke har den de et var men om kan fra efter blev også eller ",
    " og at det er en til på som med av for ikke har den de et var men om kan fra etter ble også eller ",
    " ja on ei että oli se hän mutta kun myös ovat ole tai joka sen hänen kanssa jo vain jos mukaan ",
    " i w na z nie się do że to jest o jak od po przez za dla co czy ale tak jego są już został ",
    " a v se na je že to s z do o jako ale pro jsou by od po jeho také které který být byl už ",
    " și de în la cu a că pe nu din pentru o un mai care este sunt fost au lui sau fi ",
    " ve bir bu da de için ile olarak çok daha gibi olan ama ne en kadar sonra değil her ise ",
    " yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke adalah oleh ada telah karena ",
    " a az és hogy nem is egy meg van volt már csak de ki mint még azt el ezt vagy pedig ",
    " i je u da se na su za od koji ne sa kao iz što će bio biti nije ",
    " của và là các những được trong cho không có người một này với đã ",
    " a v sa na je že to s z do o ako ale pre sú by od po jeho tiež ktoré ktorý byť bol už ",
};

/* Letters peculiar to one language (UTF-8, space separated), weight 0.25 each. */
static const char *const latin_marks[L_COUNT] = {
    "", " ß ", " ç œ è ê ", " ñ ¿ ¡ ", "", " ã õ ", " ij ", " å ", " æ ø ", " æ ø ", "", " ł ą ę ś ź ż ń ",
    " ř ě ů ", " ș ț ş ţ ă ", " ı ğ ş ", "", " ő ű ", " đ ", " ư ơ ạ ả ế ệ ộ ", " ľ ĺ ŕ ô ",
};

/* Lowercases the Latin letters this file cares about (ASCII, Latin-1 and the
 * pairs of Latin Extended-A). */
static int lower(int cp)
{
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
    if (cp >= 0x100 && cp <= 0x17F && (cp & 1) == 0 && cp != 0x130) return cp + 1;
    if (cp == 0x130) return 'i';
    return cp;
}

static size_t put_utf8(char *o, int cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static bool is_latin_letter(int cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
           (cp >= 0x1E00 && cp <= 0x1EFF);
}

static bool is_ascii_letter(unsigned char c) { return (c | 32u) >= 'a' && (c | 32u) <= 'z'; }

/* " w " is in list (list entries are surrounded by spaces). */
static bool has_word(const char *list, const char *w, size_t n)
{
    const char *p = list;
    while ((p = strstr(p, w)) != NULL) {
        if (p > list && p[-1] == ' ' && p[n] == ' ') return true;
        p++;
    }
    return false;
}

/* Every word of latin_words with the languages that list it, by hash. */
#define WORD_SLOTS 4096
_Static_assert(L_COUNT <= 32, "a language set is a 32-bit mask");
static struct word_slot {
    uint64_t h; /* 0: empty */
    uint32_t langs;
} word_tab[WORD_SLOTS];
static pthread_once_t word_tab_once = PTHREAD_ONCE_INIT;

static uint64_t word_hash(const char *w, size_t n) { return cwi_hash64(w, n, 0x6c616e67) | 1; }

static void word_tab_build(void)
{
    for (int l = 0; l < L_COUNT; l++) {
        const char *p = latin_words[l];
        while (*p) {
            while (*p == ' ') p++;
            const char *w = p;
            while (*p && *p != ' ') p++;
            if (p == w) continue;
            uint64_t h = word_hash(w, (size_t)(p - w));
            size_t i = h & (WORD_SLOTS - 1);
            while (word_tab[i].h && word_tab[i].h != h) i = (i + 1) & (WORD_SLOTS - 1);
            word_tab[i].h = h;
            word_tab[i].langs |= 1u << l;
        }
    }
}

/* The languages whose common words include w. */
static uint32_t word_langs(const char *w, size_t n)
{
    uint64_t h = word_hash(w, n);
    for (size_t i = h & (WORD_SLOTS - 1); word_tab[i].h; i = (i + 1) & (WORD_SLOTS - 1))
        if (word_tab[i].h == h) return word_tab[i].langs;
    return 0;
}

static const char *latin_lang(const unsigned char *s, size_t n)
{
    pthread_once(&word_tab_once, word_tab_build);
    double score[L_COUNT] = {0};
    size_t i = 0, words = 0, hits = 0;
    char w[40];
    while (i < n && words < LANG_MAX_WORDS) {
        size_t len;
        if (s[i] < 0x80 && !is_ascii_letter(s[i])) { /* ASCII fast path: not a letter */
            i++;
            continue;
        }
        int cp = cwi_utf8_decode((const char *)s + i, n - i, &len);
        if (!is_latin_letter(cp)) {
            i += len;
            continue;
        }
        size_t wn = 0;
        bool too_long = false;
        while (i < n) {
            if (s[i] < 0x80) { /* ASCII fast path: a letter, lower-cased, or the word's end */
                if (!is_ascii_letter(s[i])) break;
                if (wn + 4 < sizeof w - 1) w[wn++] = (char)(s[i] | 32);
                else too_long = true;
                i++;
                continue;
            }
            cp = cwi_utf8_decode((const char *)s + i, n - i, &len);
            if (!is_latin_letter(cp)) break;
            cp = lower(cp);
            if (wn + 4 < sizeof w - 1) wn += put_utf8(w + wn, cp);
            else too_long = true;
            /* letters peculiar to a language */
            if (cp >= 0x80) {
                char one[5];
                size_t on = put_utf8(one, cp);
                one[on] = 0;
                for (int l = 0; l < L_COUNT; l++)
                    if (latin_marks[l][0] && has_word(latin_marks[l], one, on)) score[l] += 0.25;
            }
            i += len;
        }
        words++;
        if (too_long) continue;
        w[wn] = 0;
        int cnt = 0, which[L_COUNT];
        uint32_t langs = word_langs(w, wn);
        for (int l = 0; langs && l < L_COUNT; l++)
            if (langs & (1u << l)) which[cnt++] = l;
        if (cnt) {
            hits++;
            for (int k = 0; k < cnt; k++) score[which[k]] += 1.0 / cnt;
        }
    }
    int best = -1, second = -1;
    for (int l = 0; l < L_COUNT; l++) {
        if (best < 0 || score[l] > score[best]) {
            second = best;
            best = l;
        } else if (second < 0 || score[l] > score[second]) {
            second = l;
        }
    }
    if (best < 0 || score[best] < 2.0 || hits * 20 < words) return "und";
    if (second >= 0 && score[best] < score[second] * 1.15 + 0.5) return "und";
    return latin_code[best];
}

const char *cwi_detect_lang(const char *str, size_t n)
{
    if (!str || n == 0) return "und";
    const unsigned char *s = (const unsigned char *)str;
    if (n > LANG_SCAN_BYTES) {
        n = LANG_SCAN_BYTES;
        n = cwi_utf8_cut(str, n); /* do not cut a character */
    }
    enum { S_LATIN, S_CYR, S_ARAB, S_HEB, S_GREEK, S_HAN, S_KANA, S_HANGUL, S_THAI, S_DEVA, S_BENG, S_TAMIL,
           S_GEORG, S_ARMEN, S_OTHER, S_COUNT };
    size_t sc[S_COUNT] = {0};
    size_t uk = 0, ru = 0, be = 0, sr = 0, bg = 0, mk = 0, kk = 0, fa = 0, ur = 0;
    size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) { /* ASCII: a Latin letter or nothing counted */
            /* eight bytes at once while they are all ASCII: lower-cased, a byte
             * is a letter when adding 0x1F sets its top bit ('a' and up) and
             * adding 0x05 does not ('{' and up); no byte carries into the next */
            while (n - i >= 8) {
                uint64_t x;
                memcpy(&x, s + i, 8);
                if (x & 0x8080808080808080ULL) break;
                x |= 0x2020202020202020ULL;
                uint64_t ge_a = x + 0x1F1F1F1F1F1F1F1FULL, ge_brace = x + 0x0505050505050505ULL;
                sc[S_LATIN] += (size_t)__builtin_popcountll(ge_a & ~ge_brace & 0x8080808080808080ULL);
                i += 8;
            }
            if (i >= n || s[i] >= 0x80) continue;
            unsigned c = s[i++] | 32u;
            sc[S_LATIN] += c >= 'a' && c <= 'z';
            continue;
        }
        size_t len;
        int cp = cwi_utf8_decode((const char *)s + i, n - i, &len);
        i += len;
        if (cp < 0x41) continue;
        if (is_latin_letter(cp)) sc[S_LATIN]++;
        else if (cp >= 0x400 && cp <= 0x52F) {
            sc[S_CYR]++;
            switch (cp) {
            case 0x456: case 0x457: case 0x454: case 0x491: case 0x406: case 0x407: case 0x404: case 0x490: uk++; break;
            case 0x44B: case 0x44D: case 0x451: case 0x42B: case 0x42D: case 0x401: ru++; break;
            case 0x45E: case 0x40E: be++; break;
            case 0x452: case 0x45B: case 0x45F: case 0x459: case 0x45A: case 0x458: case 0x402: case 0x40B:
            case 0x40F: case 0x409: case 0x40A: case 0x408: sr++; break;
            case 0x453: case 0x45C: case 0x455: mk++; break;
            case 0x44A: case 0x42A: bg++; break;
            case 0x4D9: case 0x493: case 0x49B: case 0x4A3: case 0x4E9: case 0x4B1: case 0x4AF: case 0x4BB: kk++; break;
            default: break;
            }
        } else if ((cp >= 0x600 && cp <= 0x6FF) || (cp >= 0x750 && cp <= 0x77F) || (cp >= 0xFB50 && cp <= 0xFEFC)) {
            if (cp >= 0x620) sc[S_ARAB]++;
            if (cp == 0x67E || cp == 0x686 || cp == 0x698 || cp == 0x6AF || cp == 0x6CC || cp == 0x6A9) fa++;
            if (cp == 0x6D2 || cp == 0x6BA || cp == 0x679 || cp == 0x688 || cp == 0x691 || cp == 0x6C1 || cp == 0x6BE) ur++;
        } else if (cp >= 0x5D0 && cp <= 0x5EA) sc[S_HEB]++;
        else if (cp >= 0x370 && cp <= 0x3FF) sc[S_GREEK]++;
        else if (cp >= 0x1F00 && cp <= 0x1FFF) sc[S_GREEK]++;
        else if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2FFFF)) sc[S_HAN]++;
        else if (cp >= 0x3040 && cp <= 0x30FF) sc[S_KANA]++;
        else if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F)) sc[S_HANGUL]++;
        else if (cp >= 0xE01 && cp <= 0xE5B) sc[S_THAI]++;
        else if (cp >= 0x900 && cp <= 0x97F) sc[S_DEVA]++;
        else if (cp >= 0x980 && cp <= 0x9FF) sc[S_BENG]++;
        else if (cp >= 0xB80 && cp <= 0xBFF) sc[S_TAMIL]++;
        else if (cp >= 0x10A0 && cp <= 0x10FF) sc[S_GEORG]++;
        else if (cp >= 0x531 && cp <= 0x58F) sc[S_ARMEN]++;
        else if (cp > 0x7F && cp != 0xFFFD && !(cp >= 0x2000 && cp <= 0x2BFF) && !(cp >= 0x3000 && cp <= 0x303F) &&
                 !(cp >= 0xFF00 && cp <= 0xFFEF))
            sc[S_OTHER]++;
    }
    /* Han and kana are one writing system for this purpose */
    size_t cjk = sc[S_HAN] + sc[S_KANA];
    size_t total = 0;
    int best = 0;
    for (int k = 0; k < S_COUNT; k++) total += sc[k];
    size_t bestn = 0;
    for (int k = 0; k < S_COUNT; k++) {
        size_t v = (k == S_HAN) ? cjk : (k == S_KANA ? 0 : sc[k]);
        if (v > bestn) {
            bestn = v;
            best = k;
        }
    }
    /* one CJK character carries about as much as a word of four letters */
    if (best == S_HAN || best == S_HANGUL) {
        if (bestn < 4) return "und";
    } else if (bestn < 12) {
        return "und";
    }
    if (bestn * 2 < total) {
        /* mixed scripts with no majority: CJK text quoting Latin names still counts */
        if (!((best == S_HAN || best == S_HANGUL) && bestn * 4 >= total)) return "und";
    }
    switch (best) {
    case S_LATIN: return latin_lang(s, n);
    case S_CYR:
        if (sr > 2 && sr * 200 > sc[S_CYR]) return "sr";
        if (mk > 2 && mk > sr) return "mk";
        if (kk > 3 && kk * 100 > sc[S_CYR]) return "kk";
        if (be > 2 && be * 200 > sc[S_CYR]) return "be";
        if (uk > ru && uk * 200 > sc[S_CYR]) return "uk";
        if (ru == 0 && bg * 100 > sc[S_CYR] && sc[S_CYR] > 40) return "bg";
        return "ru";
    case S_ARAB:
        if (ur > 2 && ur * 100 > sc[S_ARAB] && ur >= fa / 2) return "ur";
        if (fa > 2 && fa * 50 > sc[S_ARAB]) return "fa";
        return "ar";
    case S_HEB: return "he";
    case S_GREEK: return "el";
    case S_HAN:
        if (sc[S_HANGUL] * 4 > cjk) return "ko";
        if (sc[S_KANA] * 10 > cjk) return "ja";
        return "zh";
    case S_HANGUL: return "ko";
    case S_THAI: return "th";
    case S_DEVA: return "hi";
    case S_BENG: return "bn";
    case S_TAMIL: return "ta";
    case S_GEORG: return "ka";
    case S_ARMEN: return "hy";
    default: return "und";
    }
}
