package org.jpseries.busybox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code src/test/resources/busybox/applets.txt}: a name and a bash command line in
 * which {@code bb APPLET ARGS} runs one busybox applet under the runner being tested.
 */
record AppletScript(String name, String command, Path table, int line) {
    private static final Pattern BB_CALL = Pattern.compile("(?:^|[|;&(!]|&&|\\|\\|)\\s*bb\\s+([\\w\\[\\]-]+)");

    static List<AppletScript> parse(Path table) throws IOException {
        List<AppletScript> scripts = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        List<String> lines = Files.readAllLines(table, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] parts = l.split("\\s+", 2);
            if (parts.length < 2) throw new IllegalArgumentException(table + ":" + (i + 1) + ": a name without a command");
            if (!names.add(parts[0])) throw new IllegalArgumentException(table + ":" + (i + 1) + ": duplicate name " + parts[0]);
            scripts.add(new AppletScript(parts[0], parts[1], table, i + 1));
        }
        return scripts;
    }

    /** The busybox applets this script runs ({@code bb APPLET} at the start of a command). */
    Set<String> applets() {
        Set<String> applets = new LinkedHashSet<>();
        Matcher m = BB_CALL.matcher(command);
        while (m.find()) applets.add(m.group(1));
        return applets;
    }

    String where() {
        return table.getFileName() + ":" + line;
    }
}
