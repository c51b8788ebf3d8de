#!/usr/bin/env bash
# deploy/pki.sh - development CA and certificates for tiepdan (mutual TLS).
# ECDSA P-256 keys, UTF-8 subjects; needs only the openssl CLI (3.0).
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: pki.sh COMMAND ...

  init DIR [--name "CA name"] [--host NAME]... [--days N]
      Create DIR/ca.key + DIR/ca.crt and DIR/server.key + DIR/server.crt for
      localhost, 127.0.0.1, ::1 and every --host NAME (IPs become IP SANs).
      Idempotent: keeps an existing CA, and keeps the server certificate if
      it still verifies and covers every name asked for. --days N: the CA
      and server certificate it makes are valid N days (default 3650 for
      the CA, 825 for the server).
  issue DIR NAME --out BASENAME [--unit CODE] [--role ROLE] [--days N] [--expired]
      Issue a client certificate CN=NAME, O=CODE, OU=ROLE signed by DIR's CA
      (made by "init DIR" first) into DIR/BASENAME.crt and DIR/BASENAME.key. --expired: valid only
      2020-01-01..2021-01-01. Prints the certificate's SHA-256 fingerprint.
  fingerprint CERTFILE
      Print SHA-256 of the certificate's DER encoding, lowercase hex, no colons.
  rogue DIR [NAME] [--unit CODE] [--role ROLE]
      Create an unrelated CA in DIR/rogue/ and a client certificate
      DIR/rogue/client.crt/.key signed by it. Prints its fingerprint.
  revoke DIR CERTFILE [--reason REASON] [--days N]
      Record CERTFILE, issued by DIR's CA, as revoked (REASON: keyCompromise,
      the default, superseded, affiliationChanged, cessationOfOperation or
      unspecified) in DIR/ca-db/, then write the new CRL as crl does.
      Prints the certificate's serial number (hex).
  crl DIR [--out FILE] [--days N] [--expired]
      Write the CA's CRL, listing every certificate revoked so far (none is
      fine), to FILE (default DIR/ca.crl), next update in N days (default
      30). The file is replaced in one rename, so a server reading it never
      sees half of it. --expired: lastUpdate 2020-01-01, nextUpdate 2021-01-01.

Subjects are UTF-8; view them with: openssl x509 -noout -subject -nameopt utf8
EOF
}

die() {
  printf 'pki.sh: %s\n' "$*" >&2
  exit 1
}

# Run a command quietly; on failure show its output and stop.
run() {
  local out
  out=$("$@" 2>&1) || { printf '%s\n' "$out" >&2; die "failed: $*"; }
}

# Scratch directory for configs, CSRs and the openssl ca database.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tiepdan-pki.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
umask 022

