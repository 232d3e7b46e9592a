/* extract: scraped text. Invented texts for each kind of boilerplate, the
 * language identifier, and the seed articles from ../shared when present. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cw_test.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "text/lang.h"

static cwi_doc run(const char *txt)
{
    cwi_doc d = {0};
    char *err = NULL;
    assert_int_equal(cwi_extract_text(txt, strlen(txt), NULL, &d, &err), CW_OK);
    assert_null(err);
    assert_non_null(d.text);
    return d;
}

static void has(const cwi_doc *d, const char *s) { cwt_has(d->text, s); }
static void hasnt(const cwi_doc *d, const char *s) { cwt_hasnt(d->text, s); }

static void headline_and_repeats(void **state)
{
    (void)state;
    cwi_doc d = run("Harbour Cranes Return to Service After Storm Repairs\n\n"
                    "Harbour Cranes Return to Service After Storm Repairs\n"
                    "The port authority of Lindenhaven said on Friday that all four cranes were working again.\n"
                    "Harbour Cranes Return to Service After Storm Repairs\n"
                    "Engineers replaced two motors and a cable drum over nine days.\n");
    assert_string_equal(d.title, "Harbour Cranes Return to Service After Storm Repairs");
    hasnt(&d, "Harbour Cranes"); /* held once: in the title, not again in the body */
    has(&d, "The port authority of Lindenhaven");
    has(&d, "over nine days.");
    cwi_doc_clean(&d);

    /* a first line that is a sentence is body, not a headline */
    d = run("The port authority of Lindenhaven said on Friday that all four cranes were working again after "
            "a storm in October damaged their motors.\nEngineers replaced two motors.\n");
    assert_null(d.title);
    has(&d, "The port authority of Lindenhaven");
    cwi_doc_clean(&d);
}

static void ad_markers_any_script(void **state)
{
    (void)state;
    cwi_doc d = run("Vineyards Count Losses\n"
                    "Growers in the valley lost a third of the harvest to hail.ADVERTISEMENT\n"
                    "Advertisement\n"
                    "Anzeige\n"
                    "Insurers expect claims to rise. Реклама\n"
                    "Cooperatives will share equipment next season.\xD8\xA7\xD8\xB6\xD8\xA7\xD9\x81\xD8\xA9 "
                    "\xD8\xA7\xD8\xB9\xD9\x84\xD8\xA7\xD9\x86\n"
                    "\xE5\xB9\xBF\xE5\x91\x8A\n"
                    "Prices for the remaining wine rose by nine percent.\n");
    hasnt(&d, "ADVERTISEMENT");
    hasnt(&d, "Advertisement");
    hasnt(&d, "Anzeige");
    hasnt(&d, "Реклама");
    hasnt(&d, "\xD8\xA7\xD8\xB9\xD9\x84\xD8\xA7\xD9\x86");
    hasnt(&d, "\xE5\xB9\xBF\xE5\x91\x8A");
    has(&d, "lost a third of the harvest to hail.");
    has(&d, "Insurers expect claims to rise.");
    has(&d, "equipment next season.");
    has(&d, "rose by nine percent.");
    cwi_doc_clean(&d);
}

static void comment_form_and_language_switcher(void **state)
{
    (void)state;
    cwi_doc d = run("Library Opens Night Reading Room\n"
                    "The city library will keep its reading room open until midnight from March.\n"
                    "Staff said students had asked for the change for years.\n"
                    "Leave a Reply\n"
                    "Your email address will not be published. Required fields are marked *\n"
                    "Comment *\nName *\nEmail *\nWebsite\n"
                    "Save my name, email, and website in this browser for the next time I comment.\n"
                    "Post Comment\n"
                    "de_DEDeutsch fr_FRFrançais\n"
                    "English Español Français\n");
    has(&d, "asked for the change for years.");
    hasnt(&d, "Leave a Reply");
    hasnt(&d, "will not be published");
    hasnt(&d, "Save my name");
    hasnt(&d, "Post Comment");
    hasnt(&d, "de_DE");
    hasnt(&d, "Español");
    cwi_doc_clean(&d);
}

