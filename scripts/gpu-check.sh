#!/usr/bin/env bash
# The device check of the Tornado backend, for a machine with a GPU and no network (and for PoCL
# here, where it was developed): unpacks the bundle that scripts/gpu-bundle.sh made, registers
# the GPU's OpenCL driver if the image has not, lists the TornadoVM devices, runs the golden
# suite and the backend's tests on the tornado backend, then the search and train benchmarks on
# tornado and on the Vector API backend, alternating, and writes everything under $OUT.
#   scripts/gpu-check.sh [BUNDLE]   (default gpu-bundle/pcdarts-gpu.tar.xz; $OUT default ./gpu-out)
# Environment: BATCHES (default "64 256"), ITERS (default 3), WHAT (default "search train"),
# MEMORY_MB (the tornado backend's device memory in the benches, default 8192), GOLDEN=0 to
# skip the suite, QUICK=1 for the backend's own tests only (no golden cases), SDK= an unpacked
# bundle to use instead of BUNDLE (as here, to skip the unpacking). A bundle in parts (see
# scripts/gpu-bundle.sh) is joined from gpu-bundle*/pcdarts-gpu.part-* when BUNDLE is absent.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="${1:-$root/gpu-bundle/pcdarts-gpu.tar.xz}"
OUT="${OUT:-$root/gpu-out}"
mkdir -p "$OUT"
log="$OUT/gpu-check.log"
exec > >(tee -a "$log") 2>&1
say() { echo "[gpu-check $(date +%T)] $*"; }

home="${SDK:-/tmp/pcdarts-gpu}"
if [ -z "${SDK:-}" ]; then
  rm -rf "$home" && mkdir -p "$home"
  parts=$(for p in "$root"/gpu-bundle*/pcdarts-gpu.part-*; do [ -f "$p" ] && echo "$(basename "$p") $p"; done | sort | cut -d' ' -f2)
  if [ ! -f "$bundle" ] && [ -n "$parts" ]; then # the bundle came in parts, over several calls
    say "joining $(echo $parts | wc -w) parts"; cat $parts > /tmp/pcdarts-gpu.tar.xz; bundle=/tmp/pcdarts-gpu.tar.xz
  fi
  say "unpacking $bundle"
  xz -dc "$bundle" | tar -C "$home" -xf - || { say "cannot unpack $bundle"; exit 2; }
fi
export JAVA_HOME="$home/jre" TORNADOVM_HOME="$home/tornadovm"
[ -x "$JAVA_HOME/bin/java" ] || export JAVA_HOME="${FALLBACK_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$TORNADOVM_HOME/bin:$PATH"
# the argfile holds absolute paths: made here from the SDK's template
sed "s#\${TORNADOVM_HOME}#$TORNADOVM_HOME#g" "$TORNADOVM_HOME/tornado-argfile.template" | sed 's#--module-path \.:#--module-path #' > "$TORNADOVM_HOME/tornado-argfile"

# OpenCL: the ICD loader and the vendor's driver
if ! ldconfig -p 2>/dev/null | grep -q 'libOpenCL.so.1'; then export LD_LIBRARY_PATH="$home/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
if [ ! -d /etc/OpenCL/vendors ] || [ -z "$(ls /etc/OpenCL/vendors 2>/dev/null)" ]; then
  nv=$(ls /usr/local/nvidia/lib64/libnvidia-opencl.so.1 /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so.1 /usr/local/nvidia/lib/libnvidia-opencl.so.1 2>/dev/null | head -1)
  if [ -n "$nv" ]; then
    mkdir -p "$home/icd" && echo "$nv" > "$home/icd/nvidia.icd" && export OCL_ICD_VENDORS="$home/icd"
    say "registered $nv as the OpenCL driver (OCL_ICD_VENDORS)"
  else
    say "no OpenCL driver registered and no libnvidia-opencl.so.1 found"
  fi
fi
nvidia-smi -L 2>/dev/null || true
java -version 2>&1 | head -1
say "TornadoVM devices"
tornado --devices 2>&1 | tee "$OUT/devices.txt" | grep -E "Tornado device|OPENCL|PTX|Global Memory" || true

cp="$home/lib/*:$home/test-classes"
jvm=(@"$TORNADOVM_HOME/tornado-argfile" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
     --add-opens=java.base/java.nio=ALL-UNNAMED -Dtornado.recover.bailout=False -Xss8m -Xmx${HEAP_MB:-24000}m)
status=0
if [ "${GOLDEN:-1}" != 0 ]; then
  say "golden suite and backend tests on tornado"
  (cd "$root/engine-tornado" && java "${jvm[@]}" -Dgolden.cases.dir="$root/golden" -Dpcdarts.poisonEmpty=true -cp "$cp" \
     dev.pcdarts.tornado.GpuCheckMain "$OUT/golden-tornado.json" ${QUICK:+quick}) || status=1
  tail -1 "$OUT/golden-tornado.json" 2>/dev/null
fi

bench() { # what backend batch: one JSON line, appended to $OUT/bench.jsonl
  local what=$1 be=$2 b=$3 f="$OUT/bench-$1-$2-b$3.json"
  say "bench $what --backend $be --batch $b"
  if java "${jvm[@]}" -Dpcdarts.tornado.memoryMB="${MEMORY_MB:-8192}" -jar "$home/lib/pcdarts.jar" bench "$what" --backend "$be" --batch "$b" --iters "${ITERS:-3}" --json > "$f"; then
    cat "$f" >> "$OUT/bench.jsonl"
  else
    say "bench $what $be $b failed"; status=1
  fi
}
for b in ${BATCHES:-64 256}; do
  for what in ${WHAT:-search train}; do
    bench "$what" tornado "$b"; bench "$what" vector "$b"; bench "$what" tornado "$b" # alternating: drift favours neither
  done
done
say "done, status $status; results in $OUT"
exit $status
