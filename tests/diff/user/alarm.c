// Asynchronous signals: alarm() and a periodic setitimer interrupt a busy loop and run the
// SIGALRM handler; an alarm without a handler ends the process (status 142).
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>
static volatile int ticks;
static void on_alarm(int sig) { ticks++; (void)sig; }
int main(void) {
    signal(SIGALRM, on_alarm);
    printf("alarm(1) returns %u\n", alarm(1));
    printf("alarm(1) again returns %u\n", alarm(1));
    while (ticks == 0) { }
    printf("handler ran once: %d\n", ticks);
    struct itimerval it = {{0, 20000}, {0, 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
    while (ticks < 6) { }
    struct itimerval off = {{0, 0}, {0, 0}}, old;
    setitimer(ITIMER_REAL, &off, &old);
    printf("periodic ticks reached 6, interval was %ld us\n", (long)old.it_interval.tv_usec);
    signal(SIGALRM, SIG_DFL);
    fflush(stdout);
    alarm(1);
    for (;;) { }
}