static void link_lists_after_markers(void **state)
{
    (void)state;
    cwi_doc d = run("Ferry Timetable Changes in Spring\n"
                    "The island ferry will run every forty minutes instead of every hour.\n"
                    "The operator hired six new deck hands for the season.\n"
                    "Read more:\n"
                    "Bridge Tolls Frozen for Another Year\n"
                    "New Cycle Lanes Planned Along the Seafront\n"
                    "Related: Harbour Master Retires After Thirty Years\n"
                    "Passengers can buy tickets on board until May.\n");
    has(&d, "every forty minutes");
    has(&d, "buy tickets on board until May.");
    hasnt(&d, "Read more");
    hasnt(&d, "Bridge Tolls Frozen");
    hasnt(&d, "New Cycle Lanes");
    hasnt(&d, "Harbour Master Retires");
    cwi_doc_clean(&d);

    /* a heading or a line that introduces a list stays */
    d = run("Council Votes on Budget\n"
            "The council approved the budget on Monday.\n"
            "What changes for residents?\n"
            "The main changes are:\n"
            "- Bus fares fall by ten cents\n"
            "- Libraries open on Sundays\n"
            "The mayor said the plan was fair.\n");
    has(&d, "What changes for residents?");
    has(&d, "The main changes are:");
    has(&d, "- Bus fares fall by ten cents");
    has(&d, "The mayor said the plan was fair.");
    cwi_doc_clean(&d);
}

static void donation_appeal_names_the_outlet(void **state)
{
    (void)state;
    cwi_doc d = run("River Levels Fall After Week of Rain\n"
                    "Water in the Ostra river fell by half a metre overnight, the flood office said.\n"
                    "Residents of the lower town were allowed back into their homes.\n"
                    "A Message from the Valley Courier Desk:\n"
                    "Dear readers,\n"
                    "Our small newsroom depends on you. The reporters of Valley Courier Desk cover the towns "
                    "nobody else covers.\n"
                    "Please support us monthly or make a one-time contribution. Every donation helps.\n"
                    "By supporting Valley Courier Desk you keep local news alive.\n"
                    "Remind me later.\n");
    has(&d, "allowed back into their homes.");
    hasnt(&d, "Dear readers");
    hasnt(&d, "A Message from");
    hasnt(&d, "support us monthly");
    hasnt(&d, "Remind me later");
    assert_non_null(d.credit);
    assert_string_equal(d.credit, "Valley Courier Desk");
    cwi_doc_clean(&d);

    /* a sentence about support is body text */
    d = run("Farm Aid Package Passes\n"
            "Support for the farm aid package grew after the drought, lawmakers said on Tuesday.\n"
            "The package is worth two million euros.\n");
    has(&d, "Support for the farm aid package grew");
    has(&d, "two million euros.");
    assert_null(d.credit);
    cwi_doc_clean(&d);
}

static void wire_credits(void **state)
{
    (void)state;
    cwi_doc d = run("Airline Orders Twelve Jets\n"
                    "An airline based in Porto ordered twelve jets on Wednesday, its chief executive told "
                    "Reuters.\nThe first deliveries are due in two years.\n"
                    "Reuters\n");
    assert_string_equal(d.credit, "Reuters");
    hasnt(&d, "\nReuters");
    has(&d, "chief executive told Reuters.");
    cwi_doc_clean(&d);

    d = run("Airline Orders Twelve Jets\n"
            "LISBON, March 3 (AP) — An airline based in Porto ordered twelve jets on Wednesday.\n"
            "The first deliveries are due in two years.\n");
    assert_string_equal(d.credit, "AP");
    has(&d, "LISBON, March 3 (AP)"); /* the dateline is body text */
    cwi_doc_clean(&d);

    d = run("Airline Orders Twelve Jets\n"
            "An airline based in Porto ordered twelve jets on Wednesday.\n"
            "(Reporting by Ana Lima; Editing by Tom Berg)\n");
    assert_string_equal(d.credit, "Reuters");
    hasnt(&d, "Reporting by");
    cwi_doc_clean(&d);

    /* "according to" a wire is not its credit */
    d = run("Airline Orders Twelve Jets\n"
            "An airline based in Porto ordered twelve jets, according to Reuters.\n"
            "The first deliveries are due in two years.\n");
    assert_null(d.credit);
    cwi_doc_clean(&d);

    d = run("Airline Orders Twelve Jets\n"
            "An airline based in Porto ordered twelve jets on Wednesday.\n"
            "— AFP\n");
    assert_string_equal(d.credit, "AFP");
    cwi_doc_clean(&d);
}

