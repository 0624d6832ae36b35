/* bsyn_levels.h — items grouped by logic level, for level-by-level device launches. */
#ifndef BSYN_LEVELS_H
#define BSYN_LEVELS_H

#include <stdint.h>

#include "bsyn_aig.h"
#include "bsyn_bsd.h"

/* items[start[l] .. start[l+1]) are the items of level l+1, ascending, for l < num_levels.
 * Items of one level never depend on each other. Free with bsyn_levels_free. */
typedef struct bsyn_levels {
  uint32_t num_levels;
  uint32_t *start; /* num_levels + 1 entries */
  uint32_t *items;
} bsyn_levels;

/* Buckets the n items by level[item] (>= 1), keeping ascending order inside a level. */
void bsyn_levels_build(bsyn_levels *lv, const uint32_t *items, uint32_t n, const uint32_t *level);
void bsyn_levels_free(bsyn_levels *lv);

/* The ANDs of aig by logic level (inputs are level 0 and not listed). */
void bsyn_levels_aig(bsyn_levels *lv, const bsyn_aig *aig);

/* The non-constant BSD nodes below the n roots by height (children of a level-h node have
 * height < h; a node with two constant children has height 1). */
void bsyn_levels_bsd(bsyn_levels *lv, const bsyn_bsd *bsd, const bsyn_edge *roots, uint32_t n);

#endif
