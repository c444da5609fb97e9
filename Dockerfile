# One image for every Flowgate role: `start --role api|webhooks|worker|scheduler|all` and `worker`
# (see docs/deployment.md, "Running it with Docker Compose"). Build from the repository root:
#   docker build -t flowgate .

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 installs a prebuilt binary; where none fits, npm builds it from source with these.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# The server (tsc → dist/) and the designer (vite → dist/designer/), as `npm start` builds them.
# bin/flowgate.js runs dist/ with plain node, so TypeScript, tsx and vite are not needed at run time.
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    FLOWGATE_DATA=/data \
    HOST=0.0.0.0
WORKDIR /app
# The package root holds package.json and templates/ (the packaged templates are read at run time).
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/templates ./templates
# The data directory: the setup code, the mail outbox without SMTP, the master key file unless
# FLOWGATE_MASTER_KEY is set. Owned by the unprivileged `node` user (uid 1000) the image runs as.
RUN mkdir /data && chown node:node /data
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/flowgate.js"]
CMD ["start", "--no-demo"]