static void address_lines(void **state)
{
    (void)state;
    /* as a word tokenizer leaves it, above the headline: the URL, its host
     * and date become metadata, and the headline below it is found */
    cwi_doc d = run("http: / / www. lindenhaven - post. example / news / 2021 / mar / 4 / cranes - back /\n"
                    "Harbour Cranes Return to Service\n"
                    "The port authority of Lindenhaven said all four cranes were working again.\n");
    assert_string_equal(d.url, "http://www.lindenhaven-post.example/news/2021/mar/4/cranes-back/");
    assert_string_equal(d.published, "2021-03-04");
    assert_string_equal(d.title, "Harbour Cranes Return to Service");
    hasnt(&d, "lindenhaven - post");
    has(&d, "The port authority of Lindenhaven said");
    cwi_doc_clean(&d);

    /* plain, at the end: out of the body; a sentence naming an address stays */
    d = run("Cranes Back at Work\nThe port said the cranes run again.\n"
            "https://port.example/notices has the timetable for the week.\nhttps://port.example/2020-11-09/cranes\n");
    assert_string_equal(d.url, "https://port.example/2020-11-09/cranes");
    assert_string_equal(d.published, "2020-11-09");
    has(&d, "https://port.example/notices has the timetable");
    hasnt(&d, "/cranes\n");
    assert_null(strstr(d.text, "2020-11-09"));
    cwi_doc_clean(&d);

    /* the container's own address and date win over the line's */
    cwi_extract_hints h = {"https://feed.example/a", NULL, "2021-03-05", NULL};
    char *err = NULL;
    const char *t = "Cranes Back at Work\nhttps://port.example/2021/03/04/cranes\nThe port said the cranes run again.\n";
    d = (cwi_doc){0};
    assert_int_equal(cwi_extract_text(t, strlen(t), &h, &d, &err), CW_OK);
    assert_string_equal(d.url, "https://feed.example/a");
    assert_string_equal(d.published, "2021-03-05");
    hasnt(&d, "port.example");
    cwi_doc_clean(&d);
}

static void bad_input(void **state)
{
    (void)state;
    cwi_doc d = {0};
    char *err = NULL;
    assert_int_equal(cwi_extract_text("", 0, NULL, &d, &err), CW_OK);
    assert_string_equal(d.text, "");
    cwi_doc_clean(&d);
    static const char bin[] = "\x00\xff\xfe\x01\x02\x80\x80\xc3\x28 text \x00\x00";
    assert_int_equal(cwi_extract_text(bin, sizeof bin - 1, NULL, &d, &err), CW_OK);
    assert_null(strchr(d.text, 1));
    cwi_doc_clean(&d);
    /* 2 MB of one long line and of many short lines: bounded time */
    size_t n = 2u << 20;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i++) big[i] = (i % 61 == 60) ? '\n' : (char)('a' + i % 26);
    big[n] = 0;
    assert_int_equal(cwi_extract_text(big, n, NULL, &d, &err), CW_OK);
    cwi_doc_clean(&d);
    memset(big, 'x', n);
    assert_int_equal(cwi_extract_text(big, n, NULL, &d, &err), CW_OK);
    cwi_doc_clean(&d);
    free(big);
}

