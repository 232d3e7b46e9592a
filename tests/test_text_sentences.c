/* Sentence splitting: a table of hard cases, then hostile inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "text/text.h"

#define MAXS 8
typedef struct {
    const char *name;
    const char *in;
    const char *want[MAXS]; /* NULL-terminated */
} scase;

static const scase cases[] = {
    {"empty", "", {NULL}},
    {"only spaces", "     \t  ", {NULL}},
    {"only newlines", "\n\n\n", {NULL}},
    {"one sentence", "The council met on Monday.", {"The council met on Monday.", NULL}},
    {"two sentences", "The council met. It voted no.", {"The council met.", "It voted no.", NULL}},
    {"title Mr", "Mr. Harlow left early. Nobody noticed.", {"Mr. Harlow left early.", "Nobody noticed.", NULL}},
    {"titles Dr Gen", "Dr. Okafor spoke to Gen. Brandt and Lt. Col. Ames.",
     {"Dr. Okafor spoke to Gen. Brandt and Lt. Col. Ames.", NULL}},
    {"Sen Rep Gov", "Sen. Alma Reyes and Rep. Tom Vick met Gov. Ida Stone.",
     {"Sen. Alma Reyes and Rep. Tom Vick met Gov. Ida Stone.", NULL}},
    {"state in parens", "Sen. Rita Moss (R-Neb.) Chairwoman of the panel, disagreed.",
     {"Sen. Rita Moss (R-Neb.) Chairwoman of the panel, disagreed.", NULL}},
    {"state in parens lower", "Rep. Dan Cole (D-Calif.) said the bill would pass. Others doubted it.",
     {"Rep. Dan Cole (D-Calif.) said the bill would pass.", "Others doubted it.", NULL}},
    {"month before day", "The vote is set for Nov. 27 in the capital. Turnout may be low.",
     {"The vote is set for Nov. 27 in the capital.", "Turnout may be low.", NULL}},
    {"Sept and Aug", "Between Sept. 3 and Aug. 14 prices fell.", {"Between Sept. 3 and Aug. 14 prices fell.", NULL}},
    {"US mid sentence", "The U.S. Treasury said rates would hold.", {"The U.S. Treasury said rates would hold.", NULL}},
    {"US end then The", "Talks were held in the U.S. The next round is in Oslo.",
     {"Talks were held in the U.S.", "The next round is in Oslo.", NULL}},
    {"US end then He", "She moved to the U.S. He stayed behind.", {"She moved to the U.S.", "He stayed behind.", NULL}},
    {"UN and EU", "The U.N. Security Council and the E.U. Commission disagreed.",
     {"The U.N. Security Council and the E.U. Commission disagreed.", NULL}},
    {"a.m. p.m.", "The polls open at 7 a.m. Eastern and close at 8 p.m. Pacific time.",
     {"The polls open at 7 a.m. Eastern and close at 8 p.m. Pacific time.", NULL}},
    {"p.m. end", "The session ended at 9 p.m. The doors were locked.",
     {"The session ended at 9 p.m.", "The doors were locked.", NULL}},
    {"initial", "John Q. Archer won the seat.", {"John Q. Archer won the seat.", NULL}},
    {"two initials", "The novel by J. R. Tallis sold well. Critics were kind.",
     {"The novel by J. R. Tallis sold well.", "Critics were kind.", NULL}},
    {"decimal", "Growth was 3.5 percent. Inflation was 2.1 percent.",
     {"Growth was 3.5 percent.", "Inflation was 2.1 percent.", NULL}},
    {"number end", "The toll rose to 1,200. Rescuers kept digging.",
     {"The toll rose to 1,200.", "Rescuers kept digging.", NULL}},
    {"year end digit start", "It happened in 2019. 14 people were hurt.",
     {"It happened in 2019.", "14 people were hurt.", NULL}},
    {"No. before number", "He lives at No. 12 on the square.", {"He lives at No. 12 on the square.", NULL}},
    {"etc then The", "They sold maps, pens, etc. The shop closed at noon.",
     {"They sold maps, pens, etc.", "The shop closed at noon.", NULL}},
    {"e.g. i.e.", "Some towns, e.g. Berwick, and one port, i.e. Dover, were named.",
     {"Some towns, e.g. Berwick, and one port, i.e. Dover, were named.", NULL}},
    {"Inc mid", "Acme Inc. Chief Executive Lena Ward resigned.", {"Acme Inc. Chief Executive Lena Ward resigned.", NULL}},
    {"St Petersburg", "The summit in St. Petersburg ended. Delegates left.",
     {"The summit in St. Petersburg ended.", "Delegates left.", NULL}},
    {"vs", "The case of Smith vs. Jones was heard.", {"The case of Smith vs. Jones was heard.", NULL}},
    {"question", "Will the truce hold? Nobody knows.", {"Will the truce hold?", "Nobody knows.", NULL}},
    {"exclamation", "Stop the vote! The crowd chanted for hours.", {"Stop the vote!", "The crowd chanted for hours.", NULL}},
    {"question then lowercase", "\"Why now?\" she asked the minister.", {"\"Why now?\" she asked the minister.", NULL}},
    {"curly quote ends", "He said \xE2\x80\x9Cno.\xE2\x80\x9D Then he left.",
     {"He said \xE2\x80\x9Cno.\xE2\x80\x9D", "Then he left.", NULL}},
    {"straight quote ends", "She wrote \"We are done.\" The letter was short.",
     {"She wrote \"We are done.\"", "The letter was short.", NULL}},
    {"quote opens next", "The mayor spoke. \xE2\x80\x9CWe will rebuild,\xE2\x80\x9D she said.",
     {"The mayor spoke.", "\xE2\x80\x9CWe will rebuild,\xE2\x80\x9D she said.", NULL}},
    {"paren closes", "The bill passed (by two votes.) Opponents were furious.",
     {"The bill passed (by two votes.)", "Opponents were furious.", NULL}},
    {"ellipsis ascii", "He paused... Then he signed.", {"He paused...", "Then he signed.", NULL}},
    {"ellipsis lower", "It was... unusual, to say the least.", {"It was... unusual, to say the least.", NULL}},
    {"ellipsis char", "Wait\xE2\x80\xA6 The line went dead.", {"Wait\xE2\x80\xA6", "The line went dead.", NULL}},
    {"interrobang run", "Really?! Yes, really.", {"Really?!", "Yes, really.", NULL}},
    {"heading", "Contentious Talks\nThe delegations met for six hours.",
     {"Contentious Talks", "The delegations met for six hours.", NULL}},
    {"question heading", "What happens next?\nThe court will rule in May.",
     {"What happens next?", "The court will rule in May.", NULL}},
    {"dash list", "Key demands include:\n-No new bases\n-A ceasefire by March",
     {"Key demands include:", "-No new bases", "-A ceasefire by March", NULL}},
    {"bullet list", "\xE2\x80\xA2 first point\n\xE2\x80\xA2 second point",
     {"\xE2\x80\xA2 first point", "\xE2\x80\xA2 second point", NULL}},
    {"numbered list", "1. The army withdraws.\n2. Prisoners are exchanged.",
     {"1. The army withdraws.", "2. Prisoners are exchanged.", NULL}},
    {"colon then lowercase", "The plan has two parts:\nlower taxes\nmore police",
     {"The plan has two parts:", "lower taxes", "more police", NULL}},
    {"wrapped line", "The minister said the talks would\ncontinue next week in Vienna.",
     {"The minister said the talks would\ncontinue next week in Vienna.", NULL}},
    {"no wrap after period", "The talks ended.\niPhone sales rose.", {"The talks ended.", "iPhone sales rose.", NULL}},
    {"blank lines", "First paragraph here.\n\nSecond paragraph here.",
     {"First paragraph here.", "Second paragraph here.", NULL}},
    {"dateline slash dash", "OSLO/BERGEN \xE2\x80\x94 Ferry crews went on strike. Services stopped.",
     {"OSLO/BERGEN \xE2\x80\x94 Ferry crews went on strike.", "Services stopped.", NULL}},
    {"dateline AP", "LIMA, Peru (AP) \xE2\x80\x94 A quake shook the coast on Sunday.",
     {"LIMA, Peru (AP) \xE2\x80\x94 A quake shook the coast on Sunday.", NULL}},
    {"dateline own line", "GENEVA \xE2\x80\x94\nNegotiators arrived late.",
     {"GENEVA \xE2\x80\x94\nNegotiators arrived late.", NULL}},
    {"cyrillic", "\xD0\x92\xD1\x81\xD1\x82\xD1\x80\xD0\xB5\xD1\x87\xD0\xB0 \xD0\xB7\xD0\xB0\xD0\xBA\xD0\xBE\xD0\xBD\xD1\x87\xD0\xB8\xD0\xBB\xD0\xB0\xD1\x81\xD1\x8C. \xD0\x9C\xD0\xB8\xD1\x80\xD0\xB0 \xD0\xBD\xD0\xB5\xD1\x82.",
     {"\xD0\x92\xD1\x81\xD1\x82\xD1\x80\xD0\xB5\xD1\x87\xD0\xB0 \xD0\xB7\xD0\xB0\xD0\xBA\xD0\xBE\xD0\xBD\xD1\x87\xD0\xB8\xD0\xBB\xD0\xB0\xD1\x81\xD1\x8C.", "\xD0\x9C\xD0\xB8\xD1\x80\xD0\xB0 \xD0\xBD\xD0\xB5\xD1\x82.", NULL}},
    {"cyrillic initials", "\xD0\x92. \xD0\x9F. \xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xBE\xD0\xB2 \xD0\xBF\xD1\x80\xD0\xB8\xD0\xB5\xD1\x85\xD0\xB0\xD0\xBB.",
     {"\xD0\x92. \xD0\x9F. \xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xBE\xD0\xB2 \xD0\xBF\xD1\x80\xD0\xB8\xD0\xB5\xD1\x85\xD0\xB0\xD0\xBB.", NULL}},
    /* Arabic: "The meeting began. Did it end?" then a period sentence. */
    {"arabic", "\xD8\xA8\xD8\xAF\xD8\xA3 \xD8\xA7\xD9\x84\xD8\xA7\xD8\xAC\xD8\xAA\xD9\x85\xD8\xA7\xD8\xB9. \xD9\x87\xD9\x84 \xD8\xA7\xD9\x86\xD8\xAA\xD9\x87\xD9\x89\xD8\x9F\xD9\x84\xD8\xA7",
     {"\xD8\xA8\xD8\xAF\xD8\xA3 \xD8\xA7\xD9\x84\xD8\xA7\xD8\xAC\xD8\xAA\xD9\x85\xD8\xA7\xD8\xB9.", "\xD9\x87\xD9\x84 \xD8\xA7\xD9\x86\xD8\xAA\xD9\x87\xD9\x89\xD8\x9F", "\xD9\x84\xD8\xA7", NULL}},
    {"chinese", "\xE4\xBC\x9A\xE8\xB0\x88\xE7\xBB\x93\xE6\x9D\x9F\xE3\x80\x82\xE5\x8F\x8C\xE6\x96\xB9\xE6\xBB\xA1\xE6\x84\x8F\xEF\xBC\x81\xE4\xB8\xBA\xE4\xBB\x80\xE4\xB9\x88\xEF\xBC\x9F",
     {"\xE4\xBC\x9A\xE8\xB0\x88\xE7\xBB\x93\xE6\x9D\x9F\xE3\x80\x82", "\xE5\x8F\x8C\xE6\x96\xB9\xE6\xBB\xA1\xE6\x84\x8F\xEF\xBC\x81", "\xE4\xB8\xBA\xE4\xBB\x80\xE4\xB9\x88\xEF\xBC\x9F", NULL}},
    {"japanese quote", "\xE5\xBD\xBC\xE3\x81\xAF\xE3\x80\x8C\xE3\x81\x84\xE3\x81\x84\xE3\x80\x82\xE3\x80\x8D\xE3\x81\xA8\xE8\xA8\x80\xE3\x81\xA3\xE3\x81\x9F\xE3\x80\x82",
     {"\xE5\xBD\xBC\xE3\x81\xAF\xE3\x80\x8C\xE3\x81\x84\xE3\x81\x84\xE3\x80\x82\xE3\x80\x8D", "\xE3\x81\xA8\xE8\xA8\x80\xE3\x81\xA3\xE3\x81\x9F\xE3\x80\x82", NULL}},
    {"devanagari danda", "\xE0\xA4\xAC\xE0\xA5\x88\xE0\xA4\xA0\xE0\xA4\x95 \xE0\xA4\xB9\xE0\xA5\x81\xE0\xA4\x88\xE0\xA5\xA4 \xE0\xA4\xAB\xE0\xA4\xBF\xE0\xA4\xB0",
     {"\xE0\xA4\xAC\xE0\xA5\x88\xE0\xA4\xA0\xE0\xA4\x95 \xE0\xA4\xB9\xE0\xA5\x81\xE0\xA4\x88\xE0\xA5\xA4", "\xE0\xA4\xAB\xE0\xA4\xBF\xE0\xA4\xB0", NULL}},
    {"mixed scripts", "Peskov said \xD0\xB4\xD0\xB0. Then \xE5\xA5\xBD\xE3\x80\x82" "Done.",
     {"Peskov said \xD0\xB4\xD0\xB0.", "Then \xE5\xA5\xBD\xE3\x80\x82", "Done.", NULL}},
    {"lowercase after period", "The file was named report.final and kept.", {"The file was named report.final and kept.", NULL}},
    {"url-ish", "See example.com for details. It is free.", {"See example.com for details.", "It is free.", NULL}},
    {"CRLF input", "One line.\r\nAnother line.", {"One line.", "Another line.", NULL}},
    {"trailing spaces", "  Padded sentence.   \n  ", {"Padded sentence.", NULL}},
    {"no end mark", "A fragment without an end", {"A fragment without an end", NULL}},
    {"list under heading then text", "Demands\n- one\n- two\nThe list ended.",
     {"Demands", "- one", "- two", "The list ended.", NULL}},
    {"comma wrap", "The report, released on Friday,\nWarned of shortages.",
     {"The report, released on Friday,\nWarned of shortages.", NULL}},
    {"Jr end", "The award went to Sam Ortiz Jr. The crowd cheered.",
     {"The award went to Sam Ortiz Jr.", "The crowd cheered.", NULL}},
    {"initial before surname", "The talk was by Vice President Ada R. Biden Jr. and others.",
     {"The talk was by Vice President Ada R. Biden Jr. and others.", NULL}},
    {"times list", "7:05 p.m.\nThe hearing resumed after a break.",
     {"7:05 p.m.", "The hearing resumed after a break.", NULL}},
    {"initial then The", "They chose Plan B. The vote was close.", {"They chose Plan B.", "The vote was close.", NULL}},
    {"single quote closer", "He called it 'a mistake.' Aides agreed.", {"He called it 'a mistake.'", "Aides agreed.", NULL}},
    {"period then paren opener", "Prices rose. (Figures are provisional.) Markets fell.",
     {"Prices rose.", "(Figures are provisional.)", "Markets fell.", NULL}},
};

