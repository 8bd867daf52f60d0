// The initial process state: argc/argv/envp and the auxiliary vector as qemu-ppc64le builds it.
// Prints the order of auxv entries and every value that does not depend on the run (AT_RANDOM's
// bytes and AT_HWCAP/AT_HWCAP2, which follow what is implemented, are left out; addresses are
// checked by their relations to each other).
// cpus: power8 power9 power10
// args: first second third
#include <stdio.h>
#include <string.h>
#include <elf.h>
#include <sys/auxv.h>
extern char **environ;
int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) printf("argv[%d]=\"%s\"\n", i > 0 ? i : 0, i > 0 ? argv[i] : "(program)");
    printf("argv[argc]=%p\n", (void *)argv[argc]);
    char **e = environ;
    int n = 0;
    while (e[n]) n++;
    printf("envp follows argv: %d\n", (char **)e == argv + argc + 1);
    unsigned long *aux = (unsigned long *)(e + n + 1);
    unsigned long sp = (unsigned long)(argv - 1);
    printf("sp 16-byte aligned: %d\n", (int)(sp % 16 == 0));
    unsigned long random = 0, execfn = 0;
    for (; aux[0] != AT_NULL; aux += 2) {
        unsigned long t = aux[0], v = aux[1];
        switch (t) {
        case AT_HWCAP: case AT_HWCAP2: printf("aux %lu\n", t); break;
        case AT_RANDOM: random = v; printf("aux %lu random\n", t); break;
        case AT_EXECFN: execfn = v; printf("aux %lu execfn\n", t); break;
        default: printf("aux %lu = 0x%lx\n", t, v);
        }
    }
    printf("AT_RANDOM 16-aligned: %d, above auxv: %d\n", (int)(random % 16 == 0), random > (unsigned long)aux);
    printf("execfn is argv[0]: %d\n", strcmp((char *)execfn, argv[0]) == 0);
    printf("argv strings ascending: %d\n", argc < 2 || argv[1] > argv[0]);
    printf("execfn ends 8 below a page: %d\n", (int)((execfn + strlen((char *)execfn) + 1 + 8) % 4096 == 0));
    printf("getauxval(AT_PAGESZ)=%lu AT_PLATFORM=%p\n", getauxval(AT_PAGESZ), (void *)getauxval(AT_PLATFORM));
    return argc;
}
