# Sourced by ./pcdarts: sets the array gc to the launcher's collector and heap options, fitted to a
# -Xmx the user gives in PCDARTS_JAVA_OPTS (which comes after them on the command line and wins).
# A step allocates nothing once its memory plan runs, so the heap only absorbs the first, traced
# steps: generational ZGC with a soft limit keeps it near what is live instead of growing towards
# -Xmx (bench/README.md has the figures).
mem_mb=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo 2>/dev/null || echo 8192)
xmx_mb=$(( mem_mb / 2 ))
# A user's -Xmx (the last one wins, as in the JVM) sets the heap; the soft limit must not exceed it.
for opt in ${PCDARTS_JAVA_OPTS:-}; do
  case "$opt" in
    -Xmx*[0-9][kK]) xmx_mb=$(( ${opt:4:-1} / 1024 )) ;;
    -Xmx*[0-9][mM]) xmx_mb=${opt:4:-1} ;;
    -Xmx*[0-9][gG]) xmx_mb=$(( ${opt:4:-1} * 1024 )) ;;
    -Xmx*[0-9][tT]) xmx_mb=$(( ${opt:4:-1} * 1024 * 1024 )) ;;
    -Xmx*[0-9]) xmx_mb=$(( ${opt:4} / 1048576 )) ;;
  esac
done
soft_mb=$(( xmx_mb < 1024 ? xmx_mb : 1024 ))
gc=(-XX:+UseZGC -Xmx$(( mem_mb / 2 ))m -XX:SoftMaxHeapSize=$(( soft_mb > 2 ? soft_mb : 2 ))m)
case " ${PCDARTS_JAVA_OPTS:-} " in *" -XX:+Use"*GC" "*) gc=() ;; esac  # the user picked a collector (and heap)