static void check_case(const scase *c)
{
    cwi_spans sp = {0};
    size_t n = strlen(c->in);
    assert_int_equal(cwi_sentences(c->in, n, &sp), CW_OK);
    size_t want = 0;
    while (want < MAXS && c->want[want]) want++;
    bool ok = sp.n == want;
    for (size_t k = 0; ok && k < want; k++) {
        size_t len = sp.v[k].end - sp.v[k].start;
        ok = len == strlen(c->want[k]) && memcmp(c->in + sp.v[k].start, c->want[k], len) == 0;
    }
    if (!ok) {
        fprintf(stderr, "case '%s': got %zu sentences, want %zu\n", c->name, sp.n, want);
        for (size_t k = 0; k < sp.n; k++)
            fprintf(stderr, "  got [%.*s]\n", (int)(sp.v[k].end - sp.v[k].start), c->in + sp.v[k].start);
        for (size_t k = 0; k < want; k++) fprintf(stderr, "  want[%s]\n", c->want[k]);
    }
    CWI_VEC_FREE(sp);
    assert_true(ok);
}

static void test_table(void **state)
{
    (void)state;
    size_t failed = 0;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        /* Run every case, report all failures, then fail once. */
        cwi_spans sp = {0};
        const scase *c = &cases[k];
        assert_int_equal(cwi_sentences(c->in, strlen(c->in), &sp), CW_OK);
        size_t want = 0;
        while (want < MAXS && c->want[want]) want++;
        bool ok = sp.n == want;
        for (size_t i = 0; ok && i < want; i++) {
            size_t len = sp.v[i].end - sp.v[i].start;
            ok = len == strlen(c->want[i]) && memcmp(c->in + sp.v[i].start, c->want[i], len) == 0;
        }
        CWI_VEC_FREE(sp);
        if (!ok) {
            failed++;
            check_case(c); /* prints the difference */
        }
    }
    assert_int_equal(failed, 0);
    assert_true(sizeof cases / sizeof cases[0] >= 50);
}

