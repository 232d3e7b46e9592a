/*
 * boiler: the phrases of boilerplate and credits, shared by the scraped-text
 * and the HTML paths. The tables name what news sites print in many
 * languages (WordPress comment forms, ad markers, "read more" markers, wire
 * services); no rule here knows any particular article.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"
#include "text/text.h"

#define N_OF(a) (sizeof(a) / sizeof(*(a)))

/* ---- tables ----------------------------------------------------------------- */

/* A whole line that is only an ad marker (compared without case for ASCII). */
static const char *const ad_markers[] = {
    "advertisement", "advertisements", "advertising", "sponsored", "sponsored content", "paid content",
    "paid post", "ad", "ads", "promoted", "promoted content", "anzeige", "werbung", "publicité", "publicite",
    "PUBLICITÉ", "publicidad", "PUBLICIDAD", "anuncio", "pubblicità", "PUBBLICITÀ", "publicidade",
    "PUBLICIDADE", "реклама", "Реклама", "РЕКЛАМА", "рекламa", "реклама.", "advertentie", "reclame", "reklama",
    "Reklama", "REKLAMA", "reklame", "annons", "annonse", "mainos", "hirdetés", "HIRDETÉS", "reclamă",
    "RECLAMĂ", "reklam", "REKLAM", "iklan", "IKLAN", "quảng cáo", "Quảng cáo", "διαφήμιση", "Διαφήμιση",
    "ΔΙΑΦΗΜΙΣΗ", "פרסומת", "広告", "广告", "廣告", "광고", "विज्ञापन", "โฆษณา", "إعلان", "اعلان", "إعلانات",
    "اضافة اعلان", "إضافة إعلان", "اضافة إعلان", "إضافة اعلان", "تبلیغات", "آگهی", "اشتہار", "Реклама от",
};

/* Prefixes of lines that are ad furniture. */
static const char *const ad_prefixes[] = {
    "advertisement - scroll", "advertisement: scroll", "advertisement — scroll", "story continues below",
    "article continues below", "continue reading below", "scroll to continue", "continue reading the main story",
    "skip advertisement", "the article continues below", "weiter nach der anzeige", "lesen sie nach der anzeige",
    "la suite après la publicité", "la suite après cette publicité", "sigue leyendo", "continua a leggere",
    "продолжение ниже", "reklama pokračuje", "advertisement continue reading",
};

/* Comment forms (WordPress and others, in the languages it ships). */
static const char *const comment_prefixes[] = {
    "leave a reply", "leave a comment", "leave your comment", "post a comment", "post comment", "add a comment",
    "add comment", "cancel reply", "your email address will not be published", "your email will not be published",
    "required fields are marked", "save my name, email", "save my name and email", "notify me of follow-up",
    "notify me of new posts", "notify me of new comments", "you must be logged in to post a comment",
    "comments are closed", "comment *", "name *", "email *", "website *", "join the discussion",
    "join the conversation", "show comments", "view comments", "load comments", "comments (", "0 comments",
    "no comments yet", "be the first to comment", "deja una respuesta", "deja un comentario",
    "tu dirección de correo electrónico no será publicada", "los campos obligatorios están marcados",
    "laisser un commentaire", "laisser une réponse", "votre adresse e-mail ne sera pas publiée",
    "votre adresse de messagerie ne sera pas publiée", "les champs obligatoires sont indiqués",
    "schreibe einen kommentar", "kommentar verfassen", "hinterlasse einen kommentar",
    "deine e-mail-adresse wird nicht veröffentlicht", "ihre e-mail-adresse wird nicht veröffentlicht",
    "erforderliche felder sind", "lascia un commento", "lascia una risposta",
    "il tuo indirizzo email non sarà pubblicato", "i campi obbligatori sono contrassegnati",
    "deixe um comentário", "deixe uma resposta", "o seu endereço de email não será publicado",
    "o seu endereço de e-mail não será publicado", "campos obrigatórios são marcados",
    "laat een reactie achter", "je e-mailadres wordt niet gepubliceerd", "vereiste velden zijn gemarkeerd",
    "lämna ett svar", "lämna en kommentar", "din e-postadress kommer inte publiceras",
    "skriv et svar", "efterlad en kommentar", "din e-mailadresse vil ikke blive publiceret",
    "zostaw odpowiedź", "dodaj komentarz", "twój adres e-mail nie zostanie opublikowany",
    "yorum yap", "bir yanıt yazın", "e-posta adresiniz yayınlanmayacak",
    "Оставить комментарий", "Добавить комментарий", "Оставьте комментарий", "Ваш адрес email не будет опубликован",
    "Обязательные поля помечены", "Залишити коментар", "Ваша e-mail адреса не оприлюднюватиметься",
    "اترك تعليقاً", "اترك تعليقا", "أضف تعليق", "لن يتم نشر عنوان بريدك الإلكتروني", "الحقول الإلزامية مشار إليها",
    "发表评论", "发表回复", "您的电子邮箱地址不会被公开", "コメントを残す", "メールアドレスが公開されることはありません",
};

