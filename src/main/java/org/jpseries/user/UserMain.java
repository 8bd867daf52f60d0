package org.jpseries.user;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jpseries.cpu.Cpu;
import org.jpseries.cpu.CpuModel;
import org.jpseries.cpu.exec.Interpreter;
import org.jpseries.mmu.Mmu;

/**
 * {@code jpseries-user [-cpu MODEL] [-d in_asm,cpu,strace] PROGRAM [ARGS...]}: runs a static
 * ppc64 Linux program like qemu-ppc64le and exits with its exit status. {@link #run} runs one
 * guest in-process with given streams and environment and returns its status, for tests and
 * the differential harness; only {@link #main} exits the JVM.
 */
public final class UserMain {
    private UserMain() {}

    /** Set by bin/jpseries-user: its own starting environment, NUL-separated, in base64. */
    static final String GUEST_ENVIRON = "JPSERIES_GUEST_ENVIRON";

    public static void main(String[] args) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        int status;
        try {
            status = run(args, new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out), err,
                    hostEnvironment(), true);
        } catch (Throwable t) {
            err.println("jpseries-user: internal error: " + t);
            t.printStackTrace(err);
            status = 1;
        }
        err.flush();
        System.exit(status);
    }

    /**
     * The environment the guest inherits, in its original order: the launcher's own starting
     * environment when it passed it on, else the JVM's (/proc/self/environ), as qemu passes environ on.
     */
    static List<String> hostEnvironment() {
        String passed = System.getenv(GUEST_ENVIRON);
        if (passed != null) {
            try {
                return split(java.util.Base64.getDecoder().decode(passed));
            } catch (IllegalArgumentException e) {
                // fall back to the JVM's own environment
            }
        }
        try {
            List<String> env = split(Files.readAllBytes(Path.of("/proc/self/environ")));
            env.removeIf(e -> e.startsWith(GUEST_ENVIRON + "="));
            return env;
        } catch (IOException e) {
            List<String> env = new ArrayList<>();
            for (Map.Entry<String, String> e2 : System.getenv().entrySet()) {
                if (!e2.getKey().equals(GUEST_ENVIRON)) env.add(e2.getKey() + "=" + e2.getValue());
            }
            return env;
        }
    }

    private static List<String> split(byte[] raw) {
        List<String> env = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == 0) {
                if (i > start) env.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return env;
    }

    static int usage(PrintStream err, String msg) {
        err.println("jpseries-user: " + msg);
        err.println("usage: jpseries-user [-cpu POWER8|POWER9|POWER10] [-d in_asm,cpu,strace] [-D LOGFILE] [-strace]");
        err.println("                     [-E NAME=VALUE] [-U NAME] [-0 ARGV0] PROGRAM [ARGS...]");
        return 1;
    }

    /** Kept for callers of the first version: the JVM's standard streams and environment. */
    public static int run(String[] args, PrintStream err) {
        return run(args, new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out), err,
                hostEnvironment(), true);
    }

    /** Runs one guest in-process; envp is "NAME=value" strings in order. Returns the exit status. */
    public static int run(String[] args, InputStream stdin, OutputStream stdout, OutputStream stderr, List<String> envp) {
        return run(args, stdin, stdout, stderr, envp, false);
    }

    /** As {@link #run(String[], InputStream, OutputStream, OutputStream, List)} with the environment as a map. */
    public static int run(String[] args, InputStream stdin, OutputStream stdout, OutputStream stderr, Map<String, String> env) {
        List<String> envp = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) envp.add(e.getKey() + "=" + e.getValue());
        return run(args, stdin, stdout, stderr, envp, false);
    }

    /** The status of a guest stopped by the timeout of {@link #run(String[], InputStream, OutputStream, OutputStream, List, long)} (as timeout(1)). */
    public static final int TIMEOUT_STATUS = 124;

    /**
     * As {@link #run(String[], InputStream, OutputStream, OutputStream, List)}, stopping the guest
     * after timeoutMillis (0: never) with status {@link #TIMEOUT_STATUS} and one line on stderr.
     */
    public static int run(String[] args, InputStream stdin, OutputStream stdout, OutputStream stderr, List<String> envp,
                          long timeoutMillis) {
        return run(args, stdin, stdout, stderr, envp, false, timeoutMillis);
    }

    static int run(String[] args, InputStream stdin, OutputStream stdout, OutputStream stderrStream, List<String> envp,
                   boolean hostStdio) {
        return run(args, stdin, stdout, stderrStream, envp, hostStdio, 0);
    }

    static int run(String[] args, InputStream stdin, OutputStream stdout, OutputStream stderrStream, List<String> envp,
                   boolean hostStdio, long timeoutMillis) {
        PrintStream err = stderrStream instanceof PrintStream ps ? ps : new PrintStream(stderrStream, true);
        CpuModel model = CpuModel.POWER9;
        boolean strace = false, inAsm = false, cpuDump = false;
        String logFile = null, argv0 = null;
        // qemu builds the guest's environment as a list that it inserts at the head of (util/envlist.c):
        // the guest sees the host's variables in reverse order, -E puts a variable first.
        envp = new ArrayList<>(envp.reversed());
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
                        case "in_asm" -> inAsm = true;
                        case "cpu" -> cpuDump = true;
                        default -> {
                            return usage(err, "unknown -d item '" + item + "'");
                        }
                    }
                }
                i += 2;
            } else if (a.equals("-strace")) {
                strace = true;
                i++;
            } else if (a.equals("-D") && i + 1 < args.length) {
                logFile = args[i + 1];
                i += 2;
            } else if (a.equals("-0") && i + 1 < args.length) {
                argv0 = args[i + 1];
                i += 2;
            } else if ((a.equals("-E") || a.equals("-U")) && i + 1 < args.length) {
                // qemu's -E NAME=VALUE sets, -U NAME removes a variable of the guest's environment
                String v = args[i + 1];
                String name = a.equals("-E") ? v.substring(0, Math.max(0, v.indexOf('='))) : v;
                if (name.isEmpty()) return usage(err, a + " needs NAME" + (a.equals("-E") ? "=VALUE" : ""));
                String prefix = name + "=";
                envp.removeIf(e -> e.startsWith(prefix) || e.equals(name));
                if (a.equals("-E")) envp.addFirst(v);
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
        PrintStream log = err;
        if (logFile != null) {
            try {
                log = new PrintStream(new java.io.FileOutputStream(logFile), true);
            } catch (IOException e) {
                err.println("jpseries-user: cannot write the log file " + logFile + ": " + e.getMessage());
                return 1;
            }
        }
        ElfImage elf;
        try {
            elf = ElfImage.read(Path.of(program));
        } catch (ElfImage.ElfException e) {
            err.println("jpseries-user: " + program + ": " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError | RuntimeException e) {
            err.println("jpseries-user: " + program + ": cannot read the program (" + e.getClass().getSimpleName() + ")");
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
        } catch (OutOfMemoryError e) {
            err.println("jpseries-user: " + program + ": the program's segments do not fit in memory");
            return 1;
        }
        Syscalls sys = new Syscalls(stdin, stdout, err, hostStdio, log);
        sys.strace = strace;
        LinuxUser proc = new LinuxUser(space, sys, err);
        proc.attach(cpu);
        proc.memory.setBrkStart(loader.brkStart);
        proc.programPath = Path.of(program).toAbsolutePath().normalize();
        try {
            proc.programPath = Path.of(program).toRealPath();
        } catch (IOException e) {
            // keep the absolute path
        }
        List<String> argv = new ArrayList<>();
        for (int k = i; k < args.length; k++) argv.add(args[k]);
        if (argv0 != null) argv.set(0, argv0);
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        loader.start(cpu, space, elf, argv, envp, program, HwCaps.hwcap(model), HwCaps.hwcap2(model), random);
        proc.auxvAddr = loader.auxvAddr;
        proc.auxvLength = loader.auxvLength;
        java.io.ByteArrayOutputStream cmdline = new java.io.ByteArrayOutputStream();
        for (String a : argv) {
            cmdline.writeBytes(a.getBytes(StandardCharsets.UTF_8));
            cmdline.write(0);
        }
        proc.cmdline = cmdline.toByteArray();
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watchdog = null;
        if (timeoutMillis > 0) {
            watchdog = Thread.ofVirtual().unstarted(() -> {
                try {
                    Thread.sleep(timeoutMillis);
                    timedOut.set(true);
                    cpu.halted = true;
                } catch (InterruptedException e) {
                    // the guest ended first
                }
            });
            watchdog.start();
        }
        try {
            if (hostStdio) HostSignals.forward(proc);
            Tracer tracer = inAsm || cpuDump ? new Tracer(cpu, log, inAsm, cpuDump, elf) : null;
            Interpreter interpreter = tracer == null ? new Interpreter(cpu) : null;
            do {
                if (tracer != null) tracer.run();
                else interpreter.run();
                // the CPU stops for exit, the timeout, or a signal raised by a timer or the host
            } while (!timedOut.get() && proc.takeAsync(cpu));
        } catch (OutOfMemoryError e) {
            space.clear(); // gives the guest's pages back, so that the message can be written
            sys.flush();
            err.println("jpseries-user: out of host memory");
            return 1;
        } finally {
            if (watchdog != null) watchdog.interrupt();
            proc.alarm.stop();
            sys.flush();
            proc.fds.closeAll();
            space.clear();
            if (log != err) log.close();
        }
        if (timedOut.get() && !proc.exited) {
            err.println("jpseries-user: " + program + ": stopped after " + timeoutMillis + " ms");
            return TIMEOUT_STATUS;
        }
        return proc.exitStatus;
    }
}
