package org.jpseries.monitor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's id of a thread, as query-cpus-fast reports a vCPU's "thread-id": on Linux the JVM
 * names each native thread after its Java name (cut to 15 bytes), so the task whose
 * /proc/self/task/TID/comm matches is the one. Elsewhere, or if no task matches, the Java id.
 */
final class HostThreads {
    private HostThreads() {}

    static long id(Thread t) {
        if (t == null) return 0;
        String name = t.getName();
        if (name.length() > 15) name = name.substring(0, 15);
        Path tasks = Path.of("/proc/self/task");
        if (Files.isDirectory(tasks)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
                for (Path task : ds) {
                    try {
                        if (Files.readString(task.resolve("comm")).strip().equals(name)) return Long.parseLong(task.getFileName().toString());
                    } catch (IOException | NumberFormatException e) {
                        // the task ended while we looked: try the next one
                    }
                }
            } catch (IOException e) {
                // fall back below
            }
        }
        return t.threadId();
    }
}
