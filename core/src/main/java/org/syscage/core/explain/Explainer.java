package org.syscage.core.explain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.compiler.CompileException;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.compiler.FilterSpec;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.docker.RuleDecision;
import org.syscage.core.format.ProfileLocations;
import org.syscage.core.format.SourceLocation;
import org.syscage.core.format.Suggestions;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.profile.Verdict;
import org.syscage.core.syscalls.Multiplexed;
import org.syscage.core.syscalls.SyscallTable;

/**
 * Explains one syscall under a profile in a container: which rule decides and why, including
 * Docker rules dockerd dropped for this container (the capability a rule needs, its arch or
 * kernel condition), and the smallest changes that would allow the call — each one checked by
 * applying it and deciding again.
 *
 * <p>The decision comes from {@link FilterModel}, the rule-level reading of what runc and
 * libseccomp build, which can name the rule that decided. Where libseccomp's tree merge decides
 * (overlapping argument rules with different actions) that reading is not exact, and the
 * verdict is then the compiler's ({@link FilterSpec}, libseccomp's merge in full), credited to a
 * matching rule with that verdict or to the default action.
 */
public final class Explainer {
    private static final int MAX_CHANGES = 3;

    private Explainer() {}

    /**
     * The explanation of {@code request} under {@code written}.
     *
     * @throws InputException for a syscall the arch does not have (with a suggestion for a typo),
     *                        or a Docker profile dockerd would refuse
     */
    public static Explanation explain(Profile written, ProfileLocations locations, ExplainRequest request) {
        ResolveOptions container = request.container();
        Arch arch = container.arch();
        SyscallTable table = SyscallTable.of(arch);
        String name = syscallName(request.syscall(), table);
        long[] args = request.args();
        ResolvedProfile profile = ResolvedProfile.of(written, container);
        FilterModel filter = FilterModel.of(profile.resolved(), arch);
        Decision decision = filter.decide(name, args);

        Optional<Multiplexed> via = table.multiplexed(name);
        String kernelSees = table.number(name).isPresent() ? name : via.orElseThrow().via();
        int number = table.number(kernelSees).orElseThrow();

        Context cx = new Context(profile, locations, filter, container, name, kernelSees, args, request.argCount());
        List<Explanation.Reason> reasons = new ArrayList<>();
        List<DroppedRule> dropped = droppedRules(cx);
        dropped.forEach(d -> reasons.add(new Explanation.Reason(d.at(), d.describe())));
        List<Placement> placements = filter.rules(kernelSees).map(SyscallRules::placements).orElse(List.of()).stream()
                .filter(p -> kernelSees.equals(name) || name.equals(p.rule().name()) || p.rule().via() == null)
                .toList();
        reasons.addAll(describeAll(cx, placements));
        if (dropped.isEmpty() && placements.isEmpty()) {
            reasons.add(new Explanation.Reason(Optional.empty(), "no rule names " + name + "."));
        }
        if (!decision.exact()) {
            decision = settled(decision, profile.resolved(), filter, kernelSees, number, args, reasons);
        }
        reasons.add(finalReason(cx, decision, number));
        if (via.isPresent()) {
            reasons.add(new Explanation.Reason(Optional.empty(), "on " + arch + ", " + name + " is "
                    + (kernelSees.equals(name) ? "also" : "only") + " reachable through " + via.get().via() + "("
                    + via.get().call() + ", ...), where libseccomp tests a0 == " + via.get().call() + " instead of "
                    + name + "'s own first argument" + (kernelSees.equals(name) ? "; explain " + via.get().via() + " "
                    + via.get().call() + " for that path." : "; the arguments above are taken as "
                    + via.get().via() + "'s.")));
        }
        Optional<SourceLocation> decidedAt = switch (decision.cause()) {
            case RULE -> cx.at(decision.rule().orElseThrow());
            case DEFAULT -> locations.field("defaultAction");
            case ENOSYS_STUB -> Optional.empty();
        };
        List<String> changes = decision.verdict().allows() ? List.of() : changes(cx, dropped, decision);
        return new Explanation(name, arch, number, args, request.argCount(), container, decision, decidedAt,
                summary(cx, decision, dropped, number), reasons, changes);
    }

