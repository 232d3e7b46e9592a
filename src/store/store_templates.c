/* store: outlet template counts and content-hash look-ups. */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

cw_status cwi_store_find_hash(cwi_store *s, const char *hash, int64_t *id)
{
    sqlite3_reset(s->by_hash);
    sqlite3_bind_text(s->by_hash, 1, hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s->by_hash);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(s->by_hash, 0) : 0;
    sqlite3_reset(s->by_hash);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? CW_OK : cwi_store_fail(s, "looking up a hash");
}

cw_status cwi_store_template_each(cwi_store *s, cwi_template_row_fn fn, void *ud)
{
    sqlite3_stmt *st;
    const char *sql = "SELECT o.outlet, o.articles, coalesce(l.hash, 0), coalesce(l.count, 0)"
                      " FROM outlet_templates o LEFT JOIN template_lines l ON l.outlet = o.outlet";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return cwi_store_fail(s, "reading templates");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (fn(ud, (const char *)sqlite3_column_text(st, 0), (uint32_t)sqlite3_column_int64(st, 1),
               (uint64_t)sqlite3_column_int64(st, 2), (uint32_t)sqlite3_column_int64(st, 3)))
            break;
    }
    cw_status res = rc == SQLITE_ROW || rc == SQLITE_DONE ? CW_OK : cwi_store_fail(s, "reading templates");
    sqlite3_finalize(st);
    return res;
}

static cw_status upsert(cwi_store *s, sqlite3_stmt **st, const char *sql, const char *outlet, bool with_hash,
                        uint64_t hash, uint32_t count)
{
    if (CWI_NEVER(!s->in_tx)) return CW_ERR_USAGE;
    if (!*st && sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return cwi_store_fail(s, "preparing a template update");
    sqlite3_reset(*st);
    int i = 1;
    sqlite3_bind_text(*st, i++, outlet, -1, SQLITE_STATIC);
    if (with_hash) sqlite3_bind_int64(*st, i++, (sqlite3_int64)hash);
    sqlite3_bind_int64(*st, i, count);
    int rc = sqlite3_step(*st);
    sqlite3_reset(*st);
    return rc == SQLITE_DONE ? CW_OK : cwi_store_fail(s, "updating a template");
}

cw_status cwi_store_template_outlet(cwi_store *s, const char *outlet, uint32_t articles)
{
    return upsert(s, &s->tpl_outlet,
                  "INSERT INTO outlet_templates(outlet, articles) VALUES (?, ?)"
                  " ON CONFLICT(outlet) DO UPDATE SET articles = excluded.articles",
                  outlet, false, 0, articles);
}

cw_status cwi_store_template_line(cwi_store *s, const char *outlet, uint64_t hash, uint32_t count)
{
    return upsert(s, &s->tpl_line,
                  "INSERT INTO template_lines(outlet, hash, count) VALUES (?, ?, ?)"
                  " ON CONFLICT(outlet, hash) DO UPDATE SET count = excluded.count",
                  outlet, true, hash, count);
}