/* Markers that introduce a list of other stories. */
static const char *const link_markers[] = {
    "also read", "read also", "read more", "more to read", "related", "related articles", "related stories",
    "related news", "related content", "related coverage", "related posts", "related reading", "related topics",
    "more from", "more on this", "more on this story", "more stories", "more news", "recommended",
    "recommended for you", "recommended stories", "you may also like", "you might also like",
    "you may be interested in", "you might be interested in", "see also", "most read", "most popular",
    "most viewed", "trending", "trending now", "top stories", "latest news", "latest stories", "editor's picks",
    "editors' picks", "don't miss", "don’t miss", "further reading", "in other news", "what to read next",
    "lesen sie auch", "mehr zum thema", "das könnte sie auch interessieren", "auch interessant", "weitere artikel",
    "lire aussi", "à lire aussi", "a lire aussi", "lire également", "à lire également", "sur le même sujet",
    "lea también", "leer más", "te puede interesar", "le puede interesar", "más noticias", "noticias relacionadas",
    "leggi anche", "leggi pure", "potrebbe interessarti", "articoli correlati", "leia também", "leia mais",
    "veja também", "notícias relacionadas", "lees ook", "lees meer", "meer over", "läs också", "läs mer",
    "les også", "læs også", "læs mere", "lue myös", "czytaj też", "czytaj także", "przeczytaj też",
    "čtěte také", "citește și", "citeste si", "ayrıca okuyun", "ilginizi çekebilir", "baca juga",
    "Читайте также", "Читайте также:", "Смотрите также", "Читайте нас", "По теме", "Другие новости",
    "Читайте також", "Дивіться також", "Διαβάστε επίσης", "קראו עוד", "קרא עוד", "اقرأ أيضا", "اقرأ أيضاً",
    "اقرأ ايضا", "اقرأ ايضاً", "إقرأ أيضا", "إقرأ أيضاً", "شاهد أيضا", "اقرأ المزيد", "مواضيع ذات صلة",
    "أخبار ذات صلة", "بیشتر بخوانید", "مطالب مرتبط", "यह भी पढ़ें", "ये भी पढ़ें", "और पढ़ें",
    "相关阅读", "相关新闻", "相关文章", "延伸阅读", "延伸閱讀", "相關新聞", "関連記事", "関連ニュース",
    "관련기사", "관련 기사", "함께 볼 기사", "อ่านเพิ่มเติม", "ข่าวที่เกี่ยวข้อง", "xem thêm", "tin liên quan",
};

