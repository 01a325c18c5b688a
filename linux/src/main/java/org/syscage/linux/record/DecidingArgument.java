package org.syscage.linux.record;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.syscalls.CloneFlags;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.linux.ptrace.SyscallArguments;

/**
 * The syscalls whose arguments decide whether a call is safe, and how {@code record --args}
 * reduces a call's arguments to a key (the part a rule will compare) and turns the keys seen into
 * rule conditions. docs/record.md has the table and the reasons.
 *
 * <p>A key has one or two parts ({@link #parts()}); {@link #key(SyscallArguments, int)} reads
 * them straight from the tracer's buffer, so recording a repeated value allocates nothing.
 */
public enum DecidingArgument {
    /** socket(family, type, protocol): the family, and the type without SOCK_NONBLOCK and SOCK_CLOEXEC. */
    SOCKET(List.of("socket"), List.of("family", "type")),
    /** clone(flags, ...): which CLONE_NEW* bits are set, so ordinary thread and fork flags vary freely. */
    CLONE(List.of("clone"), List.of("namespaceFlags")),
    /** unshare(flags): which CLONE_NEW* bits (CLONE_NEWTIME included) are set; CLONE_FS, CLONE_FILES... vary freely. */
    UNSHARE(List.of("unshare"), List.of("namespaceFlags")),
    /** setns(fd, nstype): the namespace type asked for, 0 (any type the fd is) included as seen. */
    SETNS(List.of("setns"), List.of("nstype")),
    /** personality(persona): the persona. */
    PERSONALITY(List.of("personality"), List.of("persona")),
    /** ioctl(fd, request, ...): the low 32 bits of the request, which is all the kernel reads. */
    IOCTL(List.of("ioctl"), List.of("request")),
    /** prctl(option, ...): the option. */
    PRCTL(List.of("prctl"), List.of("option")),
    /** fcntl(fd, cmd, ...) and the 32-bit fcntl64: the command. */
    FCNTL(List.of("fcntl", "fcntl64"), List.of("cmd")),
    /** mmap/mprotect's prot: only whether PROT_EXEC is asked for. */
    EXEC_PROT(List.of("mmap", "mmap2", "mprotect", "pkey_mprotect"), List.of("protExec"));

    /** SOCK_NONBLOCK (04000) and SOCK_CLOEXEC (02000000) ride in socket's type; the kernel reads 32 bits. */
    static final long SOCK_TYPE_MASK = 0xFFFF_FFFFL & ~(0x800L | 0x80000L);
    /** ioctl's request and setns's nstype are ints in the kernel: the upper half of the register is ignored. */
    static final long LOW_32 = 0xFFFF_FFFFL;
    static final long PROT_EXEC = 0x4L;

    private final List<String> names;
    private final List<String> parts;

    DecidingArgument(List<String> names, List<String> parts) {
        this.names = names;
        this.parts = parts;
    }

    /** The syscall names it covers (some exist on 32-bit arches only). */
    public List<String> names() {
        return names;
    }

    /** What each part of a key means, for the report: {@code family}, {@code type}, {@code request}... */
    public List<String> parts() {
        return parts;
    }

    private static final Map<String, DecidingArgument> BY_NAME = byName();

    private static Map<String, DecidingArgument> byName() {
        Map<String, DecidingArgument> m = new java.util.HashMap<>();
        for (DecidingArgument d : values()) {
            d.names.forEach(n -> m.put(n, d));
        }
        return Map.copyOf(m);
    }

    public static Optional<DecidingArgument> of(String syscall) {
        return Optional.ofNullable(BY_NAME.get(syscall));
    }

    /**
     * The deciding argument of each syscall number of an arch, indexed by {@code nr - bias}
     * (null where the number is not one of them), made once per arch so the recorder decides with
     * one array load per call.
     */
    static DecidingArgument[] byNumber(Arch arch, int size) {
        DecidingArgument[] table = new DecidingArgument[size];
        SyscallTable syscalls = SyscallTable.of(arch);
        for (DecidingArgument d : values()) {
            for (String name : d.names) {
                syscalls.number(name).ifPresent(nr -> {
                    int i = nr - arch.syscallBias();
                    if (i >= 0 && i < size) {
                        table[i] = d;
                    }
                });
            }
        }
        return table;
    }

    /** Part {@code part} of the key of a call with these arguments. */
    long key(SyscallArguments args, int part) {
        return switch (this) {
            case SOCKET -> part == 0 ? args.get(0) : args.get(1) & SOCK_TYPE_MASK;
            case CLONE -> args.get(0) & CloneFlags.NAMESPACES;
            case UNSHARE -> args.get(0) & CloneFlags.NAMESPACES_WITH_TIME;
            case SETNS -> args.get(1) & LOW_32;
            case PERSONALITY, PRCTL -> args.get(0);
            case IOCTL -> args.get(1) & LOW_32;
            case FCNTL -> args.get(1);
            case EXEC_PROT -> args.get(2) & PROT_EXEC;
        };
    }

    /**
     * Arches on which the argument this rule compares means something else, so that one rule
     * for the name (an OCI profile has one name list for all its arches) would be wrong there:
     * socket through socketcall(2) (the filter sees only the multiplexer and the call number; its
     * other arguments are a pointer), clone with its first two arguments swapped (s390, s390x),
     * and the old mmap that takes a pointer to a struct of its six arguments (x86, m68k, s390,
     * s390x).
     */
    boolean differsOn(Arch arch, String syscall) {
        return switch (this) {
            case SOCKET -> SyscallTable.of(arch).multiplexed("socket").isPresent();
            case CLONE -> CloneFlags.cloneArgumentsSwapped(arch);
            case EXEC_PROT -> syscall.equals("mmap") && OLD_MMAP.contains(arch);
            default -> false;
        };
    }

    /** Arches whose syscall named mmap is old_mmap(struct mmap_arg_struct *). */
    private static final Set<Arch> OLD_MMAP = Set.of(Arch.X86, Arch.M68K, Arch.S390, Arch.S390X);

    /** The conditions that let exactly calls with this key through. */
    List<ArgCondition> conditions(long[] key) {
        return switch (this) {
            case SOCKET -> List.of(ArgCondition.of(0, Op.EQ, key[0]), ArgCondition.maskedEq(1, SOCK_TYPE_MASK, key[1]));
            case CLONE -> List.of(ArgCondition.maskedEq(0, CloneFlags.NAMESPACES, key[0]));
            case UNSHARE -> List.of(ArgCondition.maskedEq(0, CloneFlags.NAMESPACES_WITH_TIME, key[0]));
            // nstype is an int: compare the low half, which is all the kernel reads, like ioctl's request
            case SETNS -> List.of(ArgCondition.maskedEq(1, LOW_32, key[0]));
            case PERSONALITY, PRCTL -> List.of(ArgCondition.of(0, Op.EQ, key[0]));
            case IOCTL -> List.of(ArgCondition.maskedEq(1, LOW_32, key[0]));
            case FCNTL -> List.of(ArgCondition.of(1, Op.EQ, key[0]));
            case EXEC_PROT -> List.of(ArgCondition.maskedEq(2, PROT_EXEC, key[0]));
        };
    }
}
