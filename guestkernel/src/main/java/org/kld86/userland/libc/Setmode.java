package org.kld86.userland.libc;

import java.util.ArrayList;
import java.util.List;

/**
 * setmode(3) and getmode(3): a mode operand as chmod(1) and mkdir -m take it, compiled once and applied to each
 * file's mode. An octal number sets the permission bits outright (at most 07777); a symbolic mode is a
 * comma-separated list of clauses {@code [ugoa]*[+-=][rwxXst]*} or {@code [ugoa]*[+-=][ugo]}, several operations
 * per clause allowed ({@code u+x-w}). Without a who, + - and = act on a, less the bits the umask clears; X is
 * execute only for a directory or a file with some execute bit already set; s applies to the owner and group, t
 * to the file as a whole; u, g and o copy that class's current bits.
 */
public final class Setmode {

    private static final int S_ISUID = 04000;
    private static final int S_ISGID = 02000;
    private static final int S_ISTXT = 01000;
    private static final int S_IRWXU = 0700;
    private static final int S_IRWXG = 0070;
    private static final int S_IRWXO = 0007;
    private static final int STANDARD_BITS = S_ISUID | S_ISGID | S_IRWXU | S_IRWXG | S_IRWXO;
    private static final int READ = 0444;
    private static final int WRITE = 0222;
    private static final int EXEC = 0111;

    private static final int CMD2_CLR = 1;
    private static final int CMD2_SET = 2;
    private static final int CMD2_GBITS = 4;
    private static final int CMD2_OBITS = 8;
    private static final int CMD2_UBITS = 16;

    /** One step of the compiled mode (setmode.c's BITCMD). */
    private record Cmd(char cmd, int cmd2, int bits) {
    }

    private final List<Cmd> cmds;

    private Setmode(List<Cmd> cmds) {
        this.cmds = cmds;
    }

    /** setmode(3): {@code mode} compiled against the umask {@code umask}, or null if it is not a valid mode. */
    public static Setmode compile(String mode, int umask) {
        List<Cmd> set = new ArrayList<>();
        int mask = ~umask;
        if (mode.isEmpty()) {
            return null;
        }
        if (Character.isDigit(mode.charAt(0))) {
            int perm = 0;
            for (int i = 0; i < mode.length(); i++) {
                char ch = mode.charAt(i);
                if (ch < '0' || ch > '7' || perm > 07777) {
                    return null;
                }
                perm = perm * 8 + (ch - '0');
            }
            if ((perm & ~(STANDARD_BITS | S_ISTXT)) != 0) {
                return null;
            }
            add(set, '=', STANDARD_BITS | S_ISTXT, perm, mask);
            return new Setmode(set);
        }
        int p = 0;
        boolean equalDone = false;
        for (;;) {
            int who = 0;
            for (; p < mode.length(); p++) {
                char ch = mode.charAt(p);
                if (ch == 'a') {
                    who |= STANDARD_BITS;
                } else if (ch == 'u') {
                    who |= S_ISUID | S_IRWXU;
                } else if (ch == 'g') {
                    who |= S_ISGID | S_IRWXG;
                } else if (ch == 'o') {
                    who |= S_IRWXO;
                } else {
                    break;
                }
            }
            // getop: one or more operations with their permissions for this who.
            for (;;) {
                if (p >= mode.length()) {
                    return null;
                }
                char op = mode.charAt(p++);
                if (op != '+' && op != '-' && op != '=') {
                    return null;
                }
                if (op == '=') {
                    equalDone = false;
                }
                who &= ~S_ISTXT;
                int perm = 0;
                int permX = 0;
                for (; p < mode.length(); p++) {
                    char ch = mode.charAt(p);
                    if (ch == 'r') {
                        perm |= READ;
                    } else if (ch == 'w') {
                        perm |= WRITE;
                    } else if (ch == 'x') {
                        perm |= EXEC;
                    } else if (ch == 'X') {
                        permX = EXEC;
                    } else if (ch == 's') {
                        if (who == 0 || (who & ~S_IRWXO) != 0) {
                            perm |= S_ISUID | S_ISGID;
                        }
                    } else if (ch == 't') {
                        if (who == 0 || (who & ~S_IRWXO) != 0) {
                            who |= S_ISTXT;
                            perm |= S_ISTXT;
                        }
                    } else if (ch == 'u' || ch == 'g' || ch == 'o') {
                        if (perm != 0) {
                            add(set, op, who, perm, mask);
                            perm = 0;
                        }
                        if (op == '=') {
                            equalDone = true;
                        }
                        if (op == '+' && permX != 0) {
                            add(set, 'X', who, permX, mask);
                            permX = 0;
                        }
                        add(set, ch, who, op, mask);
                    } else {
                        break;
                    }
                }
                if (perm != 0 || (op == '=' && !equalDone)) {
                    if (op == '=') {
                        equalDone = true;
                    }
                    add(set, op, who, perm, mask);
                }
                if (permX != 0) {
                    add(set, 'X', who, permX, mask);
                }
                if (p >= mode.length()) {
                    return new Setmode(set);
                }
                if (mode.charAt(p) == ',') {
                    p++;
                    break;
                }
            }
        }
    }

