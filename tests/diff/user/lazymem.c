// Memory on first touch: huge brk and mmap requests get the answers qemu-ppc64le's host mmap
// gives (ENOMEM beyond RAM + swap unless MAP_NORESERVE, under the default overcommit policy; both
// runners ask the same host), scattered touches read back, untouched pages read zero, and munmap,
// mremap, mprotect, madvise(MADV_DONTNEED) and file mappings keep their meaning.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define GiB (1UL << 30)
#define MiB (1UL << 20)
#define PAGE 4096UL
#define PRW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static int pfd[2];

// 1 if the guest may read p (write(2) from it succeeds), 0 for EFAULT
static int readable(const void *p) {
    if (write(pfd[1], p, 1) == 1) {
        char c;
        return read(pfd[0], &c, 1) == 1;
    }
    return errno == EFAULT ? 0 : -errno;
}

// 1 if the guest may write p (read(2) into it succeeds), 0 for EFAULT
static int writable(void *p) {
    char c = 0;
    if (write(pfd[1], &c, 1) != 1) return -1;
    if (read(pfd[0], p, 1) == 1) return 1;
    int e = errno;
    read(pfd[0], &c, 1);
    return e == EFAULT ? 0 : -e;
}

// writes a byte into n pages spread over [p, p+len) and returns the sum read back
static unsigned long touch(unsigned char *p, unsigned long len, int n, int seed) {
    unsigned long sum = 0;
    for (int k = 0; k < n; k++) {
        unsigned long off = (len / n) * k + (k * 1237UL) % PAGE;
        p[off] = (unsigned char)(seed + k);
    }
    for (int k = 0; k < n; k++) sum += p[(len / n) * k + (k * 1237UL) % PAGE];
    return sum;
}

static void *map(unsigned long len, int prot, int flags) {
    errno = 0;
    void *m = mmap(NULL, len, prot, flags, -1, 0);
    return m;
}

