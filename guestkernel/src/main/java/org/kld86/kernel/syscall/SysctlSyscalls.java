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

    /** sysctlinfo's flag bits above the kind: the node can be set (CTLFLAG_WR), it is a tunable (CTLFLAG_TUN). */
    public static final int INFO_WRITABLE = 0x100;
    public static final int INFO_TUNABLE = 0x200;

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
            return kindOf(node) | flagsOf(node);
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
        if (node instanceof Sysctl.HandlerNode hn) {
            return handlerRequest(k, c, hn);
        }
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
            ln.setter().accept(Sysctl.fromLe(v, true));
        }
        return copyoutOld(ua, c, valueOf(node));
    }

    /**
     * The flags sysctlinfo reports with the kind, so that sysctl(8) can say "read only" (or "read only tunable")
     * before it tries a set, as FreeBSD's finds it in oid_kind, whoever runs it.
     */
    private static int flagsOf(Sysctl.Node node) {
        if (node instanceof Sysctl.HandlerNode hn) {
            return ((hn.kind() & Sysctl.CTLFLAG_WR) != 0 ? INFO_WRITABLE : 0)
                    | ((hn.kind() & Sysctl.CTLFLAG_TUN) != 0 ? INFO_TUNABLE : 0);
        }
        return node instanceof Sysctl.LongNode ln && ln.setter() != null ? INFO_WRITABLE : 0;
    }

    /** The kind sysctlinfo reports: 1 a number, 2 a string, 3 anything else. */
    private static int kindOf(Sysctl.Node node) {
        if (node instanceof Sysctl.HandlerNode hn) {
            return hn.numeric() ? 1 : hn.format() == Sysctl.CTLTYPE_STRING ? 2 : 3;
        }
        return node instanceof Sysctl.LongNode ? 1 : node instanceof Sysctl.StringNode ? 2 : 3;
    }

    /**
     * A request to a handler-served node (a module's oid): the rights come from its access flags (CTLFLAG_WR to
     * set at all, root unless CTLFLAG_ANYBODY), one handler call serves the read and the write, and numbers cross
     * as 64-bit integers both ways, narrowed to the node's width on the way in (EINVAL if the value does not fit).
     */
    private static long handlerRequest(Kernel k, SyscallContext c, Sysctl.HandlerNode hn) {
        UserAccess ua = k.userAccess();
        long newp = c.uarg(4);
        int newlen = c.arg(5);
        byte[] newValue = null;
        if (newp != 0) {
            if ((hn.kind() & Sysctl.CTLFLAG_WR) == 0) {
                return -EPERM;
            }
            if ((hn.kind() & Sysctl.CTLFLAG_ANYBODY) == 0 && !c.proc().cred().privileged()) {
                return -EPERM;
            }
            if (newlen < 0 || newlen > Sysctl.Request.MAX_OLD) {
                return -EINVAL;
            }
            newValue = new byte[newlen];
            if (ua.copyin(newp, newValue, 0, newlen) != 0) {
                return -EFAULT;
            }
            if (hn.numeric()) {
                newValue = narrow(hn, newValue);
                if (newValue == null) {
                    return -EINVAL;
                }
            }
        }
        // The reader's buffer, so that a value too long for it fails the handler's SYSCTL_OUT before the handler
        // takes the new value. A number crosses as 8 bytes: a smaller buffer takes none of it.
        int capacity = -1;
        if (c.uarg(2) != 0 && c.uarg(3) != 0) {
            int[] have = new int[1];
            if (ua.fuword32(c.uarg(3), have) != 0) {
                return -EFAULT;
            }
            capacity = hn.numeric() ? (have[0] >= 8 ? -1 : 0) : Math.max(0, have[0]);
        }
        Sysctl.Request req = new Sysctl.Request(newValue, capacity);
        int error = hn.handler().handle(req);
        if (error == ENOMEM && req.truncated()) {
            byte[] part = req.oldBytes();
            if (ua.copyout(part, 0, part.length, c.uarg(2)) != 0 || ua.suword32(c.uarg(3), part.length) != 0) {
                return -EFAULT;
            }
            return -ENOMEM;
        }
        if (error != 0) {
            return -error;
        }
        byte[] old = req.oldBytes();
        if (hn.numeric() && old.length == 4) {
            boolean unsigned = hn.format() == Sysctl.CTLTYPE_UINT || hn.format() == Sysctl.CTLTYPE_ULONG;
            old = Sysctl.le(Sysctl.fromLe(old, !unsigned), 8);
        }
        return copyoutOld(ua, c, old);
    }

    /** A new number as the user sent it (4 or 8 bytes) in the node's own width, or null if it does not fit. */
    private static byte[] narrow(Sysctl.HandlerNode hn, byte[] v) {
        if (v.length != 4 && v.length != 8) {
            return null;
        }
        long value = Sysctl.fromLe(v, true);
        if (hn.width() == 8) {
            return Sysctl.le(value, 8);
        }
        boolean unsigned = hn.format() == Sysctl.CTLTYPE_UINT || hn.format() == Sysctl.CTLTYPE_ULONG;
        if (unsigned ? value < 0 || value > 0xFFFFFFFFL : value != (int) value) {
            return null;
        }
        return Sysctl.le(value, 4);
    }

    /** The old value out to the caller's buffer: the length alone without one, what fits and ENOMEM if small. */
    private static long copyoutOld(UserAccess ua, SyscallContext c, byte[] value) {
        long oldp = c.uarg(2);
        long oldlenp = c.uarg(3);
        if (oldlenp == 0) {
            return 0;
        }
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
            return Sysctl.le(ln.getter().getAsLong(), 8);
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
