// abort() raises SIGABRT: the process ends with status 134 after flushing nothing further.
#include <stdio.h>
#include <stdlib.h>
int main(void) {
    printf("before abort\n");
    fflush(stdout);
    abort();
}
