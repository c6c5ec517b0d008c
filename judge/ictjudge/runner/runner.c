/*
 * ict-runner: the in-container half of the ICT Arena sandbox.
 *
 * It runs as PID 1 of a locked-down container (no network, no capabilities, non-root,
 * read-only root, a tmpfs work directory) and obeys a small protocol on stdin, so the host never
 * execs into the container and the test data the submission may not see never enters it:
 *
 *   FILE <path> <size>\n<bytes>        write a file under /work (mode 0600, or 0700 with X)
 *   XFILE <path> <size>\n<bytes>       the same, executable
 *   READ <path> <max>\n                 send back up to <max> bytes of a file
 *   DEL <path>\n                        remove a file
 *   SNAPSHOT\n / CLEAN\n                remember what /work holds / remove everything added since
 *   RUN <time_ms> <wall_ms> <mem_kb> <out_bytes> <stdin|-> <stdout|-> <argc>\n<arg>\n...
 *                                       run a program, measure it, kill everything it left;
 *                                       its stdout (to <stdout>, at most <out_bytes>+1 bytes kept)
 *                                       and stderr (to .stderr, the first 64 KiB) pass through
 *                                       pipes the runner drains, so writing never fails or blocks
 *
 * Every reply is one line "OK <n>\n" or "RESULT ...\n" followed by payload bytes.
 * Paths are relative to /work and may not contain "..".
 *
 * Why C: measuring from Python inflates ru_maxrss by the interpreter's own memory at fork and
 * leaves SIGXFSZ ignored in the child. As PID 1, the runner cannot be killed by the submission's
 * "kill -9 -1", and after each run it kills every other process, so background children never
 * outlive the test that started them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WORK "/work"
#define MAX_ARGS 64
#define MAX_LINE 8192
#define MAX_KEEP 256
#define STDERR_KEEP (64 << 10) /* enough for compiler and validator messages */

#include <dirent.h>
#include <ftw.h>

static char *keep[MAX_KEEP];
static int nkeep = 0;

static FILE *in;

static void die(const char *what) {
    fprintf(stdout, "FATAL %s: %s\n", what, strerror(errno));
    fflush(stdout);
    exit(2);
}

static int read_line(char *buf, size_t size) {
    if (!fgets(buf, (int)size, in)) return -1;
    size_t n = strlen(buf);
    if (n && buf[n - 1] == '\n') buf[n - 1] = 0;
    return 0;
}

static int safe_path(const char *p) {
    return p[0] && p[0] != '/' && !strstr(p, "..") && strlen(p) < 200;
}

static void full_path(char *out, const char *rel) { snprintf(out, PATH_MAX, WORK "/%s", rel); }

static void copy_in(int fd, long long size) {
    char buf[65536];
    while (size > 0) {
        size_t chunk = size > (long long)sizeof buf ? sizeof buf : (size_t)size;
        size_t got = fread(buf, 1, chunk, in);
        if (got == 0) die("short payload");
        if (fd >= 0) {
            size_t off = 0;
            while (off < got) {
                ssize_t w = write(fd, buf + off, got - off);
                if (w < 0) { fd = -1; break; } /* disk full: drain the rest */
                off += (size_t)w;
            }
        }
        size -= (long long)got;
    }
}

/* Send back up to max bytes of a file, never following a link the submission made. */
static void send_file(const char *path, long long max) {
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    long long size = 0;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) size = st.st_size;
    long long n = size < max ? size : max;
    fprintf(stdout, "OK %lld %lld\n", n, size);
    char buf[65536];
    long long left = n;
    while (left > 0 && fd >= 0) {
        ssize_t r = read(fd, buf, left > (long long)sizeof buf ? sizeof buf : (size_t)left);
        if (r <= 0) break;
        fwrite(buf, 1, (size_t)r, stdout);
        left -= r;
    }
    while (left-- > 0) fputc(0, stdout); /* the file shrank: keep the framing */
    if (fd >= 0) close(fd);
    fflush(stdout);
}

