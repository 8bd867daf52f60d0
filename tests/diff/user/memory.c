// brk and mmap through malloc and directly: contents survive, munmap/mprotect/mremap behave.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
int main(void) {
    unsigned long sum = 0;
    for (int i = 0; i < 200; i++) {
        size_t sz = 16 + (i * 7919) % 300000;
        unsigned char *p = malloc(sz);
        memset(p, i, sz);
        sum += p[sz - 1] + p[0];
        free(p);
    }
    printf("malloc sum=%lu\n", sum);
    char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap ok=%d zero=%d\n", m != MAP_FAILED, m[5000] == 0);
    strcpy(m + 4096, "page two");
    char *r = mremap(m, 3 * 4096, 64 * 4096, MREMAP_MAYMOVE);
    printf("mremap keeps=%s\n", r + 4096);
    printf("munmap=%d\n", munmap(r, 64 * 4096));
    printf("munmap unaligned=%d errno=%d\n", munmap(r + 1, 4096), errno);
    printf("mmap len 0=%d errno=%d\n", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED, errno);
    void *b0 = sbrk(0);
    printf("sbrk grow=%d\n", sbrk(100000) == b0);
    memset(b0, 1, 100000);
    printf("sbrk now=%ld\n", (long)((char *)sbrk(0) - (char *)b0));
    return 0;
}
