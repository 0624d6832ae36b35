/* `--device auto`: per-kernel measured choice, its cache file, and bsyn_device_open. Built
 * the same with or without OpenCL: without it bsyn_cl_list fails and auto is the C path. */
#include "bsyn_cl_auto.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsyn_cl_calib.h"
#include "bsyn_out.h"
#include "bsyn_pool.h"
#include "bsyn_sim.h"

/* Bump when the calibration batches or this file's format change: old decisions then no
 * longer match any key. */
#define FORMAT "bsyn-cl-auto 1"

static const char *const kernel_files[BSYN_KERNEL_COUNT] = {"aig_sim.cl", "bsd_eval.cl",
                                                            "probe.cl"};

int bsyn_cl_auto_choose(const bsyn_cl_auto_rate *rates, size_t n) {
  double cpu = 0, best_rate = 0;
  int best = -1;
  for (size_t i = 0; i < n; i++) {
    const bsyn_cl_auto_rate *r = &rates[i];
    if (r->failed || !(r->per_s > 0))
      continue;
    if (r->device < 0) {
      if (cpu == 0)
        cpu = r->per_s;
    } else if (r->per_s > best_rate) { /* strict: a tie keeps the earlier device */
      best = r->device;
      best_rate = r->per_s;
    }
  }
  return best >= 0 && best_rate > cpu * BSYN_CL_AUTO_MARGIN ? best : -1;
}

/* The first "model name" of /proc/cpuinfo (the C path's speed depends on it), or "". */
static void cpu_model(char *buf, size_t size) {
  buf[0] = '\0';
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f)
    return;
  char line[512];
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, "model name", 10)) {
      const char *v = strchr(line, ':');
      snprintf(buf, size, "%s", v ? v + 1 : "");
      break;
    }
  fclose(f);
}

static int key_of(bsyn_kernel_id k, const bsyn_cl_device_info *infos, size_t n, uint64_t *key,
                  bsyn_diag *d) {
  if ((unsigned)k >= BSYN_KERNEL_COUNT)
    bsyn_abort("bsyn_cl_auto: kernel %d", (int)k);
  char *src = bsyn_cl_kernel_source(kernel_files[k], d);
  if (!src)
    return -1;
  char host[600], model[256];
  cpu_model(model, sizeof model);
  snprintf(host, sizeof host, "%u cores, %s, %s", bsyn_pool_num_cores(),
           bsyn_simd_name(bsyn_simd_best()), model);
  uint64_t h = 0xcbf29ce484222325ull;
  h = bsyn_cl_hash(h, FORMAT);
  h = bsyn_cl_hash(h, BSYN_VERSION);
  h = bsyn_cl_hash(h, bsyn_kernel_id_name(k));
  h = bsyn_cl_hash(h, src);
  h = bsyn_cl_hash(h, host);
  free(src);
  for (size_t i = 0; i < n; i++) {
    char cu[32];
    snprintf(cu, sizeof cu, "%u %u", infos[i].index, infos[i].compute_units);
    h = bsyn_cl_hash(h, cu);
    h = bsyn_cl_hash(h, infos[i].platform);
    h = bsyn_cl_hash(h, infos[i].name);
    h = bsyn_cl_hash(h, infos[i].type);
    h = bsyn_cl_hash(h, infos[i].driver);
    h = bsyn_cl_hash(h, infos[i].version);
  }
  *key = h;
  return 0;
}

int bsyn_cl_auto_key(bsyn_kernel_id k, uint64_t *key, bsyn_diag *d) {
  bsyn_cl_device_info *infos;
  size_t n;
  *key = 0;
  if (bsyn_cl_list(&infos, &n, d))
    return -1;
  int rc = key_of(k, infos, n, key, d);
  free(infos);
  return rc;
}

