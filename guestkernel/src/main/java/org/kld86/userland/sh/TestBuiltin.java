package org.kld86.userland.sh;

import java.util.List;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stat;

/**
 * The test and [ builtins, with the grammar and messages of FreeBSD's bin/test/test.c (which sh builds in):
 *
 * <pre>
 * oexpr   := aexpr [-o oexpr]
 * aexpr   := nexpr [-a aexpr]
 * nexpr   := ! nexpr | primary
 * primary := ( oexpr ) | unary-op operand | operand binary-op operand | operand
 * </pre>
 * An operator word stands for an operand where test.c's t_lex takes it as one (a lone "-f" is a non-empty
 * string), and four words starting with ! negate the three after them. Files are looked at with stat(2); -r -w
 * -x judge the mode bits against the caller's uid and gid (root reads and writes anything and executes what has an
 * x bit or is a directory); -h and -L are false, there being no symbolic links. The status is 0 true, 1 false,
 * 2 after a message ("[: missing ]", "test: x: bad number", "test: closing paren expected").
 */
final class TestBuiltin {

    private enum Type { UNOP, BINOP, BUNOP, BBINOP, PAREN, OPERAND, EOI }

    private enum Tok {
        EOI(Type.EOI), OPERAND(Type.OPERAND), LPAREN(Type.PAREN), RPAREN(Type.PAREN), UNOT(Type.BUNOP),
        BAND(Type.BBINOP), BOR(Type.BBINOP), UNARY(Type.UNOP), BINARY(Type.BINOP);

        final Type type;

        Tok(Type type) {
            this.type = type;
        }
    }

    private static final List<String> UNARY = List.of("-r", "-w", "-x", "-e", "-f", "-d", "-c", "-b", "-p", "-u",
            "-g", "-k", "-s", "-t", "-z", "-n", "-h", "-O", "-G", "-L", "-S");
    private static final List<String> BINARY = List.of("=", "==", "!=", "<", ">", "-eq", "-ne", "-ge", "-gt", "-le",
            "-lt", "-nt", "-ot", "-ef");

    /** A message that ends the builtin with status 2. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final Libc c;
    private String[] w;
    /** The word being looked at and how many words are left counting it (test.c's t_wp and nargc). */
    private int pos;
    private int nargc;
    private int parenLevel;

    TestBuiltin(Libc c) {
        this.c = c;
    }

    /** Runs {@code argv} ("test" or "[" and the expression): its status. */
    int run(List<String> argv) {
        String name = argv.get(0);
        int argc = argv.size();
        try {
            if (name.equals("[")) {
                if (!argv.get(--argc).equals("]")) {
                    throw new Failure("missing ]");
                }
            }
            if (--argc <= 0) {
                return 1;
            }
            w = argv.subList(1, argc + 1).toArray(new String[0]);
            nargc = argc;
            pos = 0;
            parenLevel = 0;
            boolean negate = nargc == 4 && w[0].equals("!");
            if (negate) {
                // things like ! "" -o x do not fit in the normal grammar
                nargc--;
                pos++;
            }
            boolean res = oexpr(lex(w[pos]));
            if (--nargc > 0) {
                syntax(w[pos], "unexpected operator");
            }
            return res != negate ? 0 : 1;
        } catch (Failure f) {
            c.stdout().flush();
            c.stderr().puts(name + ": " + f.getMessage() + "\n");
            return 2;
        }
    }

    private static void syntax(String op, String msg) {
        throw new Failure(op != null && !op.isEmpty() ? op + ": " + msg : msg);
    }

    private String at(int i) {
        return i >= 0 && i < w.length ? w[i] : null;
    }

    /** The next word (null past the end), as test.c's {@code nargc > 0 ? (--nargc, *++t_wp) : NULL}. */
    private String advance() {
        if (nargc > 0) {
            nargc--;
            return at(++pos);
        }
        return null;
    }

    /** Steps back over a word {@link #advance} gave, as test.c does even when there was none. */
    private void retreat() {
        pos--;
        nargc++;
    }

    private boolean oexpr(Tok n) {
        boolean res = aexpr(n);
        if (lex(advance()) == Tok.BOR) {
            return oexpr(lex(advance())) || res;
        }
        retreat();
        return res;
    }

    private boolean aexpr(Tok n) {
        boolean res = nexpr(n);
        if (lex(advance()) == Tok.BAND) {
            return aexpr(lex(advance())) && res;
        }
        retreat();
        return res;
    }

    private boolean nexpr(Tok n) {
        if (n == Tok.UNOT) {
            return !nexpr(lex(advance()));
        }
        return primary(n);
    }

    private boolean primary(Tok n) {
        if (n == Tok.EOI) {
            return false; // missing expression
        }
        if (n == Tok.LPAREN) {
            parenLevel++;
            Tok nn = lex(advance());
            if (nn == Tok.RPAREN) {
                parenLevel--;
                return false; // missing expression
            }
            boolean res = oexpr(nn);
            if (lex(advance()) != Tok.RPAREN) {
                syntax(null, "closing paren expected");
            }
            parenLevel--;
            return res;
        }
        if (n.type == Type.UNOP) {
            String op = w[pos];
            if (--nargc == 0) {
                syntax(null, "argument expected");
            }
            String arg = w[++pos];
            return switch (op) {
                case "-z" -> arg.isEmpty();
                case "-n" -> !arg.isEmpty();
                case "-t" -> c.isatty((int) number(arg, Integer.MIN_VALUE, Integer.MAX_VALUE));
                default -> file(arg, op);
            };
        }
        Tok nn = lex(nargc > 0 ? at(pos + 1) : null);
        if (nn.type == Type.BINOP) {
            return binop();
        }
        return !w[pos].isEmpty();
    }

