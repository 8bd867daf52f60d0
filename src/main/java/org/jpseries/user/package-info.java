/**
 * Linux user mode: one static ppc64 Linux process run on a {@link org.jpseries.cpu.Cpu}, as
 * qemu-ppc64le does.
 *
 * <ul>
 *   <li>{@link org.jpseries.user.UserMain} parses qemu-style options and runs a guest, from the
 *       command line or in-process ({@code run(args, stdin, stdout, stderr, env)} returns the status).</li>
 *   <li>{@link org.jpseries.user.ElfImage} and {@link org.jpseries.user.Loader} load the program and
 *       build the initial stack byte-for-byte in qemu 7.2's layout (stack at 1&lt;&lt;38, strings,
 *       AT_RANDOM, argc/argv/envp/auxv); {@link org.jpseries.user.HwCaps} derives AT_HWCAP/AT_HWCAP2
 *       from the instructions the model implements.</li>
 *   <li>{@link org.jpseries.user.AddressSpace} holds the mappings ({@link org.jpseries.user.Mapping})
 *       and gives a page host storage when the guest first touches it;
 *       {@link org.jpseries.user.MemoryManager} serves brk/mmap/munmap/mprotect/mremap/madvise with
 *       qemu's placement, refusing what the host would not commit ({@link org.jpseries.user.HostCommit}).</li>
 *   <li>{@link org.jpseries.user.LinuxUser} is the process: the {@code sc}/{@code scv} convention,
 *       descriptors ({@link org.jpseries.user.FdTable} of {@link org.jpseries.user.OpenFile}s: host
 *       files, directories, the JVM's standard streams, in-process pipes), working directory, umask,
 *       signals ({@link org.jpseries.user.Signals}, handlers run on a Linux ppc64 frame by
 *       {@link org.jpseries.user.SignalFrame}) and qemu's messages for fatal signals.</li>
 *   <li>{@link org.jpseries.user.Syscalls} dispatches by number ({@link org.jpseries.user.SyscallNr})
 *       to {@link org.jpseries.user.IoSyscalls}, {@link org.jpseries.user.FileSyscalls},
 *       {@link org.jpseries.user.ProcessSyscalls} and the memory manager; unknown calls are ENOSYS, bad
 *       pointers EFAULT. {@code -d strace} output comes from {@link org.jpseries.user.Strace}.</li>
 *   <li>{@link org.jpseries.user.Terminal} and {@link org.jpseries.user.HostStatfs} reach the host C
 *       library through the foreign-function API (termios translated between the powerpc and the
 *       host layouts).</li>
 *   <li>{@link org.jpseries.user.Tracer} is the separate execution loop for {@code -d in_asm,cpu}, so
 *       that the interpreter's loop carries no tracing cost.</li>
 * </ul>
 *
 * One guest process per run: fork, vfork, clone and execve fail (EAGAIN, ENOSYS) as under a
 * process limit.
 */
package org.jpseries.user;
