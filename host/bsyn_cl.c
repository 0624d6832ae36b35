/* OpenCL device discovery, selection, program build and binary cache. */
#include "bsyn_cl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int bsyn_device_parse(const char *spec, bsyn_device_choice *out, bsyn_diag *d) {
  if (!spec || !*spec)
    spec = getenv("BSYN_DEVICE");
  if (!spec || !*spec)
    spec = "auto";
  out->index = 0;
  if (!strcmp(spec, "auto")) {
    out->kind = BSYN_DEVICE_AUTO;
    return 0;
  }
  if (!strcmp(spec, "cpu")) {
    out->kind = BSYN_DEVICE_CPU;
    return 0;
  }
  if (!strncmp(spec, "opencl", 6) && (spec[6] == '\0' || spec[6] == ':')) {
    out->kind = BSYN_DEVICE_OPENCL;
    if (spec[6] == ':') {
      char *end;
      unsigned long n = strtoul(spec + 7, &end, 10);
      if (end == spec + 7 || *end || n > 1024)
        return bsyn_diag_set(d, 0, 0, "expected a device number after 'opencl:', found '%s'", spec + 7);
      out->index = (unsigned)n;
    }
    return 0;
  }
  return bsyn_diag_set(d, 0, 0, "expected a device 'auto', 'cpu', 'opencl' or 'opencl:N', found '%s'", spec);
}

const char *bsyn_kernel_id_name(bsyn_kernel_id k) {
  static const char *const names[BSYN_KERNEL_COUNT] = {"aig_sim", "bsd_eval", "probe"};
  return (unsigned)k < BSYN_KERNEL_COUNT ? names[k] : "?";
}

uint64_t bsyn_cl_hash(uint64_t h, const char *s) {
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
  return h ^ 0xff; /* field separator */
}

void bsyn_cl_cache_dir(char *buf, size_t size) {
  const char *env = getenv("BSYN_CL_CACHE");
  if (env && *env) {
    snprintf(buf, size, "%s", env);
    return;
  }
  const char *xdg = getenv("XDG_CACHE_HOME");
  const char *home = getenv("HOME");
  if (xdg && *xdg)
    snprintf(buf, size, "%s/bsyn/cl", xdg);
  else
    snprintf(buf, size, "%s/.cache/bsyn/cl", home && *home ? home : "/tmp");
}