    /**
     * The compiled filter's answer where the rule-level one is not exact. It is credited to the
     * first matching rule with the same verdict, or to the default action; when neither gives it
     * (libseccomp's merge produced a verdict no single rule has), the rule-level decision stays,
     * marked not exact, and a reason gives the compiled verdict.
     */
    private static Decision settled(Decision decision, Profile resolved, FilterModel filter, String kernelSees,
                                    int number, long[] args, List<Explanation.Reason> reasons) {
        Arch arch = filter.arch();
        CompileOptions options = CompileOptions.runc(arch).withArches(List.of(arch))
                .withEnosysStub(filter.enosysStub()).withVerify(false);
        FilterSpec spec;
        try {
            spec = Compiler.compile(resolved, options).spec();
        } catch (CompileException e) {
            reasons.add(new Explanation.Reason(Optional.empty(), "libseccomp cannot build this profile's rules for "
                    + kernelSees + " (" + e.getMessage() + "), so runc would refuse the container; "
                    + decision.verdict() + " is what the rules say one by one."));
            return decision;
        }
        Verdict compiled = Verdict.ofFilterReturn(spec.decide(arch, number, args).action());
        String merge = "libseccomp merges the argument rules for " + kernelSees + " into one decision tree, which in "
                + "shapes like these is not always the plain union of the rules (see docs/explain.md)";
        Optional<PlacedRule> credited = decision.matching().stream().filter(r -> r.verdict().equals(compiled)).findFirst();
        if (credited.isPresent() || compiled.equals(filter.defaultVerdict())) {
            reasons.add(new Explanation.Reason(Optional.empty(), merge + "; the compiled filter answers " + compiled
                    + (compiled.equals(decision.verdict()) ? ", as the first matching rule says." : ", not the "
                    + decision.verdict() + " of the first matching rule.")));
            return credited.map(r -> new Decision(compiled, Decision.Cause.RULE, Optional.of(r), true, decision.matching()))
                    .orElseGet(() -> new Decision(compiled, Decision.Cause.DEFAULT, Optional.empty(), true,
                            decision.matching()));
        }
        reasons.add(new Explanation.Reason(Optional.empty(), merge + ": the rules say " + decision.verdict()
                + " one by one, and the compiled filter answers " + compiled + "."));
        return decision;
    }

    /** The syscall a request names: a name this arch has, or a number on it. */
    static String syscallName(String given, SyscallTable table) {
        String s = given.strip();
        if (s.matches("-?\\d+|0[xX][0-9a-fA-F]+")) {
            int nr = syscallNumber(s);
            String shown = s.startsWith("-") ? s + " (" + Integer.toUnsignedString(nr) + ")" : s;
            return table.name(nr).orElseThrow(() -> new InputException("no syscall has number " + shown + " on "
                    + table.arch() + ", expected a syscall name or number of " + table.arch()));
        }
        if (table.names().contains(s)) {
            return s;
        }
        if (SyscallTable.allNames().contains(s)) {
            List<String> has = Stream.of(Arch.values()).filter(a -> SyscallTable.of(a).names().contains(s))
                    .map(Arch::kernelName).toList();
            throw new InputException(s + " does not exist on " + table.arch() + " (it does on " + String.join(", ", has)
                    + "), expected a syscall of " + table.arch() + " (or another --arch)");
        }
        throw new InputException("unknown syscall '" + s + "'"
                + Suggestions.closest(s, table.names()).map(m -> " (did you mean '" + m + "'?)").orElse("")
                + ", expected a syscall name or number of " + table.arch());
    }

    /**
     * A syscall number as seccomp_data.nr holds it: 32 bits, written unsigned (decimal or 0x hex) or
     * as a negative int ({@code -1} is 0xffffffff, what a tracer writes to skip a call).
     */
    private static int syscallNumber(String s) {
        boolean hex = s.startsWith("0x") || s.startsWith("0X");
        BigInteger v = hex ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
        if (v.bitLength() > 32 || v.compareTo(BigInteger.valueOf(Integer.MIN_VALUE)) < 0) {
            throw new InputException("syscall number " + s + " does not fit in 32 bits (seccomp_data.nr), expected 0 to "
                    + "0xffffffff, or -2^31 to -1 for its two's complement");
        }
        return v.intValue();
    }

