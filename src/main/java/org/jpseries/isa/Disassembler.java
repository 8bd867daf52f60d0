package org.jpseries.isa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * Disassembles instruction words into the text {@code powerpc64le-linux-gnu-objdump -d} prints,
 * extended mnemonics included. Three tables drive it, none of them per-opcode Java:
 * <ul>
 *   <li>the generated {@link Op} (pp64.csv + supplement.csv): which instruction a word is, its
 *       mnemonic variants ("add." when Rc=1, "li" when RA=0) and their operand lists;</li>
 *   <li>{@code isa/fields.csv} ({@link OperandRule}): how each named operand is assembled from the
 *       encoding fields (sign, scaling, split fields) and printed (r3, f1, v2, vs34, cr7, 4*cr1+eq,
 *       branch target);</li>
 *   <li>{@code isa/extended.csv} ({@link ExtendedMnemonic}): the PowerISA's extended mnemonics
 *       (Book I Appendix C) with the conditions under which objdump prefers them.</li>
 * </ul>
 * Words no table row decodes give null (objdump prints those as {@code .long}).
 */
public final class Disassembler {
    /** A mnemonic variant parsed from the CSV's mnemonic column, e.g. {@code add. RT,RA,RB (OE=0 Rc=1)}. */
    record Variant(String name, List<TemplateOperand> operands, List<Condition> conditions) {}

    /** Per-Op data derived once from the tables. */
    record OpInfo(Op op, Variant[] variants, Map<String, OperandRule> rules) {}

    private static final List<OperandRule> RULES = new ArrayList<>();
    private static final OpInfo[] INFO = new OpInfo[Op.values().length];
    private static final Map<String, List<ExtendedMnemonic>> EXTENDED = new HashMap<>();

    static {
        for (String[] row : CsvTable.read("fields.csv")) RULES.add(new OperandRule(row));
        for (Op op : Op.values()) {
            String[] texts = op.mnemonics.split("\\|");
            Variant[] vs = new Variant[texts.length];
            String first = texts[0].strip().split(" ")[0];
            Map<String, OperandRule> rules = new HashMap<>();
            for (OperandRule r : RULES) {
                if (!rules.containsKey(r.operand) && r.applies(op, first)) rules.put(r.operand, r);
            }
            for (int i = 0; i < texts.length; i++) vs[i] = parseVariant(texts[i].strip());
            INFO[op.ordinal()] = new OpInfo(op, vs, rules);
        }
        for (String[] row : CsvTable.read("extended.csv")) {
            ExtendedMnemonic x = new ExtendedMnemonic(row);
            for (String base : x.bases) EXTENDED.computeIfAbsent(base, k -> new ArrayList<>()).add(x);
        }
    }

    private static Variant parseVariant(String text) {
        String name = text;
        String rest = "";
        int sp = text.indexOf(' ');
        if (sp >= 0) {
            name = text.substring(0, sp);
            rest = text.substring(sp + 1).strip();
        }
        List<Condition> conds = new ArrayList<>();
        if (rest.endsWith(")")) {
            int open = rest.lastIndexOf('(');
            if (open == 0 || (open > 0 && rest.charAt(open - 1) == ' ')) {
                for (String c : rest.substring(open + 1, rest.length() - 1).strip().split("\\s+")) {
                    conds.add(Condition.parse(c));
                }
                rest = rest.substring(0, open).strip();
            }
        }
        return new Variant(name, TemplateOperand.parseList(rest), conds);
    }

    private final LongFunction<String> addressFormat;

    /** Branch targets as objdump prints them for a file without symbols: {@code 0x10000930}. */
    public Disassembler() {
        this(a -> "0x" + Long.toHexString(a));
    }

    /** @param addressFormat prints a branch target address */
    public Disassembler(LongFunction<String> addressFormat) {
        this.addressFormat = addressFormat;
    }

    /** The instruction's text as objdump prints it, or null if the word does not decode. */
    public String disassemble(int word, long address) {
        if (Decoder.isPrefix(word)) return null;
        Op op = Decoder.decode(word);
        return op == null ? null : format(op, word, 0, address);
    }

    /** A prefixed instruction's text, or null if the pair does not decode. */
    public String disassemblePrefixed(int prefix, int suffix, long address) {
        Op op = Decoder.decodePrefixed(prefix, suffix);
        return op == null ? null : format(op, prefix, suffix, address);
    }

    /** Evaluation context for one instruction: operands per fields.csv, else raw encoding fields. */
    static final class Insn implements ToLongFunction<String> {
        final OpInfo info;
        final int w0;
        final int w1;
        final long address;
        Variant variant;

        Insn(OpInfo info, int w0, int w1, long address) {
            this.info = info;
            this.w0 = w0;
            this.w1 = w1;
            this.address = address;
        }

