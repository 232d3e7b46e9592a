/*
 * libFuzzer target: the flat JSON reader against jansson on arbitrary
 * bytes. Properties: no crash, no leak, and whatever the flat reader
 * accepts, jansson reads as an object with the same value (type, bytes,
 * integer) for every key asked for.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"

static const char *const keys[] = {"text", "html", "id", "title", "url", "", "date"};
#define NK (sizeof keys / sizeof *keys)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cwi_flat_value v[NK];
    cwi_buf sc;
    cwi_buf_init(&sc, 0);
    if (cwi_flat_json((const char *)data, size, keys, NK, v, &sc)) {
        json_t *o = json_loadb((const char *)data, size, 0, NULL);
        if (!o || !json_is_object(o)) abort();
        for (size_t k = 0; k < NK; k++) {
            json_t *x = json_object_get(o, keys[k]);
            switch (v[k].type) {
            case CWI_FLAT_ABSENT:
                if (x) abort();
                break;
            case CWI_FLAT_STRING:
                if (!json_is_string(x) || json_string_length(x) != v[k].len ||
                    memcmp(json_string_value(x), v[k].str, v[k].len + 1) != 0)
                    abort();
                break;
            case CWI_FLAT_INTEGER:
                if (!json_is_integer(x) || (long long)json_integer_value(x) != v[k].integer) abort();
                break;
            default:
                if (!x || json_is_string(x) || json_is_integer(x)) abort();
                break;
            }
        }
        json_decref(o);
    }
    cwi_buf_clean(&sc);
    return 0;
}
