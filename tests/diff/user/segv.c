// A store to an unmapped page: SIGSEGV, status 139.
#include <stdio.h>
int main(void) {
    printf("before the fault\n");
    fflush(stdout);
    *(volatile int *)16 = 1;
    return 0;
}