static void languages(void **state)
{
    (void)state;
    static const struct { const char *text, *lang; } cases[] = {
        {"The committee said on Monday that the new rules would be published after the vote in parliament.", "en"},
        {"Der Ausschuss sagte am Montag, dass die neuen Regeln nach der Abstimmung im Parlament veröffentlicht werden.", "de"},
        {"Le comité a déclaré lundi que les nouvelles règles seront publiées après le vote au parlement.", "fr"},
        {"El comité dijo el lunes que las nuevas normas se publicarán después de la votación en el parlamento.", "es"},
        {"Il comitato ha detto lunedì che le nuove regole saranno pubblicate dopo il voto in parlamento.", "it"},
        {"O comitê disse na segunda-feira que as novas regras serão publicadas após a votação no parlamento.", "pt"},
        {"Het comité zei maandag dat de nieuwe regels na de stemming in het parlement worden gepubliceerd.", "nl"},
        {"Komisja poinformowała w poniedziałek, że nowe przepisy zostaną opublikowane po głosowaniu w parlamencie.", "pl"},
        {"Комитет заявил в понедельник, что новые правила будут опубликованы после голосования в парламенте.", "ru"},
        {"Комітет заявив у понеділок, що нові правила будуть опубліковані після голосування в парламенті.", "uk"},
        {"قالت اللجنة يوم الاثنين إن القواعد الجديدة ستنشر بعد التصويت في البرلمان.", "ar"},
        {"کمیته روز دوشنبه گفت که قوانین جدید پس از رای گیری در پارلمان منتشر خواهد شد.", "fa"},
        {"委员会周一表示，新规则将在议会投票后公布。", "zh"},
        {"委員会は月曜日、新しい規則は議会での投票後に公表されると述べた。", "ja"},
        {"위원회는 월요일 새 규칙이 의회 투표 후에 발표될 것이라고 말했다.", "ko"},
        {"Η επιτροπή δήλωσε τη Δευτέρα ότι οι νέοι κανόνες θα δημοσιευθούν μετά την ψηφοφορία.", "el"},
        {"הוועדה אמרה ביום שני כי הכללים החדשים יפורסמו לאחר ההצבעה בפרלמנט.", "he"},
        {"Komite Pazartesi günü yaptığı açıklamada yeni kuralların meclisteki oylamadan sonra yayımlanacağını söyledi ve bu karar için çok tartışma olacak.", "tr"},
        {"", "und"},
        {"12345 !!! ???", "und"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = cwi_detect_lang(cases[i].text, strlen(cases[i].text));
        if (strcmp(got, cases[i].lang) != 0) fail_msg("case %zu: %s, want %s", i, got, cases[i].lang);
    }
}

/* ---- the seed articles, when ../shared is present ------------------------------------ */

/* A small JSON reader for expected.json (a trusted file of the project; depth
 * is bounded by the file's shape). Finds obj[key1][key2] as a string or, for
 * arrays of strings, calls back on each. */
static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++;
    return p;
}

/* Reads a JSON string at p (at the opening quote) into a malloc'd buffer. */
static char *read_str(const char **pp)
{
    const char *p = *pp + 1;
    size_t cap = 64, n = 0;
    char *o = malloc(cap);
    while (*p && *p != '"') {
        if (n + 8 > cap) o = realloc(o, cap *= 2);
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                unsigned cp = (unsigned)strtoul((char[]){p[1], p[2], p[3], p[4], 0}, NULL, 16);
                p += 5;
                if (cp >= 0xD800 && cp < 0xDC00 && p[0] == '\\' && p[1] == 'u') {
                    unsigned lo = (unsigned)strtoul((char[]){p[2], p[3], p[4], p[5], 0}, NULL, 16);
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
                if (cp < 0x80) o[n++] = (char)cp;
                else if (cp < 0x800) { o[n++] = (char)(0xC0 | (cp >> 6)); o[n++] = (char)(0x80 | (cp & 0x3F)); }
                else if (cp < 0x10000) {
                    o[n++] = (char)(0xE0 | (cp >> 12)); o[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    o[n++] = (char)(0x80 | (cp & 0x3F));
                } else {
                    o[n++] = (char)(0xF0 | (cp >> 18)); o[n++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                    o[n++] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[n++] = (char)(0x80 | (cp & 0x3F));
                }
                continue;
            }
            char c = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p;
            o[n++] = c;
            p++;
            continue;
        }
        o[n++] = *p++;
    }
    o[n] = 0;
    *pp = *p ? p + 1 : p;
    return o;
}

/* Skips one JSON value (iteratively: counts brackets outside strings). */
static const char *skip_value(const char *p)
{
    p = skip_ws(p);
    if (*p == '"') {
        free(read_str(&p));
        return p;
    }
    if (*p == '{' || *p == '[') {
        int depth = 0;
        do {
            if (*p == '"') {
                free(read_str(&p));
                continue;
            }
            if (*p == '{' || *p == '[') depth++;
            if (*p == '}' || *p == ']') depth--;
            p++;
        } while (*p && depth > 0);
        return p;
    }
    while (*p && *p != ',' && *p != '}' && *p != ']') p++;
    return p;
}

/* Returns a pointer to the value of key in the object at p, or NULL. */
static const char *member(const char *p, const char *key)
{
    p = skip_ws(p);
    if (*p != '{') return NULL;
    p++;
    for (;;) {
        p = skip_ws(p);
        if (*p != '"') return NULL;
        char *k = read_str(&p);
        p = skip_ws(p);
        if (*p == ':') p++;
        p = skip_ws(p);
        bool hit = strcmp(k, key) == 0;
        free(k);
        if (hit) return p;
        p = skip_ws(skip_value(p));
        if (*p == ',') p++;
        else return NULL;
    }
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t c = 0, m = strlen(needle);
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += m) c++;
    return c;
}

