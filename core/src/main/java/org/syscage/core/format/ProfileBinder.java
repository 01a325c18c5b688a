package org.syscage.core.format;

import static org.syscage.core.format.NodeReader.child;
import static org.syscage.core.format.NodeReader.item;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.syscage.core.arch.Arch;
import org.syscage.core.format.Node.Entry;
import org.syscage.core.format.Node.MapNode;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArchMapEntry;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * Reads the seccomp part of a profile — an OCI {@code linux.seccomp} object, a Docker profile or
 * a CRD's {@code spec} — from a {@link Node} tree into the model, checking every value.
 */
final class ProfileBinder {
    /** Where the seccomp object comes from; decides which fields are allowed. */
    enum Dialect {
        /** OCI runtime-spec fields plus Docker's extensions: one reader for both, as dockerd reads both. */
        PLAIN,
        /** The Security Profiles Operator's SeccompProfile spec: OCI fields minus defaultErrnoRet, plus its own. */
        CRD
    }

    static final List<String> PLAIN_FIELDS = List.of("defaultAction", "defaultErrnoRet", "architectures", "flags",
            "listenerPath", "listenerMetadata", "syscalls", "archMap");
    static final List<String> CRD_SPEC_FIELDS = List.of("state", "disabled", "baseProfileName", "defaultAction",
            "architectures", "listenerPath", "listenerMetadata", "syscalls", "flags");
    static final List<String> PLAIN_RULE_FIELDS = List.of("names", "name", "action", "errnoRet", "args", "comment",
            "includes", "excludes");
    static final List<String> CRD_RULE_FIELDS = List.of("names", "action", "errnoRet", "args");
    static final List<String> ARG_FIELDS = List.of("index", "value", "valueTwo", "op");
    static final List<String> FILTER_FIELDS = List.of("caps", "arches", "minKernel");
    static final List<String> ARCH_MAP_FIELDS = List.of("architecture", "subArchitectures");

    /** The filter flags of the OCI runtime-spec; runc refuses others. */
    static final List<String> FLAGS = List.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");

    /** errnoRet is the 16-bit data of SECCOMP_RET_ERRNO / SECCOMP_RET_TRACE. */
    static final int MAX_ERRNO_RET = 0xFFFF;
    private static final String ERRNO_RANGE = "an integer 0.." + MAX_ERRNO_RET + " (the 16-bit SECCOMP_RET_DATA)";

