#!/usr/bin/env bash
# Measures what docs/performance.md reports and writes the raw results to bench/results/:
# JMH stream benchmarks against the peers, `segcrypt bench --json` over frame sizes and threads,
# whole command-line runs against age and cp (2 GiB files in /dev/shm), start-up, peak memory.
# Needs: a JDK 25 (found like ./mvnw does), age and GNU time (Debian: apt-get install age time).
# Run it on an otherwise idle machine; it takes about 15 minutes. Then: python3 bench/plot.py
set -euo pipefail
cd "$(dirname "$0")/.."
. .mvn/find-jdk.sh
java="$JAVA_HOME/bin/java"
out=bench/results
mkdir -p "$out"
work=$(mktemp -d /dev/shm/segcrypt-measure.XXXXXX)
trap 'rm -rf "$work"' EXIT

./mvnw -B -ntp -q -DskipTests -pl bench -am package
./segcrypt --version >/dev/null # builds the command line and its start-up cache

echo "== machine" >&2
{
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "cores: $(nproc)"
    echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
    echo "java: $("$java" -version 2>&1 | head -1)"
    echo "age: $(age --version)"
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
} >"$out/machine.txt"

echo "== streams in memory (JMH)" >&2
"$java" -jar bench/target/benchmarks.jar StreamBenchmark -rf json -rff "$out/streams.json" >"$out/streams.txt"

echo "== one segment: frame sizes and threads (segcrypt bench)" >&2
for threads in 1 2; do
    ./segcrypt bench --json --threads "$threads" --frame-size 4KiB,16KiB,64KiB,256KiB,1MiB,4MiB \
        >"$out/bench-threads-$threads.json"
done

echo "== command line: 2 GiB file to file" >&2
head -c $((2 << 30)) /dev/urandom >"$work/in.bin"
./segcrypt keygen -o "$work/key"
age-keygen -o "$work/age.key" 2>/dev/null
recipient=$(age-keygen -y "$work/age.key")
time_of() { # prints wall seconds and peak RSS (KiB) of the command
    /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1
}
{
    echo "tool direction seconds peak_rss_kib"
    for round in 1 2 3; do
        echo "cp copy $(time_of cp "$work/in.bin" "$work/copy.bin")"
        rm -f "$work/copy.bin"
        for suite in aes-256-gcm chacha20-poly1305; do
            echo "segcrypt-$suite encrypt $(time_of ./segcrypt encrypt -k "$work/key" --suite "$suite" -o "$work/s.enc" "$work/in.bin")"
            echo "segcrypt-$suite decrypt $(time_of ./segcrypt decrypt -k "$work/key" -o "$work/s.out" "$work/s.enc")"
            cmp "$work/in.bin" "$work/s.out"
            rm -f "$work/s.enc" "$work/s.out"
        done
        echo "age encrypt $(time_of age -r "$recipient" -o "$work/a.enc" "$work/in.bin")"
        echo "age decrypt $(time_of age -d -i "$work/age.key" -o "$work/a.out" "$work/a.enc")"
        cmp "$work/in.bin" "$work/a.out"
        rm -f "$work/a.enc" "$work/a.out"
    done
    echo "segcrypt-demo demo $(time_of ./segcrypt demo)"
} >"$out/cli.txt"

echo "== start-up" >&2
{
    echo "what seconds"
    for round in 1 2 3 4 5; do
        echo "java-version $(/usr/bin/time -f %e "$java" -version 2>&1 | tail -1)"
        echo "segcrypt-version $(/usr/bin/time -f %e ./segcrypt --version 2>&1 >/dev/null | tail -1)"
        echo "segcrypt-version-without-cache $(/usr/bin/time -f %e "$java" --enable-preview \
            --enable-native-access=org.conscrypt --module-path cli/target/segcrypt-cli.jar:cli/target/lib \
            --add-modules org.conscrypt --module dev.segcrypt.cli/dev.segcrypt.cli.Main --version 2>&1 >/dev/null |
            tail -1)"
    done
} >"$out/startup.txt"
echo "results in $out" >&2
