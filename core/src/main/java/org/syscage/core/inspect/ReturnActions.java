package org.syscage.core.inspect;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SequencedMap;

/**
 * The actions a filter returns, named as seccomp-tools names them: {@code ALLOW},
 * {@code KILL} (0, which is also KILL_THREAD), {@code KILL_PROCESS}, {@code TRAP},
 * {@code ERRNO(5)}, {@code USER_NOTIF}, {@code LOG}, {@code TRACE}.
 */
public final class ReturnActions {
    private ReturnActions() {}

    public static final int ACTION_MASK = 0xffff0000;
    public static final int DATA_MASK = 0x0000ffff;

    /** Names in seccomp-tools' order; for a value with two names the later one is shown (KILL over KILL_THREAD). */
    private static final SequencedMap<String, Integer> ACTIONS = new LinkedHashMap<>();
    private static final Map<Integer, String> NAME_BY_VALUE;

    static {
        ACTIONS.put("KILL_PROCESS", 0x80000000);
        ACTIONS.put("KILL_THREAD", 0x00000000);
        ACTIONS.put("KILL", 0x00000000);
        ACTIONS.put("TRAP", 0x00030000);
        ACTIONS.put("ERRNO", 0x00050000);
        ACTIONS.put("USER_NOTIF", 0x7fc00000);
        ACTIONS.put("LOG", 0x7ffc0000);
        ACTIONS.put("TRACE", 0x7ff00000);
        ACTIONS.put("ALLOW", 0x7fff0000);
        Map<Integer, String> byValue = new LinkedHashMap<>();
        ACTIONS.forEach((name, value) -> byValue.put(value, name));
        NAME_BY_VALUE = Map.copyOf(byValue);
    }

    /**
     * seccomp-tools' label of a returned constant: the action's name, with the errno for ERRNO
     * ({@code ERRNO(38)}); the data of other actions is not shown. A value whose action the
     * kernel does not define prints as hex ({@code 0x10000}).
     */
    public static String label(int value) {
        String name = NAME_BY_VALUE.get(value & ACTION_MASK);
        if (name == null) {
            return "0x" + Integer.toHexString(value);
        }
        return name.equals("ERRNO") ? name + "(" + (value & DATA_MASK) + ")" : name;
    }

    /**
     * Like {@link #label} but never losing bits, so that the assembler reads back exactly
     * {@code value}: data the plain label drops is written as {@code TRACE(5)}, {@code KILL(59)}.
     */
    public static String exactLabel(int value) {
        String label = label(value);
        String name = NAME_BY_VALUE.get(value & ACTION_MASK);
        if (name == null || label.contains("(") || (value & DATA_MASK) == 0) {
            return label;
        }
        return name + "(" + (value & DATA_MASK) + ")";
    }

    /** The value of an action name ({@code ERRNO} is 0x50000); names are upper case, as in seccomp-tools. */
    public static OptionalInt value(String name) {
        Integer v = ACTIONS.get(name);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** Whether {@code name} is an action name. */
    public static boolean isAction(String name) {
        return ACTIONS.containsKey(name);
    }
}