    /** setmode.c's addcmd: '=' is a clear of who's bits then a '+'; u, g and o copy a class's bits. */
    private static void add(List<Cmd> set, char op, int who, int oparg, int mask) {
        switch (op) {
            case '=' -> {
                set.add(new Cmd('-', 0, who != 0 ? who : STANDARD_BITS));
                set.add(new Cmd('+', 0, (who != 0 ? who : mask) & oparg));
            }
            case '+', '-', 'X' -> set.add(new Cmd(op, 0, (who != 0 ? who : mask) & oparg));
            default -> {
                int cmd2;
                int bits;
                if (who != 0) {
                    cmd2 = ((who & 0400) != 0 ? CMD2_UBITS : 0) | ((who & 0040) != 0 ? CMD2_GBITS : 0)
                            | ((who & 0004) != 0 ? CMD2_OBITS : 0);
                    bits = ~0;
                } else {
                    cmd2 = CMD2_UBITS | CMD2_GBITS | CMD2_OBITS;
                    bits = mask;
                }
                cmd2 |= oparg == '+' ? CMD2_SET : oparg == '-' ? CMD2_CLR : CMD2_SET | CMD2_CLR;
                set.add(new Cmd(op, cmd2, bits));
            }
        }
    }

    /** getmode(3): the mode {@code omode} (file type bits included) becomes under this mode operand. */
    public int apply(int omode) {
        int newmode = omode;
        for (Cmd c : cmds) {
            switch (c.cmd()) {
                case 'u', 'g', 'o' -> {
                    int value = c.cmd() == 'u' ? (newmode & S_IRWXU) >> 6
                            : c.cmd() == 'g' ? (newmode & S_IRWXG) >> 3 : newmode & S_IRWXO;
                    if ((c.cmd2() & CMD2_CLR) != 0) {
                        int clr = (c.cmd2() & CMD2_SET) != 0 ? S_IRWXO : value;
                        newmode &= ~(classBits(c.cmd2(), clr) & c.bits());
                    }
                    if ((c.cmd2() & CMD2_SET) != 0) {
                        newmode |= classBits(c.cmd2(), value) & c.bits();
                    }
                }
                case '+' -> newmode |= c.bits();
                case '-' -> newmode &= ~c.bits();
                case 'X' -> {
                    if ((omode & (Stat.S_IFDIR | EXEC)) != 0) {
                        newmode |= c.bits();
                    }
                }
                default -> {
                }
            }
        }
        return newmode;
    }

    /** The 3-bit {@code value} placed in each class cmd2 names. */
    private static int classBits(int cmd2, int value) {
        return ((cmd2 & CMD2_UBITS) != 0 ? value << 6 : 0) | ((cmd2 & CMD2_GBITS) != 0 ? value << 3 : 0)
                | ((cmd2 & CMD2_OBITS) != 0 ? value : 0);
    }
}
