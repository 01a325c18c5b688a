package org.syscage.core.compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * Random plain OCI profiles that stress the merging of rules: few syscall names (so rules
 * collide), few argument indexes (so conditions repeat), every op and action, values on the
 * 32- and 64-bit boundaries.
 */
final class RandomProfiles {
    static final long[] VALUES = {0, 1, 2, 5, 0x7f, 0xff, 0x7fffffffL, 0x80000000L, 0xfffffffeL, 0xffffffffL,
            0x100000000L, 0x100000005L, 0x1ffffffffL, 0x7fffffffffffffffL, 0x8000000000000000L, -2L, -1L};
    static final long[] MASKS = {0, 1, 3, 0xff, 0xf0, 0x80000000L, 0xffffffffL, 0x100000000L, 0xff000000ffL,
            0xffffffff00000000L, -1L};
    static final String[] NAMES = {"read", "write", "close", "socket", "accept", "semop", "shmget", "clone",
            "personality", "ipc", "socketcall", "mmap", "mmap2", "epoll_create", "arch_prctl", "fstat", "ioctl"};
    static final Action[] ACTIONS = {Action.ALLOW, Action.ERRNO, Action.ERRNO, Action.TRAP, Action.LOG,
            Action.KILL_PROCESS, Action.TRACE, Action.KILL};
    static final Integer[] ERRNOS = {null, 1, 38, 13, 0x10001};

    private final Random rnd;

    RandomProfiles(long seed) {
        rnd = new Random(seed);
    }

    private <T> T pick(T[] a) {
        return a[rnd.nextInt(a.length)];
    }

    long value() {
        long v = VALUES[rnd.nextInt(VALUES.length)];
        return switch (rnd.nextInt(6)) {
            case 0 -> v + 1;
            case 1 -> v - 1;
            default -> v;
        };
    }

    ArgCondition condition(int maxIndex) {
        int index = rnd.nextInt(maxIndex + 1);
        Op op = Op.values()[rnd.nextInt(Op.values().length)];
        if (op == Op.MASKED_EQ) {
            long mask = MASKS[rnd.nextInt(MASKS.length)];
            long expected = rnd.nextInt(3) == 0 ? value() : value() & mask;
            return ArgCondition.maskedEq(index, mask, expected);
        }
        return ArgCondition.of(index, op, value());
    }

    Profile profile(List<Arch> arches) {
        Action def = pick(new Action[] {Action.ERRNO, Action.KILL_PROCESS, Action.ALLOW, Action.TRAP, Action.LOG});
        Integer defErrno = def == Action.ERRNO && rnd.nextBoolean() ? pick(new Integer[] {1, 38}) : null;
        List<SyscallRule> rules = new ArrayList<>();
        int n = rnd.nextInt(4) == 0 ? 20 + rnd.nextInt(30) : 1 + rnd.nextInt(10);
        for (int i = 0; i < n; i++) {
            List<String> names = new ArrayList<>();
            int k = 1 + rnd.nextInt(2);
            for (int j = 0; j < k; j++) {
                names.add(pick(NAMES));
            }
            Action a = pick(ACTIONS);
            Integer errno = a.carriesValue() ? pick(ERRNOS) : null;
            List<ArgCondition> args = new ArrayList<>();
            int c = rnd.nextInt(10) < 3 ? 0 : 1 + rnd.nextInt(3);
            int maxIndex = rnd.nextBoolean() ? 1 : 3;
            for (int j = 0; j < c; j++) {
                args.add(condition(maxIndex));
            }
            rules.add(new SyscallRule(names, a, errno, args, null, Filter.EMPTY, Filter.EMPTY));
        }
        return new Profile(def, defErrno, arches, List.of(), List.of(), null, null, rules, null, null);
    }

    /** Argument vectors around the values the generator uses. */
    long[] args() {
        long[] a = new long[6];
        for (int i = 0; i < 4; i++) {
            a[i] = rnd.nextInt(8) == 0 ? rnd.nextLong() : value();
        }
        return a;
    }

    int nextInt(int bound) {
        return rnd.nextInt(bound);
    }

    /** The profile as OCI JSON on one line. */
    static String json(Profile p) {
        StringBuilder sb = new StringBuilder("{\"defaultAction\":\"").append(p.defaultAction().profileName()).append('"');
        if (p.defaultErrnoRet() != null) {
            sb.append(",\"defaultErrnoRet\":").append(p.defaultErrnoRet());
        }
        sb.append(",\"architectures\":[");
        for (int i = 0; i < p.architectures().size(); i++) {
            sb.append(i > 0 ? "," : "").append('"').append(p.architectures().get(i).ociName()).append('"');
        }
        sb.append("],\"syscalls\":[");
        for (int i = 0; i < p.syscalls().size(); i++) {
            SyscallRule r = p.syscalls().get(i);
            sb.append(i > 0 ? "," : "").append("{\"names\":[");
            for (int j = 0; j < r.names().size(); j++) {
                sb.append(j > 0 ? "," : "").append('"').append(r.names().get(j)).append('"');
            }
            sb.append("],\"action\":\"").append(r.action().profileName()).append('"');
            if (r.errnoRet() != null) {
                sb.append(",\"errnoRet\":").append(r.errnoRet());
            }
            sb.append(",\"args\":[");
            for (int j = 0; j < r.args().size(); j++) {
                ArgCondition c = r.args().get(j);
                sb.append(j > 0 ? "," : "").append("{\"index\":").append(c.index())
                        .append(",\"value\":").append(Long.toUnsignedString(c.value()))
                        .append(",\"valueTwo\":").append(Long.toUnsignedString(c.valueTwo()))
                        .append(",\"op\":\"").append(c.op().profileName()).append("\"}");
            }
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }
}
