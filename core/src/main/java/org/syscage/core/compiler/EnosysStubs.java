package org.syscage.core.compiler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.syscalls.SyscallTable;

/**
 * The runc-style ENOSYS stub ({@code --enosys-stub}): runc puts it in front of libseccomp's
 * filter so that syscalls newer than the profile fail with ENOSYS, which C libraries take as
 * "not implemented here" and fall back from, instead of the default action's EPERM.
 *
 * <p>As runc (patchbpf): per arch, numbers above the largest one the profile names on that arch
 * (any rule, any action) get ENOSYS; x86_64 and x32 are told apart by bit 30; on s390/s390x
 * number 0 (which the kernel uses for unknown numbers) gets ENOSYS; no stub when the default
 * action lets syscalls run (ALLOW, LOG, TRACE). Beyond runc: every arch of the filter gets a stub
 * (runc skips the native arch unless the profile lists it), and numbers below the largest that
 * belong to syscalls added to Linux after the newest syscall the profile names (added out of
 * order, such as close_range or uretprobe) get ENOSYS too, which runc's stub cannot do.
 */
final class EnosysStubs {
    record Applied(FilterSpec spec, List<String> warnings) {
    }

    private static final Map<String, Integer> INTRODUCED = load();

    private EnosysStubs() {
    }

    static Applied apply(FilterSpec spec, Profile profile) {
        List<String> warnings = new ArrayList<>();
        Action def = profile.defaultAction();
        if (def == Action.ALLOW || def == Action.LOG || def == Action.TRACE) {
            warnings.add("--enosys-stub has no effect: the default action " + def.profileName()
                    + " already lets unknown syscalls run (runc adds no stub either)");
            return new Applied(spec, warnings);
        }
        Set<String> named = new HashSet<>();
        for (SyscallRule r : profile.syscalls()) {
            named.addAll(r.names());
        }
        SyscallPolicy enosys = new SyscallPolicy.Fixed(ActionValue.errno(ActionValue.ENOSYS), Decision.Reason.ENOSYS_STUB);
        List<ArchDispatch> out = new ArrayList<>();
        for (ArchDispatch d : spec.dispatches()) {
            ArchDispatch result = d;
            for (Arch abi : d.abis()) {
                SyscallTable table = SyscallTable.of(abi);
                long maxKnown = -1;
                int horizon = 0;
                for (String n : named) {
                    OptionalInt nr = table.number(n);
                    if (nr.isPresent()) {
                        maxKnown = Math.max(maxKnown, Integer.toUnsignedLong(nr.getAsInt()));
                        horizon = Math.max(horizon, INTRODUCED.getOrDefault(n, 0));
                    }
                }
                if (maxKnown < 0) {
                    warnings.add("--enosys-stub: the profile names no syscall of " + abi + ", no stub for it");
                    continue;
                }
                for (long[] span : stubSpans(abi, maxKnown)) {
                    result = result.with((int) span[0], (int) span[1], enosys);
                }
                for (String n : table.names()) {
                    OptionalInt nr = table.number(n);
                    if (nr.isPresent() && !named.contains(n) && INTRODUCED.getOrDefault(n, 0) > horizon
                            && Integer.toUnsignedLong(nr.getAsInt()) < maxKnown) {
                        result = result.with(nr.getAsInt(), nr.getAsInt(), enosys);
                    }
                }
                if (abi == Arch.S390 || abi == Arch.S390X) {
                    result = result.with(0, 0, enosys);
                }
            }
            out.add(result);
        }
        return new Applied(spec.withDispatches(out), warnings);
    }

    /**
     * The numbers above {@code maxKnown} that the arch's stub sees: for x86_64 those with bit 30
     * clear, for x32 those with it set (runc's test), for other arches all.
     */
    static List<long[]> stubSpans(Arch abi, long maxKnown) {
        List<long[]> spans = new ArrayList<>();
        long from = maxKnown + 1;
        long[][] domain = switch (abi) {
            case X86_64 -> new long[][] {{0, 0x3fffffffL}, {0x80000000L, 0xbfffffffL}};
            case X32 -> new long[][] {{0x40000000L, 0x7fffffffL}, {0xc0000000L, 0xffffffffL}};
            default -> new long[][] {{0, 0xffffffffL}};
        };
        for (long[] d : domain) {
            long lo = Math.max(d[0], from);
            if (lo <= d[1]) {
                spans.add(new long[] {lo, d[1]});
            }
        }
        return spans;
    }

    /** The Linux release that introduced a syscall, as major*1000+minor; 0 when older than 5.0. */
    static int introduced(String name) {
        return INTRODUCED.getOrDefault(name, 0);
    }

    private static Map<String, Integer> load() {
        Map<String, Integer> m = new HashMap<>();
        try (InputStream in = EnosysStubs.class.getResourceAsStream("syscall-versions.txt")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                String[] v = f[1].split("\\.");
                m.put(f[0], Integer.parseInt(v[0]) * 1000 + Integer.parseInt(v[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }

    static Optional<Integer> version(String name) {
        return Optional.ofNullable(INTRODUCED.get(name));
    }
}
