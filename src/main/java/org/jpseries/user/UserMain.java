package org.jpseries.user;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.Interpreter;
import org.jpseries.mmu.Mmu;

/**
 * {@code jpseries-user [-cpu MODEL] [-d in_asm,cpu,strace] PROGRAM [ARGS...]}: runs a static
 * ppc64 Linux program like qemu-ppc64le and exits with its exit status.
 */
public final class UserMain {
    private UserMain() {}

    public static void main(String[] args) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        try {
            System.exit(run(args, err));
        } catch (Throwable t) {
            err.println("jpseries-user: internal error: " + t);
            t.printStackTrace(err);
            System.exit(1);
        }
    }

    static int usage(PrintStream err, String msg) {
        err.println("jpseries-user: " + msg);
        err.println("usage: jpseries-user [-cpu POWER8|POWER9|POWER10] [-d in_asm,cpu,strace] PROGRAM [ARGS...]");
        return 1;
    }

    public static int run(String[] args, PrintStream err) {
        CpuModel model = CpuModel.POWER9;
        boolean strace = false;
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            String a = args[i];
            if (a.equals("-cpu") && i + 1 < args.length) {
                try {
                    model = CpuModel.parse(args[i + 1]);
                } catch (IllegalArgumentException e) {
                    return usage(err, e.getMessage());
                }
                i += 2;
            } else if (a.equals("-d") && i + 1 < args.length) {
                for (String item : args[i + 1].split(",")) {
                    switch (item) {
                        case "strace" -> strace = true;
                        case "in_asm", "cpu" -> { }
                        default -> {
                            return usage(err, "unknown -d item '" + item + "'");
                        }
                    }
                }
                i += 2;
            } else if (a.equals("--")) {
                i++;
                break;
            } else {
                return usage(err, "unknown option '" + a + "'");
            }
        }
        if (i >= args.length) return usage(err, "no program given");
        String program = args[i];
        ElfImage elf;
        try {
            elf = ElfImage.read(Path.of(program));
        } catch (ElfImage.ElfException e) {
            err.println("jpseries-user: " + program + ": " + e.getMessage());
            return 1;
        }
        AddressSpace space = new AddressSpace();
        Mmu mmu = new Mmu(space);
        Cpu cpu = new Cpu(model, mmu);
        cpu.setMsr(Cpu.MSR_SF | Cpu.MSR_PR | Cpu.MSR_EE | Cpu.MSR_FP | Cpu.MSR_VEC | Cpu.MSR_VSX
                | (elf.littleEndian ? Cpu.MSR_LE : 0));
        Loader loader = new Loader();
        try {
            loader.load(elf, space);
        } catch (ElfImage.ElfException e) {
            err.println("jpseries-user: " + program + ": " + e.getMessage());
            return 1;
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false);
        Syscalls sys = new Syscalls(System.in, out, err);
        sys.strace = strace;
        LinuxUser proc = new LinuxUser(space, sys, err);
        cpu.env = proc;
        List<String> argv = new ArrayList<>();
        for (int k = i; k < args.length; k++) argv.add(args[k]);
        List<String> envp = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) envp.add(e.getKey() + "=" + e.getValue());
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        loader.start(cpu, space, elf, argv, envp, 0, 0, model.displayName.toLowerCase(), random);
        new Interpreter(cpu).run();
        sys.flush();
        return proc.exitStatus;
    }
}