    /** What the explanation keeps at hand. */
    private record Context(ResolvedProfile profile, ProfileLocations locations, FilterModel filter,
                           ResolveOptions container, String name, String kernelSees, long[] args, int argCount) {
        /**
         * Where a reason about a rule points: the rule itself, the line "the rule at line N" names
         * (pointing at the syscall's name inside it put the two on different lines).
         */
        Optional<SourceLocation> at(PlacedRule r) {
            return locations.rule(profile.writtenIndex(r.source()));
        }

        String ruleRef(int writtenIndex) {
            return locations.rule(writtenIndex).map(l -> "the rule at line " + l.line()).orElse("syscalls[" + writtenIndex + "]");
        }

        String ruleRef(PlacedRule r) {
            return ruleRef(profile.writtenIndex(r.source()));
        }

        String argsText() {
            if (argCount == 0) {
                return "no arguments given (all 0)";
            }
            List<String> given = new ArrayList<>();
            for (int i = 0; i < argCount; i++) {
                given.add("a" + i + " = " + Conditions.hex(args[i]));
            }
            return String.join(", ", given);
        }
    }

    /** A Docker rule naming the syscall that dockerd left out for this container. */
    private record DroppedRule(int writtenIndex, SyscallRule rule, RuleDecision.Dropped decision,
                               Optional<SourceLocation> at, String ruleRef) {
        Verdict verdict() {
            return Verdict.of(rule.action(), rule.errnoRet());
        }

        String describe() {
            List<String> names = rule.names();
            String listed = names.size() <= 4 ? String.join(", ", names)
                    : String.join(", ", names.subList(0, 4)) + " and " + (names.size() - 4) + " more";
            return ruleRef + " (" + verdict() + " " + listed + ") is dropped by dockerd: " + decision.reason()
                    + " (" + decision.condition() + ").";
        }
    }

    private static List<DroppedRule> droppedRules(Context cx) {
        List<DroppedRule> out = new ArrayList<>();
        List<SyscallRule> rules = cx.profile().written().syscalls();
        for (int i = 0; i < cx.profile().decisions().size(); i++) {
            SyscallRule rule = rules.get(i);
            if (rule.names().contains(cx.name()) && cx.profile().decisions().get(i) instanceof RuleDecision.Dropped d) {
                out.add(new DroppedRule(i, rule, d, cx.locations().rule(i), cx.ruleRef(i)));
            }
        }
        return out;
    }

    /**
     * One reason per placement, except that the rules one profile rule adds on a multiplexer for
     * its socket or IPC names (socketcall's a0 == 5 for accept, a0 == 0x12 for accept4, ...)
     * become one reason when they fare alike: twenty lines that differ only in the call number
     * would hide the rule that matters.
     */
    private static List<Explanation.Reason> describeAll(Context cx, List<Placement> placements) {
        List<Explanation.Reason> out = new ArrayList<>();
        for (int i = 0; i < placements.size(); ) {
            Placement first = placements.get(i);
            String fate = fate(cx, first);
            int end = i + 1;
            while (end < placements.size() && first.rule().via() != null
                    && sameMultiplexedGroup(first, placements.get(end)) && fate.equals(fate(cx, placements.get(end)))) {
                end++;
            }
            List<Placement> group = placements.subList(i, end);
            String what = group.size() == 1 ? what(cx, first.rule()) : whatMultiplexed(cx, group);
            out.add(new Explanation.Reason(cx.at(first.rule()), what + fate));
            i = end;
        }
        return out;
    }

    /** Whether two multiplexed rules come from one profile rule and differ only in the call number they test. */
    private static boolean sameMultiplexedGroup(Placement a, Placement b) {
        PlacedRule x = a.rule();
        PlacedRule y = b.rule();
        return y.via() != null && x.source() == y.source() && x.orPart() == y.orPart() && x.verdict().equals(y.verdict())
                && x.via().via().equals(y.via().via()) && a.fate() == b.fate() && a.cause() == b.cause()
                && beyondCallNumber(x).equals(beyondCallNumber(y));
    }

