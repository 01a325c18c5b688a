package org.syscage.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Insn;

class FilterFormatsTest {

    static byte[] bytes(List<Insn> program) {
        return BpfProgram.of(program).toBytes(ByteOrder.LITTLE_ENDIAN);
    }

    private static final byte[] LIBSECCOMP = bytes(ReferenceOutputs.program("libseccomp.amd64"));

    /** seccomp-tools' README: 'asm spec/data/libseccomp.asm' in its default format. */
    @Test
    void inspectAsSeccompTools() {
        assertEquals(ReferenceOutputs.text("libseccomp.amd64.inspect"), FilterFormats.inspect(LIBSECCOMP));
    }

    @Test
    void inspectEscapes() {
        assertEquals("\"\\a\\t\\n\\v\\f\\r\\e\\\"\\\\#a\\#{\\#$\\#@~\\x7F\\x80\"\n",
                FilterFormats.inspect(new byte[] {7, 9, 10, 11, 12, 13, 27, '"', '\\', '#', 'a', '#', '{', '#', '$',
                        '#', '@', '~', 0x7f, (byte) 0x80}));
    }

    /** seccomp-tools' README: 'asm spec/data/libseccomp.asm -f c_source'. */
    @Test
    void cSourceAsSeccompTools() {
        assertEquals(ReferenceOutputs.text("libseccomp.amd64.c_source"), FilterFormats.cSource(LIBSECCOMP));
    }

    @Test
    void cArray() {
        assertEquals("unsigned char bpf[] = {6,0,0,0,0,0,255,127};\n",
                FilterFormats.cArray(bytes(List.of(Insn.stmt(0x06, 0x7fff0000)))));
    }
}