/* Spans are in order, non-overlapping, non-empty and trimmed. */
static void check_invariants(const char *s, size_t n, const cwi_spans *sp)
{
    uint32_t prev = 0;
    for (size_t k = 0; k < sp->n; k++) {
        cwi_span x = sp->v[k];
        assert_true(x.start < x.end);
        assert_true(x.start >= prev);
        assert_true(x.end <= n);
        assert_true(s[x.start] != ' ' && s[x.start] != '\n');
        assert_true(s[x.end - 1] != ' ' && s[x.end - 1] != '\n');
        prev = x.end;
    }
}

static void test_long_line(void **state)
{
    (void)state;
    size_t n = 100 * 1024;
    char *s = malloc(n);
    assert_non_null(s);
    for (size_t k = 0; k < n; k++) s[k] = k % 7 == 6 ? ' ' : "abcdefg"[k % 7];
    s[0] = 'A';
    s[n - 1] = 'x';
    cwi_spans sp = {0};
    /* No clock here: a quadratic splitter would take hours on these inputs,
     * and ctest's time limit on this program catches that without making the
     * test depend on how busy the machine is. */
    assert_int_equal(cwi_sentences(s, n, &sp), CW_OK);
    assert_int_equal(sp.n, 1);
    assert_int_equal(sp.v[0].start, 0);
    assert_int_equal(sp.v[0].end, n);
    CWI_VEC_FREE(sp);
    free(s);
}