    /** A multiplexed rule's conditions other than the call number (a0). */
    private static List<org.syscage.core.profile.ArgCondition> beyondCallNumber(PlacedRule r) {
        return r.conditions().stream().filter(c -> c.index() != 0).toList();
    }

    private static String what(Context cx, PlacedRule r) {
        return cx.ruleRef(r) + ": " + r.verdict() + (r.unconditional() ? " for any arguments"
                : " when " + Conditions.describe(r.conditions()))
                + (r.via() == null ? "" : " (" + r.name() + " through " + r.via().via() + ")")
                + orPart(r);
    }

    private static String whatMultiplexed(Context cx, List<Placement> group) {
        PlacedRule r = group.getFirst().rule();
        List<org.syscage.core.profile.ArgCondition> rest = beyondCallNumber(r);
        return cx.ruleRef(r) + ": " + r.verdict() + " for " + String.join(", ", group.stream().map(p -> p.rule().name()).toList())
                + " through " + r.via().via() + " (a0 == each one's call number"
                + (rest.isEmpty() ? "" : " and " + Conditions.describe(rest)) + ")" + orPart(r);
    }

    private static String orPart(PlacedRule r) {
        return r.orPart() >= 0 ? " (one of the ORed conditions runc split the rule into)" : "";
    }

    private static String fate(Context cx, Placement p) {
        PlacedRule r = p.rule();
        return switch (p.fate()) {
            case ACTIVE -> Conditions.allMatch(cx.filter().arch(), r.conditions(), cx.args())
                    ? " — matches." : " — does not match (" + cx.argsText() + ").";
            case DROPPED_AS_DEFAULT -> " — the same as defaultAction, so runc drops the rule.";
            case SHADOWED -> " — ignored: " + decider(cx, p) + " already decides " + cx.kernelSees()
                    + " for any arguments, and libseccomp keeps the first unconditional rule.";
            case REPLACED -> " — replaced by " + decider(cx, p) + ", which comes later and decides " + cx.kernelSees()
                    + " for any arguments.";
        };
    }

    /**
     * The unconditional rule that shadows or replaces {@code p}: by its place, or, when it is the
     * same profile rule (socketcall named beside accept), by the name that makes it unconditional.
     */
    private static String decider(Context cx, Placement p) {
        PlacedRule cause = p.cause();
        return cause.source() == p.rule().source()
                ? "the rule's own name " + cause.name() : cx.ruleRef(cause);
    }

    private static Explanation.Reason finalReason(Context cx, Decision d, int number) {
        Profile p = cx.profile().resolved();
        return switch (d.cause()) {
            case RULE -> new Explanation.Reason(cx.at(d.rule().orElseThrow()),
                    "decided by " + cx.ruleRef(d.rule().get()) + ": " + d.verdict().describe() + ".");
            case DEFAULT -> new Explanation.Reason(cx.locations().field("defaultAction"),
                    "defaultAction " + p.defaultAction().profileName()
                            + (p.defaultErrnoRet() == null ? "" : ", defaultErrnoRet " + p.defaultErrnoRet())
                            + ": " + d.verdict().describe() + ".");
            case ENOSYS_STUB -> new Explanation.Reason(Optional.empty(), cx.name() + " is number " + number + " on "
                    + cx.filter().arch() + ", above " + cx.filter().largestNamedNumber().orElseThrow()
                    + ", the highest number the profile names there: runc's stub answers ENOSYS before the filter "
                    + "runs, so that libc can fall back to an older call.");
        };
    }

