/* The engine side of relating and clustering (src/engine/stories.c). */
#ifndef CW_ENGINE_STORIES_H
#define CW_ENGINE_STORIES_H

#include "store/store.h"

typedef struct cwi_stories cwi_stories;
struct cw_engine;

/* Relates and clusters a newly stored article (id, inside the batch's
 * transaction) and stores what it found. The state is created and rebuilt
 * from the store on first use. */
cw_status cwi_stories_add(struct cw_engine *e, int64_t id, const cwi_article *a);
void cwi_stories_free(cwi_stories *s); /* NULL is a no-op */

#endif
