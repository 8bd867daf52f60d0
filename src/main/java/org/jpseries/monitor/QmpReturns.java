package org.jpseries.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each QMP command returns, in a compact form of QEMU's QAPI types (qapi/*.json
 * 'returns'), for query-qmp-schema and for checking answers against it: {@code str},
 * {@code int}, {@code number}, {@code bool}, {@code any}, {@code [T]} (a list),
 * {@code {a:T,b?:T}} (an object; {@code ?} marks an optional member) and {@code {}} (nothing:
 * QEMU's commands without 'returns' answer an empty object). Enumerations are given as str.
 * {@link QmpCommands#add} refuses a command that has no entry here.
 */
final class QmpReturns {
    private QmpReturns() {}

    private static final String NOTHING = "{}";
    private static final String PROPERTIES = "[{name:str,type:str,description?:str,default-value?:any}]";

    static final Map<String, String> RETURNS = Map.ofEntries(
            Map.entry("qmp_capabilities", NOTHING),
            Map.entry("query-version", "{qemu:{major:int,minor:int,micro:int},package:str}"),
            Map.entry("query-commands", "[{name:str}]"),
            Map.entry("query-status", "{status:str,singlestep:bool,running:bool}"),
            Map.entry("query-name", "{name?:str}"),
            Map.entry("query-machines", "[{name:str,alias?:str,is-default?:bool,cpu-max:int,hotpluggable-cpus:bool,"
                    + "numa-mem-supported:bool,deprecated:bool,default-cpu-type?:str,default-ram-id?:str}]"),
            Map.entry("query-cpu-definitions", "[{name:str,typename:str,static:bool,deprecated:bool}]"),
            Map.entry("query-cpus-fast", "[{cpu-index:int,qom-path:str,thread-id:int,props:{core-id?:int,node-id?:int},target:str}]"),
            Map.entry("stop", NOTHING),
            Map.entry("cont", NOTHING),
            Map.entry("system_reset", NOTHING),
            Map.entry("system_powerdown", NOTHING),
            Map.entry("inject-nmi", NOTHING),
            Map.entry("quit", NOTHING),
            Map.entry("human-monitor-command", "str"),
            Map.entry("migrate", NOTHING),
            Map.entry("migrate-incoming", NOTHING),
            Map.entry("query-migrate", "{blocked-reasons?:[str],status?:str,error-desc?:str,setup-time?:int,total-time?:int,"
                    + "downtime?:int,expected-downtime?:int,cpu-throttle-percentage?:int,ram?:{transferred:int,remaining:int,"
                    + "total:int,duplicate:int,skipped:int,normal:int,normal-bytes:int,dirty-pages-rate:int,mbps:number,"
                    + "dirty-sync-count:int,postcopy-requests:int,page-size:int,multifd-bytes:int,postcopy-bytes:int,"
                    + "dirty-sync-missed-zero-copy:int},socket-address?:[{type:str,path?:str,host?:str,port?:str,ipv4?:bool,ipv6?:bool}]}"),
            Map.entry("migrate-set-capabilities", NOTHING),
            Map.entry("query-migrate-capabilities", "[{capability:str,state:bool}]"),
            Map.entry("migrate-set-parameters", NOTHING),
            Map.entry("query-migrate-parameters", "{announce-initial?:int,announce-max?:int,announce-rounds?:int,announce-step?:int,"
                    + "throttle-trigger-threshold?:int,cpu-throttle-initial?:int,cpu-throttle-increment?:int,max-bandwidth?:int,"
                    + "downtime-limit?:int,max-cpu-throttle?:int}"),
            Map.entry("migrate_cancel", NOTHING),
            Map.entry("migrate-continue", NOTHING),
            Map.entry("getfd", NOTHING),
            Map.entry("closefd", NOTHING),
            Map.entry("query-chardev", "[{label:str,filename:str,frontend-open:bool}]"),
            Map.entry("query-pci", "[{bus:int,devices:[{bus:int,slot:int,function:int,class_info:{desc?:str,class:int},"
                    + "id:{device:int,vendor:int,subsystem?:int,subsystem-vendor?:int},irq?:int,irq_pin:int,qdev_id:str,"
                    + "regions:[{bar:int,type:str,address:int,size:int,prefetch?:bool,mem_type_64?:bool}]}]}]"),
            Map.entry("query-target", "{arch:str}"),
            Map.entry("query-kvm", "{enabled:bool,present:bool}"),
            Map.entry("qom-list-types", "[{name:str,abstract?:bool,parent?:str}]"),
            Map.entry("device-list-properties", PROPERTIES),
            Map.entry("qom-list-properties", PROPERTIES),
            Map.entry("query-command-line-options", "[{option:str,parameters:[{name:str,type:str,help?:str,default?:str}]}]"),
            Map.entry("query-qmp-schema", "[{name:str,meta-type:str,arg-type?:str,ret-type?:str,"
                    + "members?:[{name:str,type:str,default?:any}],element-type?:str,json-type?:str}]"));

    /**
     * The events jpseries sends and the "data" each carries (qapi/run-state.json,
     * qapi/migration.json; {@code {}} for none): query-qmp-schema lists them, and
     * {@link QmpServer} sends no other.
     */
    static final Map<String, String> EVENTS = Map.of(
            "SHUTDOWN", "{guest:bool,reason:str}",
            "POWERDOWN", NOTHING,
            "RESET", "{guest:bool,reason:str}",
            "STOP", NOTHING,
            "RESUME", NOTHING,
            "GUEST_PANICKED", "{action:str,info?:any}",
            "MIGRATION", "{status:str}",
            "MIGRATION_PASS", "{pass:int}");

    /** A parsed type: a builtin name, a list of {@code element}, or an object of {@code members}. */
    record Type(String builtin, Type element, Map<String, Member> members) {}

    record Member(String name, Type type, boolean optional) {}

    static Type parse(String text) {
        int[] pos = {0};
        Type t = parse(text, pos);
        if (pos[0] != text.length()) throw new IllegalArgumentException("trailing text in return type: " + text);
        return t;
    }

    private static Type parse(String s, int[] pos) {
        char c = s.charAt(pos[0]);
        if (c == '[') {
            pos[0]++;
            Type e = parse(s, pos);
            expect(s, pos, ']');
            return new Type(null, e, null);
        }
        if (c == '{') {
            pos[0]++;
            Map<String, Member> m = new LinkedHashMap<>();
            while (s.charAt(pos[0]) != '}') {
                int colon = s.indexOf(':', pos[0]);
                String name = s.substring(pos[0], colon);
                boolean opt = name.endsWith("?");
                if (opt) name = name.substring(0, name.length() - 1);
                pos[0] = colon + 1;
                m.put(name, new Member(name, parse(s, pos), opt));
                if (s.charAt(pos[0]) == ',') pos[0]++;
            }
            pos[0]++;
            return new Type(null, null, m);
        }
        int end = pos[0];
        while (end < s.length() && Character.isLetter(s.charAt(end))) end++;
        String name = s.substring(pos[0], end);
        if (!List.of("str", "int", "number", "bool", "any").contains(name)) throw new IllegalArgumentException("unknown type '" + name + "' in " + s);
        pos[0] = end;
        return new Type(name, null, null);
    }

    private static void expect(String s, int[] pos, char c) {
        if (s.charAt(pos[0]) != c) throw new IllegalArgumentException("expected '" + c + "' at " + pos[0] + " in " + s);
        pos[0]++;
    }

    /** Where {@code v} does not have type {@code t} (every mismatch, with its path), empty when it conforms. */
    static List<String> mismatches(JsonNode v, Type t, String path) {
        List<String> out = new ArrayList<>();
        check(v, t, path, out);
        return out;
    }

    private static void check(JsonNode v, Type t, String path, List<String> out) {
        if (t.builtin != null) {
            boolean ok = switch (t.builtin) {
                case "str" -> v.isTextual();
                case "int" -> v.isIntegralNumber();
                case "number" -> v.isNumber();
                case "bool" -> v.isBoolean();
                default -> true;
            };
            if (!ok) out.add(path + ": " + v + " is not " + t.builtin);
        } else if (t.element != null) {
            if (!v.isArray()) {
                out.add(path + ": not a list");
                return;
            }
            for (int i = 0; i < v.size(); i++) check(v.get(i), t.element, path + "[" + i + "]", out);
        } else {
            if (!v.isObject()) {
                out.add(path + ": not an object");
                return;
            }
            for (Member m : t.members.values()) {
                if (!v.has(m.name)) {
                    if (!m.optional) out.add(path + "." + m.name + ": missing");
                } else {
                    check(v.get(m.name), m.type, path + "." + m.name, out);
                }
            }
            for (Iterator<String> it = v.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (!t.members.containsKey(k)) out.add(path + "." + k + ": not declared");
            }
        }
    }
}
