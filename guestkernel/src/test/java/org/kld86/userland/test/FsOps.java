package org.kld86.userland.test;

import java.util.List;
import org.kld86.kernel.kld.rt.UserCpu;
import org.kld86.userland.libc.Dirent;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stat;

/**
 * A test program that runs the file system calls its arguments name, one after the other, and prints one line
 * per call with what it returned, so that a test can script a process's use of the file system:
 * {@code fsops open /tmp/a CREAT|RDWR 0644 write 3 hello lseek 3 0 SET read 3 5}.
 *
 * <pre>
 *   open PATH FLAGS MODE     close FD          read FD N        write FD TEXT      lseek FD OFF WHENCE
 *   stat PATH                fstat FD          mkdir PATH MODE  rmdir PATH         unlink PATH
 *   rename FROM TO           times PATH        utimensat PATH now | ASEC ANSEC MSEC MNSEC (UTIME_NOW -1, OMIT -2)
 *   utimensatfd DIRFD PATH (times NULL)
 *   fstatat DIRFD PATH FLAGS
 *   chdir PATH               getcwd            ls PATH          getdents FD NBYTES pipe
 *   ioctl FD CMD VALUE       ioctlnull FD CMD  mmap FD LEN OFF  mread OFF N        mwrite OFF TEXT
 *   munmap                   kldload PATH      kldunload FILE   dup2 FROM TO       bigwrite FD N CHAR
 *   umask MASK (octal; prints the old one)  spawnto PATH MODE (spawn /bin/true with stdout opened O_CREAT there)
 *   readall FD               badread FD        syscall N ARGS.. (numbers, for calls libc has no wrapper for)
 * </pre>
 * FLAGS are names joined by '|' (RDONLY WRONLY RDWR CREAT TRUNC APPEND EXCL DIRECTORY NONBLOCK) or a number;
 * MODE is octal; numbers may be hex (0x...). Results are printed as "name=value"; text read is printed as read.
 */
public final class FsOps {

