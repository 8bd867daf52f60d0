// File-system calls through glibc: create, write, read back, stat fields, directory listing,
// rename, links, chmod, umask, errors. Works in a fresh directory under /tmp (never printed).
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }
int main(void) {
    char dir[] = "/tmp/jpseries-files-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    if (chdir(dir) != 0) return 2;
    umask(022);
    int fd = open("a.txt", O_WRONLY | O_CREAT | O_EXCL, 0666);
    printf("open=%d\n", fd);
    printf("write=%zd\n", write(fd, "hello, world\n", 13));
    printf("lseek end=%ld\n", (long)lseek(fd, 0, SEEK_END));
    close(fd);
    printf("excl again: %d errno=%d\n", open("a.txt", O_WRONLY | O_CREAT | O_EXCL, 0666), errno);
    struct stat st;
    printf("stat=%d size=%ld mode=%o nlink=%ld\n", stat("a.txt", &st), (long)st.st_size, st.st_mode, (long)st.st_nlink);
    FILE *f = fopen("a.txt", "r");
    char buf[64];
    printf("fgets=%s", fgets(buf, sizeof buf, f));
    fclose(f);
    printf("pread: ");
    fd = open("a.txt", O_RDONLY);
    ssize_t n = pread(fd, buf, 5, 7);
    printf("%zd %.5s\n", n, buf);
    close(fd);
    printf("mkdir=%d mkdir again=%d errno=%d\n", mkdir("sub", 0755), mkdir("sub", 0755), errno);
    printf("symlink=%d link=%d\n", symlink("a.txt", "sub/ln"), link("a.txt", "b.txt"));
    n = readlink("sub/ln", buf, sizeof buf);
    printf("readlink=%zd %.*s\n", n, (int)n, buf);
    printf("lstat link is link: %d\n", lstat("sub/ln", &st) == 0 && S_ISLNK(st.st_mode));
    printf("stat via link size: %d %ld\n", stat("sub/ln", &st), (long)st.st_size);
    printf("nlink after link: %d %ld\n", stat("a.txt", &st), (long)st.st_nlink);
    printf("chmod=%d ", chmod("b.txt", 0600));
    stat("b.txt", &st);
    printf("mode=%o\n", st.st_mode & 07777);
    printf("rename=%d access old=%d errno=%d new=%d\n", rename("b.txt", "sub/c.txt"), access("b.txt", F_OK), errno,
           access("sub/c.txt", R_OK));
    DIR *d = opendir(".");
    char *names[16];
    int k = 0;
    struct dirent *de;
    while ((de = readdir(d)) && k < 16) names[k++] = strdup(de->d_name);
    closedir(d);
    qsort(names, k, sizeof names[0], cmp);
    for (int i = 0; i < k; i++) printf("entry %s\n", names[i]);
    printf("rmdir nonempty=%d errno=%d\n", rmdir("sub"), errno);
    printf("unlink dir=%d errno=%d\n", unlink("sub"), errno);
    printf("open missing=%d errno=%d\n", open("nope/x", O_RDONLY), errno);
    printf("open dir for write=%d errno=%d\n", open("sub", O_WRONLY), errno);
    printf("opendir file=%p errno=%d\n", (void *)opendir("a.txt"), errno);
    unlink("sub/ln");
    unlink("sub/c.txt");
    rmdir("sub");
    unlink("a.txt");
    char cwd[4096];
    printf("getcwd matches: %d\n", strcmp(getcwd(cwd, sizeof cwd), dir) == 0);
    chdir("/");
    printf("rmdir=%d\n", rmdir(dir));
    return 0;
}