int bsyn_cl_mkdirs(const char *path) {
  char tmp[1024];
  snprintf(tmp, sizeof tmp, "%s", path);
  for (char *p = tmp + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      mkdir(tmp, 0777);
      *p = '/';
    }
  mkdir(tmp, 0777);
  struct stat st;
  return stat(tmp, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

#ifndef BSYN_HAVE_OPENCL

int bsyn_cl_list(bsyn_cl_device_info **out, size_t *n, bsyn_diag *d) {
  *out = NULL;
  *n = 0;
  return bsyn_diag_set(d, 0, 0, "expected OpenCL support, found a build without it");
}

bsyn_cl *bsyn_cl_open(unsigned index, bsyn_diag *d) {
  bsyn_diag_set(d, 0, 0, "expected OpenCL support, found a build without it");
  return NULL;
}

void bsyn_cl_close(bsyn_cl *cl) { (void)cl; }
const bsyn_cl_device_info *bsyn_cl_info(const bsyn_cl *cl) { return NULL; }
const char *bsyn_cl_error_name(int status) { return "CL_UNAVAILABLE"; }
char *bsyn_cl_kernel_source(const char *file, bsyn_diag *d) {
  bsyn_diag_set(d, 0, 0, "expected OpenCL support, found a build without it");
  return NULL;
}
void *bsyn_cl_program(bsyn_cl *cl, const char *file, const char *options, bsyn_diag *d) {
  bsyn_diag_set(d, 0, 0, "expected OpenCL support, found a build without it");
  return NULL;
}
int bsyn_cl_program_was_cached(const bsyn_cl *cl) { return 0; }

#else

#include <errno.h>
#include <unistd.h>

#include "bsyn_cl_internal.h"
#include "bsyn_kernels.h" /* generated: the embedded kernel sources */
#include "bsyn_out.h"

const char *bsyn_cl_error_name(int status) {
  switch (status) {
#define NAME(c) \
  case c:       \
    return #c;
    NAME(CL_SUCCESS)
    NAME(CL_DEVICE_NOT_FOUND)
    NAME(CL_DEVICE_NOT_AVAILABLE)
    NAME(CL_COMPILER_NOT_AVAILABLE)
    NAME(CL_MEM_OBJECT_ALLOCATION_FAILURE)
    NAME(CL_OUT_OF_RESOURCES)
    NAME(CL_OUT_OF_HOST_MEMORY)
    NAME(CL_PROFILING_INFO_NOT_AVAILABLE)
    NAME(CL_MEM_COPY_OVERLAP)
    NAME(CL_IMAGE_FORMAT_MISMATCH)
    NAME(CL_IMAGE_FORMAT_NOT_SUPPORTED)
    NAME(CL_BUILD_PROGRAM_FAILURE)
    NAME(CL_MAP_FAILURE)
    NAME(CL_MISALIGNED_SUB_BUFFER_OFFSET)
    NAME(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST)
    NAME(CL_COMPILE_PROGRAM_FAILURE)
    NAME(CL_LINKER_NOT_AVAILABLE)
    NAME(CL_LINK_PROGRAM_FAILURE)
    NAME(CL_DEVICE_PARTITION_FAILED)
    NAME(CL_KERNEL_ARG_INFO_NOT_AVAILABLE)
    NAME(CL_INVALID_VALUE)
    NAME(CL_INVALID_DEVICE_TYPE)
    NAME(CL_INVALID_PLATFORM)
    NAME(CL_INVALID_DEVICE)
    NAME(CL_INVALID_CONTEXT)
    NAME(CL_INVALID_QUEUE_PROPERTIES)
    NAME(CL_INVALID_COMMAND_QUEUE)
    NAME(CL_INVALID_HOST_PTR)
    NAME(CL_INVALID_MEM_OBJECT)
    NAME(CL_INVALID_IMAGE_FORMAT_DESCRIPTOR)
    NAME(CL_INVALID_IMAGE_SIZE)
    NAME(CL_INVALID_SAMPLER)
    NAME(CL_INVALID_BINARY)
    NAME(CL_INVALID_BUILD_OPTIONS)
    NAME(CL_INVALID_PROGRAM)
    NAME(CL_INVALID_PROGRAM_EXECUTABLE)
    NAME(CL_INVALID_KERNEL_NAME)
    NAME(CL_INVALID_KERNEL_DEFINITION)
    NAME(CL_INVALID_KERNEL)
    NAME(CL_INVALID_ARG_INDEX)
    NAME(CL_INVALID_ARG_VALUE)
    NAME(CL_INVALID_ARG_SIZE)
    NAME(CL_INVALID_KERNEL_ARGS)
    NAME(CL_INVALID_WORK_DIMENSION)
    NAME(CL_INVALID_WORK_GROUP_SIZE)
    NAME(CL_INVALID_WORK_ITEM_SIZE)
    NAME(CL_INVALID_GLOBAL_OFFSET)
    NAME(CL_INVALID_EVENT_WAIT_LIST)
    NAME(CL_INVALID_EVENT)
    NAME(CL_INVALID_OPERATION)
    NAME(CL_INVALID_GL_OBJECT)
    NAME(CL_INVALID_BUFFER_SIZE)
    NAME(CL_INVALID_MIP_LEVEL)
    NAME(CL_INVALID_GLOBAL_WORK_SIZE)
    NAME(CL_INVALID_PROPERTY)
    NAME(CL_INVALID_IMAGE_DESCRIPTOR)
    NAME(CL_INVALID_COMPILER_OPTIONS)
    NAME(CL_INVALID_LINKER_OPTIONS)
    NAME(CL_INVALID_DEVICE_PARTITION_COUNT)
#undef NAME
  case -1001:
    return "CL_PLATFORM_NOT_FOUND_KHR";
  default: {
    static char buf[48];
    snprintf(buf, sizeof buf, "CL_UNKNOWN_ERROR(%d)", status);
    return buf;
  }
  }
}

int bsyn_cl_check(int status, const char *call, bsyn_diag *d) {
  if (status == CL_SUCCESS)
    return 0;
  return bsyn_diag_set(d, 0, 0, "%s failed: %s", call, bsyn_cl_error_name(status));
}

/* Copies a device string, truncated to size (clGetDeviceInfo refuses small buffers). */
static void info_string(cl_device_id dev, cl_device_info what, char *buf, size_t size) {
  size_t len = 0;
  snprintf(buf, size, "?");
  if (clGetDeviceInfo(dev, what, 0, NULL, &len) != CL_SUCCESS || len == 0)
    return;
  char *full = bsyn_malloc(len + 1);
  if (clGetDeviceInfo(dev, what, len, full, NULL) == CL_SUCCESS) {
    full[len] = '\0';
    snprintf(buf, size, "%s", full);
  }
  free(full);
}

static void describe(cl_platform_id p, cl_device_id dev, unsigned index, bsyn_cl_device_info *info) {
  memset(info, 0, sizeof *info);
  info->index = index;
  if (clGetPlatformInfo(p, CL_PLATFORM_NAME, sizeof info->platform, info->platform, NULL) != CL_SUCCESS)
    snprintf(info->platform, sizeof info->platform, "?");
  info->platform[sizeof info->platform - 1] = '\0';
  info_string(dev, CL_DEVICE_NAME, info->name, sizeof info->name);
  info_string(dev, CL_DEVICE_VERSION, info->version, sizeof info->version);
  info_string(dev, CL_DRIVER_VERSION, info->driver, sizeof info->driver);
  cl_device_type type = 0;
  clGetDeviceInfo(dev, CL_DEVICE_TYPE, sizeof type, &type, NULL);
  snprintf(info->type, sizeof info->type, "%s",
           type & CL_DEVICE_TYPE_GPU ? "gpu"
           : type & CL_DEVICE_TYPE_CPU ? "cpu"
           : type & CL_DEVICE_TYPE_ACCELERATOR ? "accelerator"
                                               : "other");
  cl_uint cu = 0;
  clGetDeviceInfo(dev, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof cu, &cu, NULL);
  info->compute_units = cu;
  cl_ulong mem = 0, alloc = 0;
  clGetDeviceInfo(dev, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof mem, &mem, NULL);
  clGetDeviceInfo(dev, CL_DEVICE_MAX_MEM_ALLOC_SIZE, sizeof alloc, &alloc, NULL);
  info->global_mem = mem;
  info->max_alloc = alloc;
}

/* Walks every device of every platform; calls fn until it returns non-zero. */
typedef int (*device_fn)(cl_platform_id p, cl_device_id dev, unsigned index, void *arg);

static int for_each_device(device_fn fn, void *arg, bsyn_diag *d) {
  cl_uint np = 0;
  cl_int st = clGetPlatformIDs(0, NULL, &np);
  if (st == -1001 || (st == CL_SUCCESS && np == 0))
    return bsyn_diag_set(d, 0, 0, "expected an OpenCL platform, found none (no ICD installed)");
  if (bsyn_cl_check(st, "clGetPlatformIDs", d))
    return -1;
  cl_platform_id *ps = bsyn_calloc(np, sizeof *ps);
  clGetPlatformIDs(np, ps, NULL);
  unsigned index = 0;
  int stop = 0;
  for (cl_uint i = 0; i < np && !stop; i++) {
    cl_uint nd = 0;
    if (clGetDeviceIDs(ps[i], CL_DEVICE_TYPE_ALL, 0, NULL, &nd) != CL_SUCCESS || nd == 0)
      continue;
    cl_device_id *ds = bsyn_calloc(nd, sizeof *ds);
    clGetDeviceIDs(ps[i], CL_DEVICE_TYPE_ALL, nd, ds, NULL);
    for (cl_uint j = 0; j < nd && !stop; j++)
      stop = fn(ps[i], ds[j], index++, arg);
    free(ds);
  }
  free(ps);
  return 0;
}

typedef struct list_arg {
  bsyn_cl_device_info *infos;
  size_t n;
} list_arg;

static int list_one(cl_platform_id p, cl_device_id dev, unsigned index, void *arg) {
  list_arg *a = arg;
  a->infos = bsyn_realloc(a->infos, (a->n + 1) * sizeof *a->infos);
  describe(p, dev, index, &a->infos[a->n++]);
  return 0;
}

int bsyn_cl_list(bsyn_cl_device_info **out, size_t *n, bsyn_diag *d) {
  list_arg a = {NULL, 0};
  *out = NULL;
  *n = 0;
  if (for_each_device(list_one, &a, d))
    return -1;
  if (a.n == 0)
    return bsyn_diag_set(d, 0, 0, "expected an OpenCL device, found none");
  *out = a.infos;
  *n = a.n;
  return 0;
}

typedef struct find_arg {
  unsigned want;
  cl_platform_id platform;
  cl_device_id device;
  int found;
} find_arg;

static int find_one(cl_platform_id p, cl_device_id dev, unsigned index, void *arg) {
  find_arg *a = arg;
  if (index != a->want)
    return 0;
  a->platform = p;
  a->device = dev;
  a->found = 1;
  return 1;
}

bsyn_cl *bsyn_cl_open(unsigned index, bsyn_diag *d) {
  find_arg a = {index, 0, 0, 0};
  if (for_each_device(find_one, &a, d))
    return NULL;
  if (!a.found) {
    bsyn_diag_set(d, 0, 0, "expected OpenCL device %u (see bsyn devices), found no such device", index);
    return NULL;
  }
  bsyn_cl *cl = bsyn_calloc(1, sizeof *cl);
  cl->platform = a.platform;
  cl->device = a.device;
  describe(a.platform, a.device, index, &cl->info);
  cl_int st;
  cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)a.platform, 0};
  cl->context = clCreateContext(props, 1, &a.device, NULL, NULL, &st);
  if (bsyn_cl_check(st, "clCreateContext", d)) {
    free(cl);
    return NULL;
  }
  cl->queue = clCreateCommandQueue(cl->context, a.device, 0, &st);
  if (bsyn_cl_check(st, "clCreateCommandQueue", d)) {
    clReleaseContext(cl->context);
    free(cl);
    return NULL;
  }
  return cl;
}

