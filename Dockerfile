# syntax=docker/dockerfile:1
# Build stage: install production dependencies (native addons hnswlib-node and better-sqlite3
# compile here, so the toolchain never reaches the runtime image).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY commands ./commands
COPY knowledge ./knowledge
COPY src ./src
# Bundle the TypeScript once here (bin/launch.js would otherwise do it on first start).
RUN node bin/build.js

# Runtime stage: the app and its node_modules, run as the unprivileged `node` user.
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production STUDYBOT_DATA_DIR=/data LOG_LEVEL=info
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# Same start command as `npm start`: the console on the offline defaults, or Discord/Slack when
# their tokens are set. Use `docker run -it` for the console.
CMD ["node", "bin/start.js"]
