/* bench_rusage: runs one command and reports what it cost, for bench/build_timing.sh.
 *
 * usage: bench_rusage PHASE OUT.jsonl COMMAND [ARG...]
 * Runs COMMAND (stdout and stderr as they are), then appends one JSON line to OUT.jsonl:
 *   {"phase":PHASE,"rc":R,"wall_s":W,"user_s":U,"sys_s":S,"cpu_s":U+S,"max_rss_kib":M}
 * CPU time and peak resident memory are those of the command and every descendant it
 * waited for (getrusage RUSAGE_CHILDREN; the peak is the largest single process, not a sum).
 * Exits with the command's status (128 + signal when it was killed). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval tv) { return (double)tv.tv_sec + 1e-6 * (double)tv.tv_usec; }

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "bench_rusage: error: expected PHASE OUT.jsonl COMMAND [ARG...], found %d arguments\n", argc - 1);
    return 2;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0) {
    perror("bench_rusage: fork");
    return 2;
  }
  if (pid == 0) {
    execvp(argv[3], argv + 3);
    perror("bench_rusage: exec");
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    ;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  double wall = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  double user = seconds(ru.ru_utime), sys = seconds(ru.ru_stime);
  FILE *f = fopen(argv[2], "a");
  if (!f) {
    perror(argv[2]);
    return 2;
  }
  fprintf(f, "{\"phase\":\"%s\",\"rc\":%d,\"wall_s\":%.3f,\"user_s\":%.3f,\"sys_s\":%.3f,\"cpu_s\":%.3f,\"max_rss_kib\":%ld}\n",
          argv[1], rc, wall, user, sys, user + sys, ru.ru_maxrss);
  fclose(f);
  return rc;
}
