package org.jpseries.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fuzz property of jpseries' command line: {@link CommandLine#parse} (everything {@code Main}
 * checks before it reads a file or builds a machine) turns any argv into a {@link MachineConfig}
 * or one {@link UsageException} with a message, never another exception. The input is argv as
 * execve passes it: the arguments one after the other, each ended by a NUL byte (so no argument
 * holds a NUL, as none can on a real command line), decoded as the JVM decodes them (UTF-8).
 */
public final class CommandLineFuzz {
    private CommandLineFuzz() {}

    public static List<String> argv(byte[] input) {
        List<String> args = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || input[i] == 0) {
                if (i > start || i < input.length) args.add(new String(input, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return args;
    }

    public static byte[] input(String... argv) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String a : argv) {
            b.writeBytes(a.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        return b.toByteArray();
    }

    /** Returns the configuration, or null when the command line was refused (with a message). */
    public static MachineConfig check(byte[] input) {
        try {
            return CommandLine.parse(argv(input));
        } catch (UsageException e) {
            String m = e.getMessage();
            if (m == null || m.isBlank()) throw new AssertionError("refusal without a message", e);
            return null;
        }
    }

    /** Seeds: the command lines of the README, the boot tier and libvirt, and a few refused ones. */
    public static Map<String, byte[]> seeds() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("readme-boot", input("-M", "pseries", "-cpu", "power9", "-m", "1G", "-nographic", "-kernel", "vmlinux", "-initrd", "initrd.gz",
                "-append", "console=hvc0 quiet"));
        m.put("boot-tier-smp", input("-M", "pseries,ic-mode=dual,max-cpu-compat=power8", "-cpu", "POWER9", "-m", "512M", "-smp",
                "cpus=2,maxcpus=2,sockets=1,cores=2,threads=1", "-kernel", "k", "-serial", "mon:stdio", "-d", "guest_errors,unimp", "-D", "log"));
        m.put("qmp-socket", input("-qmp", "unix:/tmp/q,server=on,wait=off", "-S", "-name", "guest=vm1,debug-threads=on", "-kernel", "k",
                "-incoming", "defer", "-no-reboot", "-action", "panic=pause,shutdown=pause"));
        m.put("libvirt", input("-nodefaults", "-chardev", "socket,id=charmonitor,fd=23,server=on,wait=off", "-mon",
                "chardev=charmonitor,id=monitor,mode=control", "-chardev", "pty,id=charserial0", "-device",
                "spapr-vty,chardev=charserial0,id=serial0,reg=0x30000000", "-display", "none", "-vga", "none", "-kernel", "k",
                "-incoming", "fd:3", "--machine", "pseries-7.2,accel=tcg,x-vof=on,dumpdtb=/tmp/d.dtb"));
        m.put("qmp-tcp", input("-qmp", "tcp:127.0.0.1:4444,server=on,wait=off", "-m", "0x40000000B", "-serial", "pty", "-kernel", "k",
                "-incoming", "exec:cat /tmp/s", "-m", "2.5G"));
        m.put("bad-smp", input("-smp", "cpus=2,maxcpus=1", "-kernel", "k"));
        m.put("bad-size", input("-m", "1T", "-kernel", "k", "-m", "99999999999999999999E"));
        m.put("drives", input("-drive", "file=disk.raw,format=raw,if=virtio,readonly=on,cache=none,discard=unmap,file.locking=off", "-drive",
                "file=a,,b.raw,if=none,id=d0,cache.direct=on,media=disk", "-blockdev", "driver=raw,node-name=n,file.driver=file,file.filename=F",
                "-kernel", "k"));
        m.put("libvirt-blockdev", input("-blockdev",
                "{\"driver\":\"file\",\"filename\":\"/p\",\"node-name\":\"libvirt-1-storage\",\"auto-read-only\":true,\"discard\":\"unmap\",\"cache\":{\"direct\":true}}",
                "-blockdev", "{\"node-name\":\"libvirt-1-format\",\"read-only\":false,\"driver\":\"raw\",\"file\":\"libvirt-1-storage\"}",
                "-kernel", "k"));
        m.put("bad-drives", input("-drive", "file=d.qcow2,format=qcow2,if=virtio", "-hda", "x", "-drive", "file=a,if=scsi", "-kernel", "k"));
        return m;
    }
}
