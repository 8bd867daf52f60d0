/**
 * IEEE-754 binary floating point as the PowerISA defines it (Book I chapters 4, 6.13 and 7).
 *
 * <p>{@link org.jpseries.cpu.fp.SoftFloat} computes every operation exactly on integer
 * significands and {@link org.jpseries.cpu.fp.Rounder} rounds once, in any rounding mode (plus
 * round-to-odd and ties-away), detecting tininess before rounding and producing the FPSCR bits an
 * instruction reports: FR, FI, OX, UX, XX, the invalid-operation causes and ZX, in
 * {@link org.jpseries.cpu.fp.Rounded}. Half, single, double and quad precision
 * ({@link org.jpseries.cpu.fp.BinaryFormat}) share that code, so binary128 is exact too.
 * {@link org.jpseries.cpu.fp.DoubleOps} is the fast path for double-format operands: Java's
 * round-to-nearest result plus the sign of its exact error (TwoSum, FMA-based products and
 * remainders, ErrFma) is enough to round correctly to double or single in any mode; operands
 * that are special or near the exponent limits fall back to the exact path. The instruction
 * semantics (in {@code org.jpseries.cpu.insn}: FloatingPoint, FpscrOps, FloatingPointStorage,
 * VsxFloat, VsxVector, VsxQuad, VmxFloat) apply the ISA's rules for enabled exceptions, FPRF
 * and the FPSCR summary bits ({@link org.jpseries.cpu.fp.Fpscr}).
 */
package org.jpseries.cpu.fp;
