/* Runs one instruction word that qemu-ppc64le and jpseries decode differently: TRY(body) runs
 * body and yields 1, or yields 0 if it raised SIGILL (the handler jumps back), so the program
 * prints either the instruction's results or "SIGILL" and exits 0 under both. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf sigill_env;

static void on_sigill(int sig) {
    (void)sig;
    siglongjmp(sigill_env, 1);
}

static void catch_sigill(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigill;
    sigaction(SIGILL, &sa, NULL);
}

#define TRY(body) (sigsetjmp(sigill_env, 1) == 0 ? ((body), 1) : 0)

static inline uint64_t bits_of(double d) { uint64_t v; memcpy(&v, &d, 8); return v; }
