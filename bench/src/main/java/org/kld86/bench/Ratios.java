package org.kld86.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks and prints each measured target as a ratio against its baseline from the same run, so
 * the figures do not depend on how fast the host is. Arguments are JMH's own (a benchmark regex, -f, -wi, -i).
 */
public final class Ratios {

    /** target benchmark, baseline benchmark, the goal as a ratio (NaN: reported, no goal), what the goal says. */
    private record Pair(String target, String baseline, double goal, String goalText) {
    }

    private static final List<Pair> PAIRS = List.of(
            new Pair("MmuBench.tlbHitLoad32", "MmuBench.arrayLoad32", 2.0, "TLB-hit load within 2x of a byte-array load"),
            new Pair("MmuBench.tlbHitStore32", "MmuBench.arrayStore32", 2.0, "TLB-hit store within 2x of a byte-array store"),
            new Pair("MmuBench.tlbHitChase32", "MmuBench.arrayChase32", 2.0, "dependent TLB-hit load within 2x of a byte-array load"),
            new Pair("MmuBench.mmuCopyOut64K", "MmuBench.arraycopy64K", 2.0, "copy out at half of arraycopy's bandwidth or better"),
            new Pair("KldBench.instrumentedLoop", "KldBench.plainLoop", 1.3, "instrumented driver loop at most 1.3x the plain one"),
            new Pair("MmuBench.mmuCopyIn64K", "MmuBench.arraycopy64K", 2.0, "copy in at half of arraycopy's bandwidth or better"),
            new Pair("AllocBench.mallocFree64", "AllocBench.freeList64", 4.0, "malloc+free of 64 bytes within 4x of a free list"),
            new Pair("AllocBench.kmallocKfree64", "AllocBench.freeList64", 4.0, "kmalloc+kfree of 64 bytes within 4x of a free list"),
            new Pair("AllocBench.getFreePage", "AllocBench.freeList64", Double.NaN, "__get_free_pages(order 0)+free_pages"),
            new Pair("AllocBench.vmalloc64K", "AllocBench.freeList64", Double.NaN, "vmalloc(64 KiB)+vfree"),
            new Pair("AllocBenchInvariants.mallocFree64", "AllocBenchInvariants.freeList64", Double.NaN,
                    "malloc+free of 64 bytes on an INVARIANTS kernel"),
            new Pair("AllocBenchInvariants.kmallocKfree64", "AllocBenchInvariants.freeList64", Double.NaN,
                    "kmalloc+kfree of 64 bytes on an INVARIANTS kernel"),
            new Pair("AllocBenchInvariants.getFreePage", "AllocBenchInvariants.freeList64", Double.NaN,
                    "__get_free_pages(order 0)+free_pages on an INVARIANTS kernel"),
            new Pair("AllocBenchInvariants.vmalloc64K", "AllocBenchInvariants.freeList64", Double.NaN,
                    "vmalloc(64 KiB)+vfree on an INVARIANTS kernel"),
            new Pair("ScullBench.scull", "ScullBench.tmpfs", Double.NaN, "4 MiB through scull0 and back, against tmpfs"),
            new Pair("ScullBench.scullp", "ScullBench.tmpfs", Double.NaN, "4 MiB through scullp0 and back, against tmpfs"),
            new Pair("ScullBench.scullv", "ScullBench.tmpfs", Double.NaN, "4 MiB through scullv0 and back, against tmpfs"),
            new Pair("ScullBench.scullp", "ScullBench.scull", Double.NaN, "scullp against scull (LDD3: a little faster)"),
            new Pair("ScullBench.scullv", "ScullBench.scullp", Double.NaN,
                    "scullv against scullp (LDD3: vmalloc costs more)"));

    private Ratios() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        Options opts = new OptionsBuilder().parent(cli).build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, Double> score = new LinkedHashMap<>();
        Map<String, Double> error = new LinkedHashMap<>();
        Map<String, String> unit = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            score.put(shortName, r.getPrimaryResult().getScore());
            error.put(shortName, r.getPrimaryResult().getScoreError());
            unit.put(shortName, r.getPrimaryResult().getScoreUnit().replace("/op", ""));
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-26s %-24s %15s %15s %7s  %s", "target", "baseline", "target", "baseline", "ratio",
                "goal"));
        for (Pair p : PAIRS) {
            Double t = score.get(p.target());
            Double b = score.get(p.baseline());
            if (t == null || b == null) {
                continue;
            }
            double ratio = t / b;
            String verdict = Double.isNaN(p.goal()) ? "" : ratio <= p.goal() ? ": met" : ": NOT met";
            lines.add(String.format("%-26s %-24s %8.3f±%-4.2f%-2s %8.3f±%-4.2f%-2s %6.2fx  %s%s", p.target(),
                    p.baseline(), t, error.get(p.target()), unit.get(p.target()), b, error.get(p.baseline()),
                    unit.get(p.baseline()), ratio, p.goalText(), verdict));
        }
        System.out.println();
        System.out.println("Ratios (target time / baseline time, same run):");
        lines.forEach(System.out::println);
    }
}
