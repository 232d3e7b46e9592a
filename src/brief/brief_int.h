/* brief internals shared by the module's files. */
#ifndef CW_BRIEF_BRIEF_INT_H
#define CW_BRIEF_BRIEF_INT_H

#include "brief/brief.h"

/* Appends {"article":NAME,"start":S,"end":E}. */
cw_status cwi_brief_span_json(cwi_buf *b, const char *name, cwi_span sp);

/* Whether the story's articles are few enough and each has a name. */
bool cwi_brief_args_ok(const cwi_brief_article *arts, size_t n);

#endif
