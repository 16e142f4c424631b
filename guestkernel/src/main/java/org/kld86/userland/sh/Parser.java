package org.kld86.userland.sh;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The shell's parser: reads complete commands one at a time from a text, so that a script runs command by command
 * and a syntax error further down does not stop what came before (as sh reads its input).
 *
 * <p>The language: words with '...', "..." ($ and \ work inside), \ outside quotes, $name, ${name} and the special
 * parameters ? $ # 0-9 @ * ! -; a leading ~; comments from an unquoted # at the start of a word; simple commands
 * with leading name=value assignments; redirections [n]&lt; [n]&gt; [n]&gt;&gt; [n]&gt;| [n]&lt;&gt; [n]&gt;&amp;m
 * [n]&lt;&amp;m (m a number or -); pipelines with '|' and a leading '!'; and-or lists with &amp;&amp; and ||
 * (a newline may follow either, and '|'); sequences with ';'; asynchronous lists ended by '&amp;'; the compound
 * commands if/then/elif/else/fi, while and until/do/done, for name [in word...]/do/done, case word in
 * [(]pattern[|pattern]...) list;; ... esac and { list; }, with newlines for ';' inside them and redirections after
 * them. Reserved words are recognised only unquoted and where
 * a command may start. A newline ends a complete command, unless a compound command is still open. Syntax errors
 * are worded as FreeBSD's parser words them ({@code "fi" unexpected}, {@code word unexpected (expecting "done")}).
 *
 * <p>Not understood, and refused with a syntax error rather than misread: command substitution ($(...) and
 * backquotes), arithmetic, subshells, here-documents and functions.
 */
public final class Parser {

    private final String text;
    private int pos;
    private int line = 1;
    private int startLine = 1;

    /** sh's reserved words (FreeBSD's parsekwd). */
    private static final Set<String> RESERVED = Set.of("!", "case", "do", "done", "elif", "else", "esac", "fi", "for",
            "if", "in", "then", "until", "while", "{", "}");

    /** The reserved words that end a list inside a compound command. */
    private static final Set<String> CLOSERS = Set.of("do", "done", "elif", "else", "esac", "fi", "then", "}");

    public Parser(String text) {
        this.text = text;
    }

    /** The line the last command started on (from 1). */
    public int startLine() {
        return startLine;
    }

    /**
     * The next complete command, or null at the end of the text (blank lines and comments are skipped).
     *
     * @throws SyntaxError for text that is not a command; the parser then stands after the offending line
     */
    public Node.Sequence next() {
        skipBlanksAndNewlines();
        startLine = line;
        if (pos >= text.length()) {
            return null;
        }
        try {
            Node.Sequence s = list(true);
            if (!atEnd()) {
                if (peek() != '\n') {
                    throw unexpected(tokenAt());
                }
                pos++;
                line++;
            }
            return s;
        } catch (SyntaxError e) {
            // Recover at the next line, as sh discards the rest of the input line after an error.
            while (pos < text.length() && text.charAt(pos) != '\n') {
                pos++;
            }
            if (pos < text.length()) {
                pos++;
                line++;
            }
            throw e;
        }
    }