    private static String summary(Context cx, Decision d, List<DroppedRule> dropped, int number) {
        String name = cx.name();
        String outcome = d.verdict().describe();
        switch (d.cause()) {
            case RULE -> {
                PlacedRule r = d.rule().orElseThrow();
                return name + " matches " + cx.ruleRef(r) + (r.unconditional() ? "" : " (" + Conditions.describe(r.conditions()) + ")")
                        + keptBecause(cx, r) + " → " + outcome;
            }
            case ENOSYS_STUB -> {
                return "no rule names " + name + " and its number (" + number + ") is above every number the profile "
                        + "names on " + cx.filter().arch() + " → " + outcome + " by runc's ENOSYS stub";
            }
            default -> {
                Verdict byDefault = d.verdict();
                // the rules in force that would decide otherwise for other arguments come first:
                // they name the condition that actually failed (a capability rule dockerd dropped
                // matters only when no such rule exists)
                List<PlacedRule> unmatched = cx.filter().rules(cx.kernelSees()).map(SyscallRules::active)
                        .orElse(List.of()).stream().filter(r -> !r.verdict().equals(byDefault)).toList();
                if (!unmatched.isEmpty()) {
                    String verb = verbFor(unmatched.getFirst().verdict());
                    List<String> when = unmatched.stream().filter(r -> verbFor(r.verdict()).equals(verb))
                            .map(r -> Conditions.describe(r.conditions()) + " (" + cx.ruleRef(r) + ")").distinct().toList();
                    return name + " is " + verb + " only when " + orList(when) + "; " + cx.argsText() + " → " + outcome
                            + " by defaultAction";
                }
                Optional<DroppedRule> relevant = dropped.stream()
                        .filter(x -> !x.verdict().equals(byDefault) && matchesAsRunc(cx, x.rule())).findFirst();
                if (relevant.isPresent()) {
                    return name + " is " + verbFor(relevant.get().verdict()) + " only " + onlyWhen(relevant.get(), cx)
                            + " → " + outcome + " by defaultAction";
                }
                return "no rule " + (dropped.isEmpty() ? "names " : "for this container names ") + name + " → " + outcome
                        + " by defaultAction";
            }
        }
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}. */
    private static String orList(List<String> items) {
        return items.size() == 1 ? items.getFirst()
                : String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.getLast();
    }

    private static String keptBecause(Context cx, PlacedRule r) {
        if (!cx.profile().dockerFormat()) {
            return "";
        }
        List<String> caps = cx.profile().written().syscalls().get(cx.profile().writtenIndex(r.source())).includes().caps();
        return caps.isEmpty() ? "" : ", kept by dockerd because the container has " + String.join(", ", caps);
    }

    private static String verbFor(Verdict v) {
        return v.allows() ? "allowed" : "given " + v.describe();
    }

    /** "with CAP_SYS_NICE (includes.caps); this container lacks it", and the like. */
    private static String onlyWhen(DroppedRule d, Context cx) {
        Filter in = d.rule().includes();
        Filter ex = d.rule().excludes();
        return switch (d.decision().condition()) {
            case "includes.caps" -> {
                List<String> missing = in.caps().stream().filter(cap -> !cx.container().capabilities().contains(cap)).toList();
                yield "with " + String.join(" and ", in.caps()) + " (includes.caps); this container lacks "
                        + (missing.size() == 1 && in.caps().size() == 1 ? "it" : String.join(", ", missing));
            }
            case "excludes.caps" -> "without " + String.join(" and ", ex.caps()) + " (excludes.caps); this container has "
                    + (ex.caps().size() == 1 ? "it"
                    : String.join(", ", ex.caps().stream().filter(cx.container().capabilities()::contains).toList()));
            case "includes.minKernel" -> "on kernel " + in.minKernel() + " or later (includes.minKernel); this kernel is "
                    + cx.container().kernel();
            case "excludes.minKernel" -> "before kernel " + ex.minKernel() + " (excludes.minKernel); this kernel is "
                    + cx.container().kernel();
            case "includes.arches" -> "on " + String.join(", ", in.arches()) + " (includes.arches); " + d.decision().reason();
            case "excludes.arches" -> "outside " + String.join(", ", ex.arches()) + " (excludes.arches); " + d.decision().reason();
            default -> "when dockerd keeps " + d.ruleRef() + "; " + d.decision().reason();
        };
    }

    /** Whether some part of the rule (as runc splits it) matches the call's arguments. */
    private static boolean matchesAsRunc(Context cx, SyscallRule rule) {
        return Conditions.matchesAsRunc(cx.filter().arch(), rule.args(), cx.args());
    }

    // ---- the smallest changes ------------------------------------------------------------------

