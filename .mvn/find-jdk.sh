# Sourced by ./mvnw and ./segcrypt: points JAVA_HOME at a JDK 25, the one release that can
# build segcrypt (its StructuredTaskScope engine is a JDK 25 preview class) and run both engines.
segcrypt_jdk_major() {
    # prints the feature release of the JDK at $1, or nothing
    [ -x "$1/bin/javac" ] && [ -f "$1/release" ] || return 0
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}
segcrypt_find_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && [ "$(segcrypt_jdk_major "$JAVA_HOME")" = 25 ]; then return 0; fi
    case $- in *f*) set +f; segcrypt_noglob=1 ;; *) segcrypt_noglob= ;; esac # mvnw runs with globbing off
    for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
                     /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        if [ "$(segcrypt_jdk_major "$candidate")" = 25 ]; then
            JAVA_HOME=$candidate
            export JAVA_HOME
            [ -z "$segcrypt_noglob" ] || set -f
            return 0
        fi
    done
    echo "segcrypt needs a JDK 25 to build and run: install one (for example Temurin 25) or set JAVA_HOME to it." >&2
    exit 3
}
segcrypt_find_jdk
