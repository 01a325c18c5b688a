package org.syscage.core.decompile;

import org.syscage.core.bpf.SymbolicPaths;

/** One path of a filter for one syscall: the argument values that take it and what it returns. */
record Piece(Region region, Decision decision, SymbolicPaths.Returned path) {
}
