# Shared by the launchers: find a JDK >= 25 and (re)build the jar when it is missing or stale.
# shellcheck shell=bash

JPSERIES_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JPSERIES_JAR="$JPSERIES_HOME/target/jpseries.jar"
# Maven 3.8's bundled Guava warns about sun.misc.Unsafe on JDK 24+; the warning is not ours.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

jpseries_java_version() { # prints the feature version of a java binary, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

jpseries_find_jdk() {
  local cand v
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2[5-9]* /usr/lib/jvm/*; do
    [ -n "$cand" ] && [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    v=$(jpseries_java_version "$cand/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then
      export JAVA_HOME="$cand"
      return 0
    fi
  done
  echo "jpseries: no JDK 25 or newer found (set JAVA_HOME, or install Temurin 25 under /usr/lib/jvm)" >&2
  return 1
}

jpseries_build_if_stale() {
  # JPSERIES_CLASSPATH: run these classes instead of the jar, without building (tests of the launchers)
  [ -n "${JPSERIES_CLASSPATH:-}" ] && return 0
  if [ -f "$JPSERIES_JAR" ] && [ -z "$(find "$JPSERIES_HOME/src/main" "$JPSERIES_HOME/isa" "$JPSERIES_HOME/pom.xml" -newer "$JPSERIES_JAR" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  command -v mvn >/dev/null || { echo "jpseries: Maven (mvn) is needed to build the jar" >&2; return 1; }
  echo "jpseries: building $JPSERIES_JAR ..." >&2
  # Maven 3.8's console still emits bare colour resets in batch mode: strip escape codes.
  (set -o pipefail; cd "$JPSERIES_HOME" && flock "$JPSERIES_HOME/target.lock" mvn -q -B -Dstyle.color=never -DskipTests package 2>&1 \
     | sed 's/\x1b\[[0-9;]*m//g' >&2) || {
    echo "jpseries: build failed" >&2
    return 1
  }
}

jpseries_java() { # jpseries_java MAIN-CLASS ARGS...
  jpseries_find_jdk || exit 1
  jpseries_build_if_stale || exit 1
  # A dynamic AppCDS archive (made on first run, remade by the JVM when the jar changes) keeps
  # the classes and instruction-table lambdas pre-linked: it halves start-up for short guests.
  # The heap starts at 16 MB and grows with the machine (the JVM's default start is 1/64 of the
  # host's RAM, 378 MB here, for ~90 MB live), with an 8 MB young generation and free ratios
  # that keep it close to what is live: bench/footprint measured 402 -> 266 MB beyond guest RAM
  # for an idle 1 GiB guest (with the kernel-image commits), bench/boot no slower (docs/bench.md).
  # No -Xmx: the Page bookkeeping grows with -m (48 bytes per touched 4 KiB) up to 1/4 of host RAM.
  # The JVM gives the C heap back to the host every 5 s (glibc keeps what the compilers' arenas
  # and the boot freed): bench/footprint 152 -> 146 MB beyond guest RAM, one more (sleeping) thread.
  exec ${JPSERIES_EXEC_PREFIX:-} "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xss16m -Xms16m -Xmn8m -XX:MaxHeapFreeRatio=20 -XX:MinHeapFreeRatio=5 \
    -XX:TrimNativeHeapInterval=5000 \
    -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$JPSERIES_HOME/target/jpseries.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    ${JPSERIES_JAVA_OPTS:-} -cp "${JPSERIES_CLASSPATH:-$JPSERIES_JAR}" "$@"
}

jpseries_java_daemon() { # jpseries_java_daemon MAIN-CLASS ARGS... (QEMU's -daemonize, os-posix.c os_daemonize)
  # A JVM cannot fork: the JVM runs in the background in its own session (setsid) with stdin and
  # stdout on /dev/null, and this launcher returns only once it has written the file named by
  # JPSERIES_DAEMON_READY (after its monitors listen and its -pidfile is written), status 0; if
  # the JVM ends first, its messages go to stderr and its status is this launcher's, as a QEMU
  # whose daemon child failed. The daemon's later messages go to a file already removed.
  jpseries_find_jdk || exit 1
  jpseries_build_if_stale || exit 1
  local dir pid state st
  dir=$(mktemp -d "${TMPDIR:-/tmp}/jpseries-daemon.XXXXXX") || exit 1
  ( export JPSERIES_DAEMON_READY="$dir/ready"; JPSERIES_EXEC_PREFIX=setsid; jpseries_java "$@" ) </dev/null >/dev/null 2>"$dir/stderr" &
  pid=$!
  while :; do
    if [ -s "$dir/ready" ]; then
      rm -rf "$dir"
      exit 0
    fi
    state=Z
    [ -r "/proc/$pid/stat" ] && read -r _ _ state _ < "/proc/$pid/stat"
    if [ "$state" = Z ]; then
      wait "$pid"; st=$?
      [ -s "$dir/ready" ] && { rm -rf "$dir"; exit 0; }
      cat "$dir/stderr" >&2
      rm -rf "$dir"
      [ "$st" -eq 0 ] && st=1
      exit "$st"
    fi
    sleep 0.02
  done
}