/* Headings that open a donation or subscription appeal. */
static const char *const appeal_prefixes[] = {
    "a message from", "a note from", "a letter from", "dear reader", "dear readers", "dear friend",
    "support ", "help us", "help support", "become a member", "become a subscriber", "become a supporter",
    "before you go", "before you continue", "we need your help", "we need your support", "donate",
    "subscribe to", "subscribe now", "make a contribution", "contribute", "join us", "thank you for reading",
    "thanks for reading", "if you value", "if you appreciate", "liebe leserin", "liebe leser", "unterstützen sie",
    "chers lecteurs", "chères lectrices", "chère lectrice", "cher lecteur", "soutenez", "queridos lectores",
    "estimados lectores", "querido lector", "apoya", "apóyanos", "cari lettori", "caro lettore", "sostieni",
    "caros leitores", "caro leitor", "apoie", "beste lezer", "beste lezers", "steun ", "kære læser",
    "kära läsare", "kjære leser", "hyvä lukija", "drodzy czytelnicy", "drogi czytelniku", "wesprzyj",
    "Дорогие читатели", "Уважаемые читатели", "Дорогой читатель", "Поддержите", "Шановні читачі",
    "Дорогі читачі", "Підтримайте", "Αγαπητοί αναγνώστες", "قراءنا الأعزاء", "عزيزي القارئ", "ادعم",
    "親愛的讀者", "亲爱的读者", "支持我们", "読者の皆様", "독자 여러분",
};

/* Words of appeals; each hit counts once per occurrence. */
static const char *const appeal_words[] = {
    "support us", "support our", "your support", "supporting", "donate", "donation", "contribution",
    "contribute", "subscribe", "subscription", "subscriber", "monthly", "remind me later", "maybe later",
    "become a member", "membership", "one-time", "one time", "patreon", "paypal", "independent journalism",
    "as little as", "per month", "a month", "spende", "spenden", "unterstützen", "abonnieren", "monatlich",
    "soutenir", "soutenez", "faire un don", "abonnez", "mensuel", "donar", "donación", "apoya", "suscríbete",
    "mensual", "sostienici", "sostieni", "abbonati", "donazione", "mensile", "apoie", "assine", "doação",
    "mensal", "steun", "doneer", "abonneer", "stöd", "støt", "prenumerera", "wesprzyj", "wpłać",
    "поддерж", "пожертв", "подпис", "ежемесяч", "підтрим", "донат", "υποστηρίξτε", "δωρεά", "تبرع", "ادعم",
    "اشترك", "捐", "订阅", "訂閱", "支持", "寄付", "購読", "후원", "구독",
};

/* Language names in their own languages (language switchers). */
static const char *const autonyms[] = {
    "English", "Français", "Deutsch", "Español", "Italiano", "Português", "Nederlands", "Polski", "Türkçe",
    "Svenska", "Dansk", "Norsk", "Suomi", "Čeština", "Magyar", "Română", "Hrvatski", "Srpski", "Slovenčina",
    "Slovenščina", "Lietuvių", "Latviešu", "Eesti", "Bahasa", "Indonesia", "Melayu", "Tiếng", "Việt",
    "Русский", "Українська", "Беларуская", "Български", "Српски", "Қазақша", "Ελληνικά", "עברית", "العربية",
    "فارسی", "اردو", "हिन्दी", "हिंदी", "বাংলা", "தமிழ்", "ไทย", "中文", "简体中文", "繁體中文", "日本語", "한국어",
    "ქართული", "Հայերեն", "Azərbaycan", "O'zbek", "Kiswahili", "Afrikaans", "Català", "Euskara", "Galego",
    "ENGLISH", "FRANÇAIS", "DEUTSCH", "ESPAÑOL", "РУССКИЙ", "EN", "FR", "DE", "ES", "RU", "AR", "ZH",
};

/* Share bars, cookie and newsletter prompts (prefixes, short lines only). */
static const char *const share_prefixes[] = {
    "share this", "share on", "share via", "share article", "share the article", "share:", "tweet",
    "copy link", "link copied", "email this", "print this", "follow us on", "follow us", "sign up for",
    "sign up to", "subscribe to our newsletter", "get our newsletter", "newsletter", "we use cookies",
    "this website uses cookies", "this site uses cookies", "accept cookies", "accept all cookies",
    "cookie settings", "manage cookies", "by continuing to use", "teilen", "artikel teilen", "partager",
    "compartir", "condividi", "compartilhe", "Поделиться", "شارك", "分享", "シェア", "공유",
};

