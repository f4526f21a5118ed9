# apigw-local as a service container: serves on 0.0.0.0:4567, ready when GET /_apigw/health answers 200.
#   docker build -t apigw-local .
#   docker run -p 4567:4567 apigw-local
# State lives in /data/state.db (mount a volume there to keep it), or pass --db :memory:.

FROM node:20-slim AS build
# Toolchain for better-sqlite3's native addon when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci refuses a lock that lacks other platforms' optional binaries (the lock is made where the registry
# does not serve them); npm install then installs from the same lock.
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY lib ./lib
RUN npx tsc -p tsconfig.build.json \
 && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production \
    APIGW_LOCAL_DB=/data/state.db
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4567
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4567/_apigw/health').then(r => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/apigw-local", "serve", "--host", "0.0.0.0"]
