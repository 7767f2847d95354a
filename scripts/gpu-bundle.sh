#!/usr/bin/env bash
# Builds, outside the repository, the one file that scripts/gpu-check.sh needs on a GPU machine
# without network: a trimmed Java 25 runtime (jlink), the TornadoVM SDK without its examples,
# benchmarks and tests, the runnable pcdarts.jar with the tornado backend, the test classes and
# JUnit jars of the golden suite, and the ocl-icd loader. Usage:
#   TORNADOVM_HOME=... JAVA_HOME=<JDK 25> scripts/gpu-bundle.sh [OUT_DIR]   (default /tmp/pcdarts-gpu)
# It writes OUT_DIR/pcdarts-gpu.tar.xz and its 20 MiB parts and prints the size. The checkout
# ignores gpu-bundle*/ (.gitignore): copy the whole file into gpu-bundle/ where checkout and
# bundle fit the device call's 64 MiB, else part-00 into gpu-bundle-a/ and part-01 into
# gpu-bundle-b/, carried by two calls in a row (bench/README.md, "The device check"). It never
# installs anything into ~/.m2.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-/tmp/pcdarts-gpu}"
: "${TORNADOVM_HOME:?set TORNADOVM_HOME to the TornadoVM SDK}"
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
junit="${JUNIT_VERSION:-6.1.3}"
m2="${M2_REPO:-$HOME/.m2/repository}"

stage="$out/stage"
rm -rf "$stage" && mkdir -p "$stage/lib" "$stage/test-classes"

# 1. the project's jar and test classes (package only: nothing goes to ~/.m2)
(cd "$root" && ./mvnw -B -q -o -Ptornado -DskipTests package -pl cli,engine-tornado -am)
cp "$root/cli/target/pcdarts.jar" "$stage/lib/"
cp -r "$root/engine-tornado/target/test-classes/." "$root/nas/target/test-classes/." "$stage/test-classes/"
rm -rf "$stage/test-classes/golden" # the golden cases travel with the checkout
for a in org/junit/jupiter/junit-jupiter-api org/junit/jupiter/junit-jupiter-engine org/junit/jupiter/junit-jupiter-params \
         org/junit/platform/junit-platform-engine org/junit/platform/junit-platform-commons org/junit/platform/junit-platform-launcher; do
  cp "$m2/$a/$junit/$(basename $a)-$junit.jar" "$stage/lib/"
done
cp "$(ls "$m2"/org/opentest4j/opentest4j/*/opentest4j-*.jar | sort -V | tail -1)" "$stage/lib/"
j=$(ls "$m2"/org/jspecify/jspecify/*/jspecify-*.jar 2>/dev/null | sort -V | tail -1 || true); [ -n "$j" ] && cp "$j" "$stage/lib/"
j=$(ls "$m2"/org/apiguardian/apiguardian-api/*/apiguardian-api-*.jar 2>/dev/null | sort -V | tail -1 || true); [ -n "$j" ] && cp "$j" "$stage/lib/"

# 2. the TornadoVM SDK, less what a run of the backend never loads; the argfile is made there
cp -a "$TORNADOVM_HOME" "$stage/tornadovm"
rm -f "$stage/tornadovm/tornado-argfile"
(cd "$stage/tornadovm/share/java/tornado" && rm -f tornado-benchmarks-* tornado-examples-* tornado-unittests-* tornado-fuzz-* \
  tornado-matrices-* tornado-cu*-* jmh-core-* junit-* hamcrest-* lucene-core-* ejml-* jopt-simple-*)
# the OpenCL driver requires commons.math3 and snmp4j, Graal's compiler truffle.compiler: they stay
rm -rf "$stage/tornadovm/examples" "$stage/tornadovm/share/java/graalJars/truffle-api-"* "$stage/tornadovm/share/java/graalJars/polyglot-"*

# 3. a Java runtime with the modules pcdarts and TornadoVM use (JVMCI for TornadoVM's compiler; java.desktop for the CLI's image code)
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.sql,jdk.unsupported,jdk.incubator.vector,jdk.internal.vm.ci,jdk.management,jdk.zipfs \
  --strip-debug --no-man-pages --no-header-files --compress=zip-0 --output "$stage/jre"

# jars stored without compression compress far better inside the xz; pcdarts.jar loses the
# native libraries of other platforms (zstd-jni carries a dozen)
python3 - "$stage" <<'PY'
import os, sys, zipfile
keep_native = ("linux/amd64/",)
natives = (".so", ".dll", ".dylib", ".jnilib")
for d, _, files in os.walk(sys.argv[1]):
    for f in files:
        if not f.endswith(".jar"):
            continue
        p = os.path.join(d, f)
        with zipfile.ZipFile(p) as z:
            entries = [(i, z.read(i)) for i in z.infolist()]
        with zipfile.ZipFile(p + ".new", "w", zipfile.ZIP_STORED) as z:
            for i, data in entries:
                if i.filename.endswith(natives) and "/" in i.filename and not i.filename.startswith(keep_native) \
                        and not i.filename.startswith(("META-INF", "lib")):
                    continue
                i.compress_type = zipfile.ZIP_STORED
                z.writestr(i, data)
        os.replace(p + ".new", p)
PY

# 4. the OpenCL ICD loader, for a machine whose image has none
for f in /usr/lib/x86_64-linux-gnu/libOpenCL.so.1*; do [ -e "$f" ] && cp -L "$f" "$stage/lib/" && break; done

tar -C "$stage" -cf - . | xz -T2 -9e > "$out/pcdarts-gpu.tar.xz"
du -sh "$stage" | sed 's/^/unpacked: /'
ls -l "$out/pcdarts-gpu.tar.xz" | awk '{printf "bundle: %s (%.1f MiB)\n", $9, $5 / 1048576}'
# parts of at most 20 MiB, for device calls whose checkout leaves less than the whole bundle room
rm -f "$out"/pcdarts-gpu.part-*
split -b 20m -d "$out/pcdarts-gpu.tar.xz" "$out/pcdarts-gpu.part-"
ls "$out"/pcdarts-gpu.part-*
