# syntax=docker/dockerfile:1
# Build stage: devDependencies (TypeScript) to compile src/ to lib/.
FROM node:22-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies only, the built app, no compiler.
FROM node:22-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production LOG_FORMAT=json PORT=3000 HOST=0.0.0.0
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && mkdir -p /app/data && chown node:node /app/data
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3 && npm cache clean --force \
  && apt-get purge -y python3 make g++ && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/lib ./lib
COPY bin ./bin
COPY app.yml ./
COPY schema ./schema
COPY src/sim/spec ./src/sim/spec
COPY examples ./examples
# The dashboard's own script and style (served from disk, no build step).
COPY assets ./assets
USER node
EXPOSE 3000
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "bin/agent-guardrails.js", "start"]