static void snapshot(void) {
    for (int i = 0; i < nkeep; i++) free(keep[i]);
    nkeep = 0;
    DIR *d = opendir(WORK);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) && nkeep < MAX_KEEP)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) keep[nkeep++] = strdup(e->d_name);
    closedir(d);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st; (void)flag; (void)ftw;
    remove(path);
    return 0;
}

/* Remove what a run left in /work, so nothing carries over to the next test. */
static void clean(void) {
    DIR *d = opendir(WORK);
    if (!d) return;
    struct dirent *e;
    char full[PATH_MAX];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        int kept = 0;
        for (int i = 0; i < nkeep && !kept; i++) kept = !strcmp(keep[i], e->d_name);
        if (kept) continue;
        full_path(full, e->d_name);
        chmod(full, 0700);
        nftw(full, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    closedir(d);
}

static long long now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* CPU time of a running process from /proc, in microseconds (for the watchdog). */
static long long proc_cpu_us(pid_t pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return 0;
    unsigned long long utime = 0, stime = 0;
    /* fields after ')': state(3) ... utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2)
        return 0;
    long ticks = sysconf(_SC_CLK_TCK);
    return (long long)(utime + stime) * 1000000LL / ticks;
}

static long long read_number(const char *path) {
    char buf[64];
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    return atoll(buf);
}

/* The cgroup (v1 or v2) OOM-kill counter of this container. */
static long long oom_kills(void) {
    char buf[4096];
    const char *paths[] = {"/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events"};
    for (int i = 0; i < 2; i++) {
        int fd = open(paths[i], O_RDONLY);
        if (fd < 0) continue;
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (n <= 0) continue;
        buf[n] = 0;
        char *p = strstr(buf, "oom_kill ");
        if (p) return atoll(p + 9);
    }
    return 0;
}

static void kill_everything_else(void) {
    kill(-1, SIGKILL); /* never reaches PID 1, the runner itself */
    while (waitpid(-1, NULL, WNOHANG) > 0) {}
    /* processes may be exiting still: reap until none is left, for at most a second */
    for (int i = 0; i < 100; i++) {
        pid_t r = waitpid(-1, NULL, WNOHANG);
        if (r < 0 && errno == ECHILD) break;
        if (r == 0) { kill(-1, SIGKILL); usleep(10000); }
    }
}

/* A pipe from the program to a file under /work, drained by the runner: the program never
 * blocks on a full pipe or fails a write, and whatever exceeds `cap` bytes is counted but
 * discarded. So a flood of output cannot kill the program before its time is up (DOMjudge
 * truncates the same way: time beats output size), and heavy stderr never counts as output. */
struct sink {
    int rfd;      /* read end, -1 once closed */
    int file;     /* destination, -1 when discarded */
    long long cap, kept, total;
};

static void sink_open(struct sink *s, int rfd, const char *path, long long cap) {
    s->rfd = rfd;
    s->cap = cap;
    s->kept = s->total = 0;
    s->file = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;
    fcntl(rfd, F_SETFL, fcntl(rfd, F_GETFL) | O_NONBLOCK);
    fcntl(rfd, F_SETPIPE_SZ, 1 << 20); /* fewer wake-ups for programs with large outputs */
}

/* Move what is waiting in the pipe to the file; returns 0 at end of file. */
static int sink_drain(struct sink *s) {
    char buf[65536];
    while (s->rfd >= 0) {
        ssize_t n = read(s->rfd, buf, sizeof buf);
        if (n > 0) {
            s->total += n;
            long long room = s->cap - s->kept;
            long long take = n < room ? n : (room > 0 ? room : 0);
            if (take > 0 && s->file >= 0) {
                ssize_t off = 0;
                while (off < take) {
                    ssize_t w = write(s->file, buf + off, (size_t)(take - off));
                    if (w <= 0) { close(s->file); s->file = -1; break; } /* /work full */
                    off += w;
                }
            }
            s->kept += take;
            continue;
        }
        if (n == 0) { close(s->rfd); s->rfd = -1; return 0; }
        if (errno == EINTR) continue;
        return 1; /* EAGAIN: nothing more for now */
    }
    return 0;
}

static void sink_close(struct sink *s) {
    if (s->rfd >= 0) { close(s->rfd); s->rfd = -1; }
    if (s->file >= 0) { close(s->file); s->file = -1; }
}

static void run(char *header) {
    long long time_ms, wall_ms, mem_kb, out_bytes;
    char stdin_name[256], stdout_name[256];
    int argc;
    if (sscanf(header, "RUN %lld %lld %lld %lld %255s %255s %d", &time_ms, &wall_ms, &mem_kb,
               &out_bytes, stdin_name, stdout_name, &argc) != 7 || argc < 1 || argc > MAX_ARGS) {
        fprintf(stdout, "ERROR bad RUN header\n");
        fflush(stdout);
        return;
    }
    char *argv[MAX_ARGS + 1];
    char line[MAX_LINE];
    for (int i = 0; i < argc; i++) {
        if (read_line(line, sizeof line) < 0) die("short RUN");
        argv[i] = strdup(line);
    }
    argv[argc] = NULL;
    char in_path[PATH_MAX], out_path[PATH_MAX], err_path[PATH_MAX];
    full_path(err_path, ".stderr");
    int use_in = strcmp(stdin_name, "-") != 0 && safe_path(stdin_name);
    int use_out = strcmp(stdout_name, "-") != 0 && safe_path(stdout_name);
    if (use_in) full_path(in_path, stdin_name);
    if (use_out) full_path(out_path, stdout_name);
    if (use_out) unlink(out_path);
    unlink(err_path);

    int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
    if ((use_out && pipe2(out_pipe, O_CLOEXEC) != 0) || pipe2(err_pipe, O_CLOEXEC) != 0) die("pipe");

    long long oom_before = oom_kills();
    long long start = now_us();
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
        setsid();
        signal(SIGPIPE, SIG_DFL);
        signal(SIGXFSZ, SIG_DFL);
        int fd = use_in ? open(in_path, O_RDONLY) : open("/dev/null", O_RDONLY);
        if (fd < 0 || dup2(fd, 0) < 0) _exit(126);
        fd = use_out ? out_pipe[1] : open("/dev/null", O_WRONLY);
        if (fd < 0 || dup2(fd, 1) < 0) _exit(126);
        if (dup2(err_pipe[1], 2) < 0) _exit(126);
        struct rlimit rl;
        rl.rlim_cur = rl.rlim_max = (rlim_t)((time_ms + 999) / 1000 + 1); /* backstop */
        setrlimit(RLIMIT_CPU, &rl);
        /* files the program writes itself (its output goes through the pipes) */
        rl.rlim_cur = rl.rlim_max = (rlim_t)(out_bytes + 1);
        setrlimit(RLIMIT_FSIZE, &rl);
        rl.rlim_cur = rl.rlim_max = 0;
        setrlimit(RLIMIT_CORE, &rl);
        rl.rlim_cur = rl.rlim_max = (rlim_t)mem_kb * 1024; /* a deep recursion may use it all */
        setrlimit(RLIMIT_STACK, &rl);
        execvp(argv[0], argv);
        _exit(127);
    }
    if (use_out) close(out_pipe[1]);
    close(err_pipe[1]);
    struct sink out = {-1, -1, 0, 0, 0}, err = {-1, -1, 0, 0, 0};
    if (use_out) sink_open(&out, out_pipe[0], out_path, out_bytes + 1);
    sink_open(&err, err_pipe[0], err_path, STDERR_KEEP);

    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    int killed_wall = 0, killed_cpu = 0;
    for (;;) {
        sink_drain(&out);
        sink_drain(&err);
        pid_t r = wait4(pid, &status, WNOHANG, &ru);
        if (r == pid) break;
        long long elapsed = now_us() - start;
        if (elapsed > wall_ms * 1000) { killed_wall = 1; kill(-pid, SIGKILL); kill(pid, SIGKILL); }
        else if (proc_cpu_us(pid) > time_ms * 1000) { killed_cpu = 1; kill(-pid, SIGKILL); kill(pid, SIGKILL); }
        /* wake on output, else poll the clocks: every 0.2 ms at first, then every 5 ms */
        struct pollfd fds[2];
        int nfds = 0;
        if (out.rfd >= 0) { fds[nfds].fd = out.rfd; fds[nfds].events = POLLIN; nfds++; }
        if (err.rfd >= 0) { fds[nfds].fd = err.rfd; fds[nfds].events = POLLIN; nfds++; }
        struct timespec ts = {0, elapsed < 20000 ? 200000 : 5000000};
        ppoll(fds, (nfds_t)nfds, &ts, NULL);
    }
    long long wall = now_us() - start;
    kill_everything_else(); /* no writer is left, so the pipes reach their end */
    while (sink_drain(&out)) {}
    while (sink_drain(&err)) {}
    sink_close(&out);
    sink_close(&err);
    long long cpu = (long long)ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec +
                    (long long)ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec;
    long long oom = oom_kills() - oom_before;
    long long peak = read_number("/sys/fs/cgroup/memory/memory.max_usage_in_bytes");
    int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    fprintf(stdout, "RESULT exit=%d signal=%d cpu_us=%lld wall_us=%lld maxrss_kb=%ld cgroup_peak=%lld oom=%lld killed_wall=%d killed_cpu=%d stdout_bytes=%lld stderr_bytes=%lld\n",
            exit_code, sig, cpu, wall, ru.ru_maxrss, peak, oom, killed_wall, killed_cpu, out.total, err.total);
    for (int i = 0; i < argc; i++) free(argv[i]);
    fflush(stdout);
}

int main(void) {
    in = stdin;
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    prctl(PR_SET_DUMPABLE, 0); /* the submission runs as the same user: no ptrace of the runner */
    signal(SIGPIPE, SIG_IGN);
    umask(077);
    if (chdir(WORK) != 0) die("chdir " WORK);
    char line[MAX_LINE];
    fprintf(stdout, "READY\n");
    fflush(stdout);
    while (read_line(line, sizeof line) == 0) {
        char path[256], full[PATH_MAX];
        long long size;
        if ((sscanf(line, "FILE %255s %lld", path, &size) == 2 || sscanf(line, "XFILE %255s %lld", path, &size) == 2)) {
            int exec = line[0] == 'X';
            if (!safe_path(path) || size < 0) { copy_in(-1, size < 0 ? 0 : size); fprintf(stdout, "ERROR bad path\n"); fflush(stdout); continue; }
            full_path(full, path);
            unlink(full);
            int fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, exec ? 0700 : 0600);
            copy_in(fd, size);
            int ok = fd >= 0;
            if (fd >= 0) close(fd);
            fprintf(stdout, ok ? "OK 0\n" : "ERROR cannot write\n");
            fflush(stdout);
        } else if (sscanf(line, "READ %255s %lld", path, &size) == 2 && safe_path(path)) {
            full_path(full, path);
            send_file(full, size);
        } else if (sscanf(line, "DEL %255s", path) == 1 && safe_path(path)) {
            full_path(full, path);
            unlink(full);
            fprintf(stdout, "OK 0\n");
            fflush(stdout);
        } else if (strncmp(line, "RUN ", 4) == 0) {
            run(line);
        } else if (strcmp(line, "SNAPSHOT") == 0) {
            snapshot();
            fprintf(stdout, "OK 0\n");
            fflush(stdout);
        } else if (strcmp(line, "CLEAN") == 0) {
            clean();
            fprintf(stdout, "OK 0\n");
            fflush(stdout);
        } else if (strcmp(line, "EXIT") == 0) {
            break;
        } else {
            fprintf(stdout, "ERROR unknown command\n");
            fflush(stdout);
        }
    }
    kill_everything_else();
    return 0;
}
