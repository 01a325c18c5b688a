#!/usr/bin/python3
"""The libseccomp oracle: builds seccomp filters the way runc builds them and exports their BPF.

syscage promises to decide exactly as libseccomp does when runc feeds it a profile. This script
is the reference side of that promise: it drives Debian's libseccomp (through python3-seccomp,
which exists for /usr/bin/python3 only) with the same calls, in the same order and with the same
quirks as runc's libcontainer/seccomp, then exports the program libseccomp would load.

Input (stdin), one JSON document:
    {"jobs": [{"profile": <plain OCI linux.seccomp object>,
               "native": "x86_64",            # arch runc would run on (default: this host)
               "arches": ["x86_64", "x86"],   # kernel names (default: profile.architectures)
               "badArch": "SCMP_ACT_KILL_PROCESS" | "SCMP_ACT_ERRNO(38)" | <raw value> | null,
               "optimize": 1 | 2 | 0,         # 0 or absent: as runc 1.2+ (2 above 32 rule names)
               "pfc": false,                  # true adds libseccomp's pseudo filter code
               "timeout": 10}, ...]}           # seconds; absent: no limit (see below)
Output (stdout): one JSON line per job, in order:
    {"bpf": "<base64 of the exported sock_filter array>", "skipped": [unknown names], "error": null}
with "pfc": "<text>" added when asked for; when runc would refuse the profile:
    {"bpf": null, "skipped": [...], "error": "<why>"}
With "timeout", the job runs in a forked child that is killed after that many seconds, and the
answer is {"bpf": null, "skipped": [], "error": "timeout: ..."}: libseccomp 2.5.4's
seccomp_rule_add loops forever on some rule sets (runc hangs starting such a container), and a
loop in C cannot be interrupted from Python.

The exported bytes are in the byte order of the filter's arches (libseccomp converts to the
target's order), which is host order whenever the native arch matches the host.
See docs/libseccomp-oracle.md.
"""

import base64
import ctypes
import errno
import json
import os
import select
import signal
import sys
import time

import seccomp

# Kernel arch names (as syscage's Arch.kernelName() spells them) -> python3-seccomp tokens.
# libseccomp 2.5.4 knows no loongarch64, m68k or SuperH; jobs naming them fail with an error.
ARCHES = {
    "x86": seccomp.Arch.X86,
    "x86_64": seccomp.Arch.X86_64,
    "x32": seccomp.Arch.X32,
    "arm": seccomp.Arch.ARM,
    "aarch64": seccomp.Arch.AARCH64,
    "mips": seccomp.Arch.MIPS,
    "mipsel": seccomp.Arch.MIPSEL,
    "mips64": seccomp.Arch.MIPS64,
    "mipsel64": seccomp.Arch.MIPSEL64,
    "mips64n32": seccomp.Arch.MIPS64N32,
    "mipsel64n32": seccomp.Arch.MIPSEL64N32,
    "parisc": seccomp.Arch.PARISC,
    "parisc64": seccomp.Arch.PARISC64,
    "ppc": seccomp.Arch.PPC,
    "ppc64": seccomp.Arch.PPC64,
    "ppc64le": seccomp.Arch.PPC64LE,
    "riscv64": seccomp.Arch.RISCV64,
    "s390": seccomp.Arch.S390,
    "s390x": seccomp.Arch.S390X,
}
OCI_ARCH_PREFIX = "SCMP_ARCH_"

EPERM = errno.EPERM

# SECCOMP_RET_* action bits. runc maps the old SCMP_ACT_KILL to KILL_THREAD, so both compare
# equal when runc drops rules that repeat the default action.
ACTION_BITS = {
    "SCMP_ACT_KILL": 0x00000000,
    "SCMP_ACT_KILL_THREAD": 0x00000000,
    "SCMP_ACT_KILL_PROCESS": 0x80000000,
    "SCMP_ACT_TRAP": 0x00030000,
    "SCMP_ACT_ERRNO": 0x00050000,
    "SCMP_ACT_NOTIFY": 0x7FC00000,
    "SCMP_ACT_TRACE": 0x7FF00000,
    "SCMP_ACT_LOG": 0x7FFC0000,
    "SCMP_ACT_ALLOW": 0x7FFF0000,
}
CARRIES_VALUE = {"SCMP_ACT_ERRNO", "SCMP_ACT_TRACE"}

