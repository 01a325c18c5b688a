package org.syscage.cli;

import picocli.CommandLine.Option;

/** {@code --color=auto|always|never}: ANSI colours as seccomp-tools shows them on a terminal. */
final class ColorOption {

    enum When { auto, always, never }

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the output: auto (when stdout is a terminal), always or never. Default: ${DEFAULT-VALUE}.")
    When when = When.auto;

    boolean enabled(OutputOptions out) {
        return switch (when) {
            case always -> true;
            case never -> false;
            case auto -> out.toStdout() && System.console() != null && System.console().isTerminal();
        };
    }
}
