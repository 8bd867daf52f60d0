package org.jpseries.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jpseries.isa.gen.OpGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpGeneratorTest {
    static final Path HOME = Path.of(System.getProperty("jpseries.home", "."));

    @Test
    void checkedInOpJavaIsFresh() throws Exception {
        String expected = OpGenerator.generate(HOME.resolve("isa"));
        String actual = Files.readString(HOME.resolve("src/main/java").resolve(OpGenerator.TARGET));
        assertEquals(expected, actual, "Op.java is stale: run bin/jpseries-regen");
    }

    @Test
    void projectCopyOfPp64MatchesSharedReference() throws Exception {
        Path shared = HOME.resolve("../shared/reference/pp64.csv");
        if (!Files.exists(shared)) return; // outside the project's workspace layout there is nothing to compare
        assertEquals(Files.readString(shared), Files.readString(HOME.resolve("isa/pp64.csv")));
    }

    @Test
    void everyCsvRowBecameAnOp() throws Exception {
        long rows = 0;
        for (String src : OpGenerator.SOURCES) {
            rows += Files.readAllLines(HOME.resolve("isa").resolve(src)).stream().filter(l -> l.startsWith("\"")).count();
        }
        assertEquals(rows, Op.values().length);
        assertTrue(Op.values().length > 1180);
    }

    /** isa/ copied to {@code dir} with the properties row of {@code mnemonic} replaced by {@code row}. */
    private static Path isaWith(Path dir, String mnemonic, String row) throws Exception {
        for (String f : new String[] {"pp64.csv", "supplement.csv", "properties.csv"}) {
            Files.copy(HOME.resolve("isa").resolve(f), dir.resolve(f));
        }
        Path p = dir.resolve(OpGenerator.PROPERTIES);
        String text = Files.readString(p);
        int at = text.indexOf("\n\"" + mnemonic + "\",");
        int end = text.indexOf('\n', at + 1);
        Files.writeString(p, text.substring(0, at + 1) + row + text.substring(end));
        return dir;
    }

    @Test
    void propertiesThatNameAFieldTheEncodingLacksStopTheGenerator(@TempDir Path dir) throws Exception {
        // addi has no RS field: a property naming it is an error in the table, reported by row
        Path isa = isaWith(dir, "addi", "\"addi\",\"RA0 RS\",\"RT\",\"\",\"\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpGenerator.generate(isa));
        assertEquals("properties.csv: addi: location 'RS' names no field of the encoding", e.getMessage());
    }

    @Test
    void propertiesRowsFollowTheInstructionRows(@TempDir Path dir) throws Exception {
        Path isa = isaWith(dir, "addi", "\"addis\",\"RA0\",\"RT\",\"\",\"\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpGenerator.generate(isa));
        assertTrue(e.getMessage().matches("properties.csv: row \\d+ is 'addis', expected 'addi'"), e.getMessage());
    }

    @Test
    void conditionalLocationsFollowTheirBit() {
        // add RT,RA,RB with Rc=1 and OE=1 (Book I 3.3.9): writes RT, CR0, OV and SO; with both 0, RT only
        int add = 31 << 26 | 3 << 21 | 4 << 16 | 5 << 11 | 266 << 1;
        Effects e = Op.ADD.effects;
        assertEquals(1 << 3, e.gprs(true, add, 0));
        assertEquals(1 << 4 | 1 << 5, e.gprs(false, add, 0));
        assertEquals(0, e.crFields(true, add, 0));
        assertEquals(0, e.registers(true, add, 0));
        int addoDot = add | 1 << 10 | 1;
        assertEquals(1, e.crFields(true, addoDot, 0));
        assertEquals(1 << Effects.Register.OV.ordinal() | 1 << Effects.Register.SO.ordinal(),
                e.registers(true, addoDot, 0));
    }

    @Test
    void equalFieldConditionsFollowTheirFields() {
        // or 31,31,31 sets the program priority (Book II 3.2); or 3,4,5 is a plain or
        int ppr = 1 << Effects.Register.SPR.ordinal();
        int or31 = 31 << 26 | 31 << 21 | 31 << 16 | 31 << 11 | 444 << 1;
        int or345 = 31 << 26 | 4 << 21 | 3 << 16 | 5 << 11 | 444 << 1;
        assertEquals(ppr, Op.OR.effects.registers(true, or31, 0));
        assertEquals(0, Op.OR.effects.registers(true, or345, 0));
        assertEquals(1 << 3, Op.OR.effects.gprs(true, or345, 0));
    }

    @Test
    void whatChangesFetchEndsABlock() {
        // an MSR write changes how the next instruction is fetched (IR, LE, PR, HV: Book III 4.2.1), a
        // system call goes to its vector, and branches (primary opcodes 16, 18, and 19's bclr/bcctr/bctar)
        // change nip
        for (Op op : Op.values()) {
            Effects e = op.effects;
            if (e.writesAny(Effects.Register.MSR) || e.systemCall) assertTrue(e.endsBlock, op + " changes fetch but does not end a block");
            int primary = op.encoding.prefixed() ? -1 : op.encoding.value(0) >>> 26;
            if (primary == 16 || primary == 18) assertTrue(e.endsBlock, op + " is a branch");
        }
        assertTrue(Op.BCLR.effects.endsBlock && Op.BCCTR.effects.endsBlock && Op.BCTAR.effects.endsBlock);
    }

    @Test
    void endsBlockIsTheTablesFlag() {
        assertTrue(Op.endsBlock(Op.BC));
        assertTrue(Op.endsBlock(Op.ISYNC));
        assertTrue(Op.endsBlock(Op.MTMSRD));
        assertTrue(Op.endsBlock(null));
        assertFalse(Op.endsBlock(Op.CRAND));
        assertFalse(Op.endsBlock(Op.ADD));
    }
}