OPS = {
    "SCMP_CMP_NE": seccomp.NE,
    "SCMP_CMP_LT": seccomp.LT,
    "SCMP_CMP_LE": seccomp.LE,
    "SCMP_CMP_EQ": seccomp.EQ,
    "SCMP_CMP_GE": seccomp.GE,
    "SCMP_CMP_GT": seccomp.GT,
    "SCMP_CMP_MASKED_EQ": seccomp.MASKED_EQ,
}

# Flags runc knows; none of them changes the generated program.
KNOWN_FLAGS = {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"}

# runc 1.2+ turns on libseccomp's binary-tree optimisation above this many (rule, name) pairs;
# runc 1.1.x never does (it always gets level 1).
RUNC_OPTIMIZE_THRESHOLD = 32

U64_MAX = (1 << 64) - 1

# What libseccomp's name lookup returns for a name it does not know. Names it knows but the
# arch lacks resolve to negative pseudo numbers (-10000 and below) and are not "unknown".
NR_SCMP_ERROR = -1


class Refused(Exception):
    """runc (or libseccomp under runc) would refuse this profile; the message says why."""


def signed32(value):
    """python3-seccomp takes actions as C ints: SECCOMP_RET values above 2^31 must wrap."""
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


def action_value(name, errno_ret):
    """The 32-bit action runc passes to libseccomp for a profile action and its errnoRet."""
    if name not in ACTION_BITS:
        raise Refused("unknown action %r" % (name,))
    bits = ACTION_BITS[name]
    if name in CARRIES_VALUE:
        # runc keeps errnoRet as an unsigned int and hands libseccomp int16(errnoRet): only the
        # low 16 bits survive. Without errnoRet it uses EPERM.
        code = EPERM if errno_ret is None else unsigned(errno_ret, "errnoRet")
        bits |= code & 0xFFFF
    return signed32(bits)


def bad_arch_action(spec):
    """badArch: a raw SECCOMP_RET value, an action name, or NAME(n) for ERRNO/TRACE with a value."""
    if isinstance(spec, int) and not isinstance(spec, bool):
        return signed32(spec)
    if not isinstance(spec, str):
        raise Refused("badArch must be an action name or number, got %r" % (spec,))
    if spec.endswith(")") and "(" in spec:
        name, value = spec[:-1].split("(", 1)
        if name not in CARRIES_VALUE or not value.isdigit():
            raise Refused("badArch %r: only SCMP_ACT_ERRNO(n) and SCMP_ACT_TRACE(n) take a value" % spec)
        return action_value(name, int(value))
    return action_value(spec, None)


def unsigned(value, what):
    if isinstance(value, bool) or not isinstance(value, int):
        raise Refused("%s must be an integer, got %r" % (what, value))
    if value < 0 or value > U64_MAX:
        raise Refused("%s must be an unsigned 64-bit integer, got %d" % (what, value))
    return value


def arch_token(name, what):
    key = name.lower()
    if key.startswith(OCI_ARCH_PREFIX.lower()):
        key = key[len(OCI_ARCH_PREFIX):]
    if key not in ARCHES:
        raise Refused("%s %r is not an architecture libseccomp %s knows" % (what, name, libseccomp_version()))
    return ARCHES[key]


def library_error(exc, doing):
    """Turns python3-seccomp's 'Library error (errno = -22)' into a readable message."""
    text = str(exc)
    code = None
    if "errno = " in text:
        try:
            code = -int(text.rsplit("errno = ", 1)[1].rstrip(")"))
        except ValueError:
            code = None
    if code:
        return Refused("%s: %s (%s)" % (doing, errno.errorcode.get(code, "errno %d" % code), os.strerror(code)))
    return Refused("%s: %s" % (doing, text))


def libseccomp_version():
    """The loaded libseccomp's version: python3-seccomp does not expose it, the C library does."""
    try:
        lib = ctypes.CDLL("libseccomp.so.2")
        lib.seccomp_version.restype = ctypes.POINTER(ctypes.c_uint * 3)
        return "%d.%d.%d" % tuple(lib.seccomp_version().contents)
    except (OSError, AttributeError):
        return "(unknown version, API level %d)" % seccomp.get_api()


def conditions(rule_args):
    """Converts a rule's args to seccomp.Arg values, as runc's getCondition does."""
    conds = []
    indexes = []
    for arg in rule_args:
        if not isinstance(arg, dict):
            raise Refused("args entries must be objects, got %r" % (arg,))
        op_name = arg.get("op")
        if op_name not in OPS:
            raise Refused("invalid operator %r" % (op_name,))
        index = unsigned(arg.get("index", 0), "args.index")
        if index > 5:
            raise Refused("syscall argument must be between 0 and 5, got %d" % index)
        # runc always passes both values; for MASKED_EQ libseccomp reads datum_a as the mask
        # and datum_b as the expected value, for the other ops datum_a is the operand.
        value = unsigned(arg.get("value", 0), "args.value")
        value_two = unsigned(arg.get("valueTwo", 0), "args.valueTwo")
        conds.append(seccomp.Arg(index, OPS[op_name], value, value_two))
        indexes.append(index)
    return conds, len(set(indexes)) != len(indexes)


def rule_names(rule):
    names = rule.get("names")
    if names is None:
        # Docker's older singular spelling; plain OCI profiles use names.
        names = [rule["name"]] if "name" in rule else []
    if not isinstance(names, list):
        raise Refused("names must be a list, got %r" % (names,))
    return names


def build(job, skipped):
    """Builds one job's filter as runc would; names libseccomp does not know go to skipped."""
    profile = job.get("profile")
    if not isinstance(profile, dict):
        raise Refused("job has no profile object")

    default_name = profile.get("defaultAction")
    default_action = action_value(default_name, profile.get("defaultErrnoRet"))
    if default_name == "SCMP_ACT_NOTIFY":
        raise Refused("SCMP_ACT_NOTIFY cannot be used as default action")

    syscalls = profile.get("syscalls") or []
    if not isinstance(syscalls, list):
        raise Refused("syscalls must be a list")
    for rule in syscalls:
        if not isinstance(rule, dict):
            raise Refused("syscalls entries must be objects, got %r" % (rule,))
        if rule.get("action") == "SCMP_ACT_NOTIFY" and "write" in rule_names(rule):
            raise Refused("SCMP_ACT_NOTIFY cannot be used for the write syscall")

    native_name = job.get("native")
    host = signed32(seccomp.system_arch())  # returned unsigned, taken as a C int
    native = host if native_name is None else arch_token(native_name, "native arch")

    arch_names = job.get("arches")
    if arch_names is None:
        arch_names = profile.get("architectures") or []
    arches = [arch_token(a, "arch") for a in arch_names]

    try:
        filt = seccomp.SyscallFilter(default_action)
    except RuntimeError as exc:
        raise library_error(exc, "creating the filter")
    if native != host:
        # Stand in for runc on another machine: seccomp_init put this host's arch first; the
        # job's native arch takes its place (removed first, since libseccomp refuses to mix
        # byte orders in one filter).
        filt.remove_arch(host)
        filt.add_arch(native)
    for token in arches:
        try:
            filt.add_arch(token)
        except RuntimeError as exc:
            if "errno = -%d)" % errno.EEXIST in str(exc):
                continue  # libseccomp-golang ignores EEXIST: the arch is already there
            raise library_error(exc, "adding architecture %s" % arch_name(token))

    flags = profile.get("flags") or []
    for flag in flags:
        if flag not in KNOWN_FLAGS:
            raise Refused("seccomp flag %s is not known to runc" % flag)
    set_attr_quietly(filt, seccomp.Attr.CTL_TSYNC, 1)  # libseccomp-golang's NewFilter does this
    if "SECCOMP_FILTER_FLAG_LOG" in flags:
        filt.set_attr(seccomp.Attr.CTL_LOG, 1)
    if "SECCOMP_FILTER_FLAG_SPEC_ALLOW" in flags:
        filt.set_attr(seccomp.Attr.CTL_SSB, 1)

    pairs = sum(len(rule_names(rule)) for rule in syscalls)
    optimize = job.get("optimize") or 0
    if optimize == 0:
        optimize = 2 if pairs > RUNC_OPTIMIZE_THRESHOLD else 1
    if optimize not in (1, 2):
        raise Refused("optimize must be 0 (runc's choice), 1 or 2, got %r" % (optimize,))
    filt.set_attr(seccomp.Attr.CTL_OPTIMIZE, optimize)
    filt.set_attr(seccomp.Attr.CTL_NNP, 0)  # runc handles no_new_privs itself

    bad_arch = job.get("badArch")
    if bad_arch is not None:
        filt.set_attr(seccomp.Attr.ACT_BADARCH, bad_arch_action(bad_arch))

    for rule in syscalls:
        add_rule(filt, rule, default_action, native, skipped)

    return filt


def export(filt, scratch, exporter):
    """Runs export_bpf or export_pfc into the scratch file and returns what it wrote."""
    os.ftruncate(scratch.fileno(), 0)
    scratch.seek(0)
    try:
        exporter(filt, scratch)
    except RuntimeError as exc:
        raise library_error(exc, "exporting the filter")
    return os.pread(scratch.fileno(), os.fstat(scratch.fileno()).st_size, 0)


def add_rule(filt, rule, default_action, native, skipped):
    """runc's matchCall, once per name of the rule."""
    action = action_value(rule.get("action"), rule.get("errnoRet"))
    conds, repeated_index = conditions(rule.get("args") or [])
    for name in rule_names(rule):
        if not isinstance(name, str) or name == "":
            raise Refused("empty string is not a valid syscall")
        if action == default_action:
            continue  # runc drops rules that repeat the default action, silently
        if seccomp.resolve_syscall(native, name) == NR_SCMP_ERROR:
            if name not in skipped:
                skipped.append(name)  # runc: "unknown seccomp syscall ignored"
            continue
        # Rules with two conditions on one argument cannot be one libseccomp rule; runc then
        # adds one rule per condition, which ORs them.
        groups = [[c] for c in conds] if repeated_index else [conds]
        for group in groups:
            try:
                # add_rule (not add_rule_exactly): libseccomp rewrites socket/ipc calls into
                # socketcall/ipc on the arches that multiplex them, as runc gets.
                filt.add_rule(action, name, *group)
            except RuntimeError as exc:
                raise library_error(exc, "adding rule for syscall %s" % name)


def set_attr_quietly(filt, attr, value):
    try:
        filt.set_attr(attr, value)
    except RuntimeError:
        pass  # like libseccomp-golang: an attribute the kernel lacks is not an error


def arch_name(token):
    for name, value in ARCHES.items():
        if value == token:
            return name
    return str(token)


def answer(job, scratch):
    """One job's answer line (a dict)."""
    skipped = []
    try:
        if not isinstance(job, dict):
            raise Refused("job must be an object")
        filt = build(job, skipped)
        program = export(filt, scratch, seccomp.SyscallFilter.export_bpf)
        line = {"bpf": base64.b64encode(program).decode("ascii"), "skipped": skipped, "error": None}
        if job.get("pfc"):
            line["pfc"] = export(filt, scratch, seccomp.SyscallFilter.export_pfc).decode("utf-8")
    except Refused as exc:
        line = {"bpf": None, "skipped": skipped, "error": str(exc)}
    except (RuntimeError, ValueError, TypeError, OverflowError) as exc:
        line = {"bpf": None, "skipped": skipped, "error": "%s: %s" % (type(exc).__name__, exc)}
    return line


def answer_within(job, scratch, seconds):
    """answer() in a forked child, killed when it takes longer than seconds."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        data = json.dumps(answer(job, scratch)).encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]
        os._exit(0)
    os.close(write_end)
    chunks = []
    deadline = time.monotonic() + seconds
    with os.fdopen(read_end, "rb") as pipe:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([pipe], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return {"bpf": None, "skipped": [], "error":
                        "timeout: libseccomp did not finish within %s s (seccomp_rule_add loops forever on "
                        "some rule sets; runc would hang)" % seconds}
            chunk = os.read(pipe.fileno(), 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks))


def run(stream_in, stream_out):
    try:
        batch = json.load(stream_in)
    except json.JSONDecodeError as exc:
        sys.stderr.write("libseccomp-oracle: stdin is not JSON: %s\n" % exc)
        return 2
    jobs = batch.get("jobs") if isinstance(batch, dict) else None
    if not isinstance(jobs, list):
        sys.stderr.write('libseccomp-oracle: expected {"jobs": [...]} on stdin\n')
        return 2

    # One memfd for every export: libseccomp writes to a file descriptor, and a memory file
    # costs no disk I/O across thousands of jobs.
    fd = os.memfd_create("libseccomp-oracle")
    with os.fdopen(fd, "w+b") as scratch:
        for job in jobs:
            timeout = job.get("timeout") if isinstance(job, dict) else None
            line = answer(job, scratch) if timeout is None else answer_within(job, scratch, timeout)
            stream_out.write(json.dumps(line, separators=(",", ":")))
            stream_out.write("\n")
    stream_out.flush()
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--version"]:
        print("libseccomp " + libseccomp_version())
        sys.exit(0)
    sys.exit(run(sys.stdin, sys.stdout))
