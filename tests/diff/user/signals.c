// Signal handlers: raise() runs the handler and returns, SA_SIGINFO gets siginfo and ucontext,
// blocked signals wait for sigprocmask, SA_RESETHAND, a SIGSEGV handler that longjmps out,
// SIGILL from an illegal word, and a final fatal SIGUSR1 with the default action (status 138).
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
static volatile int hits[65];
static volatile int info_code, info_signo;
static sigjmp_buf env;
static void count(int sig) { hits[sig]++; }
static void with_info(int sig, siginfo_t *si, void *uc) {
    hits[sig]++;
    info_signo = si->si_signo;
    info_code = si->si_code;
    (void)uc;
}
static void escape(int sig, siginfo_t *si, void *uc) {
    hits[sig]++;
    info_code = si->si_code;
    printf("fault at %p\n", si->si_addr);
    siglongjmp(env, sig);
}
int main(void) {
    signal(SIGUSR1, count);
    raise(SIGUSR1);
    raise(SIGUSR1);
    printf("SIGUSR1 handled %d times\n", hits[SIGUSR1]);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = with_info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    kill(getpid(), SIGUSR2);
    printf("SIGUSR2 hits=%d signo=%d code=%d\n", hits[SIGUSR2], info_signo, info_code);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1);
    printf("blocked: hits=%d pending=%d\n", hits[SIGUSR1], sigismember(&(sigset_t){0}, SIGUSR1));
    sigpending(&set);
    printf("sigpending has SIGUSR1: %d\n", sigismember(&set, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: hits=%d\n", hits[SIGUSR1]);
    sa.sa_sigaction = escape;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    int s = sigsetjmp(env, 1);
    if (s == 0) *(volatile int *)64 = 1;
    printf("back from signal %d code=%d\n", s, info_code);
    s = sigsetjmp(env, 1);
    if (s == 0) __asm__ volatile(".long 0");
    printf("back from signal %d code=%d\n", s, info_code);
    sa.sa_handler = count;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("reset hand: hits=%d\n", hits[SIGUSR1]);
    fflush(stdout);
    raise(SIGUSR1);
    printf("not reached\n");
    return 0;
}
