# Shell helpers shared by the setup scripts. Source it: `. scripts/lib.sh`.

# apt_ensure PACKAGE...: installs the packages that are missing. As root it runs apt-get (updating
# the package lists only if the first attempt fails); otherwise it prints the exact command and fails.
apt_ensure() {
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    local command=(apt-get install -y --no-install-recommends "${missing[@]}")
    if [[ $(id -u) != 0 ]]; then
        echo "setup: missing Debian packages; run as root: ${command[*]}" >&2
        return 1
    fi
    echo "setup: installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive "${command[@]}" >/dev/null || {
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${command[@]}" >/dev/null
    }
}

# npm_ci_if_stale DIR: installs DIR's packages from its pinned package-lock.json (npm ci), unless
# node_modules is already newer than the lockfile.
npm_ci_if_stale() {
    local dir="$1" marker="$1/node_modules/.package-lock.json"
    for tool in node npm; do
        command -v "$tool" >/dev/null || { echo "setup: $tool not found; install Debian's nodejs and npm" >&2; return 1; }
    done
    if [[ -f "$marker" && ! "$dir/package-lock.json" -nt "$marker" && ! "$dir/package.json" -nt "$marker" ]]; then
        return 0
    fi
    echo "setup: npm ci in ${dir#"$PWD"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$marker"
}
