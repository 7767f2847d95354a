# Sourced by ./pcdarts and .ci/run: exports JAVA_HOME for a JDK 25 or later, or fails with a clear message.
_pcdarts_is_jdk25() { [ -x "$1/bin/java" ] && "$1/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; }
if [ -n "${JAVA_HOME:-}" ] && _pcdarts_is_jdk25 "$JAVA_HOME"; then
  :
elif _pcdarts_is_jdk25 /usr/lib/jvm/temurin-25-jdk-amd64; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
else
  _pcdarts_found=""
  for _d in /usr/lib/jvm/*; do if _pcdarts_is_jdk25 "$_d"; then _pcdarts_found="$_d"; break; fi; done
  if [ -z "$_pcdarts_found" ]; then
    echo "pcdarts needs JDK 25: none found (looked at \$JAVA_HOME and /usr/lib/jvm/*); install Temurin 25 and set JAVA_HOME" >&2
    exit 1
  fi
  export JAVA_HOME="$_pcdarts_found"
fi
export PATH="$JAVA_HOME/bin:$PATH"