    private static final Pattern CAPABILITY = Pattern.compile("CAP_[A-Z0-9_]+");
    private static final Pattern KERNEL_VERSION = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})");

    private final NodeReader r;
    private final Dialect dialect;

    ProfileBinder(NodeReader reader, Dialect dialect) {
        this.r = reader;
        this.dialect = dialect;
    }

    /** Binds the seccomp object at {@code path}; CRD-only fields other than baseProfileName are left to the caller. */
    Profile profile(MapNode m, String path) {
        r.allowOnly(m, path, dialect == Dialect.CRD ? CRD_SPEC_FIELDS : PLAIN_FIELDS);
        Action defaultAction = action(r.required(m, path, "defaultAction", "one of " + Action.acceptedNames()),
                child(path, "defaultAction"));
        if (defaultAction == Action.NOTIFY) {
            throw r.error(m.entry("defaultAction").value().at(), child(path, "defaultAction"),
                    "SCMP_ACT_NOTIFY cannot be the default action (runc refuses it), expected another action");
        }
        Integer defaultErrnoRet = errnoRet(m, path, "defaultErrnoRet", defaultAction);
        List<Arch> architectures = arches(m, path, "architectures");
        List<ArchMapEntry> archMap = archMap(m, path);
        if (!architectures.isEmpty() && !archMap.isEmpty()) {
            throw r.error(m.entry("archMap").keyAt(), path,
                    "both 'architectures' and 'archMap' given, expected only one of them (Docker refuses both)");
        }
        List<String> flags = flags(m, path);
        String listenerPath = r.optionalString(m, path, "listenerPath");
        String listenerMetadata = r.optionalString(m, path, "listenerMetadata");
        List<SyscallRule> syscalls = new ArrayList<>();
        List<Node> ruleNodes = r.list(m, path, "syscalls", "a list of syscall rules");
        for (int i = 0; i < ruleNodes.size(); i++) {
            syscalls.add(rule(ruleNodes.get(i), item(child(path, "syscalls"), i)));
        }
        String baseProfileName = dialect == Dialect.CRD ? r.optionalString(m, path, "baseProfileName") : null;
        return new Profile(defaultAction, defaultErrnoRet, architectures, archMap, flags, listenerPath,
                listenerMetadata, syscalls, baseProfileName, null);
    }

    private SyscallRule rule(Node n, String path) {
        MapNode m = r.object(n, path, "a syscall rule (an object with names and action)");
        r.allowOnly(m, path, dialect == Dialect.CRD ? CRD_RULE_FIELDS : PLAIN_RULE_FIELDS);
        List<String> names = names(m, path);
        Action action = action(r.required(m, path, "action", "one of " + Action.acceptedNames()), child(path, "action"));
        Integer errnoRet = errnoRet(m, path, "errnoRet", action);
        List<ArgCondition> args = new ArrayList<>();
        List<Node> argNodes = r.list(m, path, "args", "a list of argument conditions");
        for (int i = 0; i < argNodes.size(); i++) {
            args.add(arg(argNodes.get(i), item(child(path, "args"), i)));
        }
        String comment = r.optionalString(m, path, "comment");
        Filter includes = filter(m, path, "includes");
        Filter excludes = filter(m, path, "excludes");
        return new SyscallRule(names, action, errnoRet, args, comment, includes, excludes);
    }

    /** {@code names}, or Docker's deprecated single {@code name} — never both. */
    private List<String> names(MapNode m, String path) {
        Entry name = m.entry("name");
        if (name != null && m.has("names")) {
            throw r.error(name.keyAt(), path,
                    "both 'name' and 'names' given, expected only 'names' ('name' is Docker's old single-name form)");
        }
        if (name != null) {
            String single = r.string(r.required(m, path, "name", "a syscall name"), child(path, "name"), "a syscall name");
            if (single.isEmpty()) {
                throw r.error(name.value().at(), child(path, "name"), "empty name, expected a syscall name");
            }
            return List.of(single);
        }
        Node list = r.required(m, path, "names", "a list of syscall names");
        String listPath = child(path, "names");
        List<String> names = r.strings(m, path, "names", "syscall name");
        if (names.isEmpty()) {
            throw r.error(list.at(), listPath, "empty list, expected at least one syscall name");
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).isEmpty()) {
                throw r.error(((Node.ListNode) list).items().get(i).at(), item(listPath, i),
                        "empty name, expected a syscall name");
            }
        }
        return names;
    }

    private ArgCondition arg(Node n, String path) {
        MapNode m = r.object(n, path, "an argument condition (an object with index, value, op)");
        r.allowOnly(m, path, ARG_FIELDS);
        int index = r.smallInt(r.required(m, path, "index", "an argument index 0..5"), child(path, "index"),
                0, ArgCondition.MAX_INDEX, "an argument index 0.." + ArgCondition.MAX_INDEX);
        Node value = r.optional(m, "value");
        Node valueTwo = r.optional(m, "valueTwo");
        Node opNode = r.required(m, path, "op", "one of " + Op.acceptedNames());
        String opName = r.string(opNode, child(path, "op"), "one of " + Op.acceptedNames());
        Op op = Op.fromProfileName(opName).orElseThrow(() -> r.error(opNode.at(), child(path, "op"),
                "unknown operator " + Messages.quote(opName)
                        + Messages.didYouMean(opName, Stream.of(Op.values()).map(Op::profileName).toList())
                        + ", expected one of " + Op.acceptedNames()));
        return new ArgCondition(index,
                value == null ? 0 : r.unsigned64(value, child(path, "value")),
                valueTwo == null ? 0 : r.unsigned64(valueTwo, child(path, "valueTwo")),
                op);
    }

    private Action action(Node n, String path) {
        String name = r.string(n, path, "one of " + Action.acceptedNames());
        return Action.fromProfileName(name).orElseThrow(() -> r.error(n.at(), path,
                "unknown action " + Messages.quote(name)
                        + Messages.didYouMean(name, Stream.of(Action.values()).map(Action::profileName).toList())
                        + ", expected one of " + Action.acceptedNames()));
    }

    /** errnoRet / defaultErrnoRet: only with an action that carries a value, and 16 bits wide. */
    private Integer errnoRet(MapNode m, String path, String key, Action action) {
        Node n = r.optional(m, key);
        if (n == null) {
            return null;
        }
        if (!action.carriesValue()) {
            throw r.error(m.entry(key).keyAt(), path, key + " is not allowed with " + action.profileName()
                    + ", expected " + key + " only with SCMP_ACT_ERRNO or SCMP_ACT_TRACE");
        }
        return r.smallInt(n, child(path, key), 0, MAX_ERRNO_RET, ERRNO_RANGE);
    }

    private List<Arch> arches(MapNode m, String path, String key) {
        String listPath = child(path, key);
        List<Node> items = r.list(m, path, key, "a list of architectures");
        List<Arch> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(arch(items.get(i), item(listPath, i)));
        }
        return out;
    }

    private Arch arch(Node n, String path) {
        List<String> ociNames = Stream.of(Arch.values()).map(Arch::ociName).toList();
        String name = r.string(n, path, "an architecture such as SCMP_ARCH_X86_64");
        if (name.equals("SCMP_ARCH_NATIVE")) {
            throw r.error(n.at(), path, "SCMP_ARCH_NATIVE is not supported (it depends on the machine), "
                    + "expected a named architecture such as SCMP_ARCH_X86_64");
        }
        return Arch.find(name).orElseThrow(() -> r.error(n.at(), path, "unknown architecture "
                + Messages.quote(name) + Messages.didYouMean(name, allArchSpellings())
                + ", expected " + Messages.oneOf(ociNames) + " (or a kernel/Go name such as x86_64, amd64)"));
    }

    private List<ArchMapEntry> archMap(MapNode m, String path) {
        String listPath = child(path, "archMap");
        List<Node> items = r.list(m, path, "archMap", "a list of {architecture, subArchitectures} objects");
        List<ArchMapEntry> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String entryPath = item(listPath, i);
            MapNode e = r.object(items.get(i), entryPath, "an object with architecture and subArchitectures");
            r.allowOnly(e, entryPath, ARCH_MAP_FIELDS);
            Arch main = arch(r.required(e, entryPath, "architecture", "an architecture such as SCMP_ARCH_X86_64"),
                    child(entryPath, "architecture"));
            out.add(new ArchMapEntry(main, arches(e, entryPath, "subArchitectures")));
        }
        return out;
    }

    private List<String> flags(MapNode m, String path) {
        String listPath = child(path, "flags");
        List<Node> items = r.list(m, path, "flags", "a list of SECCOMP_FILTER_FLAG_* names");
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Node n = items.get(i);
            String flag = r.string(n, item(listPath, i), Messages.oneOf(FLAGS));
            if (!FLAGS.contains(flag)) {
                throw r.error(n.at(), item(listPath, i), "unknown flag " + Messages.quote(flag)
                        + Messages.didYouMean(flag, FLAGS) + ", expected " + Messages.oneOf(FLAGS));
            }
            out.add(flag);
        }
        return out;
    }

    /** Docker's includes/excludes; absent, null and {} all mean "no condition". */
    private Filter filter(MapNode m, String path, String key) {
        Node n = r.optional(m, key);
        if (n == null) {
            return Filter.EMPTY;
        }
        String filterPath = child(path, key);
        MapNode f = r.object(n, filterPath, "an object with caps, arches, minKernel");
        r.allowOnly(f, filterPath, FILTER_FIELDS);
        List<String> caps = r.strings(f, filterPath, "caps", "capability name");
        for (int i = 0; i < caps.size(); i++) {
            if (!CAPABILITY.matcher(caps.get(i)).matches()) {
                throw r.error(((Node.ListNode) f.entry("caps").value()).items().get(i).at(),
                        item(child(filterPath, "caps"), i), "found " + Messages.quote(caps.get(i))
                                + ", expected a capability name like CAP_SYS_ADMIN");
            }
        }
        List<String> arches = r.strings(f, filterPath, "arches", "architecture name");
        for (int i = 0; i < arches.size(); i++) {
            // Kept as written (Docker compares these strings), but a typo would silently never match.
            arch(((Node.ListNode) f.entry("arches").value()).items().get(i), item(child(filterPath, "arches"), i));
        }
        String minKernel = r.optionalString(f, filterPath, "minKernel");
        if (minKernel != null) {
            checkKernelVersion(f.entry("minKernel").value(), child(filterPath, "minKernel"), minKernel);
        }
        return new Filter(caps, arches, minKernel);
    }

    /** Docker's rule: "{@code <kernel>.<major>}", both 0..255, not 0.0. */
    private void checkKernelVersion(Node n, String path, String version) {
        Matcher v = KERNEL_VERSION.matcher(version);
        if (!v.matches() || Integer.parseInt(v.group(1)) > 255 || Integer.parseInt(v.group(2)) > 255
                || (Integer.parseInt(v.group(1)) == 0 && Integer.parseInt(v.group(2)) == 0)) {
            throw r.error(n.at(), path, "found " + Messages.quote(version)
                    + ", expected a kernel version '<kernel>.<major>' such as '4.8'");
        }
    }

    private static List<String> allArchSpellings() {
        return Stream.of(Arch.values())
                .flatMap(a -> Stream.of(a.ociName(), a.kernelName(), a.goName()))
                .distinct()
                .toList();
    }
}