void bsyn_cl_auto_path(bsyn_kernel_id k, uint64_t key, char *buf, size_t size) {
  char dir[900];
  bsyn_cl_cache_dir(dir, sizeof dir);
  snprintf(buf, size, "%s/auto-%s-%016llx.txt", dir, bsyn_kernel_id_name(k),
           (unsigned long long)key);
}

static void path_name(int device, char *buf, size_t size) {
  if (device < 0)
    snprintf(buf, size, "cpu");
  else
    snprintf(buf, size, "opencl:%d", device);
}

int bsyn_cl_auto_write(const char *path, const bsyn_cl_auto_decision *dec, bsyn_diag *d) {
  char dir[1024];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash && slash != dir) {
    *slash = '\0';
    bsyn_cl_mkdirs(dir);
  }
  char name[32];
  bsyn_out out; /* readers never see half a file */
  if (bsyn_out_open(&out, path, d))
    return -1;
  FILE *f = out.f;
  path_name(dec->device, name, sizeof name);
  fprintf(f, "%s\nkernel %s\nkey %016llx\nchoice %s\n", FORMAT, bsyn_kernel_id_name(dec->kernel),
          (unsigned long long)dec->key, name);
  for (unsigned i = 0; i < dec->num_rates; i++) {
    path_name(dec->rates[i].device, name, sizeof name);
    if (dec->rates[i].failed)
      fprintf(f, "rate %s failed\n", name);
    else
      fprintf(f, "rate %s %.17g\n", name, dec->rates[i].per_s);
  }
  return bsyn_out_commit(&out, d);
}

/* "cpu" -> -1, "opencl:N" -> N; -2 for anything else. */
static int parse_path(const char *s) {
  if (!strcmp(s, "cpu"))
    return -1;
  if (strncmp(s, "opencl:", 7) || s[7] < '0' || s[7] > '9')
    return -2;
  char *end;
  unsigned long n = strtoul(s + 7, &end, 10);
  return *end || n > 1024 ? -2 : (int)n;
}

/* Parses one line (without its newline) into dec; line is its 1-based number. */
static int parse_line(char *text, unsigned long line, const char *path, bsyn_kernel_id k,
                      uint64_t key, bsyn_cl_auto_decision *dec, int *choice, bsyn_diag *d) {
  char word[16], a[64], b[64], extra[2];
  if (line == 1)
    return strcmp(text, FORMAT)
               ? bsyn_diag_set(d, line, 0, "%s: expected '%s', found '%.60s'", path, FORMAT, text)
               : 0;
  int got = sscanf(text, "%15s %63s %63s %1s", word, a, b, extra);
  if (line == 2 && got == 2 && !strcmp(word, "kernel"))
    return strcmp(a, bsyn_kernel_id_name(k))
               ? bsyn_diag_set(d, line, 0, "%s: expected kernel %s, found %s", path,
                               bsyn_kernel_id_name(k), a)
               : 0;
  if (line == 3 && got == 2 && !strcmp(word, "key")) {
    char want[20];
    snprintf(want, sizeof want, "%016llx", (unsigned long long)key);
    return strcmp(a, want)
               ? bsyn_diag_set(d, line, 0, "%s: expected key %s, found %s", path, want, a)
               : 0;
  }
  if (line == 4 && got == 2 && !strcmp(word, "choice") && (*choice = parse_path(a)) != -2)
    return 0;
  if (line >= 5 && got == 3 && !strcmp(word, "rate")) {
    int dev = parse_path(a);
    unsigned i = dec->num_rates;
    int in_order = i == 0 ? dev == -1 : dev > dec->rates[i - 1].device;
    if (dev == -2 || !in_order || i > BSYN_CL_AUTO_MAX_DEVICES)
      return bsyn_diag_set(
          d, line, 0, "%s: expected the C path first, then devices in rising order, found '%.60s'",
          path, text);
    bsyn_cl_auto_rate *r = &dec->rates[i];
    r->device = dev;
    r->failed = !strcmp(b, "failed");
    r->per_s = 0;
    if (!r->failed) {
      char *end;
      errno = 0;
      r->per_s = strtod(b, &end);
      if (*end || errno || !isfinite(r->per_s) || r->per_s < 0)
        return bsyn_diag_set(d, line, 0, "%s: expected a rate or 'failed', found '%s'", path, b);
    }
    dec->num_rates++;
    return 0;
  }
  return bsyn_diag_set(d, line, 0, "%s: expected the %s line, found '%.60s'", path,
                       line == 2   ? "kernel"
                       : line == 3 ? "key"
                       : line == 4 ? "choice"
                                   : "rate",
                       text);
}

