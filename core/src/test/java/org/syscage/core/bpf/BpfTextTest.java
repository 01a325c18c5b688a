package org.syscage.core.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.syscage.core.bpf.Bpf.*;
import static org.syscage.core.bpf.Insn.jump;
import static org.syscage.core.bpf.Insn.stmt;

import org.junit.jupiter.api.Test;

class BpfTextTest {
    @Test
    void aLineHasIndexRawFieldsAndMnemonic() {
        assertEquals("0004: 0x15 0x00 0x01 0x0000003b  jeq #59, 0005, 0006",
                BpfText.line(4, jump(BPF_JMP | BPF_JEQ | BPF_K, 59, 0, 1)));
        assertEquals("0000: 0x20 0x00 0x00 0x00000004  ld [4]", BpfText.line(0, stmt(BPF_LD | BPF_W | BPF_ABS, 4)));
        assertEquals("0009: 0x06 0x00 0x00 0x00050001  ret #0x50001 ; ERRNO(1)",
                BpfText.line(9, stmt(BPF_RET | BPF_K, Bpf.errno(1))));
    }

    @Test
    void mnemonicsCoverEveryInstruction() {
        assertEquals("jset x, 0003, 0002", BpfText.mnemonic(1, jump(BPF_JMP | BPF_JSET | BPF_X, 0, 1, 0)));
        assertEquals("ja 0010", BpfText.mnemonic(2, stmt(BPF_JMP | BPF_JA, 7)));
        assertEquals("and #0xfffffff0", BpfText.mnemonic(0, stmt(BPF_ALU | BPF_AND | BPF_K, 0xfffffff0)));
        assertEquals("rsh x", BpfText.mnemonic(0, stmt(BPF_ALU | BPF_RSH | BPF_X, 0)));
        assertEquals("neg", BpfText.mnemonic(0, stmt(BPF_ALU | BPF_NEG, 0)));
        assertEquals("ldx M[15]", BpfText.mnemonic(0, stmt(BPF_LDX | BPF_MEM, 15)));
        assertEquals("st M[0]", BpfText.mnemonic(0, stmt(BPF_ST, 0)));
        assertEquals("ld #len", BpfText.mnemonic(0, stmt(BPF_LD | BPF_W | BPF_LEN, 0)));
        assertEquals("tax", BpfText.mnemonic(0, stmt(BPF_MISC | BPF_TAX, 0)));
        assertEquals("ret a", BpfText.mnemonic(0, stmt(BPF_RET | BPF_A, 0)));
        assertEquals("ldh [12]", BpfText.mnemonic(0, stmt(BPF_LD | BPF_H | BPF_ABS, 12)));
        assertEquals("unknown opcode 0xff", BpfText.mnemonic(0, stmt(0xff, 0)));
    }

    @Test
    void opcodeNamesAreTheKernels() {
        assertEquals("BPF_LD|BPF_W|BPF_ABS", BpfText.opcodeName(0x20));
        assertEquals("BPF_LD|BPF_IMM", BpfText.opcodeName(0x00));
        assertEquals("BPF_LDX|BPF_MEM", BpfText.opcodeName(0x61));
        assertEquals("BPF_ALU|BPF_NEG", BpfText.opcodeName(0x84));
        assertEquals("BPF_JMP|BPF_JGE|BPF_X", BpfText.opcodeName(0x3d));
        assertEquals("BPF_RET|BPF_A", BpfText.opcodeName(0x16));
        assertEquals("BPF_MISC|BPF_TXA", BpfText.opcodeName(0x87));
        assertEquals("0x0d", BpfText.opcodeName(0x0d), "ja has no X form");
    }
}
