package org.jpseries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.jpseries.state.Section;
import org.junit.jupiter.api.Test;

/**
 * The packages of {@code org.jpseries} form a directed acyclic graph: jdeps (run in-process over
 * the compiled main classes) gives every class-to-class dependency, they are folded into a package
 * graph, and any strongly connected component of more than one package fails the test, named with
 * its packages and one concrete path of class edges around the cycle.
 */
class PackageCyclesTest {

    private static final String ROOT = "org.jpseries.";

    /** One line of {@code jdeps -verbose:class}: "   from.Class   ->   to.Class   module". */
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)(\\s+.*)?$");

    @Test
    void mainPackagesHaveNoCycles() throws Exception {
        Graph graph = Graph.of(jdeps(mainClasses()));
        // a jdeps that printed nothing must not pass as "no cycles"
        assertTrue(graph.edgeCount() > 100,
                "jdeps reported only " + graph.edgeCount() + " package edges inside " + ROOT);
        assertTrue(graph.edges.containsKey("org.jpseries.cpu"), "no edges from org.jpseries.cpu");
        List<String> cycles = graph.describeCycles();
        if (!cycles.isEmpty()) {
            fail(cycles.size() + " package cycle(s) in " + ROOT + "*:\n" + String.join("\n", cycles));
        }
    }

    @Test
    void cycleFinderReportsCycleWithPath() {
        Graph graph = new Graph();
        graph.add("org.jpseries.a.X", "org.jpseries.b.Y");
        graph.add("org.jpseries.b.Y", "org.jpseries.c.Z");
        graph.add("org.jpseries.c.Z", "org.jpseries.a.W");
        graph.add("org.jpseries.c.Z", "org.jpseries.d.V");
        graph.add("org.jpseries.d.V", "org.jpseries.d.U");
        List<String> cycles = graph.describeCycles();
        assertEquals(1, cycles.size(), String.join("\n", cycles));
        String cycle = cycles.get(0);
        assertTrue(cycle.contains("[org.jpseries.a, org.jpseries.b, org.jpseries.c]"), cycle);
        assertTrue(cycle.contains("org.jpseries.a.X -> org.jpseries.b.Y"), cycle);
        assertTrue(cycle.contains("org.jpseries.c.Z -> org.jpseries.a.W"), cycle);
        assertTrue(!cycle.contains("org.jpseries.d"), cycle);
    }

    @Test
    void acyclicGraphHasNoCycles() {
        Graph graph = new Graph();
        graph.add("org.jpseries.a.X", "org.jpseries.b.Y");
        graph.add("org.jpseries.a.X", "org.jpseries.c.Z");
        graph.add("org.jpseries.b.Y", "org.jpseries.c.Z");
        assertEquals(List.of(), graph.describeCycles());
    }

    private static Path mainClasses() throws URISyntaxException {
        Path path = Path.of(Section.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(path), "main classes are not a directory: " + path);
        return path;
    }

    /** {@code jdeps -q -verbose:class -filter:none dir}, in-process. */
    private static String jdeps(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new AssertionError("no jdeps tool in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "-q", "-verbose:class", "-filter:none", classes.toString());
        assertEquals(0, rc, "jdeps failed: " + err);
        return out.toString();
    }

    /** Packages of {@code org.jpseries} and, per package edge, the first class edge that makes it. */
    static final class Graph {
        final Map<String, Map<String, String>> edges = new TreeMap<>();

        static Graph of(String jdepsOutput) {
            Graph graph = new Graph();
            for (String line : jdepsOutput.split("\\R")) {
                Matcher m = EDGE.matcher(line);
                if (m.matches()) {
                    graph.add(m.group(1), m.group(2));
                }
            }
            return graph;
        }

        void add(String fromClass, String toClass) {
            if (!fromClass.startsWith(ROOT) || !toClass.startsWith(ROOT)) {
                return;
            }
            String from = packageOf(fromClass);
            String to = packageOf(toClass);
            if (!from.equals(to)) {
                edges.computeIfAbsent(from, k -> new TreeMap<>())
                        .putIfAbsent(to, fromClass + " -> " + toClass);
            }
        }

        int edgeCount() {
            return edges.values().stream().mapToInt(Map::size).sum();
        }

        private static String packageOf(String className) {
            return className.substring(0, className.lastIndexOf('.'));
        }

        private List<String> targets(String pkg) {
            return new ArrayList<>(edges.getOrDefault(pkg, Map.of()).keySet());
        }

        /** One line per cycle: the component's packages, then a shortest cycle through its first package. */
        List<String> describeCycles() {
            List<String> out = new ArrayList<>();
            for (TreeSet<String> scc : components()) {
                if (scc.size() < 2) {
                    continue;
                }
                StringBuilder sb = new StringBuilder("  cycle among " + scc + "\n");
                for (String edge : cycleThrough(scc.first(), scc)) {
                    sb.append("      ").append(edge).append('\n');
                }
                out.add(sb.toString());
            }
            return out;
        }

        /** Shortest path start -> ... -> start inside the component (breadth first), as class edges. */
        private List<String> cycleThrough(String start, TreeSet<String> scc) {
            Map<String, String> parent = new HashMap<>();
            ArrayDeque<String> queue = new ArrayDeque<>();
            queue.add(start);
            String last = null;
            search:
            while (!queue.isEmpty()) {
                String pkg = queue.poll();
                for (String next : targets(pkg)) {
                    if (!scc.contains(next)) {
                        continue;
                    }
                    if (next.equals(start)) {
                        last = pkg;
                        break search;
                    }
                    if (!parent.containsKey(next)) {
                        parent.put(next, pkg);
                        queue.add(next);
                    }
                }
            }
            List<String> path = new ArrayList<>();
            path.add(edges.get(last).get(start));
            for (String pkg = last; !pkg.equals(start); pkg = parent.get(pkg)) {
                path.add(0, edges.get(parent.get(pkg)).get(pkg));
            }
            return path;
        }

        /** Tarjan's strongly connected components, iteration order fixed by the sorted maps. */
        private List<TreeSet<String>> components() {
            TreeSet<String> nodes = new TreeSet<>(edges.keySet());
            edges.values().forEach(m -> nodes.addAll(m.keySet()));
            Map<String, Integer> index = new HashMap<>();
            Map<String, Integer> low = new HashMap<>();
            ArrayDeque<String> stack = new ArrayDeque<>();
            List<TreeSet<String>> result = new ArrayList<>();
            for (String node : nodes) {
                if (!index.containsKey(node)) {
                    strongConnect(node, index, low, stack, result);
                }
            }
            return result;
        }

        private void strongConnect(String v, Map<String, Integer> index, Map<String, Integer> low,
                ArrayDeque<String> stack, List<TreeSet<String>> result) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            for (String w : targets(v)) {
                if (!index.containsKey(w)) {
                    strongConnect(w, index, low, stack, result);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (stack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                TreeSet<String> scc = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    scc.add(w);
                } while (!w.equals(v));
                result.add(scc);
            }
        }
    }
}
