# Segl appliance image: one container, data on a volume at /data.
# Stage 1 compiles (sqlite3's native binding needs a compiler), builds and bundles; the runtime stage holds only
# what runs: Node, the esbuild bundle, the portal assets and fonts, and a node_modules of the SQLite binding, the
# PostgreSQL driver and two pdf.js files (scripts/image/collect-runtime-modules.mjs). No compiler, no npm cache.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Dependencies first, in their own layer (reused while package-lock.json stays the same): installed without running
# the project's prepare script, then the packages with native or binary install steps are built.
# A build behind a TLS-intercepting proxy can pass its CA as a BuildKit secret; it never ends up in the image.
RUN --mount=type=secret,id=ca,required=false \
    if [ -f /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca npm_config_cafile=/run/secrets/ca; fi; \
    npm ci --ignore-scripts --no-audit --no-fund && npm_config_nodedir=/usr/local npm rebuild sqlite3 esbuild pkcs11js
COPY tsconfig.json tsconfig.build.json ./
COPY server server
COPY scripts scripts
COPY portal portal
COPY bin bin
RUN npm run build
RUN mkdir -p /out/dist/server/pdf \
 && cp -r bin package.json /out/ \
 && cp -r dist/bundle dist/portal /out/dist/ \
 && cp -r dist/server/pdf/fonts /out/dist/server/pdf/ \
 && find /out/dist/server -name '*.js' -delete \
 && node scripts/image/collect-runtime-modules.mjs /out \
 && cd /out && node bin/segl.js --help >/dev/null

FROM node:20-bookworm-slim
ENV NODE_ENV=production SEGL_DATA_DIR=/data PORT=3000
WORKDIR /app
COPY --from=build /out ./
RUN mkdir -p /data /backups && chown node:node /data /backups
USER node
VOLUME ["/data"]
EXPOSE 3000
# docker stop sends SIGTERM: requests and a seal in progress finish (give it stop_grace_period / --time 60)
STOPSIGNAL SIGTERM
# /readyz, not /healthz: a TSA outage or low disk needs the operator (healthz says so), not a restart of the container
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s CMD node -e "const h=process.env.SEGL_HOST;const a=!h||h==='0.0.0.0'||h==='::'?'127.0.0.1':h.includes(':')?'['+h+']':h;fetch('http://'+a+':'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "bin/segl.js", "serve"]
