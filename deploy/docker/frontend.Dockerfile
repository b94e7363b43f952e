# syntax=docker/dockerfile:1
# Tessera frontend image. Build from the repository root:
#   docker build -f deploy/docker/frontend.Dockerfile -t tessera-frontend .
# Runs `tessera frontend` as the unprivileged `node` user on port 3000;
# set TESSERA_API_URL to the backend (or the load balancer in front of them).

# --- build: all packages (Vite, which builds the browser bundle, is a dev dependency).
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY packages/storage/package.json packages/storage/
COPY packages/api/package.json packages/api/
COPY packages/cli/package.json packages/cli/
COPY packages/frontend/package.json packages/frontend/
RUN npm ci --no-audit --no-fund
COPY packages packages
# The same build the server would make at its first start (stamped with the sources).
RUN node --import tsx --input-type=module -e "await (await import('./packages/frontend/src/server/build.ts')).ensureBuilt(console.log)"

# --- production dependencies (the tessera command loads every workspace's
# command module, so the backend packages come along; they stay unused).
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/core/package.json packages/core/
COPY packages/storage/package.json packages/storage/
COPY packages/api/package.json packages/api/
COPY packages/cli/package.json packages/cli/
COPY packages/frontend/package.json packages/frontend/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-slim
ENV NODE_ENV=production \
    TESSERA_FRONTEND_HOST=0.0.0.0 \
    TESSERA_FRONTEND_PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY packages packages
COPY --from=build /app/packages/frontend/build packages/frontend/build
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.TESSERA_FRONTEND_PORT||3000)+'/ok').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# --max-semi-space-size: fewer garbage collections while rendering (packages/cli/src/node-flags.ts).
ENTRYPOINT ["node", "--max-semi-space-size=32", "packages/cli/bin/tessera.js"]
CMD ["frontend"]
