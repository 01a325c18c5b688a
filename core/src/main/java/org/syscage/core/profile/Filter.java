package org.syscage.core.profile;

import java.util.List;

/**
 * Docker's {@code includes}/{@code excludes} of a syscall rule: the rule applies (includes) or
 * is dropped (excludes) depending on the container's capabilities, its arch (Go names, as
 * dockerd compares them with GOARCH) and the running kernel's version.
 *
 * @param caps      capability names such as {@code CAP_SYS_ADMIN}
 * @param arches    Go/Docker arch names such as {@code amd64}, kept as written
 * @param minKernel a kernel version such as {@code 4.8}, or null
 */
public record Filter(List<String> caps, List<String> arches, String minKernel) {
    public static final Filter EMPTY = new Filter(List.of(), List.of(), null);

    public Filter {
        caps = List.copyOf(caps);
        arches = List.copyOf(arches);
    }

    public boolean isEmpty() {
        return caps.isEmpty() && arches.isEmpty() && minKernel == null;
    }
}
