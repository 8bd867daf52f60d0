// cpus: power9 power10
// isa-exception: Book I 4.2.2 (FX): every floating-point instruction except mtfsfi and mtfsf sets FX when it turns an exception bit from 0 to 1, so mtfsb1 of OX also sets FX; qemu 7.2 leaves FX clear
/* FPSCR instructions (Book I 4.6.10): mtfsf with field masks, W and L, mtfsfi, mtfsb0/1 (FX on a new
 * exception bit, FEX/VX summaries), mcrfs clearing exception bits, the Rc=1 forms' CR1, and the
 * ISA 3.0 mffsce/mffscrn/mffscrni/mffscdrn/mffscdrni/mffsl. */
#include "fptest.h"

static unsigned get_cr(void) {
    unsigned long cr;
    __asm__ volatile("mfcr %0" : "=r"(cr));
    return (unsigned)cr & 0xFFFFF000u; /* CR0-CR4: the fields these instructions write */
}

static void show(const char *what) {
    printf("%-12s fpscr %016llx cr %08x\n", what, (unsigned long long)get_fpscr(), get_cr());
}

int main(void) {
    __asm__ volatile("mtcrf 0xff,%0" : : "r"(0UL)); /* CR starts at zero: startup code leaves environment-dependent bits */
    double t;
    /* qemu-user raises SIGFPE whenever an enabled exception bit is set, as if MSR[FE0 FE1] were
     * always non-zero; real Linux starts with them zero. So enables and exception bits are never
     * set together here. */
    set_fpscr(0);
    __asm__ volatile("mtfsb1 31");
    show("mtfsb1 31");
    __asm__ volatile("mtfsb1 3");     /* OX: sets FX too */
    show("mtfsb1 3");
    __asm__ volatile("mtfsb0. 3");    /* clear OX; FX stays */
    show("mtfsb0. 3");
    __asm__ volatile("mtfsb1 1");     /* FEX cannot be set explicitly */
    show("mtfsb1 1");
    __asm__ volatile("mtfsb1 2");     /* nor VX */
    show("mtfsb1 2");
    __asm__ volatile("mcrfs 2,0");    /* copy field 0 to CR2, clear FX */
    show("mcrfs 2,0");
    __asm__ volatile("mtfsfi. 1,0x9"); /* field 1: UX ZX XX VXSNAN = 1001 */
    show("mtfsfi. 1,9");
    __asm__ volatile("mcrfs 3,1");    /* clears UX and VXSNAN, VX recomputed */
    show("mcrfs 3,1");
    __asm__ volatile("mcrfs 4,0");
    show("mcrfs 4,0");
    __asm__ volatile("mtfsfi 6,0xf"); /* VE OE UE ZE */
    show("mtfsfi 6,f");
    __asm__ volatile("mtfsfi 6,0");
    __asm__ volatile("mtfsfi 7,3,0");
    show("mtfsfi 7,3");
    __asm__ volatile("mtfsfi 7,5,1"); /* W=1: field 7 of the upper word: DRN */
    show("mtfsfi 7,5,1");
    __asm__ volatile("mtfsb1 24");    /* VE */
    __asm__ volatile("mffsce %0" : "=d"(t));
    printf("mffsce -> %016llx\n", (unsigned long long)bits_of(t));
    show("after mffsce");
    __asm__ volatile("mffscrni %0,2" : "=d"(t));
    printf("mffscrni -> %016llx\n", (unsigned long long)bits_of(t));
    show("after crni");
    __asm__ volatile("mffscrn %0,%1" : "=d"(t) : "d"(d_of(0xFFFFFFFFFFFFFFF1ULL)));
    printf("mffscrn -> %016llx\n", (unsigned long long)bits_of(t));
    __asm__ volatile("mffscdrni %0,3" : "=d"(t));
    printf("mffscdrni -> %016llx\n", (unsigned long long)bits_of(t));
    __asm__ volatile("mffscdrn %0,%1" : "=d"(t) : "d"(d_of(0x0000000600000000ULL)));
    printf("mffscdrn -> %016llx\n", (unsigned long long)bits_of(t));
    __asm__ volatile("mffsl %0" : "=d"(t));
    printf("mffsl -> %016llx\n", (unsigned long long)bits_of(t));
    show("now");
    __asm__ volatile("mtfsf 0x0f,%0" : : "d"(d_of(0xFFFFFFFFFFFFF703ULL))); /* fields 4..7 of the low word */
    show("mtfsf 0f");
    __asm__ volatile("mtfsf. 0x80,%0" : : "d"(d_of(0x0000000010000000ULL)));
    show("mtfsf. 80");
    __asm__ volatile("mtfsf 0xff,%0,0,1" : : "d"(d_of(0xFFFFFFFF00000000ULL))); /* W=1: upper word */
    show("mtfsf W=1");
    __asm__ volatile("mffs. %0" : "=d"(t));
    show("mffs.");
    set_fpscr(0);
    __asm__ volatile("fadd. %0,%1,%2" : "=d"(t) : "d"(d_of(0x7FF0000000000001ULL)), "d"(1.0));
    show("fadd. snan");
    return 0;
}