        @Override
        public long applyAsLong(String name) {
            OperandRule r = info.rules.get(name);
            if (r != null) return r.value(info.op.encoding, w0, w1);
            if (info.op.encoding.fieldWidth(name) > 0) return info.op.encoding.field(name, w0, w1);
            throw new Expr.Unknown(name);
        }

        boolean has(String name) {
            return info.rules.containsKey(name) || info.op.encoding.fieldWidth(name) > 0;
        }

        OperandRule rule(String name) {
            return info.rules.get(name);
        }
    }

    private String format(Op op, int w0, int w1, long address) {
        Insn insn = new Insn(INFO[op.ordinal()], w0, w1, address);
        Variant best = null;
        int bestConds = -1;
        for (Variant v : insn.info.variants) {
            if (v.conditions.size() > bestConds && Condition.all(v.conditions, insn)) {
                best = v;
                bestConds = v.conditions.size();
            }
        }
        if (best == null) best = insn.info.variants[0];
        insn.variant = best;
        List<ExtendedMnemonic> ext = EXTENDED.get(best.name);
        if (ext != null) {
            for (ExtendedMnemonic x : ext) {
                if (Condition.all(x.conditions, insn)) {
                    String text = render(x.mnemonic(insn), x.operands, insn);
                    if (x.comment == null) return text;
                    StringBuilder sb = new StringBuilder(text).append("\t# ");
                    appendValue(sb, x.comment.kind(insn), x.comment.value(insn), insn);
                    return sb.toString();
                }
            }
        }
        return render(best.name, best.operands, insn);
    }

    private String render(String name, List<TemplateOperand> operands, Insn insn) {
        StringBuilder sb = new StringBuilder(40).append(name);
        int n = operands.size();
        if (n == 0) return sb.toString();
        long[] values = new long[n];
        OperandRule.Kind[] kinds = new OperandRule.Kind[n];
        boolean[] optional = new boolean[n];
        long[] defaults = new long[n];
        for (int i = 0; i < n; i++) {
            TemplateOperand t = operands.get(i);
            try {
                values[i] = t.value(insn);
            } catch (Expr.Unknown e) {
                throw new IllegalStateException("operand " + e.getMessage() + " of " + insn.info.op + " is not in its encoding or isa/fields.csv");
            }
            kinds[i] = t.kind(insn);
            optional[i] = t.optional(insn);
            defaults[i] = t.optionalDefault(insn);
        }
        int pad = Math.max(1, 8 - name.length());
        boolean first = true;
        boolean skipping = false;
        for (int i = 0; i < n; i++) {
            if (optional[i]) {
                if (!skipping) {
                    skipping = true;
                    for (int j = i; j < n; j++) if (optional[j] && values[j] != defaults[j]) skipping = false;
                }
                if (skipping) continue;
            }
            boolean paren = operands.get(i).paren && !first;
            if (first) sb.repeat(' ', pad);
            else if (paren) sb.append('(');
            else sb.append(',');
            appendValue(sb, kinds[i], values[i], insn);
            if (paren) sb.append(')');
            first = false;
        }
        return sb.toString();
    }

    private static final String[] CR_BITS = {"lt", "gt", "eq", "so"};

    private void appendValue(StringBuilder sb, OperandRule.Kind kind, long v, Insn insn) {
        switch (kind) {
            case GPR -> sb.append('r').append(v);
            case GPR0 -> {
                if (v == 0) sb.append('0');
                else sb.append('r').append(v);
            }
            case FPR -> sb.append('f').append(v);
            case VR -> sb.append('v').append(v);
            case VSR -> sb.append("vs").append(v);
            case ACC -> sb.append('a').append(v);
            case CRF -> sb.append("cr").append(v);
            case CRB -> {
                if (v >> 2 != 0) sb.append("4*cr").append(v >> 2).append('+');
                sb.append(CR_BITS[(int) (v & 3)]);
            }
            case DEC -> sb.append(v);
            case PCREL -> sb.append(Long.toHexString(insn.address + v));
            case TARGET -> {
                // objdump prints an absolute (AA=1) target as a 32-bit address
                boolean absolute = insn.has("AA") && insn.applyAsLong("AA") != 0;
                sb.append(addressFormat.apply(absolute ? v & 0xffffffffL : insn.address + v));
            }
        }
    }

    /**
     * Command line (see {@link DisassemblerCli}): {@code Disassembler [--section NAME] ELF...}
     * compares each file's .text with objdump and prints the agreement and a per-mnemonic mismatch
     * summary; {@code --words} disassembles hex words read from stdin.
     */
    public static void main(String[] args) {
        System.exit(DisassemblerCli.run(args, System.in, System.out, System.err));
    }
}
