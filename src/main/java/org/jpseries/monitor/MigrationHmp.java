package org.jpseries.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jpseries.migration.MigrationStatus.Capability;

/**
 * The human monitor's migration commands as QEMU 7.2 has them (hmp-commands.hx,
 * monitor/hmp-cmds.c): migrate, migrate_incoming, migrate_cancel, migrate_continue,
 * migrate_set_capability, migrate_set_parameter, and info migrate, migrate_capabilities and
 * migrate_parameters. Each reads its arguments as QEMU's monitor_parse_arguments does and runs
 * the QMP command, so errors and answers are the QMP ones; output ends lines with LF (the
 * caller makes them CR LF).
 */
final class MigrationHmp {
    private final MigrationCommands qmp;

    MigrationHmp(MigrationCommands qmp) {
        this.qmp = qmp;
    }

    /** The "info" lines of the migration commands (QEMU's help texts). */
    static final String INFO_LIST = """
            info migrate  -- show migration status
            info migrate_capabilities  -- show current migration capabilities
            info migrate_parameters  -- show current migration parameters
            """;

    /** A command line's arguments could not be read: QEMU's line (and its "Try help" line follows). */
    private static final class Usage extends Exception {
        Usage(String message) {
            super(message, null, false, false);
        }
    }

    /** Runs {@code line} if it is one of these commands; null if it is not. */
    String run(String line) {
        String t = line.strip();
        int sp = indexOfSpace(t);
        String name = sp < 0 ? t : t.substring(0, sp);
        Args args = new Args(sp < 0 ? "" : t.substring(sp));
        try {
            return switch (name) {
                case "migrate" -> migrate(args);
                case "migrate_incoming" -> {
                    String uri = args.last(name);
                    yield hmp(() -> qmp.migrateIncoming((ObjectNode) QmpJson.object().put("uri", uri)));
                }
                case "migrate_cancel" -> {
                    args.end(name);
                    qmp.cancel();
                    yield "";
                }
                case "migrate_continue" -> {
                    String state = args.last(name);
                    yield hmp(() -> qmp.migrateContinue((ObjectNode) QmpJson.object().put("state", enumValue(state))));
                }
                case "migrate_set_capability" -> setCapability(args, name);
                case "migrate_set_parameter" -> setParameter(args, name);
                default -> null;
            };
        } catch (Usage u) {
            return u.getMessage() + "\nTry \"help " + name + "\" for more information\n";
        }
    }

    /** "info WHAT" for the migration's WHAT; null for another. */
    String info(String what) {
        return switch (what) {
            case "migrate" -> infoMigrate(qmp.queryMigrate());
            case "migrate_capabilities" -> infoCapabilities(qmp.queryCapabilities());
            case "migrate_parameters" -> infoParameters(qmp.queryParameters());
            default -> null;
        };
    }

    private interface Command {
        void run() throws QmpError;
    }

    /** Runs a QMP command; its error prints as QEMU's hmp_handle_error does. */
    private static String hmp(Command c) {
        try {
            c.run();
            return "";
        } catch (QmpError e) {
            return "Error: " + e.getMessage() + "\n";
        }
    }

    /**
     * migrate [-d] [-b] [-i] [-r] uri. Without -d QEMU's monitor would wait for the end, which a
     * monitor reached through human-monitor-command cannot: QEMU says so and goes on detached.
     */
    private String migrate(Args args) throws Usage {
        ObjectNode a = QmpJson.object();
        String flags = "dbir";
        String[] keys = {"detach", "blk", "inc", "resume"};
        String w;
        while ((w = args.peek()) != null && w.startsWith("-")) {
            int f = w.length() == 2 ? flags.indexOf(w.charAt(1)) : -1;
            if (f < 0) throw new Usage("migrate: unsupported option " + w.substring(0, Math.min(2, w.length())));
            args.next("migrate");
            a.put(keys[f], true);
        }
        a.put("uri", args.last("migrate"));
        String out = hmp(() -> qmp.migrate(a));
        if (out.isEmpty() && !a.has("detach")) out = "terminal does not allow synchronous migration, continuing detached\n";
        return out;
    }

    private String setCapability(Args args, String name) throws Usage {
        String cap = args.next(name);
        String state = args.peek();
        if (!"on".equals(state) && !"off".equals(state)) throw new Usage("Expected 'on' or 'off'");
        args.next(name);
        args.end(name);
        if (Capability.parse(cap) == null && !MigrationCommands.QEMU_ONLY_CAPABILITIES.contains(cap)) {
            return "Error: invalid parameter value: " + cap + "\n"; // QEMU's qapi_enum_parse
        }
        return hmp(() -> qmp.setCapabilities(List.of(Map.entry(cap, state.equals("on")))));
    }

