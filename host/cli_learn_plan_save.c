/* --checkpoint DIR of a plan of groups (cli_learn.h): each of the plan's first groups is
 * saved, with the parts it was split into, as DIR/group-<k>.bsyn once learned, and read back
 * by the same command run again instead of learned. A file holds one line naming the run it
 * belongs to (the oracle and every option that changes what is learned) and the packed
 * groups (bsyn_cli_learn_pack_groups); it is written whole or not at all (bsyn_out.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bsyn_out.h"
#include "cli.h"
#include "cli_learn.h"

#define SAVE_MAGIC "bsyn plan group 1"

/* The run's identity: what must match for a saved group to stand for the one learned. */
static void identity(const bsyn_cli_learn_opts *o, char *buf, size_t size) {
  snprintf(buf, size,
           "oracle=%s seed=%llu epsilon=%.17g delta=%.17g max_nodes=%llu verify=%llu "
           "sampler=%s stress=%.17g trace=%s trace_share=%.17g order=%s pair=%d level=%d "
           "fixup=%d cross=%d sig=%llu confirm=%llu sens=%llu rounds=%llu lookahead=%llu/%llu/%.17g "
           "aig=%s",
           o->oracle, (unsigned long long)o->seed, o->epsilon, o->delta,
           (unsigned long long)o->max_nodes, (unsigned long long)o->verify,
           o->sampler ? o->sampler : "-", o->stress_share, o->trace ? o->trace : "-",
           o->trace_share, o->order ? o->order : "-", o->pair_fields, o->level_order,
           o->path_fixup, o->cross, (unsigned long long)o->sig_words,
           (unsigned long long)o->confirm_words, (unsigned long long)o->sens_words,
           (unsigned long long)o->rounds, (unsigned long long)o->lookahead,
           (unsigned long long)o->lookahead_depth, o->lookahead_gain,
           o->aig_form ? o->aig_form : "-");
}

static void group_path(const bsyn_cli_learn_opts *o, uint32_t origin, char *buf, size_t size) {
  snprintf(buf, size, "%s/group-%u.bsyn", o->checkpoint, origin);
}

int bsyn_cli_learn_plan_load(const bsyn_cli_learn_opts *o, uint32_t origin,
                             bsyn_cli_learn_done **groups, uint32_t *n) {
  char path[4096], want[2048], line[2048];
  group_path(o, origin, path, sizeof path);
  FILE *f = fopen(path, "rb");
  if (!f) {
    if (errno == ENOENT)
      return 0;
    bsyn_cli_error("learn", "cannot read %s: %s", path, strerror(errno));
    return -1;
  }
  identity(o, want, sizeof want);
  int rc = 0;
  size_t skip = strlen(SAVE_MAGIC) + 1;
  if (!fgets(line, sizeof line, f) || strncmp(line, SAVE_MAGIC " ", skip)) {
    rc = -1;
    fprintf(stderr, "%s:1: error: expected a saved group of bsyn learn, found another file\n",
            path);
  }
  line[strcspn(line, "\n")] = 0;
  if (!rc && strcmp(line + skip, want)) {
    rc = -1;
    fprintf(stderr,
            "%s:1: error: expected a group of this run (%s), found one of another run (%s); "
            "remove the folder or give the same options\n",
            path, want, line + skip);
  }
  uint8_t *buf = NULL;
  size_t len = 0, cap = 0;
  while (!rc) {
    if (len == cap)
      buf = bsyn_realloc(buf, cap = 2 * cap + 65536);
    size_t got = fread(buf + len, 1, cap - len, f);
    if (!got)
      break;
    len += got;
  }
  if (!rc && bsyn_cli_learn_unpack_groups(o, buf, len, groups, n)) {
    rc = -1;
    fprintf(stderr, "%s:2: error: expected packed groups, found %zu bytes that do not unpack\n",
            path, len);
  }
  free(buf);
  fclose(f);
  return rc ? -1 : 1;
}

int bsyn_cli_learn_plan_save(const bsyn_cli_learn_opts *o, uint32_t origin,
                             const bsyn_cli_learn_done *groups, uint32_t n) {
  if (mkdir(o->checkpoint, 0777) && errno != EEXIST)
    return bsyn_cli_error("learn", "cannot make the --checkpoint folder %s: %s", o->checkpoint,
                          strerror(errno));
  char path[4096], id[2048];
  group_path(o, origin, path, sizeof path);
  identity(o, id, sizeof id);
  size_t len = 0;
  uint8_t *buf = bsyn_cli_learn_pack_groups(groups, n, 1, &len);
  bsyn_diag d;
  bsyn_diag_init(&d, path);
  bsyn_out out;
  int rc = bsyn_out_open(&out, path, &d);
  if (!rc) {
    fprintf(out.f, SAVE_MAGIC " %s\n", id);
    fwrite(buf, 1, len, out.f);
    rc = bsyn_out_commit(&out, &d);
  }
  free(buf);
  return rc ? bsyn_cli_report(&d) : 0;
}