/* Wire services: the ways they are written, with their usual name. cs: the
 * spelling must match exactly (short acronyms), else ASCII case is ignored. */
static const struct wire {
    const char *spell, *name;
    bool cs;
} wires[] = {
    {"Reuters", "Reuters", false}, {"Thomson Reuters", "Reuters", false}, {"REUTERS", "Reuters", true},
    {"AP", "AP", true}, {"Associated Press", "AP", false}, {"The Associated Press", "AP", false},
    {"AFP", "AFP", true}, {"Agence France-Presse", "AFP", false}, {"Agence France Presse", "AFP", false},
    {"UPI", "UPI", true}, {"United Press International", "UPI", false}, {"dpa", "dpa", false},
    {"Deutsche Presse-Agentur", "dpa", false}, {"EFE", "EFE", false}, {"Agencia EFE", "EFE", false},
    {"ANSA", "ANSA", false}, {"Xinhua", "Xinhua", false}, {"TASS", "TASS", false}, {"Interfax", "Interfax", false},
    {"Bloomberg", "Bloomberg", false}, {"PTI", "PTI", true}, {"IANS", "IANS", true}, {"ANI", "ANI", true},
    {"Kyodo", "Kyodo", false}, {"Kyodo News", "Kyodo", false}, {"Yonhap", "Yonhap", false},
    {"Anadolu", "Anadolu", false}, {"Anadolu Agency", "Anadolu", false}, {"AAP", "AAP", true},
    {"The Canadian Press", "The Canadian Press", false}, {"Canadian Press", "The Canadian Press", false},
    {"Europa Press", "Europa Press", false}, {"Lusa", "Lusa", false}, {"Belga", "Belga", false},
    {"ANP", "ANP", true}, {"PAP", "PAP", true}, {"APA", "APA", true}, {"Bernama", "Bernama", false},
    {"Antara", "Antara", false}, {"IRNA", "IRNA", true}, {"WAFA", "WAFA", true}, {"KUNA", "KUNA", true},
    {"WAM", "WAM", true}, {"MENA", "MENA", true}, {"SPA", "SPA", true}, {"Ukrinform", "Ukrinform", false},
    {"RIA Novosti", "RIA Novosti", false}, {"Jiji Press", "Jiji", false}, {"NTB", "NTB", true},
    {"TT", "TT", true}, {"Ritzau", "Ritzau", false}, {"STT", "STT", true}, {"MTI", "MTI", true},
    {"Agerpres", "Agerpres", false}, {"Press Association", "PA", false}, {"PA Media", "PA", false},
    {"Agence Presse", "AFP", false}, {"ТАСС", "TASS", false}, {"Интерфакс", "Interfax", false},
    {"РИА Новости", "RIA Novosti", false}, {"Укрінформ", "Ukrinform", false}, {"رويترز", "Reuters", false},
    {"فرانس برس", "AFP", false}, {"أ ف ب", "AFP", false}, {"أسوشيتد برس", "AP", false}, {"رويترز.", "Reuters", false},
    {"路透社", "Reuters", false}, {"法新社", "AFP", false}, {"美联社", "AP", false}, {"新华社", "Xinhua", false},
    {"ロイター", "Reuters", false}, {"共同通信", "Kyodo", false}, {"時事通信", "Jiji", false}, {"연합뉴스", "Yonhap", false},
    {"로이터", "Reuters", false}, {"رويترز", "Reuters", false}, {"Ρόιτερς", "Reuters", false},
};

/* ---- helpers ------------------------------------------------------------------ */

/* Bytes of punctuation that may surround a marker: ASCII and the common
 * Unicode dashes, quotes, bullets and brackets. */