    /** Every complete command of {@code text} (for tests and for sh -c's whole text at once). */
    public static List<Node.Sequence> parseAll(String text) {
        Parser p = new Parser(text);
        List<Node.Sequence> out = new ArrayList<>();
        for (Node.Sequence s; (s = p.next()) != null; ) {
            out.add(s);
        }
        return out;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Grammar

    /**
     * And-or lists separated by ';' and '&amp;'. At the top ({@code top}) the list is one complete command and
     * ends at a newline; inside a compound command newlines separate too, and the list ends before a reserved
     * word that closes something (then, fi, done...), a ')' or the end of the text, as FreeBSD's list(0) stops at
     * the tokens of its tokendlist. It may then be empty; the caller decides whether that is an error.
     */
    private Node.Sequence list(boolean top) {
        List<Node.AndOr> items = new ArrayList<>();
        for (;;) {
            if (!top) {
                skipBlanksAndNewlines();
                String kw = reservedAt();
                if (atEnd() || peek() == ')' || peekOp(";;") || (kw != null && CLOSERS.contains(kw))) {
                    break;
                }
            }
            int from = pos;
            Node.AndOr item = andOr();
            skipBlanks();
            boolean separated = false;
            if (peek() == '&' && !peekOp("&&")) {
                // an asynchronous list: '&' both marks it and separates it from what follows
                item = new Node.AndOr(item.pipelines(), item.ops(), true, text.substring(from, pos).strip());
                pos++;
                separated = true;
            } else if (peek() == ';' && !peekOp(";;")) {
                pos++;
                separated = true;
            }
            items.add(item);
            skipBlanks();
            if (peek() == '#') {
                skipComment();
            }
            boolean newline = atEnd() || peek() == '\n';
            if (top ? separated && !newline : separated || peek() == '\n') {
                continue;
            }
            break;
        }
        return new Node.Sequence(items);
    }

    private Node.AndOr andOr() {
        List<Node.Pipeline> pipes = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        pipes.add(pipeline());
        for (;;) {
            skipBlanks();
            if (peekOp("&&") || peekOp("||")) {
                ops.add(text.substring(pos, pos + 2));
                pos += 2;
                skipBlanksAndNewlines();
                pipes.add(pipeline());
            } else {
                return new Node.AndOr(pipes, ops);
            }
        }
    }

    private Node.Pipeline pipeline() {
        skipBlanks();
        boolean negated = false;
        if (peek() == '!' && (pos + 1 >= text.length() || isBlank(text.charAt(pos + 1)) || text.charAt(pos + 1) == '\n')) {
            negated = true;
            pos++;
        }
        List<Node.Command> cmds = new ArrayList<>();
        cmds.add(command());
        for (;;) {
            skipBlanks();
            if (peek() == '|' && !peekOp("||")) {
                pos++;
                skipBlanksAndNewlines();
                cmds.add(command());
            } else {
                return new Node.Pipeline(cmds, negated);
            }
        }
    }

    /** A command: compound if it starts with a reserved word that opens one, otherwise simple. */
    private Node.Command command() {
        String kw = reservedAt();
        if (kw == null || kw.equals("!")) {
            return simple();
        }
        int start = pos;
        Node body = switch (kw) {
            case "if" -> ifCommand();
            case "while", "until" -> loop(kw);
            case "for" -> forCommand();
            case "{" -> {
                pos++;
                Node.Sequence list = list(false);
                expect("}");
                yield new Node.Group(list);
            }
            case "case" -> caseCommand();
            default -> throw unexpected("\"" + kw + "\"");
        };
        List<Node.Redirect> redirects = new ArrayList<>();
        for (;;) {
            skipBlanks();
            Node.Redirect r = redirect();
            if (r == null) {
                break;
            }
            redirects.add(r);
        }
        return new Node.Compound(body, redirects, text.substring(start, pos).strip());
    }

    private Node.If ifCommand() {
        pos += "if".length();
        List<Node.Sequence> conditions = new ArrayList<>();
        List<Node.Sequence> branches = new ArrayList<>();
        Node.Sequence otherwise = null;
        for (;;) {
            conditions.add(condition());
            expect("then");
            branches.add(list(false));
            String kw = reservedAt();
            if ("elif".equals(kw)) {
                pos += kw.length();
                continue;
            }
            if ("else".equals(kw)) {
                pos += kw.length();
                otherwise = list(false);
            }
            break;
        }
        expect("fi");
        return new Node.If(conditions, branches, otherwise);
    }

    private Node.Loop loop(String kw) {
        pos += kw.length();
        Node.Sequence condition = condition();
        expect("do");
        Node.Sequence body = list(false);
        expect("done");
        return new Node.Loop(kw.equals("until"), condition, body);
    }

    private Node.For forCommand() {
        pos += "for".length();
        skipBlanks();
        Word var = atEnd() || isMeta(peek()) || peek() == '\n' ? null : word();
        if (var == null || var.parts().size() != 1 || var.parts().get(0).kind() != Word.Kind.LITERAL
                || !isName(var.parts().get(0).text())) {
            throw new SyntaxError("Bad for loop variable", false, line);
        }
        skipBlanksAndNewlines();
        List<Word> words = null;
        if ("in".equals(reservedAt())) {
            pos += "in".length();
            words = new ArrayList<>();
            for (;;) {
                skipBlanks();
                if (peek() == '#') {
                    skipComment();
                }
                if (atEnd() || isMeta(peek()) || peek() == '\n') {
                    break;
                }
                words.add(word());
            }
            if (peek() != ';' && peek() != '\n') {
                throw unexpected(tokenAt());
            }
            if (peek() == '\n') {
                line++;
            }
            pos++;
        } else if (peek() == ';') {
            pos++;
        }
        skipBlanksAndNewlines();
        if (!"do".equals(reservedAt())) {
            throw unexpected(tokenAt()); // FreeBSD says what it found, not what it expected, here
        }
        pos += "do".length();
        Node.Sequence body = list(false);
        expect("done");
        return new Node.For(var.parts().get(0).text(), words, body);
    }

    /**
     * {@code case word in [(]pattern[|pattern]...) list;; ... esac} as FreeBSD's parser reads it: newlines may
     * come before "in", between the items and around the lists, the last item's ";;" may be left out, and "esac"
     * ends the items only where a pattern would start (after a '(' or a '|' it is a pattern).
     */
    private Node.Case caseCommand() {
        pos += "case".length();
        skipBlanks();
        if (atEnd() || isMeta(peek()) || peek() == '\n') {
            throw expecting("word");
        }
        Word subject = word();
        skipBlanksAndNewlines();
        if (!"in".equals(reservedAt())) {
            throw new SyntaxError("expecting \"in\"", atEnd(), line);
        }
        pos += "in".length();
        List<Node.CaseItem> items = new ArrayList<>();
        for (;;) {
            skipBlanksAndNewlines();
            if ("esac".equals(reservedAt())) {
                pos += "esac".length();
                return new Node.Case(subject, items);
            }
            if (peek() == '(') {
                pos++;
            }
            List<Word> patterns = new ArrayList<>();
            for (;;) {
                skipBlanks();
                if (atEnd() || isMeta(peek()) || peek() == '\n') {
                    throw expecting("\")\"");
                }
                patterns.add(word());
                skipBlanks();
                if (peek() != '|' || peekOp("||")) {
                    break;
                }
                pos++;
            }
            if (peek() != ')') {
                throw expecting("\")\"");
            }
            pos++;
            Node.Sequence body = list(false);
            items.add(new Node.CaseItem(patterns, body));
            skipBlanksAndNewlines();
            if (peekOp(";;")) {
                pos += 2;
            } else if (!"esac".equals(reservedAt())) {
                throw expecting("\";;\"");
            }
        }
    }

    /** FreeBSD's synexpect: {@code X unexpected (expecting what)}, incomplete when X is the end of the text. */
    private SyntaxError expecting(String what) {
        String token = tokenAt();
        return new SyntaxError(token + " unexpected (expecting " + what + ")", token.equals("end of file"), line);
    }

    /** The condition of an if or a loop: a list that must not be empty. */
    private Node.Sequence condition() {
        Node.Sequence s = list(false);
        if (s.items().isEmpty()) {
            throw unexpected(tokenAt());
        }
        return s;
    }

    /**
     * Consumes the reserved word {@code kw}, or fails as FreeBSD's consumetoken does:
     * {@code X unexpected (expecting "kw")}.
     */
    private void expect(String kw) {
        skipBlanksAndNewlines();
        if (kw.equals(reservedAt())) {
            pos += kw.length();
            return;
        }
        throw expecting("\"" + kw + "\"");
    }

    /**
     * The reserved word at pos, or null: an unquoted word standing alone (up to a blank, a newline or an operator)
     * that is one of sh's reserved words. Called only where a command may start, the one place they are reserved.
     */
    private String reservedAt() {
        int e = pos;
        while (e < text.length() && !isBlank(text.charAt(e)) && text.charAt(e) != '\n' && !isMeta(text.charAt(e))) {
            e++;
        }
        String w = text.substring(pos, e);
        return RESERVED.contains(w) ? w : null;
    }

    private Node.Simple simple() {
        List<Node.Assignment> assigns = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        List<Node.Redirect> redirects = new ArrayList<>();
        for (;;) {
            skipBlanks();
            if (atEnd()) {
                if (assigns.isEmpty() && words.isEmpty() && redirects.isEmpty()) {
                    throw new SyntaxError("end of file unexpected", true, startLine);
                }
                break;
            }
            char ch = peek();
            if (ch == '\n' || ch == ';' || ch == '|' || ch == ')' || ch == '&') {
                if (assigns.isEmpty() && words.isEmpty() && redirects.isEmpty()) {
                    throw unexpected(tokenAt());
                }
                break;
            }
            if (ch == '(') {
                throw new SyntaxError("subshells are not supported", false, startLine);
            }
            if (ch == '#' && words.isEmpty() && assigns.isEmpty() && redirects.isEmpty()) {
                skipComment();
                continue;
            }
            if (ch == '#') {
                skipComment();
                break;
            }
            Node.Redirect r = redirect();
            if (r != null) {
                redirects.add(r);
                continue;
            }
            Word w = word();
            if (words.isEmpty() && isAssignment(w)) {
                String lit = w.parts().get(0).text();
                int eq = lit.indexOf('=');
                List<Word.Part> rest = new ArrayList<>();
                if (eq + 1 < lit.length()) {
                    rest.add(new Word.Part(Word.Kind.LITERAL, lit.substring(eq + 1)));
                }
                rest.addAll(w.parts().subList(1, w.parts().size()));
                assigns.add(new Node.Assignment(lit.substring(0, eq), new Word(rest)));
            } else {
                words.add(w);
            }
        }
        return new Node.Simple(assigns, words, redirects);
    }

    private static boolean isAssignment(Word w) {
        if (w.parts().isEmpty() || w.parts().get(0).kind() != Word.Kind.LITERAL) {
            return false;
        }
        String lit = w.parts().get(0).text();
        int eq = lit.indexOf('=');
        return eq > 0 && isName(lit.substring(0, eq));
    }

    /** Whether {@code s} is a variable name: a letter or '_', then letters, digits and '_'. */
    public static boolean isName(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
                return false;
            }
        }
        return true;
    }

    /** A redirection at the current position, or null if there is none there. */
    private Node.Redirect redirect() {
        int start = pos;
        int fd = -1;
        int p = pos;
        while (p < text.length() && Character.isDigit(text.charAt(p))) {
            p++;
        }
        if (p < text.length() && (text.charAt(p) == '<' || text.charAt(p) == '>')) {
            if (p > pos) {
                fd = Integer.parseInt(text.substring(pos, Math.min(p, pos + 4)));
            }
            pos = p;
        } else {
            return null;
        }
        String op;
        if (peekOp(">>")) {
            op = ">>";
        } else if (peekOp(">|")) {
            op = ">|";
        } else if (peekOp(">&")) {
            op = ">&";
        } else if (peekOp("<&")) {
            op = "<&";
        } else if (peekOp("<>")) {
            op = "<>";
        } else if (peekOp("<<")) {
            pos = start;
            throw new SyntaxError("here-documents are not supported", false, startLine);
        } else {
            op = text.substring(pos, pos + 1);
        }
        pos += op.length();
        if (fd < 0) {
            fd = op.startsWith("<") ? 0 : 1;
        }
        skipBlanks();
        if (atEnd() || isMeta(peek()) || peek() == '\n') {
            throw unexpected(tokenAt());
        }
        Word target = word();
        if (op.equals(">&") || op.equals("<&")) {
            String t = target.plainText();
            if (!t.equals("-") && !isDigits(t)) {
                if (op.equals(">&") && target.parts().size() == 1 && target.parts().get(0).kind() == Word.Kind.LITERAL) {
                    throw new SyntaxError("Bad fd number", false, startLine);
                }
            }
        }
        return new Node.Redirect(fd, op, target);
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Words

    private Word word() {
        List<Word.Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        if (peek() == '~') {
            pos++;
            int s = pos;
            while (pos < text.length() && !isMeta(text.charAt(pos)) && !isBlank(text.charAt(pos))
                    && text.charAt(pos) != '/' && text.charAt(pos) != '\n' && text.charAt(pos) != '"'
                    && text.charAt(pos) != '\'' && text.charAt(pos) != '\\' && text.charAt(pos) != '$') {
                pos++;
            }
            parts.add(new Word.Part(Word.Kind.TILDE, text.substring(s, pos)));
        }
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (isBlank(c) || c == '\n' || isMeta(c)) {
                break;
            }
            if (c == '\\') {
                if (pos + 1 >= text.length()) {
                    pos++;
                    break;
                }
                char n = text.charAt(pos + 1);
                pos += 2;
                if (n == '\n') {
                    line++;
                    continue;
                }
                flush(parts, lit, Word.Kind.LITERAL);
                parts.add(new Word.Part(Word.Kind.QUOTED, String.valueOf(n)));
                continue;
            }
            if (c == '\'') {
                flush(parts, lit, Word.Kind.LITERAL);
                int end = text.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw new SyntaxError("Unterminated quoted string", true, startLine);
                }
                String q = text.substring(pos + 1, end);
                line += count(q, '\n');
                parts.add(new Word.Part(Word.Kind.QUOTED, q));
                pos = end + 1;
                continue;
            }
            if (c == '"') {
                flush(parts, lit, Word.Kind.LITERAL);
                doubleQuoted(parts);
                continue;
            }
            if (c == '$') {
                Word.Part p = dollar(false);
                if (p != null) {
                    flush(parts, lit, Word.Kind.LITERAL);
                    parts.add(p);
                    continue;
                }
                lit.append('$');
                pos++;
                continue;
            }
            if (c == '`') {
                throw new SyntaxError("command substitution is not supported", false, startLine);
            }
            lit.append(c);
            pos++;
        }
        flush(parts, lit, Word.Kind.LITERAL);
        return new Word(parts);
    }

    private void doubleQuoted(List<Word.Part> parts) {
        pos++; // the opening quote
        StringBuilder q = new StringBuilder();
        boolean any = false;
        for (;;) {
            if (pos >= text.length()) {
                throw new SyntaxError("Unterminated quoted string", true, startLine);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < text.length() && "$`\"\\\n".indexOf(text.charAt(pos + 1)) >= 0) {
                char n = text.charAt(pos + 1);
                pos += 2;
                if (n == '\n') {
                    line++;
                } else {
                    q.append(n);
                }
                continue;
            }
            if (c == '$') {
                Word.Part p = dollar(true);
                if (p != null) {
                    if (q.length() > 0) {
                        parts.add(new Word.Part(Word.Kind.QUOTED, q.toString()));
                        q.setLength(0);
                    }
                    parts.add(p);
                    any = true;
                    continue;
                }
            }
            if (c == '`') {
                throw new SyntaxError("command substitution is not supported", false, startLine);
            }
            if (c == '\n') {
                line++;
            }
            q.append(c);
            pos++;
        }
        if (q.length() > 0 || !any) {
            parts.add(new Word.Part(Word.Kind.QUOTED, q.toString()));
        }
    }

    /** $name, ${name} or a special parameter at pos; null (pos unchanged) if the $ is literal. */
    private Word.Part dollar(boolean quoted) {
        Word.Kind kind = quoted ? Word.Kind.QUOTED_PARAM : Word.Kind.PARAM;
        if (pos + 1 >= text.length()) {
            return null;
        }
        char n = text.charAt(pos + 1);
        if (n == '(') {
            throw new SyntaxError("command substitution is not supported", false, startLine);
        }
        if (n == '{') {
            int end = text.indexOf('}', pos + 2);
            if (end < 0) {
                throw new SyntaxError("Missing '}'", true, startLine);
            }
            String name = text.substring(pos + 2, end);
            if (!isName(name) && !isDigits(name) && !(name.length() == 1 && "?$#@*!-".indexOf(name.charAt(0)) >= 0)) {
                throw new SyntaxError("Bad substitution", false, startLine);
            }
            pos = end + 1;
            return new Word.Part(kind, name);
        }
        if ("?$#@*!-".indexOf(n) >= 0 || Character.isDigit(n)) {
            pos += 2;
            return new Word.Part(kind, String.valueOf(n));
        }
        if (Character.isLetter(n) || n == '_') {
            int s = pos + 1;
            int e = s;
            while (e < text.length() && (Character.isLetterOrDigit(text.charAt(e)) || text.charAt(e) == '_')
                    && text.charAt(e) < 128) {
                e++;
            }
            pos = e;
            return new Word.Part(kind, text.substring(s, e));
        }
        return null;
    }

    private static void flush(List<Word.Part> parts, StringBuilder lit, Word.Kind kind) {
        if (lit.length() > 0) {
            parts.add(new Word.Part(kind, lit.toString()));
            lit.setLength(0);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Characters

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isMeta(char c) {
        return c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')';
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private boolean peekOp(String op) {
        return text.startsWith(op, pos);
    }

    private void skipBlanks() {
        for (;;) {
            while (pos < text.length() && isBlank(text.charAt(pos))) {
                pos++;
            }
            if (pos + 1 < text.length() && text.charAt(pos) == '\\' && text.charAt(pos + 1) == '\n') {
                pos += 2;
                line++;
                continue;
            }
            return;
        }
    }

    private void skipBlanksAndNewlines() {
        for (;;) {
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) == '\n') {
                pos++;
                line++;
            } else if (pos < text.length() && text.charAt(pos) == '#') {
                skipComment();
            } else {
                return;
            }
        }
    }

    private void skipComment() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /**
     * The token at pos as sh's tokname names it: "newline", "end of file", an operator or reserved word in quotes,
     * or "word".
     */
    private String tokenAt() {
        if (atEnd()) {
            return "end of file";
        }
        char c = peek();
        if (c == '\n') {
            return "newline";
        }
        for (String op : new String[] {"&&", "||", ";;", ">>", "<<", ">&", "<&", ">|", "<>"}) {
            if (peekOp(op)) {
                return "\"" + op + "\"";
            }
        }
        if (!isMeta(c)) {
            String kw = reservedAt();
            return kw != null ? "\"" + kw + "\"" : "word";
        }
        return "\"" + c + "\"";
    }

    private SyntaxError unexpected(String token) {
        return new SyntaxError(token + " unexpected", token.equals("end of file"), line);
    }
}