void bsyn_cl_close(bsyn_cl *cl) {
  if (!cl)
    return;
  for (size_t i = 0; i < cl->num_progs; i++) {
    clReleaseProgram(cl->progs[i].program);
    free(cl->progs[i].key);
  }
  free(cl->progs);
  clReleaseCommandQueue(cl->queue);
  clReleaseContext(cl->context);
  free(cl);
}

const bsyn_cl_device_info *bsyn_cl_info(const bsyn_cl *cl) { return &cl->info; }

int bsyn_cl_program_was_cached(const bsyn_cl *cl) { return cl->last_cached; }

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (n < 0) {
    fclose(f);
    return NULL;
  }
  char *buf = bsyn_malloc((size_t)n + 1);
  size_t got = fread(buf, 1, (size_t)n, f);
  fclose(f);
  buf[got] = '\0';
  if (len)
    *len = got;
  return buf;
}

/* The text of kernel file `name`: from dir (BSYN_KERNEL_DIR) when set and readable there,
 * else embedded. *owned is set when the text was read and must be freed. */
static const char *kernel_text(const char *dir, const char *name, char **owned) {
  *owned = NULL;
  if (dir && *dir) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if ((*owned = read_file(path, NULL)))
      return *owned;
  }
  return bsyn_kernel_embedded(name);
}

