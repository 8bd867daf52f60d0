// cpus: power8 power9 power10
// args: one two
#include <stdio.h>

int main(int argc, char **argv) {
    printf("hello from %s with %d arguments\n", "ppc64le", argc - 1);
    for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    return 3;
}
