// Standard streams, pipes and descriptors: stdin read to EOF, a pipe inside the process, dup2
// onto stdout, fcntl flags, isatty on pipes, uname's machine.
// stdin: line one\nline two\nthird line without newline
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
int main(void) {
    char buf[256];
    int lines = 0;
    while (fgets(buf, sizeof buf, stdin)) printf("stdin %d: %s%s", ++lines, buf, strchr(buf, '\n') ? "" : "\n");
    printf("eof=%d\n", feof(stdin));
    int p[2];
    printf("pipe=%d\n", pipe(p));
    printf("write=%zd\n", write(p[1], "through the pipe", 16));
    ssize_t n = read(p[0], buf, sizeof buf);
    printf("read=%zd %.*s\n", n, (int)n, buf);
    close(p[1]);
    printf("read at eof=%zd\n", read(p[0], buf, sizeof buf));
    close(p[0]);
    printf("isatty(1)=%d isatty(0)=%d\n", isatty(1), isatty(0));
    printf("F_GETFL stdout accmode=%d\n", fcntl(1, F_GETFL) & O_ACCMODE);
    int fd = dup(1);
    printf("dup=%d cloexec=%d\n", fd, fcntl(fd, F_GETFD));
    printf("F_SETFD=%d cloexec=%d\n", fcntl(fd, F_SETFD, FD_CLOEXEC), fcntl(fd, F_GETFD));
    fflush(stdout);
    dprintf(fd, "via dup\n");
    close(fd);
    printf("close again=%d errno=%d\n", close(fd), errno);
    struct utsname u;
    uname(&u);
    printf("sysname=%s machine=%s\n", u.sysname, u.machine);
    return 0;
}
