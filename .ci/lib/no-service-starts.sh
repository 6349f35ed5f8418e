# Sourced by .ci/run and .ci/install-*.sh: a package's maintainer scripts must not start a
# system-wide server (Dovecot, authdaemond, Cyrus master) while we install it — tests run
# private instances. policy-rc.d answering 101 forbids every start (invoke-rc.d(8));
# whatever policy was there before is put back, also when the script fails (EXIT trap).

no_service_starts_policy=/usr/sbin/policy-rc.d
no_service_starts_saved=""

forbid_service_starts() {
  no_service_starts_saved=""
  if [[ -e $no_service_starts_policy ]]; then
    no_service_starts_saved=$(mktemp)
    cp -p "$no_service_starts_policy" "$no_service_starts_saved"
  fi
  printf '#!/bin/sh\nexit 101\n' >"$no_service_starts_policy"
  chmod 755 "$no_service_starts_policy"
  trap restore_service_policy EXIT
}

restore_service_policy() {
  if [[ -n $no_service_starts_saved ]]; then mv "$no_service_starts_saved" "$no_service_starts_policy"; else rm -f "$no_service_starts_policy"; fi
}

allow_service_starts() {
  restore_service_policy
  trap - EXIT
}