    private FsOps() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        String[] a = c.args();
        long map = 0;
        long mapLen = 0;
        for (int i = 1; i < a.length; ) {
            String op = a[i++];
            String out;
            switch (op) {
                case "open" -> {
                    out = "open=" + c.open(a[i], flags(a[i + 1]), Integer.parseInt(a[i + 2], 8));
                    i += 3;
                }
                case "close" -> out = "close=" + c.close(num(a[i++]));
                case "read" -> {
                    int fd = num(a[i++]);
                    int n = num(a[i++]);
                    byte[] b = new byte[Math.max(n, 1)];
                    int r = c.read(fd, b, 0, n);
                    out = "read=" + r + (r > 0 ? ":" + new String(b, 0, r, java.nio.charset.StandardCharsets.ISO_8859_1) : "");
                }
                case "readall" -> {
                    int fd = num(a[i++]);
                    StringBuilder sb = new StringBuilder();
                    byte[] b = new byte[7];
                    int r;
                    while ((r = c.read(fd, b, 0, b.length)) > 0) {
                        sb.append(new String(b, 0, r, java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                    out = "readall=" + r + ":" + sb;
                }
                case "badread" -> out = "badread=" + c.read(num(a[i++]), 0xC0001000L, 16);
                case "write" -> {
                    int fd = num(a[i++]);
                    out = "write=" + c.write(fd, a[i++]);
                }
                case "bigwrite" -> {
                    int fd = num(a[i++]);
                    int n = num(a[i++]);
                    byte[] b = new byte[n];
                    java.util.Arrays.fill(b, (byte) a[i++].charAt(0));
                    out = "bigwrite=" + c.write(fd, b, 0, n);
                }
                case "lseek" -> {
                    int fd = num(a[i++]);
                    long off = Long.decode(a[i++]);
                    String w = a[i++];
                    int whence = w.equals("SET") ? 0 : w.equals("CUR") ? 1 : w.equals("END") ? 2 : num(w);
                    out = "lseek=" + c.lseek(fd, off, whence);
                }
                case "stat", "fstat" -> {
                    Stat st = new Stat();
                    int r = op.equals("stat") ? c.stat(a[i++], st) : c.fstat(num(a[i++]), st);
                    out = op + "=" + r + (r == 0 ? " mode=" + Integer.toOctalString(st.mode) + " uid=" + st.uid + " gid="
                            + st.gid + " size=" + st.size + " nlink=" + st.nlink + " ino=" + st.ino : "");
                }
                case "fstatat" -> {
                    int dirfd = num(a[i++]);
                    long path = c.cstring(a[i++]);
                    long sb = c.malloc(4096);
                    long r = UserCpu.syscall(552, dirfd, (int) path, (int) sb, num(a[i++]));
                    out = "fstatat=" + r + (r == 0 ? " mode=" + Integer.toOctalString(UserCpu.read32(sb + 16)) : "");
                    c.free(path);
                    c.free(sb);
                }
                case "mkdir" -> {
                    out = "mkdir=" + c.mkdir(a[i], Integer.parseInt(a[i + 1], 8));
                    i += 2;
                }
                case "rmdir" -> out = "rmdir=" + c.rmdir(a[i++]);
                case "umask" -> out = "umask=" + Integer.toOctalString(c.umask(Integer.parseInt(a[i++], 8)));
                case "spawnto" -> {
                    int pid = c.spawn("/bin/true", new String[] {"true"}, c.environ(), java.util.List.of(
                            Libc.FileAction.open(1, a[i], Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC,
                                    Integer.parseInt(a[i + 1], 8))));
                    i += 2;
                    out = "spawnto=" + (pid < 0 ? pid : c.wait4(pid, new int[1], 0) == pid ? 0 : -1);
                }
                case "unlink" -> out = "unlink=" + c.unlink(a[i++]);
                case "chown" -> {
                    out = "chown=" + c.chown(a[i], Integer.parseInt(a[i + 1]), Integer.parseInt(a[i + 2]));
                    i += 3;
                }
                case "rename" -> {
                    out = "rename=" + c.rename(a[i], a[i + 1]);
                    i += 2;
                }
                case "times" -> {
                    Stat st = new Stat();
                    int r = c.stat(a[i++], st);
                    out = "times=" + r + (r == 0 ? " atime=" + st.atime + " mtime=" + st.mtime + " ctime=" + st.ctime
                            : "");
                }
                case "utimensat" -> {
                    String path = a[i++];
                    long[] ts = null;
                    if (a[i].equals("now")) {
                        i++;
                    } else {
                        ts = new long[] {num(a[i]), num(a[i + 1]), num(a[i + 2]), num(a[i + 3])};
                        i += 4;
                    }
                    out = "utimensat=" + c.utimensat(path, ts, 0);
                }
                case "utimensatfd" -> {
                    long path = c.cstring(a[i + 1]);
                    out = "utimensatfd=" + UserCpu.syscall(547, num(a[i]), (int) path, 0, 0);
                    c.free(path);
                    i += 2;
                }
                case "chdir" -> out = "chdir=" + c.chdir(a[i++]);
                case "getcwd" -> out = "getcwd=" + c.getcwd();
                case "ls" -> {
                    int fd = c.open(a[i++], Libc.O_RDONLY | Libc.O_DIRECTORY, 0);
                    if (fd < 0) {
                        out = "ls=" + fd;
                    } else {
                        int[] err = {0};
                        List<Dirent> ds = c.readdir(fd, err);
                        c.close(fd);
                        StringBuilder sb = new StringBuilder("ls=" + (err[0] != 0 ? err[0] : ds.size()));
                        for (Dirent d : ds) {
                            sb.append(' ').append(d.name()).append('/').append(d.type());
                        }
                        out = sb.toString();
                    }
                }
                case "getdents" -> {
                    int fd = num(a[i++]);
                    int n = num(a[i++]);
                    long buf = c.malloc(Math.max(n, 8));
                    long r = UserCpu.syscall(272, fd, (int) buf, n);
                    StringBuilder sb = new StringBuilder("getdents=" + r);
                    for (long off = 0; off < r; ) {
                        int reclen = UserCpu.read16(buf + off + 16);
                        int namlen = UserCpu.read16(buf + off + 20);
                        byte[] nm = new byte[namlen];
                        UserCpu.read(buf + off + 24, nm, 0, namlen);
                        sb.append(' ').append(new String(nm, java.nio.charset.StandardCharsets.ISO_8859_1))
                                .append('@').append(reclen).append(",off=").append(UserCpu.read32(buf + off + 8))
                                .append(",nul=").append(UserCpu.read8(buf + off + 24 + namlen));
                        off += reclen;
                    }
                    c.free(buf);
                    out = sb.toString();
                }
                case "pipe" -> {
                    int[] fds = new int[2];
                    int r = c.pipe(fds, 0);
                    out = "pipe=" + r + (r == 0 ? " " + fds[0] + "," + fds[1] : "");
                }
                case "ioctl" -> {
                    int fd = num(a[i++]);
                    long cmd = Long.decode(a[i++]);
                    long buf = c.malloc(4096);
                    UserCpu.write32(buf, num(a[i++]));
                    int r = c.ioctl(fd, cmd, buf);
                    out = "ioctl=" + r + " val=" + UserCpu.read32(buf);
                    c.free(buf);
                }
                case "ioctlv" -> {
                    int fd = num(a[i++]);
                    long cmd = Long.decode(a[i++]);
                    out = "ioctlv=" + c.ioctl(fd, cmd, Long.decode(a[i++]));
                }
                case "mmap" -> {
                    int fd = num(a[i++]);
                    mapLen = num(a[i++]);
                    long off = Long.decode(a[i++]);
                    map = c.mmap(0, mapLen, 3, 1, fd, off);
                    out = "mmap=" + (map < 0 ? Long.toString(map) : "ok");
                }
                case "mread" -> {
                    long off = Long.decode(a[i++]);
                    int n = num(a[i++]);
                    byte[] b = new byte[n];
                    UserCpu.read(map + off, b, 0, n);
                    out = "mread=" + new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
                }
                case "mwrite" -> {
                    long off = Long.decode(a[i++]);
                    byte[] b = a[i++].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    UserCpu.write(map + off, b, 0, b.length);
                    out = "mwrite=" + b.length;
                }
                case "munmap" -> out = "munmap=" + c.munmap(map, mapLen);
                case "kldload" -> out = "kldload=" + (c.kldload(a[i++]) > 0 ? "ok" : "err");
                case "kldload_r" -> out = "kldload=" + c.kldload(a[i++]);
                case "kldunload" -> {
                    int id = c.kldfind(a[i++]);
                    out = "kldunload=" + (id < 0 ? id : c.kldunloadf(id, 0));
                }
                case "dup2" -> {
                    out = "dup2=" + c.dup2(num(a[i]), num(a[i + 1]));
                    i += 2;
                }
                case "sysctlset" -> {
                    // __sysctlbyname(name, old buffer of oldsize bytes, new value as text): what came back.
                    String name = a[i++];
                    byte[] nv = a[i++].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    int oldsize = num(a[i++]);
                    long np = c.cstring(name);
                    long ob = c.malloc(Math.max(1, oldsize));
                    long lenp = c.malloc(4);
                    long vp = c.malloc(Math.max(1, nv.length));
                    UserCpu.write32(lenp, oldsize);
                    UserCpu.write(vp, nv, 0, nv.length);
                    long r = UserCpu.syscall(570, (int) np, name.length(), (int) ob, (int) lenp, (int) vp, nv.length);
                    int got = UserCpu.read32(lenp);
                    byte[] back = new byte[Math.max(0, Math.min(got, oldsize))];
                    UserCpu.read(ob, back, 0, back.length);
                    out = "sysctlset=" + r + " old=" + new String(back, java.nio.charset.StandardCharsets.ISO_8859_1)
                            + " len=" + got;
                    c.free(np);
                    c.free(ob);
                    c.free(lenp);
                    c.free(vp);
                }
                case "syscall" -> {
                    int n = num(a[i++]);
                    int k = num(a[i++]);
                    int[] args = new int[k];
                    for (int j = 0; j < k; j++) {
                        args[j] = num(a[i++]);
                    }
                    out = "syscall=" + UserCpu.syscall(n, args);
                }
                default -> {
                    c.write(2, "fsops: unknown op " + op + "\n");
                    return 2;
                }
            }
            c.write(1, out + "\n");
        }
        return 0;
    }

    private static int num(String s) {
        return (int) (long) Long.decode(s);
    }

    private static int flags(String s) {
        if (Character.isDigit(s.charAt(0))) {
            return num(s);
        }
        int f = 0;
        for (String p : s.split("\\|")) {
            f |= switch (p) {
                case "RDONLY" -> Libc.O_RDONLY;
                case "WRONLY" -> Libc.O_WRONLY;
                case "RDWR" -> Libc.O_RDWR;
                case "CREAT" -> Libc.O_CREAT;
                case "TRUNC" -> Libc.O_TRUNC;
                case "APPEND" -> Libc.O_APPEND;
                case "EXCL" -> Libc.O_EXCL;
                case "DIRECTORY" -> Libc.O_DIRECTORY;
                case "NONBLOCK" -> Libc.O_NONBLOCK;
                default -> throw new IllegalArgumentException(p);
            };
        }
        return f;
    }
}
