#!/usr/bin/env bash
# The servers tier's inetd-style POP3 servers: popa3d and solid-pop3d (Debian 12), run one
# process per connection under tcpserver (ucspi-tcp) by tests/support/servers/inetd.ts.
#
# Both packages declare `Conflicts: pop3-server`, so neither can be installed beside
# dovecot-pop3d (which the dovecot tier needs). We `apt-get download` each .deb and unpack it
# with `dpkg -x` under /opt/poplar-test-servers/NAME, install only its dependencies that do not
# conflict (ucspi-tcp for tcpserver, liblockfile1 for solid-pop3d; python3-minimal, whose
# built-in fcntl module holds the tests' POSIX locks on an mbox), and do by hand the few
# things their maintainer scripts would do: the PAM service files (PAM reads them from
# /etc/pam.d by service name, compiled into each binary), popa3d's empty chroot
# /var/lib/popa3d and its unprivileged `popa3d` user (getpwnam("popa3d") in the binary), and
# solid-pop3d's `spop3d` user and bulletins directory. Nothing is registered with inetd or
# init: the tests start their own tcpserver on 127.0.0.1.
#
# Idempotent (safe to run again), run as root. Writes NAME/VERSION with the package version
# so the tier's compatibility rows say which build they saw.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/no-service-starts.sh"

root=/opt/poplar-test-servers
servers=(popa3d solid-pop3d)
deps=(ucspi-tcp liblockfile1 python3-minimal)

if [[ $(id -u) -ne 0 ]]; then
  echo "install-inetd-pop3.sh: must run as root" >&2
  exit 1
fi

missing=()
for p in "${deps[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "== installing Debian packages: ${missing[*]}"
  # No service starts during the install (invoke-rc.d(8)); restore any policy that was there.
  forbid_service_starts
  if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then apt-get update -qq; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  allow_service_starts
fi

mkdir -p "$root"
for name in "${servers[@]}"; do
  dir=$root/$name
  candidate=$(apt-cache policy "$name" | awk '/Candidate:/ { print $2 }')
  if [[ -z $candidate || $candidate == "(none)" ]]; then
    if [[ -z ${updated:-} ]]; then apt-get update -qq; updated=1; fi
    candidate=$(apt-cache policy "$name" | awk '/Candidate:/ { print $2 }')
  fi
  if [[ -f $dir/VERSION && $(cat "$dir/VERSION") == "$candidate" && -x $dir/usr/sbin/$name ]]; then
    echo "== $name $candidate already unpacked in $dir"
  else
    echo "== unpacking $name $candidate into $dir"
    work=$(mktemp -d)
    # apt's sandbox user `_apt` cannot write a root-owned mktemp dir; hand it over.
    chown _apt "$work" 2>/dev/null || true
    (cd "$work" && apt-get download -qq "$name")
    deb=$(ls "$work"/"$name"_*.deb)
    rm -rf "$dir"
    mkdir -p "$dir"
    dpkg -x "$deb" "$dir"
    dpkg-deb -f "$deb" Version >"$dir/VERSION"
    rm -rf "$work"
  fi
  # PAM looks the service up by the name compiled into the binary (popa3d, solid-pop3d).
  install -m 644 "$dir/etc/pam.d/$name" "/etc/pam.d/$name"
done

# popa3d: drops privileges to user popa3d and chroots into an empty, root-owned directory
# (as its postinst sets up).
getent group popa3d >/dev/null || groupadd --system popa3d
getent passwd popa3d >/dev/null || useradd --system --gid popa3d --home-dir /var/lib/popa3d \
  --no-create-home --shell /usr/sbin/nologin popa3d
install -d -m 755 -o root -g root /var/lib/popa3d

# solid-pop3d: exits at once unless its user spop3d (group mail) exists, as its postinst makes
# it. It reads /etc/spop3d.conf unless given -f; the tests pass -f with the packaged file, so
# /etc stays untouched. Its bulletins directory must exist.
getent passwd spop3d >/dev/null || useradd --system --gid mail --home-dir /var/lib/solid-pop3d \
  --no-create-home --shell /usr/sbin/nologin --comment 'Solid POP3 Server' spop3d
install -d -m 755 /var/lib/solid-pop3d/bulletins

# The mbox spool both servers read, with the group and mode Debian gives it.
install -d -m 2775 -o root -g mail /var/mail

for name in "${servers[@]}"; do
  echo "== $name $(cat "$root/$name/VERSION") ready in $root/$name"
done
