package org.syscage.core.inspect;

import java.util.StringJoiner;

/**
 * Textual forms of a filter's bytes that seccomp-tools' {@code asm} writes: {@code inspect}
 * (a Ruby string literal, its default), {@code c_array} and {@code c_source} (a C function that
 * installs the filter).
 */
public final class FilterFormats {
    private FilterFormats() {}

    /** The bytes as Ruby's {@code String#inspect} shows a binary string, with a newline. */
    public static String inspect(byte[] bytes) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case 0x07 -> s.append("\\a");
                case 0x08 -> s.append("\\b");
                case 0x09 -> s.append("\\t");
                case 0x0a -> s.append("\\n");
                case 0x0b -> s.append("\\v");
                case 0x0c -> s.append("\\f");
                case 0x0d -> s.append("\\r");
                case 0x1b -> s.append("\\e");
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '#' -> {
                    // Ruby escapes # only where it would start an interpolation
                    int next = i + 1 < bytes.length ? bytes[i + 1] & 0xff : -1;
                    s.append(next == '{' || next == '$' || next == '@' ? "\\#" : "#");
                }
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        s.append((char) b);
                    } else {
                        s.append(String.format("\\x%02X", b));
                    }
                }
            }
        }
        return s.append("\"\n").toString();
    }

    /** {@code unsigned char bpf[] = {32,0,...};} with a newline. */
    public static String cArray(byte[] bytes) {
        return "unsigned char bpf[] = {" + decimalList(bytes) + "};\n";
    }

    /** A C function {@code install_seccomp()} that sets no_new_privs and installs the filter. */
    public static String cSource(byte[] bytes) {
        return """
                #include <linux/seccomp.h>
                #include <stdio.h>
                #include <stdlib.h>
                #include <sys/prctl.h>

                static void install_seccomp() {
                  static unsigned char filter[] = {%s};
                  struct prog {
                    unsigned short len;
                    unsigned char *filter;
                  } rule = {
                    .len = sizeof(filter) >> 3,
                    .filter = filter
                  };
                  if(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) { perror("prctl(PR_SET_NO_NEW_PRIVS)"); exit(2); }
                  if(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &rule) < 0) { perror("prctl(PR_SET_SECCOMP)"); exit(2); }
                }
                """.formatted(decimalList(bytes));
    }

    private static String decimalList(byte[] bytes) {
        StringJoiner j = new StringJoiner(",");
        for (byte b : bytes) {
            j.add(Integer.toString(b & 0xff));
        }
        return j.toString();
    }
}
