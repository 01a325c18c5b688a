package org.syscage.linux.launch;

/**
 * The launch trampoline for x86_64, written instruction by instruction from the ISA encodings.
 *
 * <p>Called as {@code long trampoline(LaunchBlock *block)} (System V ABI: the block in rdi, the
 * result in rax). It touches only caller-saved registers on the way back to the JVM (rax, rcx,
 * rdx, rsi, rdi, r8, r9, r10, r11); r12 and r13 are used only in the child, which never
 * returns. It uses no stack and calls nothing: every step is a {@code syscall} instruction
 * (number in eax, arguments in rdi, rsi, rdx, r10, r8; the kernel clobbers rcx and r11 and
 * returns {@code -errno} in rax on failure).
 *
 * <p>Parent: block every signal, {@code clone(SIGCHLD)} (a plain fork), restore the signal
 * mask, return the child's pid or {@code -errno}. Child: reset every caught signal to its
 * default action (so that no JVM handler can run in it), clear the signal mask, mark every
 * descriptor above 2 close-on-exec, chdir, set no_new_privs, name itself, install the filter,
 * hand over the listener descriptor if asked, and execve. A failing step stores its number and
 * errno in the block and exits 127; the command never runs unconfined. Offsets into the block
 * are those of {@link LaunchBlock}.
 */
final class X86_64Trampoline {
    private X86_64Trampoline() {
    }