    /**
     * migrate_set_parameter NAME VALUE: VALUE read as QEMU's hmp_migrate_set_parameter reads that
     * parameter (max-bandwidth a size in MiB by default, "100M", "1.5G"; downtime-limit and the
     * announce times a size in bytes by default, so plain numbers are ms; the percentages an
     * integer, also 0x hex), then QMP migrate-set-parameters.
     */
    private String setParameter(Args args, String name) throws Usage {
        String param = args.next(name);
        String value = args.last(name);
        if (!MigrationCommands.PARAMETERS.contains(param)) return "Error: invalid parameter value: " + param + "\n";
        ObjectNode a = QmpJson.object();
        if (param.startsWith("tls-")) {
            a.put(param, value);
        } else if (param.equals("max-bandwidth")) {
            long v;
            try {
                v = QemuSize.parse(value, 'M');
            } catch (QemuSize.Invalid e) {
                v = -1;
            }
            if (v < 0) return "Error: Invalid size " + value + "\n"; // also above INT64_MAX, as QEMU
            a.put(param, v);
        } else if (param.equals("downtime-limit") || param.startsWith("announce-")) {
            try {
                a.put(param, unsigned(QemuSize.parse(value, 'B')));
            } catch (QemuSize.Invalid e) {
                if (e.range) return "Error: Value '" + value + "' is out of range for parameter '" + param + "'\n";
                return "Error: Parameter '" + param + "' expects a non-negative number below 2^64\n"
                        + "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
                        + "and exabytes, respectively.\n"; // QEMU's parse_option_size, with its hint
            }
        } else {
            Long v = QemuSize.uint64(value);
            if (v == null) return "Error: Parameter '" + param + "' expects uint64\n";
            a.put(param, unsigned(v));
        }
        return hmp(() -> qmp.setParameters(a));
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    /** An enum argument: HMP's qapi_enum_parse fails with its own words, not QMP's. */
    private static String enumValue(String state) throws QmpError {
        try {
            return MigrationCommands.status(state).qapiName;
        } catch (QmpError e) {
            throw QmpError.generic("invalid parameter value: " + state);
        }
    }

    /** QEMU 7.2's hmp_info_migrate over the query-migrate answer (its "globals" are QEMU's own properties: not shown). */
    static String infoMigrate(JsonNode info) {
        StringBuilder sb = new StringBuilder();
        if (info.has("blocked-reasons")) {
            sb.append("Outgoing migration blocked:\n");
            for (JsonNode r : info.get("blocked-reasons")) sb.append("  ").append(r.asText()).append('\n');
        }
        if (info.has("status")) {
            sb.append("Migration status: ").append(info.get("status").asText());
            if (info.get("status").asText().equals("failed") && info.has("error-desc")) {
                sb.append(" (").append(info.get("error-desc").asText()).append(')');
            }
            sb.append('\n');
            sb.append("total time: ").append(info.path("total-time").asLong(0)).append(" ms\n");
            if (info.has("expected-downtime")) sb.append("expected downtime: ").append(info.get("expected-downtime").asLong()).append(" ms\n");
            if (info.has("downtime")) sb.append("downtime: ").append(info.get("downtime").asLong()).append(" ms\n");
            if (info.has("setup-time")) sb.append("setup: ").append(info.get("setup-time").asLong()).append(" ms\n");
        }
        JsonNode ram = info.get("ram");
        if (ram != null) {
            sb.append("transferred ram: ").append(ram.get("transferred").asLong() >> 10).append(" kbytes\n");
            sb.append("throughput: ").append(String.format(Locale.ROOT, "%.2f", ram.get("mbps").asDouble())).append(" mbps\n");
            sb.append("remaining ram: ").append(ram.get("remaining").asLong() >> 10).append(" kbytes\n");
            sb.append("total ram: ").append(ram.get("total").asLong() >> 10).append(" kbytes\n");
            sb.append("duplicate: ").append(ram.get("duplicate").asLong()).append(" pages\n");
            sb.append("skipped: ").append(ram.get("skipped").asLong()).append(" pages\n");
            sb.append("normal: ").append(ram.get("normal").asLong()).append(" pages\n");
            sb.append("normal bytes: ").append(ram.get("normal-bytes").asLong() >> 10).append(" kbytes\n");
            sb.append("dirty sync count: ").append(ram.get("dirty-sync-count").asLong()).append('\n');
            sb.append("page size: ").append(ram.get("page-size").asLong() >> 10).append(" kbytes\n");
            sb.append("multifd bytes: ").append(ram.get("multifd-bytes").asLong() >> 10).append(" kbytes\n");
            if (ram.has("pages-per-second")) sb.append("pages-per-second: ").append(ram.get("pages-per-second").asLong()).append('\n');
            long rate = ram.get("dirty-pages-rate").asLong();
            if (rate != 0) sb.append("dirty pages rate: ").append(rate).append(" pages\n");
            if (ram.get("postcopy-requests").asLong() != 0) {
                sb.append("postcopy request count: ").append(ram.get("postcopy-requests").asLong()).append('\n');
            }
            kbytesIfAny(sb, ram, "precopy-bytes", "precopy ram");
            kbytesIfAny(sb, ram, "downtime-bytes", "downtime ram");
            kbytesIfAny(sb, ram, "postcopy-bytes", "postcopy ram");
            if (ram.get("dirty-sync-missed-zero-copy").asLong() != 0) {
                sb.append("Zero-copy-send fallbacks happened: ").append(ram.get("dirty-sync-missed-zero-copy").asLong()).append(" times\n");
            }
        }
        if (info.has("cpu-throttle-percentage")) {
            sb.append("cpu throttle percentage: ").append(info.get("cpu-throttle-percentage").asLong()).append('\n');
        }
        if (info.has("socket-address")) { // a destination's listening sockets, as socket_uri prints them
            sb.append("socket address: [\n");
            for (JsonNode a : info.get("socket-address")) {
                sb.append('\t').append(a.get("type").asText().equals("unix") ? "unix:" + a.get("path").asText()
                        : "tcp:" + a.get("host").asText() + ":" + a.get("port").asText()).append('\n');
            }
            sb.append("]\n");
        }
        return sb.toString();
    }

    private static void kbytesIfAny(StringBuilder sb, JsonNode ram, String member, String label) {
        long v = ram.path(member).asLong(0);
        if (v != 0) sb.append(label).append(": ").append(v >> 10).append(" kbytes\n");
    }

    /** QEMU's hmp_info_migrate_capabilities: "name: on|off" each. */
    static String infoCapabilities(JsonNode caps) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode c : caps) sb.append(c.get("capability").asText()).append(": ").append(c.get("state").asBoolean() ? "on" : "off").append('\n');
        return sb.toString();
    }

    /** QEMU's hmp_info_migrate_parameters: its lines, in its order, for the parameters jpseries has. */
    static String infoParameters(JsonNode p) {
        String[][] lines = {{"announce-initial", " ms"}, {"announce-max", " ms"}, {"announce-rounds", ""}, {"announce-step", " ms"},
            {"throttle-trigger-threshold", ""}, {"cpu-throttle-initial", ""}, {"cpu-throttle-increment", ""},
            {"max-cpu-throttle", ""}, {"max-bandwidth", " bytes/second"}, {"downtime-limit", " ms"}};
        StringBuilder sb = new StringBuilder();
        for (String[] l : lines) sb.append(l[0]).append(": ").append(p.get(l[0]).asText()).append(l[1]).append('\n');
        return sb.toString();
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) return i;
        }
        return -1;
    }

    /**
     * A command's arguments as QEMU's get_str reads them: words split at white space, or a
     * double-quoted string with C escapes (\n, \r, \\, \', \").
     */
    private static final class Args {
        private final List<String> words = new ArrayList<>();
        private int next;
        /** An unterminated quote or a bad escape: the word where it starts cannot be read. */
        private int bad = Integer.MAX_VALUE;

        Args(String s) {
            int i = 0;
            while (true) {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
                if (i >= s.length()) return;
                StringBuilder w = new StringBuilder();
                if (s.charAt(i) == '"') {
                    i++;
                    while (i < s.length() && s.charAt(i) != '"') {
                        char c = s.charAt(i++);
                        if (c == '\\' && i < s.length()) {
                            char e = s.charAt(i++);
                            switch (e) {
                                case 'n' -> c = '\n';
                                case 'r' -> c = '\r';
                                case '\\', '\'', '"' -> c = e;
                                default -> {
                                    bad = Math.min(bad, words.size());
                                    return;
                                }
                            }
                        }
                        w.append(c);
                    }
                    if (i >= s.length()) {
                        bad = Math.min(bad, words.size());
                        return;
                    }
                    i++;
                } else {
                    while (i < s.length() && !Character.isWhitespace(s.charAt(i))) w.append(s.charAt(i++));
                }
                words.add(w.toString());
            }
        }

        String peek() {
            return next < words.size() ? words.get(next) : null;
        }

        /** The next string argument ("NAME: string expected" if there is none). */
        String next(String command) throws Usage {
            if (next >= words.size() || next >= bad) throw new Usage(command + ": string expected");
            return words.get(next++);
        }

        /** The last argument: a string, with nothing after it. */
        String last(String command) throws Usage {
            String s = next(command);
            end(command);
            return s;
        }

        void end(String command) throws Usage {
            if (next < words.size() || bad != Integer.MAX_VALUE) {
                throw new Usage(command + ": extraneous characters at the end of line");
            }
        }
    }
}