typedef BSYN_VEC(char) char_vec;

static void append(char_vec *out, const char *s, size_t n) {
  bsyn_vec_reserve(*out, out->size + n + 1);
  memcpy(out->data + out->size, s, n);
  out->size += n;
  out->data[out->size] = '\0';
}

/* Appends text to out, replacing each line `#include "name"` that names a kernel file with
 * that file's text (recursively; the headers' guards make repeats harmless). An OpenCL
 * compiler gets one string and no include path, so shared kernel headers are pasted here;
 * host C builds of the same files resolve the includes from the kernels/ folder. */
static void append_expanded(char_vec *out, const char *text, const char *dir, int depth) {
  for (const char *line = text; *line;) {
    const char *eol = strchr(line, '\n');
    size_t len = eol ? (size_t)(eol - line) + 1 : strlen(line);
    const char *p = line;
    while (*p == ' ' || *p == '\t')
      p++;
    int done = 0;
    if (depth < 8 && !strncmp(p, "#include \"", 10)) {
      const char *q = strchr(p + 10, '"');
      char name[256];
      if (q && q < line + len && (size_t)(q - p - 10) < sizeof name) {
        snprintf(name, sizeof name, "%.*s", (int)(q - p - 10), p + 10);
        char *owned;
        const char *inc = kernel_text(dir, name, &owned);
        if (inc) {
          append_expanded(out, inc, dir, depth + 1);
          append(out, "\n", 1);
          done = 1;
        }
        free(owned);
      }
    }
    if (!done)
      append(out, line, len);
    line += len;
  }
}

