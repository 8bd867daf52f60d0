// ISA 3.1 prefixed loads and stores (Book I 3.3.2-3.3.4): 34-bit displacements, PC-relative
// addressing (R=1) and plq/pstq, whose doublewords are not swapped in LE (unlike lq/stq).
// cpus: power10
// cflags: -nostdlib -mcpu=$CPU -Wl,-N -Wl,-Ttext=0x1078 -Wl,--build-id=none
#include "lsdiff.inc"
    PATTERN
    .balign 16
Q:  .quad 0x0123456789abcdef, 0xfedcba9876543210
OUT: .space 64
RES: .space 512
TXT: .space 1200

#define SAVE(r, slot) std r, (slot) * 8(20)
/* Prefixed instructions must not cross 64 bytes: start each on 8 bytes, padding with
   "addi r31,r31,0" (the assembler would pad with nop = ori, which this program avoids). */
#define P .balignl 8, 0x3bff0000;

_start:
    li 20, RES
    /* PC-relative: from the prefix's own address */
    P plbz 11, PAT+23@pcrel(0), 1;  SAVE(11, 0)
    P plhz 11, PAT+23@pcrel(0), 1;  SAVE(11, 1)
    P plha 11, PAT+23@pcrel(0), 1;  SAVE(11, 2)
    P plwz 11, PAT+21@pcrel(0), 1;  SAVE(11, 3)
    P plwa 11, PAT+21@pcrel(0), 1;  SAVE(11, 4)
    P pld 11, PAT+19@pcrel(0), 1;   SAVE(11, 5)
    /* large displacement from a base register: base = PAT + 1 - 0x123456789 */
    P pld 12, BASE(0), 0
    P plbz 11, 0x123456789(12), 0;  SAVE(11, 6)
    P plhz 11, 0x12345678b(12), 0;  SAVE(11, 7)
    P plha 11, 0x123456791(12), 0;  SAVE(11, 8)
    P plwz 11, 0x123456799(12), 0;  SAVE(11, 9)
    P plwa 11, 0x12345679a(12), 0;  SAVE(11, 10)
    P pld 11, 0x12345679b(12), 0;   SAVE(11, 11)
    P pld 11, 0x123456789 + 24(12), 0; SAVE(11, 12)
    /* stores */
    P pld 4, Q@pcrel(0), 1
    P pstd 4, OUT+3@pcrel(0), 1
    P pstw 4, OUT+13@pcrel(0), 1
    P psth 4, OUT+18@pcrel(0), 1
    P pstb 4, OUT+21@pcrel(0), 1
    /* plq/pstq and lq for comparison */
    li 14, Q
    P plq 16, 0(14), 0;  SAVE(16, 13); SAVE(17, 14)
    lq 16, 0(14);      SAVE(16, 15); SAVE(17, 16)
    P pstq 16, OUT+40@pcrel(0), 1
    li 15, OUT
    ld 11, 0(15);  SAVE(11, 17)
    ld 11, 8(15);  SAVE(11, 18)
    ld 11, 16(15); SAVE(11, 19)
    ld 11, 24(15); SAVE(11, 20)
    ld 11, 40(15); SAVE(11, 21)
    ld 11, 48(15); SAVE(11, 22)
    DUMP(23 * 8)
    EXIT(0)
    .balign 8
BASE: .quad PAT + 1 - 0x123456789
