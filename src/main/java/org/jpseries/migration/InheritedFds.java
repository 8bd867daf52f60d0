package org.jpseries.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jpseries.host.HostFd;

/**
 * fd: URIs on the command line (-incoming fd:N): N is a descriptor the process inherited
 * (libvirt's restore passes the saved image this way); the stream owns and closes it.
 */
public final class InheritedFds implements MigrationUri.FdSource {
    @Override
    public OutputStream output(String name) throws IOException {
        return HostFd.adopt(number(name), "fd:" + name).outputStream();
    }

    @Override
    public InputStream input(String name) throws IOException {
        return HostFd.adopt(number(name), "fd:" + name).inputStream();
    }

    private static int number(String name) throws IOException {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IOException("fd:" + name + ": a descriptor number is needed on the command line");
        }
    }
}
