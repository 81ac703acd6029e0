#!/usr/bin/env bash
# Builds the Segl image, starts docker-compose.yml (PostgreSQL + two appliance nodes sharing one data volume),
# signs a document through node 1 and verifies it through node 2, checks /metrics and a backup, then tears down.
#   usage: scripts/compose-two-nodes.sh            env: KEEP=1 leaves the setup running; DOCKER (default docker)
# Without an image registry (as on our build machines) run ../shared/tools/local-node-image.sh first and export the
# DOCKER_HOST it prints; a missing postgres:16 image is then replaced by a local stand-in built from Debian's
# PostgreSQL (same environment variables as the official image).
set -euo pipefail
cd "$(dirname "$0")/.."
DOCKER=${DOCKER:-docker}
if $DOCKER compose version >/dev/null 2>&1; then COMPOSE=("$DOCKER" compose); else COMPOSE=(docker-compose); fi
step() { printf '\n== %s\n' "$*" >&2; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

ca_secret=()
[ -f /etc/ssl/certs/ca-certificates.crt ] && ca_secret=(--secret id=ca,src=/etc/ssl/certs/ca-certificates.crt)

step "building the image segl:e2e"
started=$(date +%s)
DOCKER_BUILDKIT=1 $DOCKER build -q --network host "${ca_secret[@]}" -t segl:e2e . >/dev/null
echo "built in $(( $(date +%s) - started )) s" >&2
base_size=$($DOCKER image inspect node:20-bookworm-slim --format '{{.Size}}')
image_size=$($DOCKER image inspect segl:e2e --format '{{.Size}}')
echo "image: $(( image_size / 1048576 )) MiB, of which our layers $(( (image_size - base_size) / 1048576 )) MiB" >&2

postgres_image=${SEGL_POSTGRES_IMAGE:-postgres:16}
if ! $DOCKER image inspect "$postgres_image" >/dev/null 2>&1 && ! $DOCKER pull -q "$postgres_image" >/dev/null 2>&1; then
  step "no $postgres_image from a registry: building a stand-in from Debian's PostgreSQL"
  postgres_image=segl-e2e/postgres:15
  ctx=$(mktemp -d)
  cat >"$ctx/entrypoint.sh" <<'ENTRY'
#!/bin/sh
set -e
PGDATA=/var/lib/postgresql/data; BIN=$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s' "$POSTGRES_PASSWORD" > /tmp/pw
  "$BIN/initdb" -D "$PGDATA" -U "$POSTGRES_USER" --pwfile=/tmp/pw -A scram-sha-256 >/dev/null; rm /tmp/pw
  echo "listen_addresses='*'" >> "$PGDATA/postgresql.conf"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  "$BIN/pg_ctl" -D "$PGDATA" -o "-c listen_addresses='' -k /tmp" -w start >/dev/null
  PGPASSWORD="$POSTGRES_PASSWORD" psql -q -h /tmp -U "$POSTGRES_USER" -d postgres -c "CREATE DATABASE \"$POSTGRES_DB\""
  "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec "$BIN/postgres" -D "$PGDATA" -k /tmp
ENTRY
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends postgresql && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/postgresql/data && chown -R postgres:postgres /var/lib/postgresql
COPY --chmod=755 entrypoint.sh /usr/local/bin/entrypoint.sh
ENV PGHOST=/tmp
USER postgres
CMD ["/usr/local/bin/entrypoint.sh"]
DOCKERFILE
  DOCKER_BUILDKIT=1 $DOCKER build -q --network host -t "$postgres_image" "$ctx" >/dev/null
  rm -rf "$ctx"
fi

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
project=segl-e2e-$$
export COMPOSE_PROJECT_NAME=$project SEGL_IMAGE=segl:e2e SEGL_POSTGRES_IMAGE=$postgres_image
export SEGL_DB_PASSWORD=$(node -e "console.log(require('crypto').randomBytes(18).toString('hex'))")
export SEGL_KEK=$(node -e "console.log(require('crypto').randomBytes(32).toString('base64'))")
export SEGL_METRICS_TOKEN=$(node -e "console.log(require('crypto').randomBytes(24).toString('hex'))")
export SEGL_NODE1_PORT=$(free_port) SEGL_NODE2_PORT=$(free_port)
export SEGL_PUBLIC_URL=http://127.0.0.1:$SEGL_NODE1_PORT
node1=http://127.0.0.1:$SEGL_NODE1_PORT; node2=http://127.0.0.1:$SEGL_NODE2_PORT
work=$(mktemp -d)
cleanup() {
  if [ "${KEEP:-}" = 1 ]; then echo "left running: project $project, nodes $node1 and $node2" >&2; return; fi
  "${COMPOSE[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

step "starting PostgreSQL and two nodes"
started=$(date +%s%N)
"${COMPOSE[@]}" up -d --no-build >/dev/null 2>&1 || { "${COMPOSE[@]}" logs >&2; fail "compose up"; }
for url in "$node1" "$node2"; do
  for _ in $(seq 240); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.25; done
  curl -sf "$url/healthz" >/dev/null || { "${COMPOSE[@]}" logs >&2; fail "$url never became healthy"; }
done
echo "both nodes healthy $(( ($(date +%s%N) - started) / 1000000 )) ms after compose up" >&2

exec1() { "${COMPOSE[@]}" exec -T segl1 node bin/segl.js "$@"; }
step "an administrator and an API token (through node 1's CLI)"
exec1 admin create --email ops@example.org --name Ops >/dev/null
token=$(exec1 token create --email ops@example.org --name e2e | grep -o 'segl_[A-Za-z0-9_-]*' | head -n 1)
[ -n "$token" ] || fail "no token"
auth=(-H "Authorization: Bearer $token")

step "upload and send through node 1"
node -e '
const parts = ["%PDF-1.4\n"]; const offsets = [];
const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
  null, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"];
const text = "BT /F1 18 Tf 72 760 Td (Two-node agreement) Tj ET";
objects[3] = `<< /Length ${text.length} >>\nstream\n${text}\nendstream`;
let body = parts[0];
objects.forEach((o, i) => { offsets.push(Buffer.byteLength(body)); body += `${i + 1} 0 obj\n${o}\nendobj\n`; });
const xref = Buffer.byteLength(body);
body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
require("fs").writeFileSync(process.argv[1], body);' "$work/in.pdf"
doc=$(curl -sf "${auth[@]}" -F title=Two-node -F "file=@$work/in.pdf;type=application/pdf" "$node1/api/v1/documents")
id=$(node -e 'console.log(JSON.parse(process.argv[1]).id)' "$doc")
curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d '{"name":"Kari Nordmann","email":"kari@example.org","authMethod":"email-otp"}' "$node1/api/v1/documents/$id/signers" >/dev/null
sent=$(curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d '{}' "$node1/api/v1/documents/$id/send")
link=$(node -e 'console.log(JSON.parse(process.argv[1]).signers[0].signingUrl)' "$sent")
signing=$node1/api/v1/signing/${link##*/s/}

step "the signer proves the e-mail address and signs through node 1"
curl -sf -c "$work/jar" -b "$work/jar" -H 'Content-Type: application/json' -d '{}' "$signing/otp" >/dev/null
code=""
for _ in $(seq 120); do
  code=$("${COMPOSE[@]}" exec -T segl1 sh -c 'cat /data/outbox/*.eml 2>/dev/null' | tr -d '\r' | grep -E '^[[:space:]]*[0-9]{6}[[:space:]]*$' | tail -n 1 | tr -d '[:space:]' || true)
  [ -n "$code" ] && break; sleep 0.25
done
[ -n "$code" ] || fail "no code e-mail in the outbox"
curl -sf -c "$work/jar" -b "$work/jar" -H 'Content-Type: application/json' -d "{\"code\":\"$code\"}" "$signing/otp/verify" >/dev/null
curl -sf -c "$work/jar" -b "$work/jar" -H 'Content-Type: application/json' -d '{"consent":true}' "$signing/sign" >/dev/null

step "node 2 sees it sealed and verifies it"
status=""
for _ in $(seq 240); do
  status=$(curl -sf "${auth[@]}" "$node2/api/v1/documents/$id" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).status))')
  [ "$status" = completed ] && break; sleep 0.5
done
[ "$status" = completed ] || fail "the document is $status, not completed"
curl -sf "${auth[@]}" -o "$work/final.pdf" "$node2/api/v1/documents/$id/pdf"
report=$(curl -sf -F "file=@$work/final.pdf;type=application/pdf" "$node2/api/v1/verify/file")
verdict=$(node -e 'const r=JSON.parse(process.argv[1]);console.log(r.status+" "+r.level)' "$report")
echo "node 2 verifies the sealed PDF: $verdict" >&2
[ "$verdict" = "passed B-LTA" ] || fail "verification: $report"
"${COMPOSE[@]}" exec -T segl2 sh -c 'cat > /tmp/final.pdf && node bin/segl.js verify /tmp/final.pdf' <"$work/final.pdf" >/dev/null || fail "segl verify on node 2"

step "metrics on node 2, a backup on node 2"
metrics=$(curl -sf -H "Authorization: Bearer $SEGL_METRICS_TOKEN" "$node2/metrics")
grep -q '^segl_documents{status="completed"} 1$' <<<"$metrics" || fail "/metrics does not count the completed document"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$node2/metrics")" = 401 ] || fail "/metrics without a token must be 401"
"${COMPOSE[@]}" exec -T segl2 node bin/segl.js backup --out /backups/e2e.tar --json >"$work/backup.json" 2>/dev/null || fail "backup"
grep -q '"documents": 1' "$work/backup.json" || fail "backup summary: $(cat "$work/backup.json")"

step "graceful stop"
started=$(date +%s%N)
"${COMPOSE[@]}" stop -t 60 segl1 segl2 >/dev/null 2>&1
echo "both nodes stopped in $(( ($(date +%s%N) - started) / 1000000 )) ms" >&2
"${COMPOSE[@]}" logs segl1 2>/dev/null | grep -q 'segl: stopped' || fail "node 1 did not stop cleanly"
echo "PASSED: signed through node 1, sealed, verified through node 2" >&2
