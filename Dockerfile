# syntax=docker/dockerfile:1
# Rotor's image: Next.js standalone output on Node 20, run as a user without privileges.
# Build: docker build -t rotor .   Run: see deploy/compose.yaml and the README's "Several instances".

# Dependencies, with the tools better-sqlite3 compiles with.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# The production build, traced into .next/standalone (next.config.mjs).
FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1 ROTOR_STANDALONE=1
RUN npm run build

# What runs: the traced server, its static files and both engines' migrations (applied on start).
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 ROTOR_DATA_DIR=/data
RUN groupadd --system --gid 10001 rotor \
 && useradd --system --uid 10001 --gid rotor --home-dir /app --shell /usr/sbin/nologin rotor \
 && install -d -o rotor -g rotor -m 0700 /data
COPY --from=build --chown=rotor:rotor /app/.next/standalone ./
COPY --from=build --chown=rotor:rotor /app/.next/static ./.next/static
COPY --from=build --chown=rotor:rotor /app/db/migrations ./db/migrations
COPY --from=build --chown=rotor:rotor /app/db/migrations-pg ./db/migrations-pg
USER rotor
EXPOSE 3000
VOLUME ["/data"]
# /api/health answers 200 when the database and Entra ID answer, 503 otherwise (no sign-in needed).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