static bool is_trim_punct(int32_t cp)
{
    if (cp < 0x80) return cp == ':' || cp == '.' || cp == '*' || cp == '-' || cp == '|' || cp == '>' ||
                          cp == '<' || cp == '!' || cp == '#' || cp == '[' || cp == ']' || cp == '(' ||
                          cp == ')' || cp == '/' || cp == '_' || cp == '=' || cp == '+' || cp == '~' || cp == ',';
    return cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == 0x2022 || cp == 0xB7 || cp == 0xBB ||
           cp == 0xAB || cp == 0x25BA || cp == 0x25B6 || cp == 0x2192 || cp == 0x203A || cp == 0x2039 ||
           cp == 0xFF1A || cp == 0x3001 || cp == 0x3002 || cp == 0x061B || cp == 0x060C || cp == 0x2026 ||
           cp == 0x3010 || cp == 0x3011 || cp == 0xFF08 || cp == 0xFF09;
}

/* Trims white space and the punctuation above on both ends. */
static void trim_punct(const char **s, size_t *n)
{
    for (;;) {
        cwi_ex_trim(s, n);
        if (*n == 0) return;
        size_t len;
        int32_t cp = cwi_utf8_decode(*s, *n, &len);
        if (is_trim_punct(cp)) {
            *s += len;
            *n -= len;
            continue;
        }
        size_t k = cwi_utf8_prev(*s, 0, *n);
        cp = cwi_utf8_decode(*s + k, *n - k, &len);
        if (k + len == *n && is_trim_punct(cp)) {
            *n = k;
            continue;
        }
        return;
    }
}

static bool in_list(const char *s, size_t n, const char *const *list, size_t cnt)
{
    for (size_t i = 0; i < cnt; i++)
        if (cwi_ex_eq_ci(s, n, list[i])) return true;
    return false;
}

static bool prefix_in_list(const char *s, size_t n, const char *const *list, size_t cnt)
{
    for (size_t i = 0; i < cnt; i++)
        if (cwi_ex_starts_ci(s, n, list[i])) return true;
    return false;
}

/* "en_US" glued to a language name: "en_USEnglish", "fr_FRFrançais". */
static bool has_locale_glue(const char *s, size_t n)
{
    for (size_t i = 0; i + 5 < n; i++) {
        const unsigned char *p = (const unsigned char *)s + i;
        if (p[0] >= 'a' && p[0] <= 'z' && p[1] >= 'a' && p[1] <= 'z' && p[2] == '_' && p[3] >= 'A' &&
            p[3] <= 'Z' && p[4] >= 'A' && p[4] <= 'Z' && (i == 0 || !(p[-1] >= 'a' && p[-1] <= 'z')) &&
            (p[5] >= 0x80 || (p[5] >= 'A' && p[5] <= 'Z')))
            return true;
    }
    return false;
}

/* Every token of s (split on spaces, |, /, ·, •, commas) is a language name. */
static bool all_autonyms(const char *s, size_t n)
{
    size_t i = 0, toks = 0;
    while (i < n) {
        size_t len;
        int32_t cp = cwi_utf8_decode(s + i, n - i, &len);
        if (cwi_ex_is_space(cp) || cp == '|' || cp == '/' || cp == ',' || cp == 0xB7 || cp == 0x2022) {
            i += len;
            continue;
        }
        size_t j = i;
        while (j < n) {
            cp = cwi_utf8_decode(s + j, n - j, &len);
            if (cwi_ex_is_space(cp) || cp == '|' || cp == '/' || cp == ',' || cp == 0xB7 || cp == 0x2022) break;
            j += len;
        }
        bool ok = false;
        for (size_t k = 0; k < N_OF(autonyms) && !ok; k++)
            ok = strlen(autonyms[k]) == j - i && memcmp(autonyms[k], s + i, j - i) == 0;
        if (!ok) return false;
        toks++;
        i = j;
    }
    return toks >= 1;
}

/* ---- public helpers -------------------------------------------------------------- */