# Write the openssl config used for every request and signature; $1 is the
# server's subjectAltName value (may be empty). $2, for revocations and CRLs,
# is the CA's lasting database directory (index.txt, crlnumber); without it
# the database is a scratch one, as issuing keeps no record.
write_config() {
  local db=$TMP crlnumber=""
  if [[ -n ${2:-} ]]; then
    db=$2
    crlnumber="crlnumber = $db/crlnumber"
  else
    : >"$TMP/index.txt"
  fi
  echo 01 >"$TMP/serial"
  cat >"$TMP/openssl.cnf" <<EOF
[ req ]
distinguished_name = td_dn
string_mask = utf8only
utf8 = yes
[ td_dn ]
[ ca ]
default_ca = td_ca
[ td_ca ]
database = $db/index.txt
serial = $TMP/serial
$crlnumber
new_certs_dir = $TMP
default_md = sha256
policy = td_policy
unique_subject = no
copy_extensions = none
email_in_dn = no
string_mask = utf8only
[ td_policy ]
organizationName = optional
organizationalUnitName = optional
commonName = supplied
[ ext_ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ ext_client ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ext_server ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
${1:+subjectAltName = $1}
EOF
}

# Escape a value for an openssl -subj string.
subj_escape() {
  local v=${1//\\/\\\\}
  v=${v//\//\\/}
  printf '%s' "${v//+/\\+}"
}

# Build "/O=unit/OU=role/CN=name" from NAME UNIT ROLE (empty parts left out).
make_subject() {
  local s=""
  [[ -n $2 ]] && s+="/O=$(subj_escape "$2")"
  [[ -n $3 ]] && s+="/OU=$(subj_escape "$3")"
  printf '%s/CN=%s' "$s" "$(subj_escape "$1")"
}

# New P-256 private key in $1, created with mode 0600.
new_key() {
  (umask 077 && run openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1")
}

# Create CADIR/ca.key and CADIR/ca.crt with common name CN, valid DAYS
# (default 3650), unless they exist.
make_ca() {
  local cadir=$1 cn=$2 days=${3:-3650}
  [[ -f $cadir/ca.key && -f $cadir/ca.crt ]] && return 0
  [[ -e $cadir/ca.key || -e $cadir/ca.crt ]] && die "$cadir has only half a CA; remove ca.key/ca.crt"
  mkdir -p "$cadir"
  write_config ""
  new_key "$cadir/ca.key"
  run openssl req -new -x509 -config "$TMP/openssl.cnf" -extensions ext_ca -utf8 \
    -key "$cadir/ca.key" -subj "/O=tiepdan/CN=$(subj_escape "$cn")" -days "$days" -sha256 \
    -out "$cadir/ca.crt"
  chmod 0644 "$cadir/ca.crt"
}

# Issue OUT.key/OUT.crt signed by CADIR: SUBJECT, extension section EXT, then
# either "--days N" or "--dates START END" (YYYYMMDDHHMMSSZ).
sign() {
  local cadir=$1 subject=$2 ext=$3 out=$4 validity
  shift 4
  if [[ $1 == --dates ]]; then
    validity=(-startdate "$2" -enddate "$3")
  else
    validity=(-days "$2")
  fi
  new_key "$TMP/new.key"
  run openssl req -new -config "$TMP/openssl.cnf" -utf8 -key "$TMP/new.key" \
    -subj "$subject" -out "$TMP/new.csr"
  run openssl ca -batch -config "$TMP/openssl.cnf" -extensions "$ext" -rand_serial \
    -notext -preserveDN -utf8 -cert "$cadir/ca.crt" -keyfile "$cadir/ca.key" \
    "${validity[@]}" -in "$TMP/new.csr" -out "$TMP/new.crt"
  mkdir -p "$(dirname "$out")"
  mv -f "$TMP/new.key" "$out.key"
  mv -f "$TMP/new.crt" "$out.crt"
}

# Print the certificate's SHA-256 DER fingerprint, lowercase hex.
fingerprint() {
  [[ -r $1 ]] || die "cannot read certificate $1"
  local der
  der=$(openssl x509 -in "$1" -outform DER | sha256sum) || die "$1 is not a PEM certificate"
  printf '%s\n' "${der%% *}"
}

# Succeed if DIR/server.crt is valid, signed by DIR's CA and covers every
# verify option pair given (-verify_hostname NAME / -verify_ip IP).
server_ok() {
  local dir=$1
  shift
  [[ -f $dir/server.key && -f $dir/server.crt ]] || return 1
  while (($#)); do
    openssl verify -CAfile "$dir/ca.crt" -purpose sslserver "$1" "$2" "$dir/server.crt" \
      >/dev/null 2>&1 || return 1
    shift 2
  done
}

# pki.sh init DIR [--name CA] [--host NAME]... [--days N]
cmd_init() {
  local dir=${1:?init needs DIR} name="tiepdan development CA" san="DNS:localhost,IP:127.0.0.1,IP:::1"
  local ca_days=3650 server_days=825
  local checks=(-verify_hostname localhost -verify_ip 127.0.0.1 -verify_ip ::1)
  shift
  while (($#)); do
    case $1 in
      --name) name=${2:?--name needs a value}; shift 2 ;;
      --host)
        [[ -n ${2:-} ]] || die "--host needs a value"
        if [[ $2 =~ ^[0-9.]+$ || $2 == *:* ]]; then
          san+=",IP:$2" checks+=(-verify_ip "$2")
        else
          san+=",DNS:$2" checks+=(-verify_hostname "$2")
        fi
        shift 2 ;;
      --days)
        [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "init: --days must be a positive integer"
        ca_days=$2 server_days=$2
        shift 2 ;;
      *) die "init: unknown argument $1 (see --help)" ;;
    esac
  done
  make_ca "$dir" "$name" "$ca_days"
  # Keep a server certificate that still verifies and covers every name.
  server_ok "$dir" "${checks[@]}" && return 0
  write_config "$san"
  sign "$dir" "/O=tiepdan/CN=localhost" ext_server "$dir/server" --days "$server_days"
}

# pki.sh issue DIR NAME --out BASENAME [--unit CODE] [--role ROLE] [--days N] [--expired]
# Stops unless DIR holds a CA (ca.key and ca.crt), saying how to make one.
need_ca() {
  [[ -f $1/ca.key && -f $1/ca.crt ]] && return 0
  die "no CA in $1 (ca.key and ca.crt): create it first with: $0 init $1"
}

cmd_issue() {
  local dir=${1:?issue needs DIR} name=${2:?issue needs NAME} out="" unit="" role="" days=365 expired=0
  shift 2
  while (($#)); do
    case $1 in
      --out) out=${2:?--out needs a value}; shift 2 ;;
      --unit) unit=${2:?--unit needs a value}; shift 2 ;;
      --role) role=${2:?--role needs a value}; shift 2 ;;
      --days) days=${2:?--days needs a value}; shift 2 ;;
      --expired) expired=1; shift ;;
      *) die "issue: unknown argument $1 (see --help)" ;;
    esac
  done
  [[ -n $out ]] || die "issue: --out BASENAME is required"
  [[ $days =~ ^[1-9][0-9]*$ ]] || die "issue: --days must be a positive integer"
  need_ca "$dir"
  write_config ""
  if ((expired)); then
    sign "$dir" "$(make_subject "$name" "$unit" "$role")" ext_client "$dir/$out" \
      --dates 20200101000000Z 20210101000000Z
  else
    sign "$dir" "$(make_subject "$name" "$unit" "$role")" ext_client "$dir/$out" --days "$days"
  fi
  fingerprint "$dir/$out.crt"
}

# pki.sh rogue DIR [NAME] [--unit CODE] [--role ROLE]
cmd_rogue() {
  local dir=${1:?rogue needs DIR} name="Rogue Officer"
  shift
  if (($#)) && [[ $1 != --* ]]; then name=$1; shift; fi
  make_ca "$dir/rogue" "tiepdan rogue CA"
  cmd_issue "$dir/rogue" "$name" --out client "$@"
}

# The CA's lasting database in DIR/ca-db/ (created empty the first time), and
# the config that uses it.
crl_config() {
  local db=$1/ca-db
  need_ca "$1"
  if [[ ! -d $db ]]; then
    mkdir -p "$db"
    : >"$db/index.txt"
    echo 01 >"$db/crlnumber"
  fi
  write_config "" "$db"
}

# pki.sh crl DIR [--out FILE] [--days N] [--expired]
cmd_crl() {
  local dir=${1:?crl needs DIR} out="" days=30 expired=0 validity
  shift
  while (($#)); do
    case $1 in
      --out) out=${2:?--out needs a value}; shift 2 ;;
      --days) days=${2:?--days needs a value}; shift 2 ;;
      --expired) expired=1; shift ;;
      *) die "crl: unknown argument $1 (see --help)" ;;
    esac
  done
  [[ $days =~ ^[1-9][0-9]*$ ]] || die "crl: --days must be a positive integer"
  out=${out:-$dir/ca.crl}
  crl_config "$dir"
  validity=(-crldays "$days")
  ((expired)) && validity=(-crl_lastupdate 20200101000000Z -crl_nextupdate 20210101000000Z)
  run openssl ca -batch -config "$TMP/openssl.cnf" -gencrl -cert "$dir/ca.crt" \
    -keyfile "$dir/ca.key" "${validity[@]}" -out "$TMP/new.crl"
  mkdir -p "$(dirname "$out")"
  # Beside the target, so the rename is atomic.
  cp "$TMP/new.crl" "$out.new"
  chmod 0644 "$out.new"
  mv -f "$out.new" "$out"
}

# pki.sh revoke DIR CERTFILE [--reason REASON] [--days N]
cmd_revoke() {
  local dir=${1:?revoke needs DIR} cert=${2:?revoke needs CERTFILE} reason=keyCompromise
  local crl_args=() serial
  shift 2
  while (($#)); do
    case $1 in
      --reason) reason=${2:?--reason needs a value}; shift 2 ;;
      --days) crl_args+=(--days "${2:?--days needs a value}"); shift 2 ;;
      *) die "revoke: unknown argument $1 (see --help)" ;;
    esac
  done
  case $reason in
    keyCompromise | superseded | affiliationChanged | cessationOfOperation | unspecified) ;;
    *) die "revoke: unknown reason $reason (see --help)" ;;
  esac
  [[ -r $cert ]] || die "cannot read certificate $cert"
  crl_config "$dir"
  # Expired certificates may be revoked too; only the signature matters.
  openssl verify -no_check_time -CAfile "$dir/ca.crt" "$cert" >/dev/null 2>&1 ||
    die "$cert was not issued by the CA in $dir"
  serial=$(openssl x509 -in "$cert" -noout -serial) || die "$cert is not a PEM certificate"
  serial=${serial#serial=}
  if grep -q "^R	[^	]*	[^	]*	$serial	" "$dir/ca-db/index.txt"; then
    printf 'pki.sh: %s (serial %s) was already revoked\n' "$cert" "$serial" >&2
  else
    run openssl ca -batch -config "$TMP/openssl.cnf" -cert "$dir/ca.crt" \
      -keyfile "$dir/ca.key" -revoke "$cert" -crl_reason "$reason"
  fi
  cmd_crl "$dir" "${crl_args[@]}"
  printf '%s\n' "$serial"
}

case ${1:-} in
  init) shift; cmd_init "$@" ;;
  issue) shift; cmd_issue "$@" ;;
  fingerprint) fingerprint "${2:?fingerprint needs CERTFILE}" ;;
  rogue) shift; cmd_rogue "$@" ;;
  revoke) shift; cmd_revoke "$@" ;;
  crl) shift; cmd_crl "$@" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
