// Every fixed-point load form (Book I 3.3.2, 3.3.5), unaligned and across a page boundary.
// cpus: power8 power9 power10
// cflags: -nostdlib -mcpu=$CPU -Wl,-N -Wl,-Ttext=0x1078 -Wl,--build-id=none
#include "lsdiff.inc"
    PATTERN
    .balign 8
RES: .space 512
TXT: .space 1200

/* X-form loads at PAT+off, results at RES+slot*8.. */
#define XLOADS(off, slot) \
    li 12, off; \
    lbzx 11, 10, 12; std 11, (slot + 0) * 8(20); \
    lhzx 11, 10, 12; std 11, (slot + 1) * 8(20); \
    lhax 11, 10, 12; std 11, (slot + 2) * 8(20); \
    lwzx 11, 10, 12; std 11, (slot + 3) * 8(20); \
    lwax 11, 10, 12; std 11, (slot + 4) * 8(20); \
    ldx 11, 10, 12;  std 11, (slot + 5) * 8(20); \
    lhbrx 11, 10, 12; std 11, (slot + 6) * 8(20); \
    lwbrx 11, 10, 12; std 11, (slot + 7) * 8(20); \
    ldbrx 11, 10, 12; std 11, (slot + 8) * 8(20)

_start:
    li 10, PAT
    li 20, RES
    XLOADS(1, 0)
    XLOADS(19, 9)
    XLOADS(22, 18)
    XLOADS(40, 27)
    /* D and DS forms, RA=0 with absolute addresses too */
    lbz 11, 23(10);  std 11, 36 * 8(20)
    lhz 11, 23(10);  std 11, 37 * 8(20)
    lha 11, 11(10);  std 11, 38 * 8(20)
    lwz 11, 21(10);  std 11, 39 * 8(20)
    lwa 11, 20(10);  std 11, 40 * 8(20)
    ld 11, 20(10);   std 11, 41 * 8(20)
    ld 11, PAT+4(0); std 11, 42 * 8(20)
    lhz 11, -1(10);  std 11, 43 * 8(20)
    /* update forms: the loaded value and the new RA */
    li 13, PAT
    lbzu 11, 5(13);   std 11, 44 * 8(20); std 13, 45 * 8(20)
    lhzu 11, 17(13);  std 11, 46 * 8(20); std 13, 47 * 8(20)
    lhau 11, -3(13);  std 11, 48 * 8(20); std 13, 49 * 8(20)
    lwzu 11, 4(13);   std 11, 50 * 8(20); std 13, 51 * 8(20)
    ldu 11, 4(13);    std 11, 52 * 8(20); std 13, 53 * 8(20)
    li 12, 3
    lbzux 11, 13, 12; std 11, 54 * 8(20); std 13, 55 * 8(20)
    lhzux 11, 13, 12; std 11, 56 * 8(20); std 13, 57 * 8(20)
    lhaux 11, 13, 12; std 11, 58 * 8(20); std 13, 59 * 8(20)
    lwzux 11, 13, 12; std 11, 60 * 8(20); std 13, 61 * 8(20)
    lwaux 11, 13, 12; std 11, 62 * 8(20); std 13, 63 * 8(20)
    li 12, -20
    ldux 11, 13, 12;  std 11, 64 * 8(20); std 13, 65 * 8(20)
    DUMP(66 * 8)
    EXIT(0)