enum cwi_ex_boiler cwi_ex_classify_line(const char *s, size_t n)
{
    const char *p = s;
    size_t m = n;
    trim_punct(&p, &m);
    if (m == 0) return CWI_EXB_NONE;
    if (m <= 60 && in_list(p, m, ad_markers, N_OF(ad_markers))) return CWI_EXB_AD;
    if (n <= 200 && prefix_in_list(p, m, ad_prefixes, N_OF(ad_prefixes))) return CWI_EXB_AD;
    if (n <= 400 && prefix_in_list(p, m, comment_prefixes, N_OF(comment_prefixes))) {
        /* "Name *" and the like only as the whole line */
        if (cwi_ex_words(p, m) <= 25) return CWI_EXB_COMMENT;
    }
    if (n <= 600 && has_locale_glue(p, m)) return CWI_EXB_LANGS;
    if (m <= 300 && all_autonyms(p, m)) return CWI_EXB_LANGS;
    if (m <= 60 && in_list(p, m, link_markers, N_OF(link_markers))) return CWI_EXB_LINKS;
    size_t w = cwi_ex_words(p, m);
    if (w <= 12 && prefix_in_list(p, m, appeal_prefixes, N_OF(appeal_prefixes))) return CWI_EXB_APPEAL;
    if (w <= 8 && prefix_in_list(p, m, share_prefixes, N_OF(share_prefixes))) return CWI_EXB_SHARE;
    return CWI_EXB_NONE;
}

size_t cwi_ex_strip_trailing_ad(const char *s, size_t n)
{
    for (size_t k = 0; k < N_OF(ad_markers); k++) {
        const char *mk = ad_markers[k];
        size_t m = strlen(mk);
        if (m < 2 || m + 2 > n) continue;
        /* "ad"/"ads" glued to a word are too common to strip */
        if (m <= 3) continue;
        if (!cwi_ex_eq_ci(s + n - m, m, mk)) continue;
        /* the marker must start its own word ... */
        size_t b = n - m, len;
        size_t k0 = cwi_utf8_prev(s, 0, b);
        int32_t prev = cwi_utf8_decode(s + k0, b - k0, &len);
        /* ... after the end of a sentence, glued or spaced */
        size_t e = b;
        if (cwi_ex_is_space(prev)) {
            e = k0;
            while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t')) e--;
            if (e == 0) continue;
            k0 = cwi_utf8_prev(s, 0, e);
            prev = cwi_utf8_decode(s + k0, e - k0, &len);
        }
        bool sent_end = prev == '.' || prev == '!' || prev == '?' || prev == '"' || prev == 0x201D ||
                        prev == 0x2019 || prev == 0xBB || prev == ')' || prev == 0x3002 || prev == 0x061F ||
                        prev == 0x06D4 || prev == 0x2026;
        /* a capitalised marker glued to a word ("...warWERBUNG") is not safe to strip */
        if (!sent_end) continue;
        return e;
    }
    return n;
}

int cwi_ex_appeal_vocab(const char *s, size_t n)
{
    int hits = 0;
    for (size_t k = 0; k < N_OF(appeal_words); k++) {
        const char *w = appeal_words[k];
        size_t m = strlen(w), i = 0;
        long at;
        while (i < n && (at = cwi_ex_find_ci(s + i, n - i, w)) >= 0) {
            hits++;
            i += (size_t)at + m;
        }
    }
    return hits;
}

static bool is_connector(const char *s, size_t n)
{
    static const char *const c[] = {"of", "and", "&", "de", "du", "des", "der", "die", "la", "le", "el",
                                    "di", "del", "da", "do", "van", "von", "för", "for", "the"};
    for (size_t i = 0; i < N_OF(c); i++)
        if (strlen(c[i]) == n && memcmp(c[i], s, n) == 0) return true;
    return false;
}

/* The proper name at s: "The X Y", capitalised words joined by connectors.
 * Returns its length (0 when none). */
