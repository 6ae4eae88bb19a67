#!/usr/bin/env bash
# Makes a local certificate authority and node certificates for node-to-node TLS (paxos.node.tls).
#
#   scripts/make-certs.sh [OUT_DIR] [NAME ...]
#
# OUT_DIR (default: certs) receives
#   ca.key, ca.crt          the cluster CA: keep ca.key away from the nodes; ca.crt is what every node trusts
#   NAME.pfx                a node certificate (default NAME: node) with its private key and ca.crt bundled,
#                           allowed for server and client authentication, valid for 127.0.0.1 and localhost
# The PFX password is $PAXOS_TLS_PASSWORD (default: changeit). Then, in each node's file:
#   paxos.node.tls { enabled = on, certificate-path = "certs/node.pfx", certificate-password = ${?PAXOS_TLS_PASSWORD} }
# One certificate may serve every local node; give each node its own NAME on real hosts.
# An existing CA in OUT_DIR is reused, so further node certificates join the same cluster.
set -euo pipefail

out="${1:-certs}"
shift || true
names=("$@")
if [ ${#names[@]} -eq 0 ]; then names=(node); fi
password="${PAXOS_TLS_PASSWORD:-changeit}"
days=825

command -v openssl >/dev/null || { echo "make-certs: openssl is needed (apt-get install -y openssl)" >&2; exit 1; }
mkdir -p "$out"
umask 077

if [ ! -f "$out/ca.key" ]; then
  openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days "$days" \
    -keyout "$out/ca.key" -out "$out/ca.crt" -subj "/CN=PaxosAkka local cluster CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  echo "make-certs: new CA $out/ca.crt"
fi

for name in "${names[@]}"; do
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  openssl req -newkey rsa:2048 -sha256 -nodes -keyout "$work/key.pem" -out "$work/req.csr" -subj "/CN=paxos-$name" 2>/dev/null
  cat > "$work/ext.cnf" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
EXT
  openssl x509 -req -sha256 -days "$days" -in "$work/req.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" \
    -CAcreateserial -extfile "$work/ext.cnf" -out "$work/cert.pem" 2>/dev/null
  openssl pkcs12 -export -out "$out/$name.pfx" -inkey "$work/key.pem" -in "$work/cert.pem" \
    -certfile "$out/ca.crt" -name "paxos-$name" -passout "pass:$password"
  rm -rf "$work"
  trap - EXIT
  echo "make-certs: $out/$name.pfx (CN=paxos-$name, signed by $out/ca.crt)"
done
