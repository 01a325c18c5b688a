package org.syscage.linux.ebpf;

/** The kernel's eBPF helper functions syscage calls, by their fixed numbers ({@code enum bpf_func_id}). */
public enum Helper {
    /** {@code void *bpf_map_lookup_elem(map, key)}: the value's address, or NULL. */
    MAP_LOOKUP_ELEM(1),
    /** {@code long bpf_map_update_elem(map, key, value, flags)}. */
    MAP_UPDATE_ELEM(2),
    /** {@code u64 bpf_get_current_pid_tgid()}: tgid (the process id) << 32 | pid (the thread id). */
    GET_CURRENT_PID_TGID(14),
    /** {@code long bpf_get_current_comm(buf, size)}: the thread's name, NUL-terminated. */
    GET_CURRENT_COMM(16),
    /** {@code u64 bpf_get_current_task()}: the current {@code struct task_struct *}, to read with bpf_probe_read_kernel. */
    GET_CURRENT_TASK(35),
    /** {@code long bpf_current_task_under_cgroup(map, index)}: 1 when the task is in that cgroup or below it. */
    CURRENT_TASK_UNDER_CGROUP(37),
    /** {@code long bpf_probe_read_kernel(dst, size, unsafe_ptr)}: 0, or a negative error (dst zeroed). */
    PROBE_READ_KERNEL(113);

    private final int id;

    Helper(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }
}