static size_t proper_name_at(const char *s, size_t n)
{
    size_t i = 0, end = 0, caps = 0, toks = 0;
    while (i < n && toks < 8) {
        size_t j = i, len;
        while (j < n) {
            int32_t cp = cwi_utf8_decode(s + j, n - j, &len);
            if (!(cwi_ex_is_alnum(cp) || cp == '-' || cp == '\'' || cp == 0x2019 || cp == '.' || cp == '&')) break;
            j += len;
        }
        size_t tn = j - i;
        while (tn > 0 && (s[i + tn - 1] == '.' || s[i + tn - 1] == '\'')) tn--;
        if (tn == 0) break;
        int32_t first = cwi_utf8_decode(s + i, tn, &len);
        /* a possessive ends the name: "X's" */
        if (tn > 2 && (memcmp(s + i + tn - 2, "'s", 2) == 0)) break;
        if (tn > 4 && memcmp(s + i + tn - 4, "\xE2\x80\x99s", 4) == 0) break;
        if (cwi_ex_is_upper(first)) {
            caps++;
            end = i + tn;
        } else if (!(toks > 0 && is_connector(s + i, tn)) && !(toks == 0 && tn == 3 && memcmp(s + i, "the", 3) == 0)) {
            break;
        }
        toks++;
        if (j < n && s[j] != ' ') break;
        i = j + 1;
    }
    return caps > 0 ? end : 0;
}

char *cwi_ex_appeal_outlet(const char *s, size_t n)
{
    static const struct { const char *t; int strong; } trig[] = {
        {"message from ", 1}, {"note from ", 1}, {"letter from ", 1}, {"journalists of ", 1},
        {"journalists at ", 1}, {"editors of ", 1}, {"editors at ", 1}, {"team at ", 0}, {"team of ", 0},
        {"staff of ", 0}, {"staff at ", 0}, {"newsroom of ", 1}, {"reporters of ", 0}, {"supporting ", 0},
        {"support ", 0}, {"donate to ", 0}, {"subscribe to ", 0}, {"journalistes de ", 1},
        {"rédaction de ", 1}, {"redaktion von ", 1}, {"redaktion der ", 1}, {"periodistas de ", 1},
        {"giornalisti di ", 1}, {"jornalistas do ", 1}, {"jornalistas da ", 1}, {"журналисты ", 1},
        {"редакция ", 1}, {"поддержите ", 0}, {"поддерживая ", 0}, {"журналісти ", 1}, {"редакція ", 1},
    };
    char *best = NULL;
    int best_score = 0;
    size_t best_n = 0;
    for (size_t k = 0; k < N_OF(trig); k++) {
        const char *t = trig[k].t;
        size_t tl = strlen(t), i = 0;
        long at;
        while (i < n && (at = cwi_ex_find_ci(s + i, n - i, t)) >= 0) {
            size_t st = i + (size_t)at + tl;
            i = st;
            size_t nl = proper_name_at(s + st, n - st);
            if (nl < 3 || nl > 80) continue;
            /* how often the appeal names it */
            int cnt = 0;
            size_t q = 0;
            while (q < n) {
                const char *f = cwi_ex_memmem(s + q, n - q, s + st, nl);
                if (!f) break;
                cnt++;
                q = (size_t)(f - s) + nl;
            }
            int score = cnt * 2 + trig[k].strong * 2;
            if (cnt < 2 && !trig[k].strong) continue;
            if (score > best_score || (score == best_score && nl > best_n)) {
                free(best);
                best = cwi_strndup(s + st, nl);
                best_score = score;
                best_n = nl;
            }
        }
    }
    return best;
}

bool cwi_ex_headline_like(const char *s, size_t n)
{
    const char *p = s;
    size_t m = n;
    cwi_ex_trim(&p, &m);
    if (m == 0 || m > 400) return false;
    size_t ch = cwi_ex_chars(p, m), w = cwi_ex_words(p, m);
    if (ch > 200 || w < 2 || w > 40) return false;
    unsigned char last = (unsigned char)p[m - 1], first = (unsigned char)p[0];
    if (last == '.' || last == ',' || last == ';' || last == ':') return false;
    /* CJK and Arabic full stops */
    if (m >= 3 && (memcmp(p + m - 3, "\xE3\x80\x82", 3) == 0)) return false;
    if (first == '-' || first == '*' || first == '(' || (m >= 3 && memcmp(p, "\xE2\x80\xA2", 3) == 0)) return false;
    return true;
}

