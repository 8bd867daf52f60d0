// Process, time and system-information calls: ids agree with each other, clocks advance,
// sleeps last, limits and uname as qemu passes them on, getrandom fills, unknown syscalls ENOSYS,
// umask and prctl names. (Sockets are left out: qemu has them, jpseries-user refuses them.)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
int main(void) {
    printf("pid==tid: %d\n", getpid() == gettid());
    printf("uid==euid: %d gid==egid: %d\n", getuid() == geteuid(), getgid() == getegid());
    struct timespec a, b, r;
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec d = {0, 20 * 1000 * 1000};
    printf("nanosleep=%d\n", nanosleep(&d, NULL));
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    printf("slept at least 20ms: %d\n", ms >= 20);
    printf("clock_getres(MONOTONIC)=%d ns=%ld\n", clock_getres(CLOCK_MONOTONIC, &r), r.tv_nsec);
    printf("bad clock: %d errno=%d\n", clock_gettime(12345, &a), errno);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    time_t t = time(NULL);
    printf("time agrees with gettimeofday: %d\n", t - tv.tv_sec <= 1 && t >= tv.tv_sec);
    struct rlimit rl;
    getrlimit(RLIMIT_STACK, &rl);
    printf("stack limit %ld MiB\n", (long)(rl.rlim_cur >> 20));
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("nofile soft %ld\n", (long)rl.rlim_cur);
    struct utsname u;
    uname(&u);
    printf("uname: %s %s\n", u.sysname, u.machine);
    struct sysinfo si;
    printf("sysinfo=%d mem_unit=%u ram>0: %d\n", sysinfo(&si), si.mem_unit, si.totalram > 0);
    unsigned char buf[32];
    memset(buf, 0, sizeof buf);
    int n = getrandom(buf, sizeof buf, 0);
    int nz = 0;
    for (int i = 0; i < 32; i++) nz += buf[i] != 0;
    printf("getrandom=%d nonzero bytes>16: %d\n", n, nz > 16);
    printf("unknown syscall: %ld errno=%d\n", syscall(4000), errno);
    char name[17] = {0};
    prctl(PR_SET_NAME, "renamed");
    prctl(PR_GET_NAME, name);
    printf("prctl name=%s\n", name);
    printf("umask old=%03o\n", umask(077));
    printf("umask now=%03o\n", umask(022));
    printf("getppid>0: %d\n", getppid() > 0);
    printf("sched_yield=%d\n", sched_yield());
    return 0;
}
