/*
 * fuzz_dom: libFuzzer target for the extractor's HTML tree builder
 * (cwi_dom_parse). Properties: no crash, no leak, no undefined behaviour;
 * the tree is well formed (parent, child and sibling links agree, no open
 * element deeper than the cap allows, every text and attribute string is
 * NUL-terminated with no NUL inside and text lengths match); the same bytes
 * give the same tree twice; the tree's text is never longer than the input.
 * See fuzz/README.md.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/dom.h"

/* Checks the tree under doc; returns the total bytes of text it holds. */
static size_t check_tree(const cwi_dom_node *doc)
{
    size_t text = 0, depth = 0;
    const cwi_dom_node *cur = doc;
    while (cur) {
        if (cur->type == CWI_DOM_TEXT) {
            if (!cur->u.text || strlen(cur->u.text) != cur->len || cur->len == 0 || cur->first) abort();
            text += cur->len;
        } else if (cur->type == CWI_DOM_ELEMENT) {
            if (!cur->name || !*cur->name || cur->tag >= CWI_TAG_COUNT) abort();
            if (cur->tag != CWI_TAG_OTHER && strcmp(cur->name, cwi_dom_tag_name((enum cwi_dom_tag)cur->tag))) abort();
            for (uint32_t i = 0; i < cur->len; i++) {
                const cwi_dom_attr *a = &cur->u.attrs[i];
                if (!a->name || !*a->name || !a->value) abort();
                for (uint32_t j = 0; j < i; j++)
                    if (!strcmp(cur->u.attrs[j].name, a->name)) abort(); /* duplicates are dropped */
            }
        } else if (cur != doc) {
            abort();
        }
        /* the child list is consistent */
        const cwi_dom_node *last = NULL;
        for (const cwi_dom_node *c = cur->first; c; c = c->next) {
            if (c->parent != cur) abort();
            last = c;
        }
        if (last != cur->last) abort();
        if (depth > 2 * CWI_DOM_MAX_DEPTH + 8) abort(); /* implied roots can add a few levels */
        if (cur->first) {
            cur = cur->first;
            depth++;
            continue;
        }
        while (cur && cur != doc && !cur->next) {
            cur = cur->parent;
            depth--;
        }
        if (!cur || cur == doc) break;
        cur = cur->next;
    }
    return text;
}

static char *dump(const cwi_dom *d, size_t *n)
{
    cwi_buf b;
    cwi_buf_init(&b, 0);
    for (const cwi_dom_node *c = cwi_dom_document(d)->first; c; c = c->next)
        if (cwi_dom_serialize(c, &b) != CW_OK) abort();
    *n = b.len;
    char *r = b.data ? cwi_buf_take(&b) : strdup("");
    cwi_buf_clean(&b);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20)) return 0;
    cwi_dom *a = NULL, *b = NULL;
    if (cwi_dom_parse((const char *)data, size, &a) != CW_OK) abort();
    if (cwi_dom_parse((const char *)data, size, &b) != CW_OK) abort();
    size_t text = check_tree(cwi_dom_document(a));
    if (text > size) abort(); /* decoding never lengthens */
    if (cwi_dom_node_count(a) > CWI_DOM_MAX_NODES || cwi_dom_node_count(a) > 2 * size + 8) abort();
    size_t na = 0, nb = 0;
    char *da = dump(a, &na), *db = dump(b, &nb);
    if (na != nb || memcmp(da, db, na)) abort();
    free(da);
    free(db);
    cwi_dom_free(a);
    cwi_dom_free(b);
    return 0;
}