    private boolean binop() {
        String left = w[pos];
        String op = advance();
        String right = advance();
        if (right == null) {
            syntax(op, "argument expected");
        }
        return switch (op) {
            case "=", "==" -> left.equals(right);
            case "!=" -> !left.equals(right);
            case "<" -> left.compareTo(right) < 0;
            case ">" -> left.compareTo(right) > 0;
            case "-nt" -> newer(left, right);
            case "-ot" -> newer(right, left);
            case "-ef" -> sameFile(left, right);
            default -> {
                int cmp = Long.compare(number(left, Long.MIN_VALUE, Long.MAX_VALUE),
                        number(right, Long.MIN_VALUE, Long.MAX_VALUE));
                yield switch (op) {
                    case "-eq" -> cmp == 0;
                    case "-ne" -> cmp != 0;
                    case "-ge" -> cmp >= 0;
                    case "-gt" -> cmp > 0;
                    case "-le" -> cmp <= 0;
                    default -> cmp < 0;
                };
            }
        };
    }

    // -------------------------------------------------------------------------------------------------------------
    // Words

    private static Tok find(String s) {
        if (UNARY.contains(s)) {
            return Tok.UNARY;
        }
        if (BINARY.contains(s)) {
            return Tok.BINARY;
        }
        return switch (s) {
            case "!" -> Tok.UNOT;
            case "-a" -> Tok.BAND;
            case "-o" -> Tok.BOR;
            case "(" -> Tok.LPAREN;
            case ")" -> Tok.RPAREN;
            default -> Tok.OPERAND;
        };
    }

    /** test.c's t_lex: what {@code s} is here, an operator taken as an operand where the words around say so. */
    private Tok lex(String s) {
        if (s == null) {
            return Tok.EOI;
        }
        Tok t = find(s);
        if (((t.type == Type.UNOP || t.type == Type.BUNOP) && unaryIsOperand())
                || (t == Tok.LPAREN && lparenIsOperand()) || (t == Tok.RPAREN && rparenIsOperand())) {
            return Tok.OPERAND;
        }
        return t;
    }

    // test.c's isunopoperand, islparenoperand and isrparenoperand, by how many words are left

    private boolean unaryIsOperand() {
        return switch (nargc) {
            case 1 -> true;
            case 2 -> closingParenNext();
            default -> find(at(pos + 1)).type == Type.BINOP && (parenLevel == 0 || !")".equals(at(pos + 2)));
        };
    }

    private boolean lparenIsOperand() {
        return switch (nargc) {
            case 1 -> true;
            case 2 -> closingParenNext();
            case 3 -> find(at(pos + 1)).type == Type.BINOP;
            default -> false;
        };
    }

    private boolean rparenIsOperand() {
        return nargc == 2 && closingParenNext();
    }

    private boolean closingParenNext() {
        return parenLevel == 1 && ")".equals(at(pos + 1));
    }

    /** strtoimax as test.c's getq takes it: blanks around a signed decimal, or "x: bad number". */
    private static long number(String s, long min, long max) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int digits = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
        }
        if (i == digits) {
            throw new Failure(s + ": bad number");
        }
        int end = i;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i < s.length()) {
            throw new Failure(s + ": bad number");
        }
        long v;
        try {
            v = Long.parseLong(s.substring(start, end));
        } catch (NumberFormatException e) {
            throw new Failure(s + ": out of range"); // the digits are checked: only the size can be wrong
        }
        if (v < min || v > max) {
            throw new Failure(s + ": out of range");
        }
        return v;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Files

    private boolean file(String name, String op) {
        if (op.equals("-h") || op.equals("-L")) {
            return false; // no symbolic links here
        }
        Stat st = new Stat();
        if (c.stat(name, st) < 0) {
            return false;
        }
        int type = st.mode & Stat.S_IFMT;
        return switch (op) {
            case "-r" -> allowed(st, 4);
            case "-w" -> allowed(st, 2);
            case "-x" -> allowed(st, 1);
            case "-f" -> type == Stat.S_IFREG;
            case "-d" -> type == Stat.S_IFDIR;
            case "-c" -> type == Stat.S_IFCHR;
            case "-b" -> type == 0060000;
            case "-p" -> type == Stat.S_IFIFO;
            case "-S" -> type == 0140000;
            case "-u" -> (st.mode & 04000) != 0;
            case "-g" -> (st.mode & 02000) != 0;
            case "-k" -> (st.mode & 01000) != 0;
            case "-s" -> st.size > 0;
            case "-O" -> st.uid == c.getuid();
            case "-G" -> st.gid == c.getgid();
            default -> true; // -e
        };
    }

    /** Whether the caller may read (4), write (2) or execute (1) the file, by its mode bits. */
    private boolean allowed(Stat st, int bit) {
        int uid = c.getuid();
        if (uid == 0) {
            return bit != 1 || st.isDirectory() || (st.mode & 0111) != 0;
        }
        if (st.uid == uid) {
            return (st.mode & (bit << 6)) != 0;
        }
        if (st.gid == c.getgid()) {
            return (st.mode & (bit << 3)) != 0;
        }
        return (st.mode & bit) != 0;
    }

    private boolean newer(String a, String b) {
        Stat sa = new Stat();
        Stat sb = new Stat();
        return c.stat(a, sa) == 0 && c.stat(b, sb) == 0 && sa.mtime > sb.mtime;
    }

    private boolean sameFile(String a, String b) {
        Stat sa = new Stat();
        Stat sb = new Stat();
        return c.stat(a, sa) == 0 && c.stat(b, sb) == 0 && sa.dev == sb.dev && sa.ino == sb.ino;
    }
}
