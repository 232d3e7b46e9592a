/* engine internals shared by the engine's own files. */
#ifndef CW_ENGINE_ENGINE_H
#define CW_ENGINE_ENGINE_H

#include "core/core.h"
#include "store/store.h"

struct cw_engine {
    cwi_store *store;
    struct cwi_stories *stories; /* relate/cluster state, built on first ingest (engine/stories.c) */
    struct cwi_template *templates; /* outlet templates, loaded from the store on first ingest */
    char err[1024];
};

/* Records a message for cw_engine_error and returns st. */
cw_status cwi_engine_fail(cw_engine *e, cw_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Appends "key":value pairs of JSON; a NULL string becomes null. */
cw_status cwi_json_kv_str(cwi_buf *b, const char *key, const char *val, bool comma);
cw_status cwi_json_kv_int(cwi_buf *b, const char *key, int64_t val, bool comma);

#endif
