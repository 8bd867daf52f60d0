package org.jpseries.user;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * Linux errno values (include/uapi/asm-generic/errno-base.h and errno.h; powerpc only redefines
 * EDEADLOCK) and the translation of host I/O failures into them.
 */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7,
            ENOEXEC = 8, EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14,
            EBUSY = 16, EEXIST = 17, EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
            ENFILE = 23, EMFILE = 24, ENOTTY = 25, ETXTBSY = 26, EFBIG = 27, ENOSPC = 28, ESPIPE = 29,
            EROFS = 30, EMLINK = 31, EPIPE = 32, EDOM = 33, ERANGE = 34, ENAMETOOLONG = 36, ENOSYS = 38,
            ENOTEMPTY = 39, ELOOP = 40, ENODATA = 61, ETIMEDOUT = 110, EOVERFLOW = 75, ENOTSOCK = 88, EOPNOTSUPP = 95,
            EAFNOSUPPORT = 97;

    /** The errno of a host I/O failure, from its exception type or the host's strerror text. */
    public static int of(IOException e) {
        if (e instanceof NoSuchFileException) return ENOENT;
        if (e instanceof FileAlreadyExistsException) return EEXIST;
        if (e instanceof AccessDeniedException) return EACCES;
        if (e instanceof DirectoryNotEmptyException) return ENOTEMPTY;
        if (e instanceof NotDirectoryException) return ENOTDIR;
        if (e instanceof NotLinkException) return EINVAL;
        if (e instanceof FileSystemLoopException) return ELOOP;
        String r = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (r == null) return EIO;
        if (r.contains("Is a directory")) return EISDIR;
        if (r.contains("Not a directory")) return ENOTDIR;
        if (r.contains("Too many levels of symbolic links")) return ELOOP;
        if (r.contains("Read-only file system")) return EROFS;
        if (r.contains("No space left")) return ENOSPC;
        if (r.contains("Permission denied")) return EACCES;
        if (r.contains("Operation not permitted")) return EPERM;
        if (r.contains("File name too long")) return ENAMETOOLONG;
        if (r.contains("No such file")) return ENOENT;
        if (r.contains("File exists")) return EEXIST;
        if (r.contains("Directory not empty")) return ENOTEMPTY;
        if (r.contains("Invalid cross-device link")) return EXDEV;
        if (r.contains("Broken pipe")) return EPIPE;
        if (r.contains("Invalid argument")) return EINVAL;
        if (r.contains("Device or resource busy")) return EBUSY;
        if (r.contains("Text file busy")) return ETXTBSY;
        if (r.contains("No such device")) return ENXIO;
        return EIO;
    }

    /** strerror text as glibc prints it, for -d strace. */
    public static String text(int errno) {
        return switch (errno) {
            case EPERM -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case ESRCH -> "No such process";
            case EINTR -> "Interrupted system call";
            case EIO -> "Input/output error";
            case EBADF -> "Bad file descriptor";
            case ECHILD -> "No child processes";
            case EAGAIN -> "Resource temporarily unavailable";
            case ENOMEM -> "Cannot allocate memory";
            case EACCES -> "Permission denied";
            case EFAULT -> "Bad address";
            case EEXIST -> "File exists";
            case EXDEV -> "Invalid cross-device link";
            case ENOTDIR -> "Not a directory";
            case EISDIR -> "Is a directory";
            case EINVAL -> "Invalid argument";
            case EMFILE -> "Too many open files";
            case ENOTTY -> "Inappropriate ioctl for device";
            case ENOSPC -> "No space left on device";
            case ESPIPE -> "Illegal seek";
            case EROFS -> "Read-only file system";
            case EPIPE -> "Broken pipe";
            case ERANGE -> "Numerical result out of range";
            case ENAMETOOLONG -> "File name too long";
            case ENOSYS -> "Function not implemented";
            case ENOTEMPTY -> "Directory not empty";
            case ELOOP -> "Too many levels of symbolic links";
            case EAFNOSUPPORT -> "Address family not supported by protocol";
            case EOPNOTSUPP -> "Operation not supported";
            default -> "Unknown error " + errno;
        };
    }
}
