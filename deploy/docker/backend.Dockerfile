# syntax=docker/dockerfile:1
# Tessera backend image. Build from the repository root:
#   docker build -f deploy/docker/backend.Dockerfile -t tessera-backend .
# Runs `tessera serve` as the unprivileged `node` user on port 8080; data in
# /data (a volume; unused with TESSERA_DB=postgres://… and a shared blob dir).

# --- dependencies: production packages of the backend workspaces only.
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY packages/storage/package.json packages/storage/
COPY packages/api/package.json packages/api/
COPY packages/cli/package.json packages/cli/
COPY packages/frontend/package.json packages/frontend/
RUN npm ci --omit=dev --no-audit --no-fund \
      --include-workspace-root -w packages/core -w packages/storage -w packages/api -w packages/cli \
 && npm cache clean --force

# --- runtime: sources run through tsx (no build step), nothing else.
FROM node:20-slim
ENV NODE_ENV=production \
    TESSERA_HOST=0.0.0.0 \
    TESSERA_PORT=8080 \
    TESSERA_DATA=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY packages/core packages/core
COPY packages/storage packages/storage
COPY packages/api packages/api
COPY packages/cli packages/cli
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Liveness: /ok never touches the database (readiness is /ready, for load balancers).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.TESSERA_PORT||8080)+'/ok').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains (docs/operations.md); give `docker stop -t` more than TESSERA_DRAIN_TIMEOUT.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "packages/cli/bin/tessera.js"]
CMD ["serve"]
