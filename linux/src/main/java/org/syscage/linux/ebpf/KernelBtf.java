package org.syscage.linux.ebpf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads member offsets of kernel structures from the kernel's own type information (BTF,
 * {@code /sys/kernel/btf/vmlinux}), for fields whose place is not part of any ABI.
 *
 * <p>Format (include/uapi/linux/btf.h): a header (magic 0xeb9f, version, flags, hdr_len, then
 * type_off/type_len and str_off/str_len relative to the header's end), a sequence of
 * {@code struct btf_type {u32 name_off; u32 info; u32 size_or_type;}} each followed by data whose
 * length depends on its kind (info bits 24-28) and vlen (bits 0-15), and a string table.
 */
public final class KernelBtf {
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static final int MAGIC = 0xeb9f;
    private static final int KIND_STRUCT = 4;

    private final ByteBuffer types;
    private final ByteBuffer strings;

    private KernelBtf(ByteBuffer types, ByteBuffer strings) {
        this.types = types;
        this.strings = strings;
    }

    /** The running kernel's BTF; empty when the kernel has none (CONFIG_DEBUG_INFO_BTF off). */
    public static Optional<KernelBtf> running() {
        try {
            return Files.isReadable(VMLINUX) ? Optional.of(parse(Files.readAllBytes(VMLINUX))) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** BTF data as the kernel exports it (host byte order, which the magic tells). */
    static KernelBtf parse(byte[] data) {
        ByteBuffer all = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if ((all.getShort(0) & 0xffff) != MAGIC) {
            all.order(ByteOrder.BIG_ENDIAN);
            if ((all.getShort(0) & 0xffff) != MAGIC) {
                throw new IllegalArgumentException("not BTF data (magic 0x" + Integer.toHexString(all.getShort(0) & 0xffff) + ")");
            }
        }
        int headerLength = all.getInt(4);
        int typeOff = all.getInt(8);
        int typeLen = all.getInt(12);
        int strOff = all.getInt(16);
        int strLen = all.getInt(20);
        return new KernelBtf(all.slice(headerLength + typeOff, typeLen).order(all.order()),
                all.slice(headerLength + strOff, strLen).order(all.order()));
    }

    /** The byte offset of {@code member} in {@code struct name}, when both exist and it is not a bit-field. */
    public OptionalInt memberOffset(String struct, String member) {
        int at = 0;
        while (at + 12 <= types.limit()) {
            int nameOff = types.getInt(at);
            int info = types.getInt(at + 4);
            int kind = (info >>> 24) & 0x1f;
            int vlen = info & 0xffff;
            boolean kindFlag = info < 0;
            at += 12;
            if (kind == KIND_STRUCT && name(nameOff).equals(struct)) {
                for (int i = 0; i < vlen; i++) {
                    int m = at + i * 12;
                    if (name(types.getInt(m)).equals(member)) {
                        int offset = types.getInt(m + 8);
                        // With kind_flag the offset holds bitfield_size << 24 | bit_offset.
                        int bits = kindFlag ? offset & 0xffffff : offset;
                        if ((kindFlag && offset >>> 24 != 0) || bits % 8 != 0) {
                            return OptionalInt.empty();
                        }
                        return OptionalInt.of(bits / 8);
                    }
                }
            }
            at += extraBytes(kind, vlen);
        }
        return OptionalInt.empty();
    }

    /** Bytes of kind-specific data after a btf_type. */
    private static int extraBytes(int kind, int vlen) {
        return switch (kind) {
            case 1, 14, 17 -> 4;            // INT (encoding), VAR (linkage), DECL_TAG (component_idx)
            case 3 -> 12;                   // ARRAY: btf_array
            case 4, 5 -> 12 * vlen;         // STRUCT, UNION: btf_member
            case 6, 13 -> 8 * vlen;         // ENUM: btf_enum; FUNC_PROTO: btf_param
            case 15, 19 -> 12 * vlen;       // DATASEC: btf_var_secinfo; ENUM64: btf_enum64
            case 0, 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0;
            default -> throw new IllegalArgumentException("unknown BTF kind " + kind);
        };
    }

    private String name(int offset) {
        int end = offset;
        while (end < strings.limit() && strings.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - offset];
        strings.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
