#!/usr/bin/env bash
# The `servers` tier's Courier (courier-pop 1.0) and Cyrus (cyrus-pop3d 3.6) from Debian 12,
# for tests/support/servers/courier.ts and cyrus.ts. Run as root; safe to run again.
#
# Both server packages declare `Conflicts: pop3-server`, so neither can be installed beside
# dovecot-pop3d (TESTING.md). We `apt-get download` them and `dpkg -x` them under
# /opt/poplar-test-servers/{courier,cyrus}, and install with apt only what does not conflict:
#   Courier: courier-base (couriertcpd, couriertls), courier-authdaemon, courier-authlib-userdb
#            (authdaemond and makeuserdb; the userdb module needs no system accounts).
#   Cyrus:   the shared libraries its binaries link, and sasl2-bin for saslpasswd2. The
#            cyrus-common package itself is unpacked too, not installed: it depends on
#            default-mta, and an MTA (exim4) on this machine would serve no test.
# No service may start during the install (policy-rc.d), and no system authdaemond or Cyrus
# master may be left running after it: each fixture runs its own.
set -euo pipefail

root=/opt/poplar-test-servers
debs=$root/debs
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -qq --no-install-recommends -o DPkg::Lock::Timeout=600)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# --- forbid service starts (invoke-rc.d(8)) for as long as this script runs ------------------
source "$(dirname "${BASH_SOURCE[0]}")/lib/no-service-starts.sh"
forbid_service_starts

updated=no
apt_install() {
  local missing=()
  for p in "$@"; do installed "$p" || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  if [[ $updated == no ]]; then apt-get update -qq -o DPkg::Lock::Timeout=600; updated=yes; fi
  echo "== apt-get install ${missing[*]}"
  apt-get install "${apt_opts[@]}" "${missing[@]}"
}

# --- download and unpack one server package (and its siblings) into DIR ----------------------
# DIR/VERSION holds "<package> <version>" of the main package; when it matches the candidate
# apt offers, the unpacked tree is current and nothing is downloaded.
unpack() {
  local dir=$1 main=$2
  shift 2
  local candidate
  candidate=$(apt-cache policy "$main" | awk '/Candidate:/ {print $2}')
  if [[ -z $candidate || $candidate == "(none)" ]]; then
    if [[ $updated == no ]]; then apt-get update -qq -o DPkg::Lock::Timeout=600; updated=yes; fi
    candidate=$(apt-cache policy "$main" | awk '/Candidate:/ {print $2}')
  fi
  if [[ -f $dir/VERSION && $(cat "$dir/VERSION") == "$main $candidate" ]]; then
    echo "== $main $candidate already unpacked in $dir"
    return 0
  fi
  mkdir -p "$debs"
  # apt's download sandbox user (_apt) must be able to write here.
  chown _apt "$debs" 2>/dev/null || true
  local pkgs=("$main" "$@")
  for p in "${pkgs[@]}"; do rm -f "$debs/${p}"_*.deb; done
  (cd "$debs" && apt-get download -qq "${pkgs[@]}")
  rm -rf "$dir.new"
  mkdir -p "$dir.new"
  for p in "${pkgs[@]}"; do dpkg -x "$debs/${p}"_*.deb "$dir.new"; done
  echo "$main $candidate" >"$dir.new/VERSION"
  rm -rf "$dir"
  mv "$dir.new" "$dir"
  echo "== unpacked ${pkgs[*]} ($candidate) into $dir"
}

# --- stop a daemon the packages may have started anyway, by its PID file ---------------------
stop_by_pidfile() {
  local file=$1 pid
  [[ -f $file ]] || return 0
  pid=$(tr -dc '0-9' <"$file")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  echo "== stopping $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) (pid $pid from $file)"
  kill -TERM "$pid"
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# ============================================================================ Courier =========
apt_install courier-base courier-authdaemon courier-authlib-userdb
unpack "$root/courier" courier-pop

# authdaemond's paths are compiled in: it reads /etc/courier/authdaemonrc and listens on
# /run/courier/authdaemon/socket, which courierpop3login connects to. The fixture needs the
# userdb module (users in /etc/courier/userdb, written by the fixture) and no other, so a
# login never falls through to PAM and system accounts.
rc=/etc/courier/authdaemonrc
if [[ -f $rc ]] && ! grep -q '^authmodulelist="authuserdb"$' "$rc"; then
  sed -i 's/^authmodulelist=.*/authmodulelist="authuserdb"/' "$rc"
  echo "== $rc: authmodulelist=\"authuserdb\""
fi
# A system authdaemond (the package's init script may have run before policy-rc.d existed).
stop_by_pidfile /run/courier/authdaemon/pid
stop_by_pidfile /var/run/courier/authdaemon/pid

# ============================================================================ Cyrus ===========
unpack "$root/cyrus" cyrus-pop3d cyrus-common cyrus-imapd
# The libraries the unpacked binaries link (cyrus-common's own libcyrus*.so stay in the tree,
# found through LD_LIBRARY_PATH by the fixture): every lib* in the three packages' Depends.
mapfile -t cyrus_libs < <(for p in cyrus-common cyrus-imapd cyrus-pop3d; do dpkg-deb -f "$debs/${p}"_*.deb Depends; done |
  tr ',' '\n' | sed 's/^ *//; s/ *(.*//; s/ *|.*//' | grep -E '^lib' | sort -u)
apt_install "${cyrus_libs[@]}" sasl2-bin
# Cyrus's master, started as root, switches to the compiled-in user `cyrus` (Debian: group
# mail); cyrus-common's postinst would create it, and we do not run that postinst.
if ! getent passwd cyrus >/dev/null; then
  useradd --system --gid mail --home-dir /var/spool/cyrus --no-create-home --shell /usr/sbin/nologin cyrus
  echo "== created system user cyrus"
fi
missing_libs=$(LD_LIBRARY_PATH=$root/cyrus/usr/lib/x86_64-linux-gnu \
  ldd "$root"/cyrus/usr/lib/cyrus/bin/{master,pop3d,imapd} | grep 'not found' || true)
if [[ -n $missing_libs ]]; then echo "Cyrus binaries miss libraries:"; echo "$missing_libs"; exit 1; fi
stop_by_pidfile /run/cyrus-master.pid
stop_by_pidfile /var/run/cyrus-master.pid

allow_service_starts
echo "== Courier: $(cat "$root/courier/VERSION"); Cyrus: $(cat "$root/cyrus/VERSION")"