static void report(const char *what, void *m) {
    printf("%s: %s errno=%d\n", what, m == MAP_FAILED ? "failed" : "mapped", m == MAP_FAILED ? errno : 0);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (pipe(pfd) != 0) return 1;

    // ---- brk ----
    unsigned char *b0 = sbrk(0);
    printf("sbrk 1 GiB: %d\n", sbrk(GiB) == (void *)b0);
    printf("brk touch sum=%lu\n", touch(b0, GiB, 16, 3));
    printf("brk untouched=%d %d\n", b0[GiB / 2 + 5 * PAGE], b0[GiB - 1]);
    b0[100] = 7;
    sbrk(-(long)GiB);
    // (whether the freed range still reads differs: qemu-ppc64le 7.2 keeps brk pages mapped on shrink)
    sbrk(4 * PAGE);
    printf("regrown page=%d", b0[100]);
    printf(" readable=%d\n", readable(b0 + 3 * PAGE));
    sbrk(-(long)(4 * PAGE));

    // ---- 1 GiB anonymous mapping ----
    unsigned char *m = map(GiB, PRW, ANON);
    report("mmap 1 GiB", m);
    printf("touch sum=%lu untouched=%d\n", touch(m, GiB, 64, 9), m[GiB / 3 + 17]);
    printf("munmap middle=%d\n", munmap(m + 256 * MiB, 256 * MiB));
    printf("readable before=%d", readable(m + 255 * MiB));
    printf(" middle=%d", readable(m + 300 * MiB));
    printf(" after=%d\n", readable(m + 512 * MiB));
    int rc = mprotect(m + 8 * MiB, PAGE, PROT_READ);
    printf("mprotect ro=%d writable=%d", rc, writable(m + 8 * MiB));
    printf(" readable=%d\n", readable(m + 8 * MiB));
    m[16 * MiB] = 5;
    m[16 * MiB + PAGE] = 6;
    m[20 * MiB] = 8;
    rc = madvise(m + 16 * MiB, 2 * PAGE, MADV_DONTNEED);
    printf("dontneed=%d -> %d %d kept=%d\n", rc, m[16 * MiB], m[16 * MiB + PAGE], m[20 * MiB]);
    rc = munmap(m, 256 * MiB);
    printf("munmap rest=%d %d\n", rc, munmap(m + 512 * MiB, 512 * MiB));
    printf("readable after munmap=%d\n", readable(m + 600 * MiB));

    // ---- mremap ----
    unsigned char *g = map(16 * MiB, PRW, ANON);
    g[0] = 1;
    g[16 * MiB - 1] = 2;
    unsigned char *h = mremap(g, 16 * MiB, GiB, MREMAP_MAYMOVE);
    printf("mremap grow: %s kept=%d %d tail=%d %d\n", h == MAP_FAILED ? "failed" : "ok", h[0], h[16 * MiB - 1],
           h[16 * MiB], h[GiB - 1]);
    h[GiB - 1] = 3;
    unsigned char *s = mremap(h, GiB, 8 * MiB, 0);
    printf("mremap shrink: %d\n", s == h);
    printf("readable=%d %d\n", readable(h + 8 * MiB - 1), readable(h + 8 * MiB));
    munmap(h, 8 * MiB);

    // ---- huge requests ----
    void *big = map(64 * GiB, PRW, ANON);
    report("mmap 64 GiB", big);
    if (big != MAP_FAILED) munmap(big, 64 * GiB);
    unsigned char *nr = map(64 * GiB, PRW, ANON | MAP_NORESERVE);
    report("mmap 64 GiB MAP_NORESERVE", nr);
    if (nr != MAP_FAILED) {
        printf("noreserve touch sum=%lu\n", touch(nr, 64 * GiB, 3, 40));
        printf("noreserve untouched=%d\n", nr[33 * GiB + 5]);
        printf("munmap=%d\n", munmap(nr, 64 * GiB));
    }
    unsigned char *ro = map(64 * GiB, PROT_READ, ANON);
    report("mmap 64 GiB read-only", ro);
    if (ro != MAP_FAILED) {
        printf("read-only zero=%d\n", ro[40 * GiB + 3]);
        errno = 0;
        rc = mprotect(ro, 64 * GiB, PRW);
        printf("mprotect rw=%d errno=%d\n", rc, rc ? errno : 0);
        munmap(ro, 64 * GiB);
    }
    report("mmap 1 TiB", map(1UL << 40, PRW, ANON));

    // ---- shared and file mappings under MADV_DONTNEED ----
    unsigned char *sh = map(2 * PAGE, PRW, MAP_SHARED | MAP_ANONYMOUS);
    sh[10] = 6;
    rc = madvise(sh, 2 * PAGE, MADV_DONTNEED);
    printf("shared dontneed=%d keeps=%d\n", rc, sh[10]);
    char path[] = "/tmp/jpseries-lazymem-XXXXXX";
    int fd = mkstemp(path);
    char buf[3 * PAGE];
    for (unsigned i = 0; i < sizeof buf; i++) buf[i] = 'a' + i / PAGE;
    write(fd, buf, sizeof buf);
    unsigned char *f = mmap(NULL, 3 * PAGE, PRW, MAP_PRIVATE, fd, 0);
    close(fd);
    unlink(path);
    printf("file pages: %c %c\n", f[5], f[PAGE + 5]);
    f[PAGE + 5] = 'X';
    printf("written: %c\n", f[PAGE + 5]);
    rc = madvise(f + PAGE, PAGE, MADV_DONTNEED);
    printf("dontneed=%d -> %c\n", rc, f[PAGE + 5]);
    printf("after close: %c\n", f[2 * PAGE + 7]);

    // Last: qemu-ppc64le 7.2 keeps the host reservation of a brk growth that failed (do_brk's
    // target_mmap fails after mmap_find_vma reserved the range), so its break cannot grow again;
    // Linux and jpseries can. Nothing after this grows the break.
    errno = 0;
    void *r = sbrk(64 * GiB);
    printf("sbrk 64 GiB: %s errno=%d\n", r == (void *)-1 ? "failed" : "grown", r == (void *)-1 ? errno : 0);
    if (r != (void *)-1) sbrk(-(long)(64 * GiB));
    printf("break unchanged: %d\n", sbrk(0) == (void *)b0);
    return 0;
}
