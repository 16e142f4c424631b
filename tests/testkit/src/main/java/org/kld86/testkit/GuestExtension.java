package org.kld86.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link GuestTest}: boots the machine, loads the modules and remembers the pages
 * in use before them; resolves {@link Guest} and {@code @Dev} {@link GuestFile} parameters; after each test closes
 * the files and fails the test on what the kernel reported ({@link KernelReport}); at the end unloads the modules
 * (last loaded first) and fails if pages stayed in use.
 */
public final class GuestExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(GuestExtension.class);

    /** One booted machine and what the extension did to it. */
    private static final class Session {
        final Guest guest;
        final List<String> loaded = new ArrayList<>();
        final long pagesBefore;
        int dmesgMark;

        Session(GuestTest spec) {
            guest = Guest.boot(spec.ram(), spec.options(), ModuleDirs.find());
            pagesBefore = guest.pagesInUse();
            for (String m : spec.modules()) {
                guest.kldload(m);
                loaded.add(m.trim().split("\\s+")[0]);
            }
        }

        /** Unloads what the session loaded; returns the problems found. */
        List<String> finish(GuestTest spec) {
            List<String> problems = new ArrayList<>();
            guest.closeFiles();
            for (int i = loaded.size() - 1; i >= 0; i--) {
                String name = loaded.get(i);
                if (guest.kernel().linker().findFile(name) == null
                        && guest.kernel().linker().findFile(name + ".ko") == null) {
                    continue; // the test unloaded it itself
                }
                Guest.Result r = guest.sh("kldunload " + name);
                if (r.status() != 0) {
                    problems.add("kldunload " + name + " failed at the end of the test:\n" + r.output());
                }
            }
            problems.addAll(KernelReport.problems(guest, dmesgMark));
            if (spec.checkLeaks() && problems.isEmpty()) {
                long after = guest.pagesInUse();
                if (after != pagesBefore) {
                    problems.add(String.format("the modules left %d page(s) in use after kldunload (%d before the"
                            + " load, %d after the unload)", after - pagesBefore, pagesBefore, after));
                }
            }
            return problems;
        }
    }

    private static GuestTest spec(ExtensionContext context) {
        Class<?> c = context.getRequiredTestClass();
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            GuestTest t = k.getAnnotation(GuestTest.class);
            if (t != null) {
                return t;
            }
        }
        throw new IllegalStateException(c.getName() + " is not annotated @GuestTest");
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getStore(NS);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        GuestTest spec = spec(context);
        if (spec.perClass()) {
            store(context).put(Session.class, new Session(spec));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        GuestTest spec = spec(context);
        Session s = spec.perClass() ? store(context.getParent().orElseThrow()).get(Session.class, Session.class)
                : new Session(spec);
        if (!spec.perClass()) {
            store(context).put(Session.class, s);
        }
        s.dmesgMark = s.guest.dmesg().length();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        GuestTest spec = spec(context);
        Session s = session(context);
        List<String> problems;
        if (spec.perClass()) {
            s.guest.closeFiles();
            problems = KernelReport.problems(s.guest, s.dmesgMark);
        } else {
            try {
                problems = s.finish(spec);
            } finally {
                s.guest.close();
            }
        }
        if (!problems.isEmpty() && context.getExecutionException().isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        GuestTest spec = spec(context);
        if (!spec.perClass()) {
            return;
        }
        Session s = store(context).get(Session.class, Session.class);
        if (s == null) {
            return;
        }
        s.dmesgMark = s.guest.dmesg().length();
        List<String> problems;
        try {
            problems = s.finish(spec);
        } finally {
            s.guest.close();
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    private static Session session(ExtensionContext context) {
        Session s = store(context).get(Session.class, Session.class);
        if (s == null && context.getParent().isPresent()) {
            s = store(context.getParent().get()).get(Session.class, Session.class);
        }
        if (s == null) {
            throw new IllegalStateException("no kld86 machine for " + context.getDisplayName());
        }
        return s;
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Parameter p = pc.getParameter();
        return p.getType() == Guest.class || (p.getType() == GuestFile.class && pc.isAnnotated(Dev.class));
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        Session s = session(ec);
        if (pc.getParameter().getType() == Guest.class) {
            return s.guest;
        }
        Dev dev = pc.findAnnotation(Dev.class).orElseThrow();
        try {
            return s.guest.open(dev.value(), dev.flags());
        } catch (GuestErrno e) {
            throw new ParameterResolutionException("cannot open " + dev.value() + ": " + e.getMessage(), e);
        }
    }
}