static void test_many_periods(void **state)
{
    (void)state;
    size_t n = 100000;
    char *s = malloc(2 * n);
    assert_non_null(s);
    memset(s, '.', n);
    cwi_spans sp = {0};
    assert_int_equal(cwi_sentences(s, n, &sp), CW_OK);
    assert_int_equal(sp.n, 1);
    CWI_VEC_FREE(sp);
    /* ". A" repeated: every period is a candidate; initials keep them joined. */
    for (size_t k = 0; k + 3 <= 2 * n; k += 3) memcpy(s + k, "A. ", 3);
    assert_int_equal(cwi_sentences(s, 2 * n - 2 * n % 3, &sp), CW_OK);
    check_invariants(s, 2 * n - 2 * n % 3, &sp);
    CWI_VEC_FREE(sp);
    /* "x. " repeated: ordinary sentence ends are not taken without a starter. */
    for (size_t k = 0; k + 3 <= 2 * n; k += 3) memcpy(s + k, "Ab.", 3);
    assert_int_equal(cwi_sentences(s, 2 * n - 2 * n % 3, &sp), CW_OK);
    check_invariants(s, 2 * n - 2 * n % 3, &sp);
    CWI_VEC_FREE(sp);
    /* "Go. " repeated: one sentence per four bytes. */
    for (size_t k = 0; k + 4 <= 2 * n; k += 4) memcpy(s + k, "Go. ", 4);
    assert_int_equal(cwi_sentences(s, 2 * n, &sp), CW_OK);
    assert_int_equal(sp.n, 2 * n / 4);
    check_invariants(s, 2 * n, &sp);
    CWI_VEC_FREE(sp);
    /* Many newlines and quotes. */
    for (size_t k = 0; k < 2 * n; k++) s[k] = "\n\"'.)\n"[k % 6];
    assert_int_equal(cwi_sentences(s, 2 * n, &sp), CW_OK);
    check_invariants(s, 2 * n, &sp);
    CWI_VEC_FREE(sp);
    free(s);
}

/* Pseudo-random bytes: never a crash, always the invariants. */
static void test_random(void **state)
{
    (void)state;
    static const char *const atoms[] = {"A", "b", ".", " ", "\n", "?", "U.S.", "Mr.", "\xE2\x80\x9D", "\"",
                                        "\xE3\x80\x82", "\xD0\x96", "\xFF", "\xE2", "1", "- ", "\xE2\x80\x94", ":"};
    uint64_t x = 88172645463325252ull;
    char buf[4096];
    for (int round = 0; round < 2000; round++) {
        size_t n = 0;
        for (int k = 0; k < 200; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const char *a = atoms[x % (sizeof atoms / sizeof atoms[0])];
            size_t l = strlen(a);
            if (n + l > sizeof buf) break;
            memcpy(buf + n, a, l);
            n += l;
        }
        cwi_spans sp = {0};
        assert_int_equal(cwi_sentences(buf, n, &sp), CW_OK);
        check_invariants(buf, n, &sp);
        CWI_VEC_FREE(sp);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_many_periods),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
