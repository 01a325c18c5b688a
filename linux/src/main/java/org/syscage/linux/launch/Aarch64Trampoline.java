package org.syscage.linux.launch;

/**
 * The launch trampoline for aarch64, the same routine as {@link X86_64Trampoline} written from
 * the A64 encodings (each line is one little-endian 32-bit instruction word, shown as objdump
 * shows it).
 *
 * <p>Called as {@code long trampoline(LaunchBlock *block)} (AAPCS64: the block in x0, the result
 * in x0). Only the caller-saved registers x0-x13 are touched; none is callee-saved, so nothing
 * needs restoring on the way back to the JVM. Every step is {@code svc #0} with the number in x8
 * and arguments in x0-x5; the kernel returns {@code -errno} in x0 and preserves every other
 * register, so the seccomp flags are still in x1 after the call. Numbers are the asm-generic
 * table's. The child publishes the listener descriptor with a {@code dmb ish} between the two
 * stores, as the Java side reads them in the opposite order.
 */
final class Aarch64Trampoline {
    private Aarch64Trampoline() {
    }

    static final String LISTING = """
            ; ---- parent: no signal may reach the child before it has reset the JVM's handlers
                    aa0003e9 | mov x9, x0                      ; x9 = the block, for the whole routine
                    d28010e8 | mov x8, #0x87                   ; rt_sigprocmask
                    d2800040 | mov x0, #0x2                    ; SIG_SETMASK
                    9100e121 | add x1, x9, #0x38               ; &block.blockAll (every signal)
                    91010122 | add x2, x9, #0x40               ; &block.savedMask (the JVM thread's mask)
                    d2800103 | mov x3, #0x8                    ; sizeof(sigset_t)
                    d4000001 | svc #0x0
                    b7f80220 | tbnz x0, #63, .return           ; -errno: nothing changed, report it
                    d2801b88 | mov x8, #0xdc                   ; clone
                    d2800220 | mov x0, #0x11                   ; flags = SIGCHLD: a fork
                    d2800001 | mov x1, #0x0                    ; same stack (copied): newsp = 0
                    d2800002 | mov x2, #0x0                    ; parent_tid = NULL
                    d2800003 | mov x3, #0x0                    ; tls = 0
                    d2800004 | mov x4, #0x0                    ; child_tid = NULL
                    d4000001 | svc #0x0
                    b4000140 | cbz x0, .child                  ; 0 in the child
                    aa0003ea | mov x10, x0                     ; pid, or -errno if clone failed
                    d28010e8 | mov x8, #0x87                   ; rt_sigprocmask
                    d2800040 | mov x0, #0x2                    ; SIG_SETMASK
                    91010121 | add x1, x9, #0x40               ; &block.savedMask
                    d2800002 | mov x2, #0x0                    ; oldset = NULL
                    d2800103 | mov x3, #0x8
                    d4000001 | svc #0x0
                    aa0a03e0 | mov x0, x10                     ; return pid or -errno
            .return:
                    d65f03c0 | ret
            ; ---- child: from here on nothing returns to the JVM
            .child:
                    d280000c | mov x12, #0x0                   ; x12 = signal - 1, from 0 to 63
            .sigloop:
                    d28010c8 | mov x8, #0x86                   ; rt_sigaction
                    91000580 | add x0, x12, #0x1               ; signal number
                    d2800001 | mov x1, #0x0                    ; act = NULL: only read the action
                    91028122 | add x2, x9, #0xa0               ; &block.oldAction
                    d2800103 | mov x3, #0x8
                    d4000001 | svc #0x0
                    b50001c0 | cbnz x0, .next                  ; no such signal: skip it
                    f940512a | ldr x10, [x9, #160]             ; oldAction.sa_handler
                    f100055f | cmp x10, #0x1                   ; SIG_DFL = 0, SIG_IGN = 1
                    540000a8 | b.hi .reset                     ; a handler (the JVM's): reset it
                    54000143 | b.cc .next                      ; SIG_DFL: nothing to do
                    f940252a | ldr x10, [x9, #72]              ; ignored: block.resetIgnored
                    9acc254a | lsr x10, x10, x12
                    360000ea | tbz w10, #0, .next              ; not ignored by syscage: stays ignored
            .reset:
                    d28010c8 | mov x8, #0x86                   ; rt_sigaction
                    91000580 | add x0, x12, #0x1
                    91020121 | add x1, x9, #0x80               ; &block.zeros: SIG_DFL, no flags
                    d2800002 | mov x2, #0x0                    ; oldact = NULL
                    d2800103 | mov x3, #0x8
                    d4000001 | svc #0x0                        ; fails only for SIGKILL, SIGSTOP
            .next:
                    9100058c | add x12, x12, #0x1
                    f101019f | cmp x12, #0x40
                    54fffd43 | b.cc .sigloop
                    d28010e8 | mov x8, #0x87                   ; rt_sigprocmask
                    d2800040 | mov x0, #0x2                    ; SIG_SETMASK
                    91020121 | add x1, x9, #0x80               ; &block.zeros: the empty set
                    d2800002 | mov x2, #0x0
                    d2800103 | mov x3, #0x8
                    d4000001 | svc #0x0
                    d280002d | mov x13, #0x1                   ; step 1: signal mask
                    b7f80740 | tbnz x0, #63, .fail
                    d2803688 | mov x8, #0x1b4                  ; close_range
                    d2800060 | mov x0, #0x3                    ; every descriptor above stderr
                    12800001 | mov w1, #0xffffffff             ; ~0U
                    d2800082 | mov x2, #0x4                    ; CLOSE_RANGE_CLOEXEC: closed at execve
                    d4000001 | svc #0x0
                    d280004d | mov x13, #0x2                   ; step 2: close_range
                    b7f80660 | tbnz x0, #63, .fail
                    f9400d20 | ldr x0, [x9, #24]               ; block.workDir
                    b40000a0 | cbz x0, .nochdir                ; NULL: stay where the JVM is
                    d2800628 | mov x8, #0x31                   ; chdir
                    d4000001 | svc #0x0
                    d280006d | mov x13, #0x3                   ; step 3: chdir
                    b7f805a0 | tbnz x0, #63, .fail
            .nochdir:
                    f940112a | ldr x10, [x9, #32]              ; block.prog
                    b40004aa | cbz x10, .exec                  ; NULL: no filter, just execve
                    d28014e8 | mov x8, #0xa7                   ; prctl
                    d28004c0 | mov x0, #0x26                   ; PR_SET_NO_NEW_PRIVS
                    d2800021 | mov x1, #0x1
                    d2800002 | mov x2, #0x0                    ; the kernel wants the rest zero
                    d2800003 | mov x3, #0x0
                    d2800004 | mov x4, #0x0
                    d4000001 | svc #0x0
                    d280008d | mov x13, #0x4                   ; step 4: no_new_privs
                    b7f80440 | tbnz x0, #63, .fail
                    d28014e8 | mov x8, #0xa7                   ; prctl
                    d28001e0 | mov x0, #0xf                    ; PR_SET_NAME: a comm execve replaces
                    9101a121 | add x1, x9, #0x68               ; &block.marker
                    d4000001 | svc #0x0
                    d28000ad | mov x13, #0x5                   ; step 5: name
                    b7f80380 | tbnz x0, #63, .fail
                    d28022a8 | mov x8, #0x115                  ; seccomp
                    d2800020 | mov x0, #0x1                    ; SECCOMP_SET_MODE_FILTER
                    f9401521 | ldr x1, [x9, #40]               ; block.seccompFlags
                    f9401122 | ldr x2, [x9, #32]               ; block.prog
                    d4000001 | svc #0x0                        ; from here on the filter decides
                    d28000cd | mov x13, #0x6                   ; step 6: seccomp
                    b7f802a0 | tbnz x0, #63, .fail
                    361801c1 | tbz w1, #3, .exec               ; SECCOMP_FILTER_FLAG_NEW_LISTENER?
                    b9005920 | str w0, [x9, #88]               ; block.listenerFd
                    d5033bbf | dmb ish                         ; the fd is visible before the flag
                    5280002a | mov w10, #0x1
                    b9005d2a | str w10, [x9, #92]              ; block.listenerReady
                    f940192b | ldr x11, [x9, #48]              ; block.spinLimit
            .spin:
                    d503203f | yield                           ; no syscall: the filter is in force
                    b940612a | ldr w10, [x9, #96]              ; block.listenerTaken
                    350000ca | cbnz w10, .exec                 ; the parent holds a copy of the fd
                    f100056b | subs x11, x11, #0x1
                    54ffff81 | b.ne .spin
                    d28000ed | mov x13, #0x7                   ; step 7: listener handoff
                    92800da0 | mov x0, #0xffffffffffffff92     ; -ETIMEDOUT
                    14000007 | b .fail
            .exec:
                    f9400120 | ldr x0, [x9]                    ; block.path
                    f9400521 | ldr x1, [x9, #8]                ; block.argv
                    f9400922 | ldr x2, [x9, #16]               ; block.envp
                    d2801ba8 | mov x8, #0xdd                   ; execve
                    d4000001 | svc #0x0                        ; returns only on failure
                    d280010d | mov x13, #0x8                   ; step 8: execve
            .fail:
                    b900512d | str w13, [x9, #80]              ; block.failedStep
                    4b0003e0 | neg w0, w0                      ; errno
                    b9005520 | str w0, [x9, #84]               ; block.failedErrno
                    d2800bc8 | mov x8, #0x5e                   ; exit_group
                    d2800fe0 | mov x0, #0x7f                   ; 127
                    d4000001 | svc #0x0
                    00000000 | udf #0                          ; exit_group denied: die by SIGILL
            """;
}
