# shellcheck shell=bash
# Sourced by local/run, local/test and .ci/run: selects a JDK 25 and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME if it is a JDK 25 or newer, else /usr/lib/jvm/*25*, else `java` on PATH if 25 or newer.

kokin_java_major() { # $1: a JDK home; prints its feature version (e.g. 25) or nothing
  local home=$1 version=
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$version" ]; then
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p')
  fi
  printf '%s' "$version"
}

kokin_select_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(kokin_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*25*; do
    [ -d "$candidate" ] || continue
    if [ "$(kokin_java_major "$candidate")" = 25 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  if command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    major=$(kokin_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  fi
  echo "Kokin needs a JDK 25 (the Lambda runtime is java25). None found in JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm/*25* or on PATH." >&2
  echo "Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}

kokin_select_jdk
