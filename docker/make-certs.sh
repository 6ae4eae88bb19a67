#!/usr/bin/env bash
# Makes the certificates of docker/compose.yaml's node-to-node TLS (docker/hocon/tls.conf): a private cluster CA and
# one PKCS#12 file per node container, whose certificate names its hostname and allows both server and client
# authentication (mutual TLS). Run once before the first `docker-compose up`; run again to renew.
#
#   docker/make-certs.sh                     # every container of the compose file, into docker/certs/
#   docker/make-certs.sh node-1 node-2       # only these hostnames (the CA is made only if missing)
#
# PAXOS_TLS_PASSWORD protects the PKCS#12 files (the compose file passes the same variable to the nodes; its default
# matches); PAXOS_CERTS_DIR changes the output folder. Keep ca.key out of the containers and out of git.
set -euo pipefail

out=${PAXOS_CERTS_DIR:-"$(cd "$(dirname "$0")" && pwd)/certs"}
password=${PAXOS_TLS_PASSWORD:-paxos-compose-tls}
days=${PAXOS_CERT_DAYS:-825}
if [ "$#" -gt 0 ]; then
  hosts=("$@")
else
  hosts=(node-{1..15} all-roles-{1..5})
fi

mkdir -p "$out"
cd "$out"

if [ ! -f ca.key ] || [ ! -f ca.crt ]; then
  openssl req -x509 -newkey rsa:3072 -sha256 -days "$days" -nodes \
    -keyout ca.key -out ca.crt -subj "/CN=PaxosAkka cluster CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  chmod 600 ca.key
  chmod 644 ca.crt
fi

for host in "${hosts[@]}"; do
  openssl req -newkey rsa:2048 -sha256 -nodes -keyout "$host.key" -out "$host.csr" -subj "/CN=$host" 2>/dev/null
  printf 'subjectAltName=DNS:%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n' "$host" > "$host.ext"
  openssl x509 -req -in "$host.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days "$days" -sha256 \
    -extfile "$host.ext" -out "$host.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$host.key" -in "$host.crt" -certfile ca.crt -name "$host" \
    -out "$host.pfx" -passout "pass:$password"
  # The container's unprivileged user reads it through a read-only bind mount; the password protects the key.
  chmod 644 "$host.pfx"
  rm -f "$host.key" "$host.csr" "$host.ext" "$host.crt"
  echo "made $out/$host.pfx"
done
