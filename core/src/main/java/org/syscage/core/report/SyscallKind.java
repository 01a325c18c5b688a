package org.syscage.core.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a syscall is about, as a reader of a profile groups them: files, network, processes,
 * memory, IPC, time, or what a container normally may not do at all. Every name of the syscall
 * tables has exactly one kind (the table is {@code syscall-kinds.txt} beside this class); a
 * name no table knows (a typo, a syscall newer than the tables) is {@link #UNKNOWN}.
 */
public enum SyscallKind {
    FILE("file", "Files and file descriptors", "open, read, write, stat, poll and friends, xattrs, watches"),
    NETWORK("network", "Network", "sockets"),
    PROCESS("process", "Processes and threads", "creation and exit, identity, signals, scheduling, limits"),
    MEMORY("memory", "Memory", "mappings, protections, memory policies, locking"),
    IPC("ipc", "Inter-process communication", "pipes, futexes, SysV and POSIX IPC, eventfd"),
    TIME("time", "Time", "clocks, sleeping, timers"),
    PRIVILEGED("privileged", "Privileged",
            "mounts, namespaces, kernel modules, tracing other processes, keyrings, setting clocks"),
    UNKNOWN("unknown", "Unknown names", "names no syscall table knows: typos or syscalls newer than the tables");

    private static final String RESOURCE = "syscall-kinds.txt";

    private final String id;
    private final String title;
    private final String description;

    SyscallKind(String id, String title, String description) {
        this.id = id;
        this.title = title;
        this.description = description;
    }

    /** {@code file}, {@code network}...: the word used in the table and in the page's anchors. */
    public String id() {
        return id;
    }

    /** A heading for the group. */
    public String title() {
        return title;
    }

    /** What the group holds, in a few words. */
    public String description() {
        return description;
    }

    /** The kind of a syscall name; {@link #UNKNOWN} for a name no table has. */
    public static SyscallKind of(String name) {
        return Table.KINDS.getOrDefault(name, UNKNOWN);
    }

    /** Every classified name with its kind (for tests and tools). */
    public static Map<String, SyscallKind> table() {
        return Table.KINDS;
    }

    /** Loaded on first use: the enum must exist before the table refers to its constants. */
    private static final class Table {
        static final Map<String, SyscallKind> KINDS = load();

        private static Map<String, SyscallKind> load() {
            Map<String, SyscallKind> kinds = new HashMap<>();
            try (InputStream in = SyscallKind.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                int lineNumber = 0;
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lineNumber++;
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    int colon = line.indexOf(':');
                    SyscallKind kind = byId(line.substring(0, colon).strip(), lineNumber);
                    for (String name : line.substring(colon + 1).strip().split("\\s+")) {
                        if (kinds.put(name, kind) != null) {
                            throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": " + name + " classified twice");
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.copyOf(kinds);
        }

        private static SyscallKind byId(String id, int lineNumber) {
            for (SyscallKind k : values()) {
                if (k.id.equals(id.toLowerCase(Locale.ROOT)) && k != UNKNOWN) {
                    return k;
                }
            }
            throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": unknown kind " + id);
        }
    }
}
