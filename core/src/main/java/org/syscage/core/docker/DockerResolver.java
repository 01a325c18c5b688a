package org.syscage.core.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.ArchMapEntry;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * Turns a Docker-format profile into the plain OCI profile dockerd hands to runc, rule for rule
 * as moby's {@code setupSeccomp} does (github.com/moby/profiles seccomp/seccomp_linux.go):
 * <ol>
 *   <li>a profile with both {@code architectures} and {@code archMap} is refused;</li>
 *   <li>{@code architectures} is kept; the first {@code archMap} entry whose architecture is
 *       dockerd's own ({@link DockerHost#archMapKey()}) adds that arch and its
 *       subArchitectures; when none matches, nothing is added (runc then filters the native
 *       arch only);</li>
 *   <li>each rule is dropped when, in this order: its excludes.arches lists dockerd's arch name,
 *       any of its excludes.caps is in the container's set, the kernel is at least its
 *       excludes.minKernel, its includes.arches does not list dockerd's arch name, any of its
 *       includes.caps is missing, or the kernel is older than its includes.minKernel;</li>
 *   <li>kept rules lose comment, includes and excludes; everything else (defaultAction,
 *       defaultErrnoRet, flags, listenerPath, listenerMetadata, names, action, errnoRet, args)
 *       is copied as is.</li>
 * </ol>
 * Every minKernel of the profile is checked first, as dockerd rejects a bad one while decoding
 * the file, before looking at any rule.
 */
public final class DockerResolver {

    private DockerResolver() {}

    /**
     * The plain OCI profile dockerd would produce for a container described by {@code options}.
     * The result has no archMap and no rule with comment, includes or excludes.
     *
     * @throws InputException when both architectures and archMap are given, a minKernel is
     *                        malformed, or no dockerd runs on the target arch
     */
    public static Profile resolve(Profile docker, ResolveOptions options) {
        if (!docker.architectures().isEmpty() && !docker.archMap().isEmpty()) {
            throw new InputException("the profile gives both 'architectures' and 'archMap'; "
                    + "Docker accepts only one of them");
        }
        checkMinKernels(docker.syscalls());
        DockerHost host = DockerHost.of(options.arch());
        List<SyscallRule> kept = docker.syscalls().stream()
                .filter(rule -> decide(rule, host, options).kept())
                .map(DockerResolver::plain)
                .toList();
        return new Profile(docker.defaultAction(), docker.defaultErrnoRet(), architectures(docker, host),
                List.of(), docker.flags(), docker.listenerPath(), docker.listenerMetadata(), kept,
                docker.baseProfileName(), docker.metadata());
    }

    /**
     * Whether dockerd keeps {@code rule} for this container, and if not, why.
     *
     * @throws InputException for a malformed minKernel or a target arch no dockerd runs on
     */
    public static RuleDecision decide(SyscallRule rule, ResolveOptions options) {
        return decide(rule, DockerHost.of(options.arch()), options);
    }

    /** The architectures of the resolved profile: see step 2 of the class description. */
    private static List<Arch> architectures(Profile docker, DockerHost host) {
        List<Arch> result = new ArrayList<>(docker.architectures());
        Optional<ArchMapEntry> entry = host.archMapKey().flatMap(key -> docker.archMap().stream()
                .filter(e -> e.architecture() == key)
                .findFirst());
        entry.ifPresent(e -> {
            result.add(e.architecture());
            result.addAll(e.subArchitectures());
        });
        return result;
    }

    private static RuleDecision decide(SyscallRule rule, DockerHost host, ResolveOptions options) {
        Filter ex = rule.excludes();
        Filter in = rule.includes();
        String arch = host.nativeName();
        if (ex.arches().contains(arch)) {
            return new RuleDecision.Dropped("excludes.arches",
                    "excluded on " + describeArch(host) + ", listed in " + ex.arches());
        }
        List<String> presentExcluded = ex.caps().stream().filter(options.capabilities()::contains).toList();
        if (!presentExcluded.isEmpty()) {
            return new RuleDecision.Dropped("excludes.caps",
                    "excluded because the container has " + String.join(", ", presentExcluded));
        }
        if (ex.minKernel() != null && options.kernel().atLeast(KernelVersion.parseMinKernel(ex.minKernel()))) {
            return new RuleDecision.Dropped("excludes.minKernel",
                    "excluded on kernel " + ex.minKernel() + " and later (running " + options.kernel() + ")");
        }
        if (!in.arches().isEmpty() && !in.arches().contains(arch)) {
            return new RuleDecision.Dropped("includes.arches",
                    "only for arches " + in.arches() + ", not " + describeArch(host));
        }
        List<String> missing = in.caps().stream().filter(c -> !options.capabilities().contains(c)).toList();
        if (!missing.isEmpty()) {
            return new RuleDecision.Dropped("includes.caps",
                    "needs " + String.join(", ", missing) + ", which the container lacks");
        }
        if (in.minKernel() != null && !options.kernel().atLeast(KernelVersion.parseMinKernel(in.minKernel()))) {
            return new RuleDecision.Dropped("includes.minKernel",
                    "needs kernel " + in.minKernel() + " or later (running " + options.kernel() + ")");
        }
        return new RuleDecision.Kept();
    }

    private static String describeArch(DockerHost host) {
        return host.arch().kernelName() + " (dockerd's name: '" + host.nativeName() + "')";
    }

    private static void checkMinKernels(List<SyscallRule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            SyscallRule rule = rules.get(i);
            for (Filter f : List.of(rule.includes(), rule.excludes())) {
                if (f.minKernel() != null) {
                    try {
                        KernelVersion.parseMinKernel(f.minKernel());
                    } catch (InputException e) {
                        throw new InputException("syscalls[" + i + "] " + rule.names() + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    private static SyscallRule plain(SyscallRule rule) {
        return new SyscallRule(rule.names(), rule.action(), rule.errnoRet(), rule.args(), null,
                Filter.EMPTY, Filter.EMPTY);
    }
}