char *bsyn_cl_kernel_source(const char *file, bsyn_diag *d) {
  const char *dir = getenv("BSYN_KERNEL_DIR");
  char *body_owned = NULL, *common_owned;
  const char *body;
  if (dir && *dir) { /* the folder replaces the embedded copy of the kernel itself */
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    body = body_owned = read_file(path, NULL);
    if (!body) {
      bsyn_diag_set(d, 0, 0, "expected kernel file %s (BSYN_KERNEL_DIR), found it unreadable", path);
      return NULL;
    }
  } else if (!(body = bsyn_kernel_embedded(file))) {
    bsyn_diag_set(d, 0, 0, "expected an embedded kernel named %s, found none", file);
    return NULL;
  }
  const char *common = kernel_text(dir, "bsyn_kernel_common.h", &common_owned);
  char_vec src = {0};
  append(&src, "", 0);
  if (common)
    append_expanded(&src, common, dir, 0);
  append(&src, "\n", 1);
  append_expanded(&src, body, dir, 0);
  free(body_owned);
  free(common_owned);
  return src.data;
}

static cl_program from_binary(bsyn_cl *cl, const char *path) {
  size_t len;
  char *bin = read_file(path, &len);
  if (!bin)
    return NULL;
  const unsigned char *b = (const unsigned char *)bin;
  cl_int st, bst;
  cl_program p = clCreateProgramWithBinary(cl->context, 1, &cl->device, &len, &b, &bst, &st);
  free(bin);
  if (st != CL_SUCCESS || bst != CL_SUCCESS)
    return NULL;
  if (clBuildProgram(p, 1, &cl->device, NULL, NULL, NULL) != CL_SUCCESS) {
    clReleaseProgram(p);
    return NULL;
  }
  return p;
}