static void seeds(void **state)
{
    (void)state;
    size_t en;
    char *exp = cwt_slurp(CW_SHARED_DIR "/seeds/expected.json", &en);
    if (!exp) {
        print_message("skipped: %s/seeds/expected.json is absent\n", CW_SHARED_DIR);
        skip();
    }
    const char *titles = member(exp, "titles");
    assert_non_null(titles);
    const char *p = skip_ws(titles) + 1;
    int files = 0;
    for (;;) {
        p = skip_ws(p);
        if (*p != '"') break;
        char *name = read_str(&p);
        p = skip_ws(p) + 1; /* ':' */
        p = skip_ws(p);
        char *title = *p == '"' ? read_str(&p) : NULL;
        if (!title) p = skip_value(p);
        p = skip_ws(p);
        if (*p == ',') p++;

        char path[512];
        snprintf(path, sizeof path, "%s/seeds/%s", CW_SHARED_DIR, name);
        size_t tn;
        char *txt = cwt_slurp(path, &tn);
        assert_non_null(txt);
        cwi_doc d = {0};
        char *err = NULL;
        assert_int_equal(cwi_extract_text(txt, tn, NULL, &d, &err), CW_OK);
        files++;
        if (title) {
            if (!d.title || strcmp(d.title, title) != 0) fail_msg("%s: title %s, want %s", name, d.title, title);
        } else if (d.title) {
            fail_msg("%s: title %s, want none", name, d.title);
        }
        static const char *const lists[] = {"boilerplate_removed", "content_kept"};
        for (int l = 0; l < 2; l++) {
            const char *arr = member(member(exp, lists[l]), name);
            if (!arr || *arr != '[') continue;
            const char *q = skip_ws(arr + 1);
            while (*q == '"') {
                char *s = read_str(&q);
                if (l == 0 && strstr(d.text, s)) fail_msg("%s: boilerplate kept: %s", name, s);
                if (l == 1 && !strstr(d.text, s)) fail_msg("%s: content lost: %s", name, s);
                free(s);
                q = skip_ws(q);
                if (*q == ',') q = skip_ws(q + 1);
            }
        }
        const char *rep = member(member(exp, "title_repeated_once_only"), name);
        if (rep && *rep == '"') {
            char *s = read_str(&rep);
            if (count_of(d.text, s) > 1 || !d.title || strcmp(d.title, s) != 0)
                fail_msg("%s: repeated headline held %zu times", name, count_of(d.text, s));
            free(s);
        }
        const char *cr = member(member(exp, "credits"), name);
        if (cr && *cr == '"') {
            char *s = read_str(&cr);
            if (!d.credit || strcmp(d.credit, s) != 0) fail_msg("%s: credit %s, want %s", name, d.credit, s);
            free(s);
        }
        cwi_doc_clean(&d);
        free(txt);
        free(name);
        free(title);
    }
    assert_true(files >= 5);
    free(exp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(headline_and_repeats),
        cmocka_unit_test(ad_markers_any_script),
        cmocka_unit_test(comment_form_and_language_switcher),
        cmocka_unit_test(link_lists_after_markers),
        cmocka_unit_test(donation_appeal_names_the_outlet),
        cmocka_unit_test(wire_credits),
        cmocka_unit_test(address_lines),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(languages),
        cmocka_unit_test(seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