    private static List<String> changes(Context cx, List<DroppedRule> dropped, Decision decision) {
        List<String> out = new ArrayList<>();
        ResolveOptions container = cx.container();
        for (DroppedRule d : dropped) {
            if (!d.verdict().allows() || !matchesAsRunc(cx, d.rule())) {
                continue;
            }
            switch (d.decision().condition()) {
                case "includes.caps" -> {
                    List<String> missing = d.rule().includes().caps().stream()
                            .filter(c -> !container.capabilities().contains(c)).toList();
                    ResolveOptions more = container.withCapChanges(missing, List.of());
                    if (allows(cx.profile().written(), more, cx)) {
                        out.add("add " + String.join(" ", missing.stream().map(c -> "--cap-add " + c.substring(4)).toList())
                                + " (dockerd then keeps " + d.ruleRef() + ")");
                    }
                }
                case "excludes.caps" -> {
                    List<String> present = d.rule().excludes().caps().stream()
                            .filter(container.capabilities()::contains).toList();
                    ResolveOptions fewer = container.withCapChanges(List.of(), present);
                    if (allows(cx.profile().written(), fewer, cx)) {
                        out.add("add " + String.join(" ", present.stream().map(c -> "--cap-drop " + c.substring(4)).toList())
                                + " (dockerd then keeps " + d.ruleRef() + ")");
                    }
                }
                case "includes.minKernel" -> out.add("run on Linux " + d.rule().includes().minKernel()
                        + " or later (dockerd then keeps " + d.ruleRef() + ")");
                default -> { }
            }
        }
        Profile written = cx.profile().written();
        if (decision.cause() == Decision.Cause.RULE) {
            PlacedRule r = decision.rule().orElseThrow();
            int w = cx.profile().writtenIndex(r.source());
            SyscallRule rule = written.syscalls().get(w);
            if (r.via() == null && rule.names().size() > 1) {
                Profile without = edit(written, w, x -> x.withNames(x.names().stream().filter(n -> !n.equals(cx.name())).toList()));
                if (allows(without, container, cx)) {
                    out.add("remove " + cx.name() + " from " + cx.ruleRef(w));
                }
            }
        }
        Optional<Integer> allowRule = allowRuleToExtend(cx);
        if (allowRule.isPresent()) {
            int w = allowRule.get();
            Profile with = edit(written, w, x -> x.withNames(Stream.concat(x.names().stream(), Stream.of(cx.name())).toList()));
            if (allows(with, container, cx)) {
                out.add("add " + cx.name() + " to " + cx.ruleRef(w) + " (" + written.syscalls().get(w).action().profileName()
                        + " for any arguments)");
            }
        }
        if (out.isEmpty()) {
            List<SyscallRule> rules = new ArrayList<>(written.syscalls());
            rules.add(SyscallRule.of(List.of(cx.name()), Action.ALLOW));
            if (allows(written.withSyscalls(rules), container, cx)) {
                out.add("add a rule {\"names\": [\"" + cx.name() + "\"], \"action\": \"SCMP_ACT_ALLOW\"}");
            } else {
                out.add("no single change found: an earlier rule for " + cx.name() + " decides first; remove "
                        + cx.name() + " from it and add it to an allow rule");
            }
        }
        return out.subList(0, Math.min(MAX_CHANGES, out.size()));
    }

    /** The first rule that allows its names for any arguments and, in a Docker profile, for any container. */
    private static Optional<Integer> allowRuleToExtend(Context cx) {
        List<SyscallRule> rules = cx.profile().written().syscalls();
        for (int i = 0; i < rules.size(); i++) {
            SyscallRule r = rules.get(i);
            boolean kept = cx.profile().decisions().isEmpty() || cx.profile().decisions().get(i).kept();
            if (r.action() == Action.ALLOW && r.args().isEmpty() && !r.hasDockerExtensions() && kept) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static Profile edit(Profile p, int index, UnaryOperator<SyscallRule> change) {
        List<SyscallRule> rules = new ArrayList<>(p.syscalls());
        rules.set(index, change.apply(rules.get(index)));
        return p.withSyscalls(rules);
    }

    /** Whether the call would be allowed under a changed profile or container. */
    private static boolean allows(Profile written, ResolveOptions container, Context cx) {
        Profile resolved = ResolvedProfile.of(written, container).resolved();
        return FilterModel.of(resolved, container.arch()).decide(cx.name(), cx.args()).verdict().allows();
    }
}