/* ---- credits ---------------------------------------------------------------------- */

static const char *wire_exact(const char *s, size_t n)
{
    for (size_t k = 0; k < N_OF(wires); k++) {
        size_t m = strlen(wires[k].spell);
        if (m != n) continue;
        if (wires[k].cs ? memcmp(wires[k].spell, s, n) == 0 : cwi_ex_eq_ci(s, n, wires[k].spell))
            return wires[k].name;
    }
    return NULL;
}

const char *cwi_ex_wire_name(const char *s, size_t n, bool whole)
{
    const char *p = s;
    size_t m = n;
    trim_punct(&p, &m);
    if (m == 0 || m > 80) return NULL;
    /* "With AFP", "with Reuters" */
    if (cwi_ex_starts_ci(p, m, "with ")) {
        p += 5;
        m -= 5;
        trim_punct(&p, &m);
    }
    const char *w = wire_exact(p, m);
    if (w || whole) return w;
    /* several wires: "Reuters/AP", "AFP, Reuters": the first */
    size_t i = 0;
    while (i < m) {
        size_t j = i;
        while (j < m && p[j] != '/' && p[j] != ',' && p[j] != ';') j++;
        const char *q = p + i;
        size_t qn = j - i;
        trim_punct(&q, &qn);
        if ((w = wire_exact(q, qn))) return w;
        i = j + 1;
    }
    return NULL;
}

const char *cwi_ex_dateline_credit(const char *s, size_t n)
{
    size_t lim = CWI_MIN(n, 160);
    for (size_t i = 0; i < lim; i++) {
        if (s[i] != '(' && s[i] != '/') continue;
        char close = s[i] == '(' ? ')' : '/';
        const char *e = memchr(s + i + 1, close, CWI_MIN(n - i - 1, 60));
        if (!e) continue;
        const char *w = cwi_ex_wire_name(s + i + 1, (size_t)(e - (s + i + 1)), false);
        if (!w) continue;
        /* a dash or colon must follow: "(Reuters) -" */
        size_t j = (size_t)(e - s) + 1;
        while (j < n && s[j] == ' ') j++;
        if (j < n && (s[j] == '-' || s[j] == ':' || (n - j >= 3 && (memcmp(s + j, "\xE2\x80\x94", 3) == 0 ||
                                                                    memcmp(s + j, "\xE2\x80\x93", 3) == 0))))
            return w;
    }
    return NULL;
}

const char *cwi_ex_signoff_credit(const char *s, size_t n)
{
    const char *p = s;
    size_t m = n;
    cwi_ex_trim(&p, &m);
    if (m == 0 || m > 400) return NULL;
    if (m <= 80) {
        const char *w = cwi_ex_wire_name(p, m, false);
        if (w && cwi_ex_words(p, m) <= 6) return w;
    }
    /* Reuters house style: "(Reporting by X; Editing by Y)" */
    long rb = cwi_ex_find_ci(p, m, "reporting by");
    if (rb >= 0 && rb < 40 && (cwi_ex_find_ci(p, m, "editing by") >= 0 || cwi_ex_find_ci(p, m, "writing by") >= 0)) {
        for (size_t k = 0; k < N_OF(wires); k++)
            if (!wires[k].cs && cwi_ex_find_ci(p, m, wires[k].spell) >= 0) return wires[k].name;
        return "Reuters";
    }
    /* "The Associated Press contributed to this report." */
    long cb = cwi_ex_find_ci(p, m, "contributed to this report");
    if (cb > 0 && m <= 160) {
        const char *w = cwi_ex_wire_name(p, (size_t)cb, false);
        if (w) return w;
    }
    return NULL;
}
