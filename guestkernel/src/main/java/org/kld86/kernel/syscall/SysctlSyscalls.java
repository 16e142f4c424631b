package org.kld86.kernel.syscall;

import static org.kld86.kpi.Errno.*;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.sysctl.Sysctl;
import org.kld86.kernel.vm.UserAccess;

/**
 * __sysctlbyname(2), this kernel's sysctlinfo, and kenv(2).
 *
 * <p>Values cross as bytes: a number node as a 64-bit little-endian integer (a new value may be 4 or 8 bytes), a
 * string node as its text and a NUL, an opaque node as it is. Asking with no buffer reports the length needed;
 * a buffer too small gets what fits and ENOMEM, as sysctl(3) documents. Setting needs root.
 */
public final class SysctlSyscalls {

    public static final int KENV_GET = 0;
    public static final int KENV_SET = 1;
    public static final int KENV_UNSET = 2;
    public static final int KENV_DUMP = 3;

    private SysctlSyscalls() {
    }

    public static void register(Kernel k, SyscallTable t) {
        t.register(Sys.SYSCTLBYNAME, "__sysctlbyname", 6, c -> sysctl(k, c));
        t.register(Sys.SYSCTLINFO, "sysctlinfo", 4, c -> {
            UserAccess.Str name = k.userAccess().copyinstr(c.uarg(0), 1024);
            if (name.errno() != 0) {
                return -name.errno();
            }
            String n = name.value();
            if (c.arg(3) != 0) {
                n = k.sysctl().next(n);
                if (n == null) {
                    return -ENOENT;
                }
                byte[] b = (n + "\0").getBytes(StandardCharsets.ISO_8859_1);
                if (b.length > c.arg(2)) {
                    return -ENOMEM;
                }
                int e = k.userAccess().copyout(b, 0, b.length, c.uarg(1));
                if (e != 0) {
                    return -e;
                }
            }
            Sysctl.Node node = k.sysctl().lookup(n);
            if (node == null) {
                return -ENOENT;
            }
            return node instanceof Sysctl.LongNode ? 1 : node instanceof Sysctl.StringNode ? 2 : 3;
        });
        t.register(Sys.KENV, "kenv", 4, c -> kenv(k, c));
    }

    private static long sysctl(Kernel k, SyscallContext c) {
        UserAccess ua = k.userAccess();
        int namelen = c.arg(1);
        if (namelen <= 0 || namelen > 1024) {
            return -EINVAL;
        }
        byte[] nb = new byte[namelen];
        if (ua.copyin(c.uarg(0), nb, 0, namelen) != 0) {
            return -EFAULT;
        }
        String name = new String(nb, StandardCharsets.ISO_8859_1);
        Sysctl.Node node = k.sysctl().lookup(name);
        if (node == null) {
            return -ENOENT;
        }
        long newp = c.uarg(4);
        int newlen = c.arg(5);
        if (newp != 0) {
            if (!c.proc().cred().privileged()) {
                return -EPERM;
            }
            if (!(node instanceof Sysctl.LongNode ln) || ln.setter() == null) {
                return -EPERM;
            }
            if (newlen != 4 && newlen != 8) {
                return -EINVAL;
            }
            byte[] v = new byte[newlen];
            if (ua.copyin(newp, v, 0, newlen) != 0) {
                return -EFAULT;
            }
            long value = 0;
            for (int i = newlen - 1; i >= 0; i--) {
                value = (value << 8) | (v[i] & 0xFF);
            }
            if (newlen == 4) {
                value = (int) value;
            }
            ln.setter().accept(value);
        }
        long oldp = c.uarg(2);
        long oldlenp = c.uarg(3);
        if (oldlenp == 0) {
            return 0;
        }
        byte[] value = valueOf(node);
        int[] have = new int[1];
        if (ua.fuword32(oldlenp, have) != 0) {
            return -EFAULT;
        }
        if (oldp == 0) {
            return -ua.suword32(oldlenp, value.length);
        }
        int n = Math.min(have[0], value.length);
        if (ua.copyout(value, 0, n, oldp) != 0 || ua.suword32(oldlenp, n) != 0) {
            return -EFAULT;
        }
        return n < value.length ? -ENOMEM : 0;
    }

    private static byte[] valueOf(Sysctl.Node node) {
        if (node instanceof Sysctl.LongNode ln) {
            long v = ln.getter().getAsLong();
            byte[] b = new byte[8];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (v >>> (8 * i));
            }
            return b;
        }
        if (node instanceof Sysctl.StringNode sn) {
            return (sn.getter().get() + "\0").getBytes(StandardCharsets.ISO_8859_1);
        }
        return ((Sysctl.OpaqueNode) node).getter().get();
    }

    private static long kenv(Kernel k, SyscallContext c) {
        UserAccess ua = k.userAccess();
        int action = c.arg(0);
        if (action == KENV_DUMP) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : k.kenv().all().entrySet()) {
                sb.append(e.getKey()).append('=').append(e.getValue()).append('\0');
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            if (c.uarg(2) != 0) {
                int n = Math.min(b.length, Math.max(0, c.arg(3)));
                if (ua.copyout(b, 0, n, c.uarg(2)) != 0) {
                    return -EFAULT;
                }
            }
            return b.length;
        }
        UserAccess.Str name = ua.copyinstr(c.uarg(1), 128);
        if (name.errno() != 0) {
            return -name.errno();
        }
        switch (action) {
            case KENV_GET -> {
                String v = k.kenv().get(name.value());
                if (v == null) {
                    return -ENOENT;
                }
                byte[] b = (v + "\0").getBytes(StandardCharsets.ISO_8859_1);
                int n = Math.min(b.length, Math.max(0, c.arg(3)));
                if (n > 0) {
                    b[n - 1] = 0;
                }
                return ua.copyout(b, 0, n, c.uarg(2)) != 0 ? -EFAULT : n;
            }
            case KENV_SET -> {
                if (!c.proc().cred().privileged()) {
                    return -EPERM;
                }
                UserAccess.Str v = ua.copyinstr(c.uarg(2), 128);
                if (v.errno() != 0) {
                    return -v.errno();
                }
                return -k.kenv().set(name.value(), v.value());
            }
            case KENV_UNSET -> {
                if (!c.proc().cred().privileged()) {
                    return -EPERM;
                }
                return -k.kenv().unset(name.value());
            }
            default -> {
                return -EINVAL;
            }
        }
    }
}
