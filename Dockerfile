# Segl appliance image: one container, data on a volume at /data.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts/build.mjs scripts/build.mjs
COPY tsconfig.json tsconfig.build.json ./
COPY server server
COPY scripts scripts
COPY portal portal
COPY bin bin
# A build behind a TLS-intercepting proxy can pass its CA as a BuildKit secret; it never ends up in the image.
RUN --mount=type=secret,id=ca,required=false \
    if [ -f /run/secrets/ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca npm_config_cafile=/run/secrets/ca; fi; \
    npm_config_nodedir=/usr/local npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production SEGL_DATA_DIR=/data PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/bin bin
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# /readyz, not /healthz: a TSA outage or low disk needs the operator (healthz says so), not a restart of the container
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s CMD node -e "const h=process.env.SEGL_HOST;const a=!h||h==='0.0.0.0'||h==='::'?'127.0.0.1':h.includes(':')?'['+h+']':h;fetch('http://'+a+':'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "bin/segl.js", "serve"]