int bsyn_cl_auto_read(const char *path, bsyn_kernel_id k, uint64_t key, bsyn_cl_auto_decision *out,
                      bsyn_diag *d) {
  FILE *f = fopen(path, "r");
  if (!f)
    return bsyn_diag_set(d, 0, 0, "%s: expected a decision file, found: %s", path, strerror(errno));
  bsyn_cl_auto_decision dec;
  memset(&dec, 0, sizeof dec);
  dec.kernel = k;
  dec.key = key;
  int choice = -2, rc = 0;
  unsigned long line = 0;
  char text[256];
  while (!rc && fgets(text, sizeof text, f)) {
    size_t len = strlen(text);
    line++;
    if (len == 0 || text[len - 1] != '\n')
      rc = bsyn_diag_set(d, line, 0,
                         "%s: expected a line ending in a newline, found a cut or long line", path);
    else {
      text[len - 1] = '\0';
      rc = parse_line(text, line, path, k, key, &dec, &choice, d);
    }
  }
  fclose(f);
  if (!rc && (line < 5 || dec.num_rates == 0))
    rc = bsyn_diag_set(d, line, 0,
                       "%s: expected a format, kernel, key, choice and rate lines, found %lu lines",
                       path, line);
  if (!rc && choice != bsyn_cl_auto_choose(dec.rates, dec.num_rates))
    rc = bsyn_diag_set(d, 4, 0, "%s: expected the choice its rates give, found another", path);
  if (rc)
    return -1;
  dec.device = choice;
  *out = dec;
  return 0;
}

/* 1 when the fastest device so far is within a factor of 1.5 of the C path either way. */
static int close_call(bsyn_cl_calib *const *paths, size_t n) {
  bsyn_cl_calib_result r;
  double cpu = 0, best = 0;
  for (size_t i = 0; i < n; i++)
    if (paths[i] && bsyn_cl_calib_finish(paths[i], &r, NULL) == 0) {
      if (i == 0)
        cpu = r.per_s;
      else if (r.per_s > best)
        best = r.per_s;
    }
  return cpu > 0 && best > 0 && best < 1.5 * cpu && best * 1.5 > cpu;
}