    static final String LISTING = """
            ; ---- parent: no signal may reach the child before it has reset the JVM's handlers
                    49 89 f9                | mov r9, rdi                     ; r9 = the block, for the whole routine
                    b8 0e 00 00 00          | mov eax, 0xe                    ; rt_sigprocmask
                    bf 02 00 00 00          | mov edi, 0x2                    ; SIG_SETMASK
                    49 8d 71 38             | lea rsi, [r9+0x38]              ; &block.blockAll (every signal)
                    49 8d 51 40             | lea rdx, [r9+0x40]              ; &block.savedMask (the JVM thread's mask)
                    41 ba 08 00 00 00       | mov r10d, 0x8                   ; sizeof(sigset_t)
                    0f 05                   | syscall
                    48 85 c0                | test rax, rax
                    78 39                   | js .return                      ; -errno: nothing changed, report it
                    b8 38 00 00 00          | mov eax, 0x38                   ; clone
                    bf 11 00 00 00          | mov edi, 0x11                   ; flags = SIGCHLD: a fork
                    31 f6                   | xor esi, esi                    ; same stack (copied): newsp = 0
                    31 d2                   | xor edx, edx                    ; parent_tid = NULL
                    45 31 d2                | xor r10d, r10d                  ; child_tid = NULL
                    45 31 c0                | xor r8d, r8d                    ; tls = 0
                    0f 05                   | syscall
                    48 85 c0                | test rax, rax
                    74 1f                   | je .child                       ; 0 in the child
                    49 89 c0                | mov r8, rax                     ; pid, or -errno if clone failed
                    b8 0e 00 00 00          | mov eax, 0xe                    ; rt_sigprocmask
                    bf 02 00 00 00          | mov edi, 0x2                    ; SIG_SETMASK
                    49 8d 71 40             | lea rsi, [r9+0x40]              ; &block.savedMask
                    31 d2                   | xor edx, edx                    ; oldset = NULL
                    41 ba 08 00 00 00       | mov r10d, 0x8
                    0f 05                   | syscall
                    4c 89 c0                | mov rax, r8                     ; return pid or -errno
            .return:
                    c3                      | ret
            ; ---- child: from here on nothing returns to the JVM
            .child:
                    45 31 e4                | xor r12d, r12d                  ; r12 = signal - 1, from 0 to 63
            .sigloop:
                    b8 0d 00 00 00          | mov eax, 0xd                    ; rt_sigaction
                    41 8d 7c 24 01          | lea edi, [r12+0x1]              ; signal number
                    31 f6                   | xor esi, esi                    ; act = NULL: only read the action
                    49 8d 91 a0 00 00 00    | lea rdx, [r9+0xa0]              ; &block.oldAction
                    41 ba 08 00 00 00       | mov r10d, 0x8
                    0f 05                   | syscall
                    48 85 c0                | test rax, rax
                    75 34                   | jne .next                       ; no such signal: skip it
                    49 8b 81 a0 00 00 00    | mov rax, QWORD PTR [r9+0xa0]    ; oldAction.sa_handler
                    48 83 f8 01             | cmp rax, 0x1                    ; SIG_DFL = 0, SIG_IGN = 1
                    77 0c                   | ja .reset                       ; a handler (the JVM's): reset it
                    72 25                   | jb .next                        ; SIG_DFL: nothing to do
                    49 8b 41 48             | mov rax, QWORD PTR [r9+0x48]    ; ignored: block.resetIgnored
                    4c 0f a3 e0             | bt rax, r12                     ; ignored by syscage itself?
                    73 1b                   | jae .next                       ; no: stays ignored, as across execve
            .reset:
                    b8 0d 00 00 00          | mov eax, 0xd                    ; rt_sigaction
                    41 8d 7c 24 01          | lea edi, [r12+0x1]
                    49 8d b1 80 00 00 00    | lea rsi, [r9+0x80]              ; &block.zeros: SIG_DFL, no flags
                    31 d2                   | xor edx, edx                    ; oldact = NULL
                    41 ba 08 00 00 00       | mov r10d, 0x8
                    0f 05                   | syscall                         ; fails only for SIGKILL, SIGSTOP
            .next:
                    41 ff c4                | inc r12d
                    41 83 fc 40             | cmp r12d, 0x40
                    72 a3                   | jb .sigloop
                    b8 0e 00 00 00          | mov eax, 0xe                    ; rt_sigprocmask
                    bf 02 00 00 00          | mov edi, 0x2                    ; SIG_SETMASK
                    49 8d b1 80 00 00 00    | lea rsi, [r9+0x80]              ; &block.zeros: the empty set
                    31 d2                   | xor edx, edx
                    41 ba 08 00 00 00       | mov r10d, 0x8
                    0f 05                   | syscall
                    41 bd 01 00 00 00       | mov r13d, 0x1                   ; step 1: signal mask
                    48 85 c0                | test rax, rax
                    0f 88 08 01 00 00       | js .fail
                    b8 b4 01 00 00          | mov eax, 0x1b4                  ; close_range
                    bf 03 00 00 00          | mov edi, 0x3                    ; every descriptor above stderr
                    be ff ff ff ff          | mov esi, 0xffffffff             ; ~0U
                    ba 04 00 00 00          | mov edx, 0x4                    ; CLOSE_RANGE_CLOEXEC: closed at execve
                    0f 05                   | syscall
                    41 bd 02 00 00 00       | mov r13d, 0x2                   ; step 2: close_range
                    48 85 c0                | test rax, rax
                    0f 88 e3 00 00 00       | js .fail
                    49 8b 79 18             | mov rdi, QWORD PTR [r9+0x18]    ; block.workDir
                    48 85 ff                | test rdi, rdi
                    74 16                   | je .nochdir                     ; NULL: stay where the JVM is
                    b8 50 00 00 00          | mov eax, 0x50                   ; chdir
                    0f 05                   | syscall
                    41 bd 03 00 00 00       | mov r13d, 0x3                   ; step 3: chdir
                    48 85 c0                | test rax, rax
                    0f 88 c4 00 00 00       | js .fail
            .nochdir:
                    49 8b 51 20             | mov rdx, QWORD PTR [r9+0x20]    ; block.prog
                    48 85 d2                | test rdx, rdx
                    0f 84 9f 00 00 00       | je .exec                        ; NULL: no filter, just execve
                    b8 9d 00 00 00          | mov eax, 0x9d                   ; prctl
                    bf 26 00 00 00          | mov edi, 0x26                   ; PR_SET_NO_NEW_PRIVS
                    be 01 00 00 00          | mov esi, 0x1
                    31 d2                   | xor edx, edx                    ; the kernel wants the rest zero
                    45 31 d2                | xor r10d, r10d
                    45 31 c0                | xor r8d, r8d
                    0f 05                   | syscall
                    41 bd 04 00 00 00       | mov r13d, 0x4                   ; step 4: no_new_privs
                    48 85 c0                | test rax, rax
                    0f 88 8f 00 00 00       | js .fail
                    b8 9d 00 00 00          | mov eax, 0x9d                   ; prctl
                    bf 0f 00 00 00          | mov edi, 0xf                    ; PR_SET_NAME: a comm execve replaces
                    49 8d 71 68             | lea rsi, [r9+0x68]              ; &block.marker
                    0f 05                   | syscall
                    41 bd 05 00 00 00       | mov r13d, 0x5                   ; step 5: name
                    48 85 c0                | test rax, rax
                    0f 88 70 00 00 00       | js .fail
                    b8 3d 01 00 00          | mov eax, 0x13d                  ; seccomp
                    bf 01 00 00 00          | mov edi, 0x1                    ; SECCOMP_SET_MODE_FILTER
                    49 8b 71 28             | mov rsi, QWORD PTR [r9+0x28]    ; block.seccompFlags
                    49 8b 51 20             | mov rdx, QWORD PTR [r9+0x20]    ; block.prog
                    0f 05                   | syscall                         ; from here on the filter decides
                    41 bd 06 00 00 00       | mov r13d, 0x6                   ; step 6: seccomp
                    48 85 c0                | test rax, rax
                    0f 88 4d 00 00 00       | js .fail
                    f7 c6 08 00 00 00       | test esi, 0x8                   ; SECCOMP_FILTER_FLAG_NEW_LISTENER?
                    74 2d                   | je .exec
                    41 89 41 58             | mov DWORD PTR [r9+0x58], eax    ; block.listenerFd
                    41 c7 41 5c 01 00 00 00 | mov DWORD PTR [r9+0x5c], 0x1    ; block.listenerReady, stored after the fd
                    49 8b 49 30             | mov rcx, QWORD PTR [r9+0x30]    ; block.spinLimit
            .spin:
                    f3 90                   | pause                           ; no syscall: the filter is in force
                    41 83 79 60 00          | cmp DWORD PTR [r9+0x60], 0x0    ; block.listenerTaken
                    75 14                   | jne .exec                       ; the parent holds a copy of the fd
                    48 ff c9                | dec rcx
                    75 f2                   | jne .spin
                    41 bd 07 00 00 00       | mov r13d, 0x7                   ; step 7: listener handoff
                    48 c7 c0 92 ff ff ff    | mov rax, 0xffffffffffffff92     ; -ETIMEDOUT
                    eb 18                   | jmp .fail
            .exec:
                    49 8b 39                | mov rdi, QWORD PTR [r9]         ; block.path
                    49 8b 71 08             | mov rsi, QWORD PTR [r9+0x8]     ; block.argv
                    49 8b 51 10             | mov rdx, QWORD PTR [r9+0x10]    ; block.envp
                    b8 3b 00 00 00          | mov eax, 0x3b                   ; execve
                    0f 05                   | syscall                         ; returns only on failure
                    41 bd 08 00 00 00       | mov r13d, 0x8                   ; step 8: execve
            .fail:
                    45 89 69 50             | mov DWORD PTR [r9+0x50], r13d   ; block.failedStep
                    f7 d8                   | neg eax                         ; errno
                    41 89 41 54             | mov DWORD PTR [r9+0x54], eax    ; block.failedErrno
                    b8 e7 00 00 00          | mov eax, 0xe7                   ; exit_group
                    bf 7f 00 00 00          | mov edi, 0x7f                   ; 127
                    0f 05                   | syscall
                    0f 0b                   | ud2                             ; exit_group denied: die by SIGILL
            """;
}