static void save_binary(bsyn_cl *cl, cl_program p, const char *dir, const char *path) {
  size_t len = 0;
  if (clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, sizeof len, &len, NULL) != CL_SUCCESS || !len)
    return;
  unsigned char *bin = bsyn_malloc(len);
  unsigned char *bins[1] = {bin};
  if (clGetProgramInfo(p, CL_PROGRAM_BINARIES, sizeof bins, bins, NULL) == CL_SUCCESS) {
    bsyn_cl_mkdirs(dir);
    bsyn_out out; /* concurrent processes never see half a file */
    if (bsyn_out_open(&out, path, NULL) == 0) {
      if (fwrite(bin, 1, len, out.f) == len)
        bsyn_out_commit(&out, NULL);
      else
        bsyn_out_abort(&out);
    }
  }
  free(bin);
}

static void first_log_line(bsyn_cl *cl, cl_program p, char *buf, size_t size) {
  buf[0] = '\0';
  size_t len = 0;
  clGetProgramBuildInfo(p, cl->device, CL_PROGRAM_BUILD_LOG, 0, NULL, &len);
  if (!len)
    return;
  char *log = bsyn_malloc(len + 1);
  clGetProgramBuildInfo(p, cl->device, CL_PROGRAM_BUILD_LOG, len, log, NULL);
  log[len] = '\0';
  char *line = log;
  while (*line == '\n' || *line == ' ')
    line++;
  char *nl = strchr(line, '\n');
  if (nl)
    *nl = '\0';
  snprintf(buf, size, "%s", line);
  free(log);
}

void *bsyn_cl_program(bsyn_cl *cl, const char *file, const char *options, bsyn_diag *d) {
  if (!options)
    options = "";
  char key[512];
  snprintf(key, sizeof key, "%s|%s", file, options);
  for (size_t i = 0; i < cl->num_progs; i++)
    if (!strcmp(cl->progs[i].key, key)) {
      cl->last_cached = 1;
      return cl->progs[i].program;
    }
  char *src = bsyn_cl_kernel_source(file, d);
  if (!src)
    return NULL;
  uint64_t h = 0xcbf29ce484222325ull;
  h = bsyn_cl_hash(h, cl->info.platform);
  h = bsyn_cl_hash(h, cl->info.name);
  h = bsyn_cl_hash(h, cl->info.driver);
  h = bsyn_cl_hash(h, cl->info.version);
  h = bsyn_cl_hash(h, options);
  h = bsyn_cl_hash(h, src);
  char dir[900], path[1024];
  bsyn_cl_cache_dir(dir, sizeof dir);
  snprintf(path, sizeof path, "%s/%016llx.bin", dir, (unsigned long long)h);
  cl_program p = from_binary(cl, path);
  cl->last_cached = p != NULL;
  if (!p) {
    cl_int st;
    const char *srcs[1] = {src};
    p = clCreateProgramWithSource(cl->context, 1, srcs, NULL, &st);
    if (bsyn_cl_check(st, "clCreateProgramWithSource", d)) {
      free(src);
      return NULL;
    }
    char full[600];
    snprintf(full, sizeof full, "-cl-std=CL1.2 %s", options);
    st = clBuildProgram(p, 1, &cl->device, full, NULL, NULL);
    if (st != CL_SUCCESS) {
      char line[300];
      first_log_line(cl, p, line, sizeof line);
      bsyn_diag_set(d, 0, 0, "clBuildProgram(%s) failed: %s: %s", file, bsyn_cl_error_name(st), line);
      clReleaseProgram(p);
      free(src);
      return NULL;
    }
    save_binary(cl, p, dir, path);
  }
  free(src);
  cl->progs = bsyn_realloc(cl->progs, (cl->num_progs + 1) * sizeof *cl->progs);
  cl->progs[cl->num_progs].key = bsyn_strdup(key);
  cl->progs[cl->num_progs].program = p;
  cl->num_progs++;
  return p;
}

#endif