/* Measures every path into dec (key already set), all paths in the same rounds. */
static void measure(bsyn_kernel_id k, const bsyn_cl_device_info *infos, size_t n,
                    bsyn_cl_auto_decision *dec) {
  size_t m = n < BSYN_CL_AUTO_MAX_DEVICES ? n : BSYN_CL_AUTO_MAX_DEVICES;
  bsyn_cl *cls[BSYN_CL_AUTO_MAX_DEVICES] = {0};
  bsyn_cl_calib *paths[BSYN_CL_AUTO_MAX_DEVICES + 1] = {0};
  bsyn_diag errs[BSYN_CL_AUTO_MAX_DEVICES + 1];
  bsyn_pool *pool = bsyn_pool_new(0);
  bsyn_diag_init(&errs[0], NULL);
  paths[0] = bsyn_cl_calib_new(k, NULL, pool, &errs[0]);
  for (size_t i = 0; i < m; i++) {
    bsyn_diag_init(&errs[i + 1], NULL);
    cls[i] = bsyn_cl_open(infos[i].index, &errs[i + 1]);
    if (cls[i])
      paths[i + 1] = bsyn_cl_calib_new(k, cls[i], NULL, &errs[i + 1]);
  }
  bsyn_cl_calib_rounds(paths, m + 1);
  if (close_call(paths, m + 1)) /* more turns where noise could flip the choice */
    bsyn_cl_calib_rounds(paths, m + 1);
  dec->num_rates = (unsigned)m + 1;
  dec->error[0] = '\0';
  for (size_t i = 0; i <= m; i++) {
    bsyn_cl_auto_rate *x = &dec->rates[i];
    bsyn_cl_calib_result r;
    x->device = i ? (int)infos[i - 1].index : -1;
    x->failed = !paths[i] || bsyn_cl_calib_finish(paths[i], &r, &errs[i]);
    x->per_s = x->failed ? 0 : r.per_s;
    if (x->failed && i && !dec->error[0])
      snprintf(dec->error, sizeof dec->error, "calibrating %s on opencl:%d: %.200s",
               bsyn_kernel_id_name(k), x->device, errs[i].msg);
    bsyn_cl_calib_free(paths[i]);
  }
  for (size_t i = 0; i < m; i++)
    bsyn_cl_close(cls[i]);
  bsyn_pool_free(pool);
  dec->device = bsyn_cl_auto_choose(dec->rates, dec->num_rates);
  dec->measured = 1;
}

int bsyn_cl_auto_decide(bsyn_kernel_id k, bsyn_cl_auto_mode mode, bsyn_cl_auto_decision *out,
                        bsyn_diag *d) {
  memset(out, 0, sizeof *out);
  out->kernel = k;
  out->device = -1;
  bsyn_cl_device_info *infos;
  size_t n;
  bsyn_diag quiet;
  bsyn_diag_init(&quiet, NULL);
  int listed = bsyn_cl_list(&infos, &n, &quiet) == 0;
  if (!listed || key_of(k, infos, n, &out->key, &quiet)) {
    free(infos);
    if (listed) /* a device, but no kernel source to key the decision with */
      snprintf(out->error, sizeof out->error, "%.250s", quiet.msg);
    out->key = 0; /* the C path, nothing to store */
    out->num_rates = 1;
    out->rates[0].device = -1;
    if (mode == BSYN_CL_AUTO_MEASURE)
      measure(k, NULL, 0, out);
    return 0;
  }
  const char *force = getenv("BSYN_CALIBRATE");
  if (mode == BSYN_CL_AUTO_DEFAULT && force && *force && strcmp(force, "0"))
    mode = BSYN_CL_AUTO_MEASURE;
  char path[1024];
  bsyn_cl_auto_path(k, out->key, path, sizeof path);
  if (mode != BSYN_CL_AUTO_MEASURE && bsyn_cl_auto_read(path, k, out->key, out, &quiet) == 0) {
    free(infos);
    return 0;
  }
  if (mode == BSYN_CL_AUTO_CACHED) {
    free(infos);
    return bsyn_diag_set(d, 0, 0, "expected a measured decision for %s, found none (%s)",
                         bsyn_kernel_id_name(k), quiet.msg);
  }
  measure(k, infos, n, out);
  free(infos);
  bsyn_cl_auto_write(path, out, &quiet); /* a read-only cache only costs a measurement per run */
  return 0;
}

bsyn_cl *bsyn_device_open(const bsyn_device_choice *choice, bsyn_kernel_id k, bsyn_diag *d) {
  if (choice->kind == BSYN_DEVICE_CPU)
    return NULL;
  if (choice->kind == BSYN_DEVICE_OPENCL)
    return bsyn_cl_open(choice->index, d);
  bsyn_cl_auto_decision dec;
  bsyn_cl_auto_decide(k, BSYN_CL_AUTO_DEFAULT, &dec, NULL);
  if (dec.device < 0) {
    if (dec.measured && dec.error[0])
      bsyn_diag_set(d, 0, 0, "%s", dec.error);
    return NULL;
  }
  return bsyn_cl_open((unsigned)dec.device, d);
}
